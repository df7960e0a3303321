import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../hooks/useLogout.ts';

export function LogoutButton() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <Button size="xs" variant="default" data-testid="logout-button" loading={logout.isPending} onClick={() => logout.mutate()}>
      {t('header.logout')}
    </Button>
  );
}
