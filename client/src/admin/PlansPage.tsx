import { useState } from 'react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminPlansQueryKey, fetchAdminPlans } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { PlanCard } from './PlanCard.tsx';
import { PlanForm } from './plans/PlanForm.tsx';

/** Exam plans with their sittings, parts, rooms and seats; new plans; rosters imported per plan. */
export default function PlansPage() {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: adminPlansQueryKey, queryFn: fetchAdminPlans });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState('');
  if (plans.isPending) return <PageLoader />;
  if (plans.isError) return <ErrorAlert error={plans.error} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('plans.title')}</Title>
        {!creating && (
          <Button
            onClick={() => {
              setCreating(true);
              setCreated('');
            }}
            data-testid="new-plan"
          >
            {t('planning.newPlan')}
          </Button>
        )}
      </Group>
      {creating && (
        <PlanForm
          onDone={(title) => {
            setCreating(false);
            setCreated(title);
          }}
        />
      )}
      {created && (
        <Alert color="green" variant="light" data-testid="new-plan-created" withCloseButton onClose={() => setCreated('')}>
          {t('planning.created', { title: created })}
        </Alert>
      )}
      {plans.data.length === 0 && <Text c="dimmed">{t('plans.empty')}</Text>}
      {plans.data.map((p) => (
        <PlanCard key={p.id} plan={p} />
      ))}
    </Stack>
  );
}
