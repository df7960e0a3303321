import { useState } from 'react';
import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SittingPartSummary } from '@shared/api.ts';
import { fetchParts, partsQueryKey } from '../api/admin.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { PartsTable } from '../admin/PartsTable.tsx';
import { ReleaseDialog } from '../admin/ReleaseDialog.tsx';
import { ResultsPanel } from '../admin/ResultsPanel.tsx';
import { SittingResults } from '../admin/SittingResults.tsx';
import { AnalysisPanel } from '../admin/AnalysisPanel.tsx';
import { MarkingSetup, ReviewPanelSetup } from '../admin/MarkingSetup.tsx';

export default function AdminPage() {
  const { t } = useTranslation();
  const parts = useQuery({ queryKey: partsQueryKey, queryFn: fetchParts });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [releasing, setReleasing] = useState<SittingPartSummary | null>(null);

  const selected = parts.data?.find((p) => p.sittingPartId === selectedId) ?? null;
  const sittingId = selected?.sittingId ?? parts.data?.[0]?.sittingId ?? null;

  return (
    <>
      <Stack>
        <Title order={2}>{t('admin.title')}</Title>
        {parts.isPending ? (
          <PageLoader />
        ) : parts.isError ? (
          <ErrorAlert error={parts.error} />
        ) : (
          <PartsTable parts={parts.data} selectedId={selectedId} onSelect={setSelectedId} onRelease={setReleasing} />
        )}
        {selected && <ResultsPanel part={selected} />}
        {sittingId !== null && <SittingResults sittingId={sittingId} />}
        {selected && <AnalysisPanel part={selected} />}
        {selected?.kind === 'skills' && <MarkingSetup sittingId={selected.sittingId} />}
        {selected?.kind === 'review' && <ReviewPanelSetup sittingPartId={selected.sittingPartId} />}
      </Stack>
      <ReleaseDialog part={releasing} onClose={() => setReleasing(null)} />
    </>
  );
}
