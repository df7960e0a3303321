import { List, ScrollArea } from '@mantine/core';
import { ApiError } from '../api/http.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useIssueText } from '../hooks/useIssueText.ts';

interface Props {
  error: unknown;
  testId?: string;
}

/**
 * The error in the UI's words with its issues: for the administrator a 400 must say which file,
 * field or section is wrong, not only "invalid request". The server's English stays in its logs.
 */
export function ApiErrorAlert({ error, testId }: Props) {
  const issueText = useIssueText();
  const apiError = error instanceof ApiError ? error : null;
  const issues = apiError?.issues ?? [];
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
