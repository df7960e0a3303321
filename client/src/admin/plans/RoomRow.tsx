import { useState } from 'react';
import { Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Room, SeatedCandidate } from '@shared/planning.ts';
import { removeRoom, updateRoom } from '../../api/planning.ts';
import { ticketsPdfUrl } from '../../api/registration.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { SeatingList } from './SeatingList.tsx';

interface Props {
  sittingId: number;
  room: Room;
  rooms: Room[];
  /** Every candidate of the sitting: this room's and the others' (for free seats when moving). */
  candidates: SeatedCandidate[];
  sittingStarted: boolean;
}

/** One room: rename and resize in place, remove when empty, its seating list on demand. */
export function RoomRow({ sittingId, room, rooms, candidates, sittingStarted }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ name: string; seats: number } | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [showSeating, setShowSeating] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
  const save = useMutation({
    mutationFn: (body: { name: string; seats: number }) => updateRoom(room.id, { name: body.name.trim(), seats: body.seats }),
    onSuccess: async () => {
      await invalidate();
      setEditing(null);
    },
  });
  const remove = useMutation({ mutationFn: () => removeRoom(room.id), onSuccess: invalidate });
  const seated = candidates.filter((c) => c.room === room.name);
  const error = save.error ?? remove.error;
  const tid = `room-${room.id}`;

  return (
    <>
      <Table.Tr data-testid={tid}>
        <Table.Td>
          {editing ? (
            <TextInput size="xs" aria-label={t('planning.roomName')} value={editing.name} disabled={sittingStarted} onChange={(e) => setEditing({ ...editing, name: e.currentTarget.value })} w={140} data-testid={`${tid}-name`} />
          ) : (
            <Text size="sm">{room.name}</Text>
          )}
        </Table.Td>
        <Table.Td>
          {editing ? (
            <NumberInput size="xs" aria-label={t('planning.seats')} min={1} max={500} value={editing.seats} onChange={(v) => setEditing({ ...editing, seats: typeof v === 'number' ? v : 0 })} w={80} data-testid={`${tid}-seats`} />
          ) : (
            <Text size="sm" data-testid={`${tid}-occupancy`}>
              {seated.length}/{room.seats}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            {editing ? (
              <>
                <Button size="compact-xs" loading={save.isPending} onClick={() => save.mutate(editing)} data-testid={`${tid}-save`}>
                  {t('planning.save')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => {
                    setEditing(null);
                    save.reset();
                  }}
                >
                  {t('planning.cancel')}
                </Button>
              </>
            ) : confirmRemove ? (
              <>
                <Text size="xs">{t('planning.confirmRemoveRoom', { name: room.name })}</Text>
                <Button size="compact-xs" color="red" loading={remove.isPending} onClick={() => remove.mutate()} data-testid={`${tid}-remove-confirm`}>
                  {t('planning.remove')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => {
                    setConfirmRemove(false);
                    remove.reset();
                  }}
                >
                  {t('planning.cancel')}
                </Button>
              </>
            ) : (
              <>
                <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ name: room.name, seats: room.seats })} data-testid={`${tid}-edit`}>
                  {t('planning.edit')}
                </Button>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirmRemove(true)} data-testid={`${tid}-remove`}>
                  {t('planning.remove')}
                </Button>
                <Button size="compact-xs" variant="subtle" onClick={() => setShowSeating((v) => !v)} data-testid={`${tid}-seating`}>
                  {showSeating ? t('planning.hideSeating') : t('planning.seatingFor')}
                </Button>
                {seated.length > 0 && (
                  <Button size="compact-xs" variant="subtle" component="a" href={ticketsPdfUrl({ sittingId, room: room.name })} download data-testid={`${tid}-tickets`}>
                    {t('planning.roomTickets')}
                  </Button>
                )}
              </>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {(error || showSeating) && (
        <Table.Tr>
          <Table.Td colSpan={3}>
            <Stack gap="xs">
              {error && <ApiErrorAlert error={error} testId={`${tid}-error`} />}
              {showSeating && <SeatingList room={room} rooms={rooms} candidates={candidates} />}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
