import { useState } from 'react';
import { Button, Divider, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createPlan } from '../../api/planning.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { emptyPlan, emptySitting, planBody, type PlanDraft } from './drafts.ts';
import { SittingFields } from './SittingFields.tsx';

/** 新建考试计划: the server checks the body (dates, levels, seats) and its messages are shown as they are. */
export function PlanForm({ onDone }: { onDone: (title: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PlanDraft>(emptyPlan);
  const mutation = useMutation({
    mutationFn: () => createPlan(planBody(draft)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
      onDone(draft.title.trim());
    },
  });
  return (
    <Paper withBorder p="md" data-testid="new-plan-form">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('planning.newPlan')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('planning.planTitle')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} w={360} data-testid="new-plan-title" />
          <TextInput type="date" label={t('planning.examDate')} value={draft.examDate} onChange={(e) => setDraft({ ...draft, examDate: e.currentTarget.value })} data-testid="new-plan-date" />
          <TextInput
            type="datetime-local"
            label={t('planning.registrationDeadline')}
            value={draft.registrationDeadline}
            onChange={(e) => setDraft({ ...draft, registrationDeadline: e.currentTarget.value })}
            data-testid="new-plan-deadline"
          />
        </Group>
        {draft.sittings.map((s, i) => (
          <Stack key={i} gap={4}>
            <Divider
              label={
                <Group gap="xs">
                  {t('planning.sittingN', { n: i + 1 })}
                  {draft.sittings.length > 1 && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDraft({ ...draft, sittings: draft.sittings.filter((_, j) => j !== i) })}>
                      {t('planning.removeSitting')}
                    </Button>
                  )}
                </Group>
              }
              labelPosition="left"
            />
            <SittingFields value={s} onChange={(next) => setDraft({ ...draft, sittings: draft.sittings.map((x, j) => (j === i ? next : x)) })} testId={`new-sitting-${i}`} />
          </Stack>
        ))}
        <Group>
          <Button size="xs" variant="light" onClick={() => setDraft({ ...draft, sittings: [...draft.sittings, emptySitting()] })} data-testid="new-plan-add-sitting">
            {t('planning.addSittingRow')}
          </Button>
        </Group>
        {mutation.isError && <ApiErrorAlert error={mutation.error} testId="new-plan-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone('')}>
            {t('planning.cancel')}
          </Button>
          <Button loading={mutation.isPending} onClick={() => mutation.mutate()} data-testid="new-plan-submit">
            {t('planning.createPlan')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
