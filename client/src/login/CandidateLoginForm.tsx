import { useState, type FormEvent } from 'react';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { loginCandidate } from '../api/auth.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useLoginSuccess } from './useLoginSuccess.ts';

export function CandidateLoginForm() {
  const { t } = useTranslation();
  const [ticketNo, setTicketNo] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const onSuccess = useLoginSuccess();
  const login = useMutation({ mutationFn: loginCandidate, onSuccess });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!ticketNo.trim() || !password) return;
    login.mutate({ ticketNo: ticketNo.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput
          label={t('login.ticketNo')}
          autoComplete="username"
          autoFocus
          required
          value={ticketNo}
          onChange={(e) => setTicketNo(e.currentTarget.value)}
          error={touched && !ticketNo.trim() ? t('login.required') : undefined}
          data-testid="login-ticket"
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
