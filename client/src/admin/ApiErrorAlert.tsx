import { List, ScrollArea } from '@mantine/core';
import { ApiError } from '../api/http.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useIssueText } from '../hooks/useIssueText.ts';

interface Props {
  error: unknown;
  testId?: string;
  /** Issues a form already shows at their fields (useFieldErrors): not listed a second time here. */
  placed?: (path: string) => boolean;
}

/**
 * The error in the UI's words with its issues: for the administrator a 400 must say which file,
 * field or section is wrong, not only "invalid request". The server's English stays in its logs.
 */
export function ApiErrorAlert({ error, testId, placed }: Props) {
  const issueText = useIssueText();
  const apiError = error instanceof ApiError ? error : null;
  const issues = (apiError?.issues ?? []).filter((issue) => !placed?.(issue.path));
  return (
    <ErrorAlert error={error} testId={testId}>
      {issues.length > 0 && (
        <ScrollArea.Autosize mah={240} mt="xs">
          <List size="sm" spacing={2} data-testid={testId ? `${testId}-issues` : undefined}>
            {issues.map((issue, index) => (
              <List.Item key={index}>{issueText(issue)}</List.Item>
            ))}
          </List>
        </ScrollArea.Autosize>
      )}
    </ErrorAlert>
  );
}
