import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportFormat } from '@shared/banks-api.ts';
import { IMPORT_FORMATS } from '../api/banks.ts';

function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** Banks record their source format as a plain string; names we know are translated. */
export function useImportFormatName() {
  const { t } = useTranslation();
  return useCallback((format: string) => (isImportFormat(format) ? t(`importFormats.${format}`) : format), [t]);
}
