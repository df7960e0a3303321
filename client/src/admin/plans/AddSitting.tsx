import { useState } from 'react';
import { Button, Group, Paper, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addSitting } from '../../api/planning.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { emptySitting, sittingBody, type SittingDraft } from './drafts.ts';
import { SittingFields } from './SittingFields.tsx';

/** Another sitting in an existing plan (a second session of a level, or a level added late). */
export function AddSitting({ planId }: { planId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SittingDraft | null>(null);
  const mutation = useMutation({
    mutationFn: (d: SittingDraft) => addSitting(planId, sittingBody(d)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
      setDraft(null);
    },
  });
  if (!draft) {
    return (
      <Group>
        <Button size="xs" variant="light" onClick={() => setDraft(emptySitting())} data-testid={`add-sitting-${planId}`}>
          {t('planning.addSitting')}
        </Button>
      </Group>
    );
  }
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <SittingFields value={draft} onChange={setDraft} testId={`add-sitting-${planId}`} />
        {mutation.isError && <ApiErrorAlert error={mutation.error} />}
        <Group justify="flex-end">
          <Button size="xs" variant="default" onClick={() => setDraft(null)}>
            {t('planning.cancel')}
          </Button>
          <Button size="xs" loading={mutation.isPending} onClick={() => mutation.mutate(draft)} data-testid={`add-sitting-${planId}-submit`}>
            {t('planning.addSitting')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
