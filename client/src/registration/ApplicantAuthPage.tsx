import { useState, type FormEvent } from 'react';
import { Button, Container, Paper, PasswordInput, Stack, Tabs, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { loginApplicant, registerApplicant } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { homePathFor } from '../hooks/homePath.ts';
import { useMe } from '../hooks/useMe.ts';
import { useLoginSuccess } from '../login/useLoginSuccess.ts';

/** Registration accounts (报名账号): separate from the exam-day ticket login on purpose. */
export default function ApplicantAuthPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.data) return <Navigate to={homePathFor(me.data.role)} replace />;
  return (
    <Container size={460} py="xl">
      <Paper withBorder p="lg" radius="md">
        <Title order={2} size="h3" mb="md">
          {t('registration.authTitle')}
        </Title>
        <Tabs defaultValue="login" keepMounted={false}>
          <Tabs.List grow mb="md">
            <Tabs.Tab value="login" data-testid="applicant-tab-login">
              {t('registration.loginTab')}
            </Tabs.Tab>
            <Tabs.Tab value="register" data-testid="applicant-tab-register">
              {t('registration.registerTab')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="login">
            <ApplicantForm mode="login" />
          </Tabs.Panel>
          <Tabs.Panel value="register">
            <ApplicantForm mode="register" />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </Container>
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
