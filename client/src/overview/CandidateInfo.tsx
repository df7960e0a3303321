import { SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CandidateOverview } from '@shared/api.ts';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

export function CandidateInfo({ overview }: { overview: CandidateOverview }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const { candidate, sitting } = overview;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
      <Field label={t('overview.candidate')} value={candidate.name} testId="candidate-name" />
      <Field label={t('overview.ticketNo')} value={candidate.ticketNo} testId="candidate-ticket" />
      <Field
        label={t('overview.roomSeat')}
        value={t('overview.roomSeatValue', { room: candidate.room, seat: candidate.seat })}
        testId="candidate-seat"
      />
      <Field label={t('overview.sitting')} value={sitting.name} testId="sitting-name" />
      <Field label={t('overview.level')} value={t(`levels.${sitting.level}`)} testId="sitting-level" />
      <Field
        label={t('overview.occupation')}
        value={t('overview.occupationValue', { name: sitting.occupationName, code: sitting.occupationCode })}
        testId="sitting-occupation"
      />
      <Field label={t('overview.startsAt')} value={formatDateTime(sitting.startsAt)} testId="sitting-starts" />
    </SimpleGrid>
  );
}
