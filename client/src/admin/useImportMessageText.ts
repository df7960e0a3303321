import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReportEntryDto } from '@shared/banks-api.ts';
import { withWordedReason } from './importMessageText.ts';

type Message = ImportReportEntryDto['messages'][number];

/**
 * A report line in the UI language: every line is a key under importMessages.<key> with its params
 * (tests/unit/banks/formats/report-keys.test.ts holds every importer to that). A key this client
 * does not know (a newer server than the page) shows as the key and its values rather than nothing.
 * A refusal named in a line (its `reason`) is worded too, where the line carries its key.
 */
export function useImportMessageText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (message: Message): string => {
      const key = `importMessages.${message.key}`;
      const params = message.params ?? {};
      if (!i18n.exists(key)) return [message.key, ...Object.values(params)].join(' ');
      const word = (k: string, values: typeof params) => (i18n.exists(k) ? (t(k as never, values) as string) : null);
      return t(key as never, withWordedReason(params, word)) as string;
    },
    [t, i18n],
  );
}
