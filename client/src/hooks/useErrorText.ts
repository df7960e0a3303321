import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageParams } from '@shared/errors.ts';
import { ApiError, type ClientErrorCode } from '../api/http.ts';

/** An API error or a socket ack's error: both carry a code and may carry a key with its values. */
type CodedError = { code: ClientErrorCode; message: string; key?: string; params?: MessageParams };

function codedOf(error: unknown): CodedError | null {
  if (error instanceof ApiError) return error;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) return error as CodedError;
  return null;
}

/**
 * Words an error in the UI's language: the server's key when the table has it, else its code's
 * general text. The server's English message is never shown (it stays in the logs).
 */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown): string => {
      const coded = codedOf(error);
      if (coded?.key && i18n.exists(`errors.detail.${coded.key}`)) return t(`errors.detail.${coded.key}` as never, coded.params ?? {}) as string;
      if (coded && i18n.exists(`errors.${coded.code}`)) return t(`errors.${coded.code}`);
      return t('errors.INTERNAL');
    },
    [t, i18n],
  );
}
