import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PartOverview } from '@shared/api.ts';

export function PartResult({ part }: { part: PartOverview }) {
  const { t } = useTranslation();
  return (
    <Group gap="md" data-testid={`part-result-${part.kind}`}>
      <Text fw={500} data-testid={`part-submitted-${part.kind}`}>
        {t('overview.submitted')}
      </Text>
      {part.result ? (
        <>
          <Text data-testid={`part-score-${part.kind}`}>
            {t('app.labelValue', { label: t('overview.score'), value: t('overview.scoreValue', { score: part.result.score }) })}
          </Text>
          <Text fw={600} c={part.result.passed ? 'teal' : 'red'} data-testid={`part-passed-${part.kind}`}>
            {part.result.passed ? t('overview.passed') : t('overview.failed')}
          </Text>
        </>
      ) : (
        <Text c="dimmed" data-testid={`part-pending-${part.kind}`}>
          {t('overview.resultPending')}
        </Text>
      )}
    </Group>
  );
}
