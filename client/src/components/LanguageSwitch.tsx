import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      value={currentLanguage()}
      onChange={(value) => void i18n.changeLanguage(value as Language)}
      data={LANGUAGES.map((lng) => ({ value: lng, label: t(`lang.${lng}`) }))}
    />
  );
}
