import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language } from '../i18n/index.ts';

/**
 * Two toggle buttons rather than Mantine's SegmentedControl: this header is on the candidate's
 * exam page, and SegmentedControl with its sliding indicator was 2.5 kB gzipped of that page's
 * budget (client/bundle-size.ts); Button is there anyway. Each name is marked with its own
 * language so a screen reader says "English" in English on a Chinese page; the group (role=group)
 * carries the label.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = currentLanguage();
  return (
    <Button.Group aria-label={t('lang.label')} data-testid="lang-switch">
      {LANGUAGES.map((lng) => (
        <Button key={lng} size="compact-sm" variant={lng === current ? 'filled' : 'default'} aria-pressed={lng === current} lang={lng} onClick={() => void i18n.changeLanguage(lng satisfies Language)}>
          {t(`lang.${lng}`)}
        </Button>
      ))}
    </Button.Group>
  );
}
