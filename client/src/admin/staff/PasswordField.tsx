import { useState } from 'react';
import { Button, PasswordInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NEW_PASSWORD_MAX, NEW_PASSWORD_MIN } from '@shared/password.ts';
import { generatePassword } from './generatePassword.ts';

/** A password the admin types or generates; generated ones are shown so they can be handed over. */
type Props = { label: string; value: string; onChange: (v: string) => void; error?: string; testId: string };

export function PasswordField({ label, value, onChange, error, testId }: Props) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <Stack gap={4} align="flex-start">
      <PasswordInput
        w="100%"
        label={label}
        description={error ? undefined : t('staffAccounts.passwordHint', { min: NEW_PASSWORD_MIN })}
        value={value}
        error={error}
        onChange={(e) => onChange(e.currentTarget.value)}
        visible={visible}
        onVisibilityChange={setVisible}
        minLength={NEW_PASSWORD_MIN}
        maxLength={NEW_PASSWORD_MAX}
        autoComplete="new-password"
        required
        data-testid={testId}
      />
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={() => {
          onChange(generatePassword());
          setVisible(true);
        }}
        data-testid={`${testId}-generate`}
      >
        {t('staffAccounts.generate')}
      </Button>
    </Stack>
  );
}
