import i18n from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'kc.lang';

function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'zh-CN';
  } catch {
    // Private modes and locked-down lab profiles may forbid storage; the default still works.
    return 'zh-CN';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh-CN';
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* see storedLanguage */
  }
});

// Each language is its own chunk, fetched when chosen: a candidate's page carries only Chinese.
const loadLanguage = resourcesToBackend((language: string) => (language === 'en' ? import('./en.ts').then((m) => m.en) : import('./zh-CN.ts').then((m) => m.zhCN)));

/** Resolves once the chosen language's strings are loaded; main.tsx renders after it. */
export const i18nReady = i18n.use(loadLanguage).use(initReactI18next).init({
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  // React already escapes text; double escaping would show &amp; in stems.
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
