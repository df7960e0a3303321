import { useState } from 'react';
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { staffRoles } from '@shared/domain.ts';
import type { StaffAccount, StaffRole } from '@shared/staff.ts';
import { fetchStaff, setStaffStatus, staffQueryKey } from '../../api/staff.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { useFormatDateTime } from '../../hooks/useFormatDateTime.ts';
import { useMe } from '../../hooks/useMe.ts';
import { StaffDisableDialog } from './StaffDisableDialog.tsx';
import { StaffErrorAlert } from './StaffErrorAlert.tsx';
import { StaffFormDialog } from './StaffFormDialog.tsx';
import { StaffPasswordDialog } from './StaffPasswordDialog.tsx';
import { useStaffMutation } from './useStaffMutation.ts';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'password' | 'disable'; account: StaffAccount } | null;

/** Staff accounts (工作人员): create, edit name and role, disable or enable, reset the password. */
export default function StaffAccountsPage() {
  const { t } = useTranslation();
  const [role, setRole] = useState<StaffRole | ''>('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const staff = useQuery({ queryKey: staffQueryKey(role || undefined), queryFn: () => fetchStaff(role || undefined) });
  const myId = useMe().data?.userId;
  const enable = useStaffMutation((id: number) => setStaffStatus(id, 'active'));
  const close = () => setDialog(null);

  return (
    <Stack>
      <Title order={2}>{t('staffAccounts.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('staffAccounts.intro')}
      </Text>
      <Group align="flex-end" justify="space-between">
        <NativeSelect
          label={t('staffAccounts.roleFilter')}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as StaffRole | '')}
          data={[{ value: '', label: t('staffAccounts.allRoles') }, ...staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
          data-testid="staff-role-filter"
        />
        <Button onClick={() => setDialog({ kind: 'create' })} data-testid="staff-create">
          {t('staffAccounts.create')}
        </Button>
      </Group>
      {enable.isError && <StaffErrorAlert error={enable.error} conflict="lockout" />}
      {staff.isPending ? (
        <PageLoader />
      ) : staff.isError ? (
        <ErrorAlert error={staff.error} />
      ) : staff.data.length === 0 ? (
        <Text c="dimmed">{t('staffAccounts.empty')}</Text>
      ) : (
        <StaffTable rows={staff.data} myId={myId} onAction={setDialog} onEnable={(id) => enable.mutate(id)} />
      )}
      {dialog?.kind === 'create' && <StaffFormDialog account={null} isSelf={false} onClose={close} />}
      {dialog?.kind === 'edit' && <StaffFormDialog account={dialog.account} isSelf={dialog.account.id === myId} onClose={close} />}
      {dialog?.kind === 'password' && <StaffPasswordDialog account={dialog.account} isSelf={dialog.account.id === myId} onClose={close} />}
      {dialog?.kind === 'disable' && <StaffDisableDialog account={dialog.account} onClose={close} />}
    </Stack>
  );
}

type TableProps = { rows: StaffAccount[]; myId: number | undefined; onAction: (d: Dialog) => void; onEnable: (id: number) => void };

function StaffTable({ rows, myId, onAction, onEnable }: TableProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table striped data-testid="staff-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('staffAccounts.login')}</Table.Th>
          <Table.Th>{t('staffAccounts.displayName')}</Table.Th>
          <Table.Th>{t('staffAccounts.role')}</Table.Th>
          <Table.Th>{t('staffAccounts.status')}</Table.Th>
          <Table.Th>{t('staffAccounts.createdAt')}</Table.Th>
          <Table.Th>{t('staffAccounts.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a) => {
          const self = a.id === myId;
          return (
            <Table.Tr key={a.id} data-testid={`staff-row-${a.login}`}>
              <Table.Td>
                {a.login}
                {self && t('staffAccounts.you')}
              </Table.Td>
              <Table.Td>{a.displayName}</Table.Td>
              <Table.Td>{t(`roles.${a.role}`)}</Table.Td>
              <Table.Td>
                {a.disabledAt === null ? (
                  <Badge color="green" variant="light" data-testid="staff-status">
                    {t('staffAccounts.active')}
                  </Badge>
                ) : (
                  <Badge color="gray" variant="light" title={t('staffAccounts.disabledSince', { at: formatDateTime(a.disabledAt) })} data-testid="staff-status">
                    {t('staffAccounts.disabled')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button size="compact-sm" variant="subtle" onClick={() => onAction({ kind: 'edit', account: a })} data-testid="staff-edit">
                    {t('staffAccounts.edit')}
                  </Button>
                  <Button size="compact-sm" variant="subtle" onClick={() => onAction({ kind: 'password', account: a })} data-testid="staff-reset">
                    {t('staffAccounts.resetPassword')}
                  </Button>
                  {a.disabledAt === null ? (
                    <Button size="compact-sm" variant="subtle" color="red" disabled={self} title={self ? t('staffAccounts.selfLocked') : undefined} onClick={() => onAction({ kind: 'disable', account: a })} data-testid="staff-disable">
                      {t('staffAccounts.disable')}
                    </Button>
                  ) : (
                    <Button size="compact-sm" variant="subtle" color="green" onClick={() => onEnable(a.id)} data-testid="staff-enable">
                      {t('staffAccounts.enable')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
