import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';

/** A 409 here is a taken login (creating) or a lockout guard (changing): say which in the UI language. */
export function StaffErrorAlert({ error, conflict }: { error: unknown; conflict: 'loginTaken' | 'lockout' }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'CONFLICT') {
    return <ApiErrorAlert error={new ApiError(409, 'CONFLICT', t(`staffAccounts.${conflict}`), error.requestId)} testId="staff-error" />;
  }
  return <ApiErrorAlert error={error} testId="staff-error" />;
}
