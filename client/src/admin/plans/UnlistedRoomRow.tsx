import { useState } from 'react';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Room, SeatedCandidate } from '@shared/planning.ts';
import { minimumSeats } from '@shared/planning.ts';
import { addRoom } from '../../api/registration.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { SeatingList } from './SeatingList.tsx';

interface Props {
  sittingId: number;
  name: string;
  rooms: Room[];
  candidates: SeatedCandidate[];
}

/**
 * Candidates seated in a room the sitting's list does not have (seeded, or imported by hand): shown
 * so nobody is invisible, and listed as a room in one click so it can be edited like the others.
 */
export function UnlistedRoomRow({ sittingId, name, rooms, candidates }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [showSeating, setShowSeating] = useState(false);
  const seated = candidates.filter((c) => c.room === name);
  const register = useMutation({
    mutationFn: () => addRoom(sittingId, { name, seats: Math.max(30, minimumSeats(seated.map((c) => c.seat))) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] }),
  });
  return (
    <>
      <Table.Tr data-testid={`unlisted-room-${name}`}>
        <Table.Td>
          <Text size="sm" fs="italic" title={t('planning.unlisted')}>
            {name}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{seated.length}/—</Text>
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="subtle" loading={register.isPending} onClick={() => register.mutate()}>
              {t('planning.listRoom')}
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setShowSeating((v) => !v)}>
              {showSeating ? t('planning.hideSeating') : t('planning.seatingFor')}
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      {(register.isError || showSeating) && (
        <Table.Tr>
          <Table.Td colSpan={3}>
            <Stack gap="xs">
              {register.isError && <ApiErrorAlert error={register.error} />}
              {showSeating && <SeatingList room={{ id: 0, name, seats: 0 }} rooms={rooms} candidates={candidates} />}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
