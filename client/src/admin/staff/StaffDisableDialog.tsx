import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StaffAccount } from '@shared/staff.ts';
import { setStaffStatus } from '../../api/staff.ts';
import { StaffErrorAlert } from './StaffErrorAlert.tsx';
import { useStaffMutation } from './useStaffMutation.ts';

/** Disabling throws the person out of every open page, so it is confirmed; enabling is not. */
export function StaffDisableDialog({ account, onClose }: { account: StaffAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const disable = useStaffMutation(() => setStaffStatus(account.id, 'disabled'), onClose);
  return (
    <Modal opened onClose={onClose} title={t('staffAccounts.disableTitle', { login: account.login })} centered>
      <Stack>
        <Text size="sm">{t('staffAccounts.disableBody', { name: account.displayName })}</Text>
        {disable.isError && <StaffErrorAlert error={disable.error} conflict="lockout" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button color="red" loading={disable.isPending} onClick={() => disable.mutate(undefined)} data-testid="staff-disable-confirm">
            {t('staffAccounts.disable')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
