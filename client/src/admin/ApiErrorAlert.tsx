import { List, ScrollArea, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

interface Props {
  error: unknown;
  testId?: string;
}

/**
 * The error with the server's own message and its issues: for the administrator a 400 must say
 * which file, field or section is wrong, not only "invalid request".
 */
export function ApiErrorAlert({ error, testId }: Props) {
  const { t } = useTranslation();
  const apiError = error instanceof ApiError ? error : null;
  const issues = apiError?.issues ?? [];
  const detail = apiError?.message;
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
              <List.Item key={index}>{issue.path ? t('app.labelValue', { label: issue.path, value: issue.message }) : issue.message}</List.Item>
            ))}
          </List>
        </ScrollArea.Autosize>
      )}
    </ErrorAlert>
  );
}
