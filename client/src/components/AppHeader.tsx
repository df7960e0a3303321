import { Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../hooks/useMe.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LogoutButton } from './LogoutButton.tsx';
import classes from './AppHeader.module.css';

export function AppHeader() {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <header className={classes.header}>
      <Group gap="xs" wrap="nowrap">
        <Title order={1} size="h4">
          {t('app.name')}
        </Title>
        <Text size="sm" c="dimmed" visibleFrom="sm">
          {t('app.subtitle')}
        </Text>
      </Group>
      {/* Wraps at 200 % zoom with the largest text: a narrow window moves the buttons down, never sideways. */}
      <Group gap="sm" wrap="wrap" justify="flex-end" className={classes.account}>
        {me && (
          <Text size="sm" data-testid="current-user">
            {t('header.signedInAs', { name: me.displayName, role: t(`roles.${me.role}`) })}
          </Text>
        )}
        <LanguageSwitch />
        {me && <LogoutButton />}
      </Group>
    </header>
  );
}
