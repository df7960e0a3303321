import { useState, type FormEvent } from 'react';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { loginStaff } from '../api/auth.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useLoginSuccess } from './useLoginSuccess.ts';

export function StaffLoginForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const onSuccess = useLoginSuccess();
  const login = useMutation({ mutationFn: loginStaff, onSuccess });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!username.trim() || !password) return;
    login.mutate({ username: username.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput
          label={t('login.username')}
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={touched && !username.trim() ? t('login.required') : undefined}
          data-testid="login-username"
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
        {login.isError && <ErrorAlert error={login.error} testId="login-error" />}
        <Button type="submit" loading={login.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
