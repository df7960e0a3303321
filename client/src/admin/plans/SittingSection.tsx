import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdminPlan } from '@shared/registration.ts';
import { ticketsPdfUrl } from '../../api/registration.ts';
import { useFormatDateTime } from '../../hooks/useFormatDateTime.ts';
import { PartSettings } from './PartSettings.tsx';
import { RoomsEditor } from './RoomsEditor.tsx';
import { SebSettingsPanel } from './SebSettingsPanel.tsx';

/** One sitting of a plan: when and who, its parts' settings, its rooms and seats. */
export function SittingSection({ sitting }: { sitting: AdminPlan['sittings'][number] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder p="sm" data-testid={`sitting-${sitting.id}`}>
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>{sitting.name}</Text>
          <Badge variant="light">{t(`levelsShort.${sitting.level}`)}</Badge>
          <Text size="sm" c="dimmed">
            {formatDateTime(sitting.startsAt)} · {t('planning.candidatesCount', { n: sitting.candidates })}
          </Text>
          {sitting.candidates > 0 && (
            <Button size="compact-xs" variant="light" component="a" href={ticketsPdfUrl({ sittingId: sitting.id })} download data-testid={`sitting-${sitting.id}-tickets`}>
              {t('planning.sittingTickets')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <PartSettings parts={sitting.parts} />
          <RoomsEditor sittingId={sitting.id} rooms={sitting.rooms} started={sitting.started} />
        </SimpleGrid>
        <SebSettingsPanel sittingId={sitting.id} sittingName={sitting.name} />
      </Stack>
    </Paper>
  );
}
