import { useState } from 'react';
import { Badge, Button, Group, Modal, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Room, SeatedCandidate } from '@shared/planning.ts';
import { MoveSeat } from './MoveSeat.tsx';
import { PhotoCell } from './PhotoCell.tsx';
import { AccommodationsEditor } from '../AccommodationsEditor.tsx';

/** A room's candidates by seat, each movable to a free seat of the sitting until they start. */
export function SeatingList({ room, rooms, candidates }: { room: Room; rooms: Room[]; candidates: SeatedCandidate[] }) {
  const { t } = useTranslation();
  const [moving, setMoving] = useState<number | null>(null);
  const [planning, setPlanning] = useState<{ ticketNo: string; name: string } | null>(null);
  const seated = candidates.filter((c) => c.room === room.name).sort((a, b) => a.seat.localeCompare(b.seat, undefined, { numeric: true }));
  if (seated.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={`seating-${room.id}`}>
        {t('planning.noCandidates')}
      </Text>
    );
  }
  return (
    <Table withTableBorder data-testid={`seating-${room.id}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('planning.seat')}</Table.Th>
          <Table.Th>{t('planning.ticketNo')}</Table.Th>
          <Table.Th>{t('planning.name')}</Table.Th>
          <Table.Th>{t('planning.photo')}</Table.Th>
          <Table.Th><VisuallyHidden>{t('a11y.tableActions')}</VisuallyHidden></Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {seated.map((c) => (
          <Table.Tr key={c.id} data-testid={`seat-row-${c.ticketNo}`}>
            <Table.Td>{c.seat}</Table.Td>
            <Table.Td>{c.ticketNo}</Table.Td>
            <Table.Td>{c.name}</Table.Td>
            <Table.Td>
              <PhotoCell candidate={c} />
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
              {c.started ? (
                <Badge variant="light" color="gray" title={t('planning.movedStarted')}>
                  {t('planning.candidateStarted')}
                </Badge>
              ) : moving === c.id ? (
                <MoveSeat candidate={c} rooms={rooms} candidates={candidates} onDone={() => setMoving(null)} />
              ) : (
                <Button size="compact-xs" variant="subtle" onClick={() => setMoving(c.id)} data-testid={`move-${c.ticketNo}`}>
                  {t('planning.move')}
                </Button>
              )}
              <Button size="compact-xs" variant="subtle" onClick={() => setPlanning({ ticketNo: c.ticketNo, name: c.name })} data-testid={`accommodations-${c.ticketNo}`}>
                {t('accommodations.open')}
              </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      {/* Mantine's Modal traps focus and returns it to the row's button on close. */}
      <Modal opened={planning !== null} onClose={() => setPlanning(null)} title={planning ? `${planning.name} · ${planning.ticketNo}` : ''} size="lg">
        {planning && <AccommodationsEditor ticketNo={planning.ticketNo} source="seating" />}
      </Modal>
    </Table>
  );
}
