import { useState } from 'react';
import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NEW_PASSWORD_MIN } from '@shared/password.ts';
import type { StaffAccount } from '@shared/staff.ts';
import { meQueryKey } from '../../api/auth.ts';
import { resetStaffPassword } from '../../api/staff.ts';
import { PasswordField } from './PasswordField.tsx';
import { StaffErrorAlert } from './StaffErrorAlert.tsx';
import { useStaffMutation } from './useStaffMutation.ts';

/** The admin types or generates the new password; it is shown once more from memory after saving. */
export function StaffPasswordDialog({ account, isSelf, onClose }: { account: StaffAccount; isSelf: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const reset = useStaffMutation((pw: string) => resetStaffPassword(account.id, pw));
  const name = account.displayName;
  // A reset ends every login of the account: resetting one's own sends the admin back to the login page.
  const done = () => {
    onClose();
    if (isSelf && reset.isSuccess) void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };
  return (
    <Modal opened onClose={done} title={t('staffAccounts.resetTitle', { login: account.login })} centered size="lg">
      {reset.isSuccess ? (
        <Stack>
          <Text>{t('staffAccounts.resetDone', { name })}</Text>
          <Code block data-testid="staff-reset-done">
            {reset.variables}
          </Code>
          <Group justify="flex-end">
            <Button onClick={done}>{t('staffAccounts.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">{t('staffAccounts.resetBody', { name })}</Text>
          <PasswordField label={t('staffAccounts.newPassword')} value={password} onChange={setPassword} testId="staff-reset-password" />
          {reset.isError && <StaffErrorAlert error={reset.error} conflict="lockout" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button color="orange" disabled={password.length < NEW_PASSWORD_MIN} loading={reset.isPending} onClick={() => reset.mutate(password)} data-testid="staff-reset-submit">
              {t('staffAccounts.resetPassword')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
