import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthCard } from '../login/AuthCard.tsx';
import { LoginForm } from '../login/LoginForm.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  return (
    <AuthCard
      title={t('login.title')}
      tabs={[
        { value: 'candidate', label: t('login.candidateTab'), testId: 'tab-candidate', content: <LoginForm kind="candidate" /> },
        { value: 'staff', label: t('login.staffTab'), testId: 'tab-staff', content: <LoginForm kind="staff" /> },
      ]}
      footer={
        <Text ta="center" mt="md">
          <Anchor component={Link} to="/register" data-testid="register-link">
            {t('registration.entry')}
          </Anchor>
        </Text>
      }
    />
  );
}
