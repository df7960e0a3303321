import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReportEntryDto } from '@shared/banks-api.ts';

type Message = ImportReportEntryDto['messages'][number];

/**
 * A report line in the UI language: keyed lines through importMessages.<key> with their params;
 * a key this client does not know shows as the key and its values rather than nothing. Lines
 * importers still write in English come as `{ key: 'text', params: { text } }` and show as sent.
 */
export function useImportMessageText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (message: Message): string => {
      if (message.key === 'text') return String(message.params?.text ?? '');
      const key = `importMessages.${message.key}`;
      const params = message.params ?? {};
      if (!i18n.exists(key)) return [message.key, ...Object.values(params)].join(' ');
      return t(key as never, params) as string;
    },
    [t, i18n],
  );
}
