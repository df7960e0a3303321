import { useState } from 'react';
import { Button, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addRoom } from '../../api/registration.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';

export function AddRoom({ sittingId }: { sittingId: number }) {
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
        <TextInput size="xs" placeholder={t('plans.roomName')} aria-label={t('plans.roomName')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={140} data-testid={`add-room-${sittingId}-name`} />
        <NumberInput size="xs" aria-label={t('planning.seats')} min={1} max={500} value={seats} onChange={(v) => setSeats(typeof v === 'number' ? v : 1)} w={80} />
        <Button size="xs" variant="light" disabled={!name.trim()} loading={mutation.isPending} onClick={() => mutation.mutate()} data-testid={`add-room-${sittingId}`}>
          {t('plans.addRoom')}
        </Button>
      </Group>
      {mutation.isError && <ApiErrorAlert error={mutation.error} />}
    </Stack>
  );
}
