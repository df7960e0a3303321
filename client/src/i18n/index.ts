import i18n from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { mergeStrings, type StringTable } from './parts.ts';

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

// Each language is fetched when chosen, in two parts (see parts.ts): a candidate's page carries
// only the Chinese strings of candidate pages; staff and applicant pages add the office part.
const PARTS: Record<'candidate' | 'office', Record<Language, () => Promise<{ default: StringTable }>>> = {
  candidate: { 'zh-CN': () => import('virtual:strings/zh-CN.candidate'), en: () => import('virtual:strings/en.candidate') },
  office: { 'zh-CN': () => import('virtual:strings/zh-CN.office'), en: () => import('virtual:strings/en.office') },
};
const loadPart = (part: 'candidate' | 'office', language: string) => PARTS[part][isLanguage(language) ? language : 'zh-CN']().then((m) => m.default);
let officeWanted = false;

const loadLanguage = resourcesToBackend(async (language: string) => {
  const candidate = await loadPart('candidate', language);
  // Read after the wait: a page that asked for the office strings meanwhile gets them too.
  return officeWanted ? mergeStrings(candidate, await loadPart('office', language)) : candidate;
});

/**
 * Staff and applicant pages load with this (router.tsx): the office strings of every language
 * loaded so far; languages loaded later come with theirs.
 */
export async function loadOfficeStrings(): Promise<void> {
  officeWanted = true;
  const loaded = LANGUAGES.filter((language) => i18n.hasResourceBundle(language, 'translation'));
  const parts = await Promise.all(loaded.map((language) => loadPart('office', language)));
  loaded.forEach((language, i) => i18n.addResourceBundle(language, 'translation', parts[i], true, true));
}

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
