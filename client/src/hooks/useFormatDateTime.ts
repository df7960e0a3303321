import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export function useFormatDateTime() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
    return (epochMs: number) => format.format(new Date(epochMs));
  }, [i18n.language]);
}
