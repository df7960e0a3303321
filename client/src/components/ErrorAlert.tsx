import type { ReactNode } from 'react';
import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http.ts';
import { useErrorText } from '../hooks/useErrorText.ts';

/** `children` adds details under the translated text (the admin pages list a 400's issues there). */
export function ErrorAlert({ error, testId, children }: { error: unknown; testId?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert color="red" variant="light" role="alert" data-testid={testId}>
      <Text size="sm">{errorText(error)}</Text>
      {children}
      {requestId && (
        <Text size="xs" c="dimmed">
          {t('errors.requestId', { id: requestId })}
        </Text>
      )}
    </Alert>
  );
}
