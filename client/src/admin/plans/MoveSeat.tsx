import { useState } from 'react';
import { Button, Group, NativeSelect, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { freeSeatNumbers, seatLabel, type Room, type SeatedCandidate } from '@shared/planning.ts';
import { moveCandidate } from '../../api/planning.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';

/** Room and free seat to move one candidate to; the server checks the seat is still free. */
export function MoveSeat({ candidate, rooms, candidates, onDone }: { candidate: SeatedCandidate; rooms: Room[]; candidates: SeatedCandidate[]; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [roomId, setRoomId] = useState<number>(rooms.find((r) => r.name === candidate.room)?.id ?? rooms[0]?.id ?? 0);
  const room = rooms.find((r) => r.id === roomId);
  const free = room ? freeSeatNumbers(room, candidates) : [];
  const [seat, setSeat] = useState<number | null>(null);
  const chosen = seat !== null && free.includes(seat) ? seat : (free[0] ?? null);
  const mutation = useMutation({
    mutationFn: () => moveCandidate(candidate.id, { roomId, seat: chosen ?? 0 }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
      onDone();
    },
  });
  const tid = `move-${candidate.ticketNo}`;
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NativeSelect
          size="xs"
          label={t('planning.targetRoom')}
          data={rooms.map((r) => ({ value: String(r.id), label: r.name }))}
          value={String(roomId)}
          onChange={(e) => {
            setRoomId(Number(e.currentTarget.value));
            setSeat(null);
          }}
          data-testid={`${tid}-room`}
        />
        <NativeSelect
          size="xs"
          label={t('planning.targetSeat')}
          data={free.map((n) => ({ value: String(n), label: seatLabel(n) }))}
          value={chosen === null ? '' : String(chosen)}
          onChange={(e) => setSeat(Number(e.currentTarget.value))}
          data-testid={`${tid}-seat`}
        />
        <Button size="xs" disabled={chosen === null} loading={mutation.isPending} onClick={() => mutation.mutate()} data-testid={`${tid}-confirm`}>
          {t('planning.confirmMove')}
        </Button>
        <Button size="xs" variant="default" onClick={onDone}>
          {t('planning.cancel')}
        </Button>
      </Group>
      {mutation.isError && <ApiErrorAlert error={mutation.error} />}
    </Stack>
  );
}
