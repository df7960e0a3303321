import { useState } from 'react';
import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdminPlan } from '@shared/registration.ts';
import { updatePartSettings } from '../../api/planning.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';

type Part = AdminPlan['sittings'][number]['parts'][number];

/** Duration and pass line of each part of a sitting; the server refuses once a candidate has started. */
export function PartSettings({ parts }: { parts: Part[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('planning.partsHeading')}
      </Text>
      {parts.map((p) => (
        <PartLine key={p.id} part={p} />
      ))}
    </Stack>
  );
}

function PartLine({ part }: { part: Part }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ durationMinutes: number; passScore: number } | null>(null);
  const mutation = useMutation({
    mutationFn: (body: { durationMinutes: number; passScore: number }) => updatePartSettings(part.id, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
      setEditing(null);
    },
  });
  const label = t('planning.partLine', { part: t(`ticket.partNames.${part.kind}`), minutes: part.durationMinutes, pass: part.passScore });
  if (!editing) {
    return (
      <Group gap="xs" data-testid={`part-${part.id}`}>
        <Text size="sm">{label}</Text>
        {part.started ? (
          <Text size="xs" c="dimmed">
            {t('planning.partStarted')}
          </Text>
        ) : (
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ durationMinutes: part.durationMinutes, passScore: part.passScore })} data-testid={`part-${part.id}-edit`}>
            {t('planning.edit')}
          </Button>
        )}
      </Group>
    );
  }
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end">
        <Text size="sm" w={60}>
          {t(`ticket.partNames.${part.kind}`)}
        </Text>
        <NumberInput size="xs" label={t('planning.duration')} min={5} max={600} value={editing.durationMinutes} onChange={(v) => setEditing({ ...editing, durationMinutes: typeof v === 'number' ? v : 0 })} w={120} data-testid={`part-${part.id}-duration`} />
        <NumberInput size="xs" label={t('planning.passScore')} min={0} max={100} value={editing.passScore} onChange={(v) => setEditing({ ...editing, passScore: typeof v === 'number' ? v : 0 })} w={100} data-testid={`part-${part.id}-pass`} />
        <Button size="xs" loading={mutation.isPending} onClick={() => mutation.mutate(editing)} data-testid={`part-${part.id}-save`}>
          {t('planning.save')}
        </Button>
        <Button size="xs" variant="default" onClick={() => setEditing(null)}>
          {t('planning.cancel')}
        </Button>
      </Group>
      {mutation.isError && <ApiErrorAlert error={mutation.error} />}
    </Stack>
  );
}
