import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../hooks/useMe.ts';

/** Deliberately small: proctor and grader consoles are separate tools (see README), not faked here. */
export default function StaffPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  const role = t(`roles.${me.role}`);
  return (
    <Container size="sm" py="xl">
      <Paper withBorder p="lg" radius="md">
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('staff.title')}
          </Title>
          <Text>
            {t('staff.whoAmI')} <strong data-testid="staff-name">{me.displayName}</strong>
          </Text>
          <Text>
            {t('staff.role')} <strong data-testid="staff-role">{role}</strong>
          </Text>
          <Text c="dimmed" data-testid="staff-note">
            {t('staff.consoleNote', { role })}
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}
