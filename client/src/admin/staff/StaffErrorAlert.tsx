import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';

/** A 409 here is a taken login (creating) or a lockout guard (changing): say which in the UI language. */
export function StaffErrorAlert({ error, conflict }: { error: unknown; conflict: 'loginTaken' | 'lockout' }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'CONFLICT') {
    return (
      <Alert color="red" variant="light" role="alert" data-testid="staff-error">
        <Text size="sm">{t(`staffAccounts.${conflict}`)}</Text>
      </Alert>
    );
  }
  return <ApiErrorAlert error={error} testId="staff-error" />;
}
