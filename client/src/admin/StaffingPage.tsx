import { Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { adminPlansQueryKey, fetchAdminPlans } from '../api/registration.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { MarkingSetup, ReviewPanelSetup } from './MarkingSetup.tsx';
import { RoomProctors } from './RoomProctors.tsx';

/** 人员安排: for one sitting, proctors to rooms, graders to skills tasks and, for levels 2 and 1, the review panel. */
export default function StaffingPage() {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: adminPlansQueryKey, queryFn: fetchAdminPlans });
  // The sitting is in the address, so a link from elsewhere (and a reload) opens it.
  const [params, setParams] = useSearchParams();
  const sittingId = Number(params.get('sitting')) || null;
  if (plans.isPending) return <PageLoader />;
  if (plans.isError) return <ErrorAlert error={plans.error} />;
  const sitting = plans.data.flatMap((p) => p.sittings).find((s) => s.id === sittingId) ?? null;
  const reviewPart = sitting?.parts.find((p) => p.kind === 'review') ?? null;
  const groups = plans.data.map((p) => ({ group: p.title, items: p.sittings.map((s) => ({ value: String(s.id), label: s.name })) }));
  return (
    <Stack>
      <Title order={2}>{t('staffing.title')}</Title>
      {plans.data.length === 0 ? (
        <Text c="dimmed">{t('staffing.noSittings')}</Text>
      ) : (
        <Select
          label={t('staffing.sitting')}
          placeholder={t('staffing.chooseSitting')}
          searchable
          maw={520}
          data={groups}
          value={sitting ? String(sitting.id) : null}
          onChange={(v) => setParams(v ? { sitting: v } : {})}
          data-testid="staffing-sitting"
        />
      )}
      {sitting && (
        // Keyed by sitting: every row's draft state starts again from the server's when the sitting changes.
        <Stack key={sitting.id} gap="xl">
          <RoomProctors sittingId={sitting.id} />
          <MarkingSetup sittingId={sitting.id} />
          {reviewPart && <ReviewPanelSetup sittingPartId={reviewPart.id} />}
        </Stack>
      )}
    </Stack>
  );
}
