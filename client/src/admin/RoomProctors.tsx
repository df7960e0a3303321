import { useState } from 'react';
import { Button, Group, MultiSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RoomProctors as Room } from '@shared/staffing.ts';
import { fetchSittingProctors, putSittingProctors, sittingProctorsQueryKey } from '../api/staffing.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useStaffOptions, withMissing, type StaffOption } from './staffOptions.ts';

/** The rooms of a sitting, each with the proctors who watch it. */
export function RoomProctors({ sittingId }: { sittingId: number }) {
  const { t } = useTranslation();
  const rooms = useQuery({ queryKey: sittingProctorsQueryKey(sittingId), queryFn: () => fetchSittingProctors(sittingId) });
  const { staff, options } = useStaffOptions('proctor');
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('staffing.rooms.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('staffing.rooms.hint')}
      </Text>
      {rooms.isPending || staff.isPending ? (
        <PageLoader />
      ) : rooms.isError || staff.isError ? (
        <ErrorAlert error={rooms.error ?? staff.error} />
      ) : rooms.data.rooms.length === 0 ? (
        <Text c="dimmed">{t('staffing.rooms.none')}</Text>
      ) : (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staffing.rooms.room')}</Table.Th>
              <Table.Th>{t('staffing.rooms.seats')}</Table.Th>
              <Table.Th>{t('staffing.rooms.candidates')}</Table.Th>
              <Table.Th>{t('staffing.rooms.proctors')}</Table.Th>
              <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rooms.data.rooms.map((room) => (
              <RoomRow key={room.room} sittingId={sittingId} room={room} options={options} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function RoomRow({ sittingId, room, options }: { sittingId: number; room: Room; options: StaffOption[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(room.proctorUserIds.map(String));
  const save = useMutation({
    mutationFn: () => putSittingProctors(sittingId, { rooms: [{ room: room.room, userIds: chosen.map(Number) }] }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sittingProctorsQueryKey(sittingId) }),
  });
  const dirty = chosen.join(',') !== room.proctorUserIds.map(String).join(',');
  return (
    <Table.Tr data-testid={`room-proctors-${room.room}`}>
      <Table.Td>{room.room}</Table.Td>
      <Table.Td>{room.seats ?? t('staffing.rooms.noSeatsInfo')}</Table.Td>
      <Table.Td>{room.candidates}</Table.Td>
      <Table.Td miw={260}>
        <MultiSelect
          size="xs"
          searchable
          data={withMissing(options, chosen)}
          value={chosen}
          onChange={setChosen}
          placeholder={chosen.length === 0 ? t('staffing.rooms.choose') : undefined}
          aria-label={t('staffing.rooms.proctors')}
          data-testid="room-proctors-select"
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-xs" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="room-proctors-save">
            {t('staffing.save')}
          </Button>
          {save.isSuccess && !dirty && (
            <Text size="xs" c="teal" data-testid="room-proctors-saved">
              {t('staffing.rooms.changes', save.data)}
            </Text>
          )}
        </Group>
        {save.isError && <ErrorAlert error={save.error} />}
      </Table.Td>
    </Table.Tr>
  );
}
