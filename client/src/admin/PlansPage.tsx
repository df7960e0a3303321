import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { adminPlansQueryKey, fetchAdminPlans } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { PlanCard } from './PlanCard.tsx';

/** Exam plans with their sittings and rooms; rosters are imported per plan. */
export default function PlansPage() {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: adminPlansQueryKey, queryFn: fetchAdminPlans });
  if (plans.isPending) return <PageLoader />;
  if (plans.isError) return <ErrorAlert error={plans.error} />;
  return (
    <Stack>
      <Title order={2}>{t('plans.title')}</Title>
      {plans.data.length === 0 && <Text c="dimmed">{t('plans.empty')}</Text>}
      {plans.data.map((p) => (
        <PlanCard key={p.id} plan={p} />
      ))}
    </Stack>
  );
}
