import { ApiError } from '../api/http.ts';
import { useIssueMessage } from './useIssueText.ts';

/**
 * A 400's issues at the fields they concern (Mantine's `error` prop: red, aria-invalid, described
 * by the message): `errorOf(path)` for one field of the request body (`form.certificates.0.date`),
 * the first problem of that field. Paths a form does not show stay in the alert (ApiErrorAlert's `placed`).
 */
export function useFieldErrors(error: unknown): (path: string) => string | undefined {
  const message = useIssueMessage();
  const issues = error instanceof ApiError ? (error.issues ?? []) : [];
  return (path) => {
    const issue = issues.find((i) => i.path === path);
    return issue ? message(issue) : undefined;
  };
}
