import { useState } from 'react';
import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { staffRoles } from '@shared/domain.ts';
import { NEW_PASSWORD_MIN } from '@shared/password.ts';
import { staffCreateBodySchema, staffUpdateBodySchema, type StaffAccount, type StaffRole } from '@shared/staff.ts';
import { createStaff, updateStaff } from '../../api/staff.ts';
import { PasswordField } from './PasswordField.tsx';
import { StaffErrorAlert } from './StaffErrorAlert.tsx';
import { useStaffMutation } from './useStaffMutation.ts';

type Props = { account: StaffAccount | null; isSelf: boolean; onClose: () => void };

/** Opened with no account it creates one; with an account it edits the name and role. */
export function StaffFormDialog({ account, isSelf, onClose }: Props) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState(account?.displayName ?? '');
  const [role, setRole] = useState<StaffRole>(account?.role ?? 'proctor');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const save = useStaffMutation(() => (account ? updateStaff(account.id, { displayName, role }) : createStaff({ login, displayName, role, password })), onClose);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    // The server's own schema, so the form and the API never disagree on the rules.
    const parsed = account ? staffUpdateBodySchema.safeParse({ displayName, role }) : staffCreateBodySchema.safeParse({ login, displayName, role, password });
    // Each field's rule in the UI language rather than zod's English message.
    const ruleOf = (field: string) => (field === 'login' ? t('staffAccounts.loginHint') : field === 'password' ? t('staffAccounts.passwordHint', { min: NEW_PASSWORD_MIN }) : t('staffAccounts.nameHint'));
    setIssues(parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ''), ruleOf(String(i.path[0] ?? ''))])));
    if (parsed.success) save.mutate(undefined);
  }

  return (
    <Modal opened onClose={onClose} title={account ? t('staffAccounts.editTitle', { login: account.login }) : t('staffAccounts.createTitle')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {!account && (
            <TextInput label={t('staffAccounts.login')} description={issues.login ? undefined : t('staffAccounts.loginHint')} value={login} onChange={(e) => setLogin(e.currentTarget.value)} error={issues.login} required data-testid="staff-form-login" />
          )}
          <TextInput label={t('staffAccounts.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={issues.displayName} required maxLength={40} data-testid="staff-form-name" />
          <NativeSelect
            label={t('staffAccounts.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
            data={staffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            disabled={isSelf}
            description={isSelf ? t('staffAccounts.selfLocked') : account && role !== account.role ? t('staffAccounts.roleChangeWarning') : undefined}
            data-testid="staff-form-role"
          />
          {!account && <PasswordField label={t('staffAccounts.password')} value={password} onChange={setPassword} error={issues.password} testId="staff-form-password" />}
          {save.isError && <StaffErrorAlert error={save.error} conflict={account ? 'lockout' : 'loginTaken'} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="staff-form-submit">
              {account ? t('staffAccounts.save') : t('staffAccounts.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
