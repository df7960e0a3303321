import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdminPlan } from '@shared/registration.ts';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import { AddSitting } from './plans/AddSitting.tsx';
import { SittingSection } from './plans/SittingSection.tsx';
import { PhotoZipImport } from './PhotoZipImport.tsx';
import { RosterImport } from './RosterImport.tsx';

export function PlanCard({ plan }: { plan: AdminPlan }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper withBorder p="md" data-testid={`plan-${plan.id}`}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {plan.title}
        </Title>
        <Text size="sm" c="dimmed">
          {t('plans.examDate', { date: plan.examDate })} · {t('registration.deadline', { at: formatDateTime(plan.registrationDeadline) })}
        </Text>
        {plan.sittings.map((s) => (
          <SittingSection key={s.id} sitting={s} />
        ))}
        <AddSitting planId={plan.id} />
        <RosterImport planId={plan.id} />
        <PhotoZipImport planId={plan.id} />
      </Stack>
    </Paper>
  );
}
