import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../api/http.ts';

// Apart from useErrorText: only office and applicant pages list a 400's issues, and the field names (errors.field) are office strings.
/** What is wrong with one field of a 400, worded from its key, without the field's name (a form shows it at the field). */
export function useIssueMessage() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (issue: ApiIssue): string =>
      issue.key && i18n.exists(`errors.issue.${issue.key}`) ? (t(`errors.issue.${issue.key}` as never, issue.params ?? {}) as string) : issue.key && i18n.exists(`errors.detail.${issue.key}`) ? (t(`errors.detail.${issue.key}` as never, issue.params ?? {}) as string) : issue.message,
    [t, i18n],
  );
}

/** One field-level problem of a 400, worded from its key; its field named when the table knows it. */
export function useIssueText() {
  const { t, i18n } = useTranslation();
  const message = useIssueMessage();
  return useCallback(
    (issue: ApiIssue): string => {
      const text = message(issue);
      // The path is the request's (sittings.0.startsAt): its last named field, worded, or no label at all.
      const field = issue.path.split('.').filter((segment) => !/^\d+$/.test(segment)).at(-1);
      if (field && i18n.exists(`errors.field.${field}`)) return t('app.labelValue', { label: t(`errors.field.${field}` as never), value: text });
      // An issue without a key is worded by its feature on the server (a bank file's problems, by item id) until
      // that feature sends keys: shown as it came, so the office still learns which item is wrong.
      return issue.key || !issue.path ? text : t('app.labelValue', { label: issue.path, value: text });
    },
    [t, i18n, message],
  );
}
