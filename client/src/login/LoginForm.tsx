import { useState, type FormEvent } from 'react';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '@shared/api.ts';
import { loginCandidate, loginStaff } from '../api/auth.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useLoginSuccess } from './useLoginSuccess.ts';

/** Candidates log in with their admission ticket, staff with a username; the form is the same. */
const kinds = {
  candidate: { label: 'login.ticketNo', testId: 'login-ticket', submit: (login: string, password: string) => loginCandidate({ ticketNo: login, password }) },
  staff: { label: 'login.username', testId: 'login-username', submit: (login: string, password: string) => loginStaff({ username: login, password }) },
} as const;

export function LoginForm({ kind }: { kind: keyof typeof kinds }) {
  const { t } = useTranslation();
  const { label, testId, submit } = kinds[kind];
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const onSuccess = useLoginSuccess();
  const mutation = useMutation({ mutationFn: (v: { login: string; password: string }): Promise<Me> => submit(v.login, v.password), onSuccess });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!login.trim() || !password) return;
    mutation.mutate({ login: login.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput
          label={t(label)}
          autoComplete="username"
          autoFocus
          required
          value={login}
          onChange={(e) => setLogin(e.currentTarget.value)}
          error={touched && !login.trim() ? t('login.required') : undefined}
          data-testid={testId}
        />
        <PasswordInput
          label={t('login.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={touched && !password ? t('login.required') : undefined}
          data-testid="login-password"
        />
        {mutation.isError && <ErrorAlert error={mutation.error} testId="login-error" />}
        <Button type="submit" loading={mutation.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
