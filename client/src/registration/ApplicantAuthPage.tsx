import { useState, type FormEvent } from 'react';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { loginApplicant, registerApplicant } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { AuthCard } from '../login/AuthCard.tsx';
import { useLoginSuccess } from '../login/useLoginSuccess.ts';

/** Registration accounts (报名账号): separate from the exam-day ticket login on purpose. */
export default function ApplicantAuthPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('registration.authTitle')}
      width={460}
      tabs={[
        { value: 'login', label: t('registration.loginTab'), testId: 'applicant-tab-login', content: <ApplicantForm mode="login" /> },
        { value: 'register', label: t('registration.registerTab'), testId: 'applicant-tab-register', content: <ApplicantForm mode="register" /> },
      ]}
    />
  );
}

function ApplicantForm({ mode }: { mode: 'login' | 'register' }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const onSuccess = useLoginSuccess();
  const mutation = useMutation({
    mutationFn: () => (mode === 'login' ? loginApplicant({ username: username.trim(), password }) : registerApplicant({ username: username.trim(), password, displayName: displayName.trim() })),
    onSuccess,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={onSubmit}>
      <Stack>
        <TextInput label={t('registration.username')} autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} data-testid="applicant-username" />
        {mode === 'register' && <TextInput label={t('registration.displayName')} required value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} data-testid="applicant-display-name" />}
        <PasswordInput
          label={t('registration.password')}
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'register' ? 8 : undefined}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-testid="applicant-password"
        />
        {mutation.isError && <ErrorAlert error={mutation.error} testId="applicant-auth-error" />}
        <Button type="submit" loading={mutation.isPending} data-testid="applicant-submit">
          {t(mode === 'login' ? 'registration.submitLogin' : 'registration.submitRegister')}
        </Button>
      </Stack>
    </form>
  );
}
