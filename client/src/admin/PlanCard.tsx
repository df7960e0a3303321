import { useState } from 'react';
import { Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminPlan } from '@shared/registration.ts';
import { addRoom } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import { RosterImport } from './RosterImport.tsx';

export function PlanCard({ plan }: { plan: AdminPlan }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder p="md" data-testid={`plan-${plan.id}`}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {plan.title}
        </Title>
        <Text size="sm" c="dimmed">
          {t('plans.examDate', { date: plan.examDate })} · {t('registration.deadline', { at: formatDateTime(plan.registrationDeadline) })}
        </Text>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plans.sitting')}</Table.Th>
              <Table.Th>{t('plans.startsAt')}</Table.Th>
              <Table.Th>{t('plans.candidates')}</Table.Th>
              <Table.Th>{t('plans.rooms')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.sittings.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  {s.name}
                  <Text size="xs" c="dimmed">
                    {s.parts.map((p) => t('plans.part', { part: t(`ticket.partNames.${p.kind}`), minutes: p.durationMinutes, pass: p.passScore })).join('；')}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDateTime(s.startsAt)}</Table.Td>
                <Table.Td>{s.candidates}</Table.Td>
                <Table.Td>
                  <Text size="sm">{s.rooms.map((r) => t('plans.room', { name: r.name, seats: r.seats })).join('，') || '—'}</Text>
                  <AddRoom sittingId={s.id} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <RosterImport planId={plan.id} />
      </Stack>
    </Paper>
  );
}

function AddRoom({ sittingId }: { sittingId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [seats, setSeats] = useState<number>(30);
  const mutation = useMutation({
    mutationFn: () => addRoom(sittingId, { name: name.trim(), seats }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
    },
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end">
        <TextInput size="xs" placeholder={t('plans.roomName')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={120} />
        <NumberInput size="xs" min={1} max={500} value={seats} onChange={(v) => setSeats(typeof v === 'number' ? v : 1)} w={80} />
        <Button size="xs" variant="light" disabled={!name.trim()} loading={mutation.isPending} onClick={() => mutation.mutate()}>
          {t('plans.addRoom')}
        </Button>
      </Group>
      {mutation.isError && <ErrorAlert error={mutation.error} />}
    </Stack>
  );
}
