import { Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Room } from '@shared/planning.ts';
import { fetchSeating, seatingQueryKey } from '../../api/planning.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { AddRoom } from './AddRoom.tsx';
import { RoomRow } from './RoomRow.tsx';
import { UnlistedRoomRow } from './UnlistedRoomRow.tsx';

/** The rooms of a sitting with their occupancy, edit and remove actions, seating lists, and a new room. */
export function RoomsEditor({ sittingId, rooms, started }: { sittingId: number; rooms: Room[]; started: boolean }) {
  const { t } = useTranslation();
  const seating = useQuery({ queryKey: seatingQueryKey(sittingId), queryFn: () => fetchSeating(sittingId) });
  const candidates = seating.data?.candidates ?? [];
  const listed = new Set(rooms.map((r) => r.name));
  const unlisted = [...new Set(candidates.map((c) => c.room))].filter((name) => !listed.has(name));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('planning.roomsHeading')}
        {started && (
          <Text span size="xs" c="dimmed" ml="xs">
            {t('planning.sittingStarted')}
          </Text>
        )}
      </Text>
      {seating.isError && <ErrorAlert error={seating.error} />}
      {rooms.length + unlisted.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} data-testid={`rooms-${sittingId}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('planning.roomName')}</Table.Th>
              <Table.Th>{t('planning.occupancy')}</Table.Th>
              <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rooms.map((r) => (
              <RoomRow key={r.id} sittingId={sittingId} room={r} rooms={rooms} candidates={candidates} sittingStarted={started} />
            ))}
            {unlisted.map((name) => (
              <UnlistedRoomRow key={name} sittingId={sittingId} name={name} rooms={rooms} candidates={candidates} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddRoom sittingId={sittingId} />
    </Stack>
  );
}
