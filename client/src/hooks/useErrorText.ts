import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageParams } from '@shared/errors.ts';
import { ApiError, type ApiIssue, type ClientErrorCode } from '../api/http.ts';

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

/** One field-level problem of a 400, worded from its key; its field named when the table knows it. */
export function useIssueText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (issue: ApiIssue): string => {
      const text = issue.key && i18n.exists(`errors.issue.${issue.key}`) ? (t(`errors.issue.${issue.key}` as never, issue.params ?? {}) as string) : issue.key && i18n.exists(`errors.detail.${issue.key}`) ? (t(`errors.detail.${issue.key}` as never, issue.params ?? {}) as string) : issue.message;
      // The path is the request's (sittings.0.startsAt): its last named field, worded, or no label at all.
      const field = issue.path.split('.').filter((segment) => !/^\d+$/.test(segment)).at(-1);
      if (field && i18n.exists(`errors.field.${field}`)) return t('app.labelValue', { label: t(`errors.field.${field}` as never), value: text });
      // An issue without a key is worded by its feature on the server (a bank file's problems, by item id) until
      // that feature sends keys: shown as it came, so the office still learns which item is wrong.
      return issue.key || !issue.path ? text : t('app.labelValue', { label: issue.path, value: text });
    },
    [t, i18n],
  );
}
