import { Container, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchOverview, overviewQueryKey } from '../api/candidate.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { CandidateInfo } from '../overview/CandidateInfo.tsx';
import { PartCard } from '../overview/PartCard.tsx';
import { SebQuitLink, sebQuitUrlOf } from '../seb/SebGate.tsx';

export function ExamOverviewPage() {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: overviewQueryKey, queryFn: fetchOverview });
  if (overview.isPending) return <PageLoader />;
  if (overview.isError) return <Container py="xl"><ErrorAlert error={overview.error} /></Container>;
  const quitUrl = sebQuitUrlOf(overview.data);

  return (
    <Container size="lg" py="lg">
      <Stack>
        <Title order={2}>{t('overview.title')}</Title>
        <Paper withBorder p="md" radius="md">
          <CandidateInfo overview={overview.data} />
        </Paper>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {overview.data.parts.map((part) => (
            <PartCard key={part.sittingPartId} part={part} />
          ))}
        </SimpleGrid>
        {quitUrl && <SebQuitLink quitUrl={quitUrl} />}
      </Stack>
    </Container>
  );
}
