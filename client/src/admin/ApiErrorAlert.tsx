import { List, ScrollArea, Text } from '@mantine/core';
import { ApiError } from '../api/http.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useIssueText } from '../hooks/useErrorText.ts';

interface Props {
  error: unknown;
  testId?: string;
}

/**
 * The error with the server's own message and its issues: for the administrator a 400 must say
 * which file, field or section is wrong, not only "invalid request".
 */
export function ApiErrorAlert({ error, testId }: Props) {
  const issueText = useIssueText();
  const apiError = error instanceof ApiError ? error : null;
  const issues = apiError?.issues ?? [];
  // Until every server error carries a key, one without shows the server's own words.
  const detail = apiError && !apiError.key ? apiError.message : undefined;
  return (
    <ErrorAlert error={error} testId={testId}>
      {detail && (
        <Text size="sm" mt={4}>
          {detail}
        </Text>
      )}
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
