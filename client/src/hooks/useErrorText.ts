import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ClientErrorCode } from '../api/http.ts';

type CodedError = { code: ClientErrorCode; message: string };

/** Translates an error by its stable code, falling back to the server's own message. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown): string => {
      const coded: CodedError | null =
        error instanceof ApiError
          ? error
          : typeof error === 'object' && error !== null && 'code' in error && 'message' in error
            ? (error as CodedError)
            : null;
      if (coded && i18n.exists(`errors.${coded.code}`)) return t(`errors.${coded.code}`);
      if (coded) return coded.message;
      return error instanceof Error ? error.message : String(error);
    },
    [t, i18n],
  );
}
