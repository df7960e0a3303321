import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BlueprintCheck } from '@shared/banks-api.ts';

export function BlueprintCheckResult({ result }: { result: BlueprintCheck }) {
  const { t } = useTranslation();
  if (result.problems.length === 0) {
    return (
      <Alert color="teal" variant="light" data-testid="blueprint-feasible">
        {t('papers.feasible', { n: result.itemCount, points: result.totalPoints })}
      </Alert>
    );
  }
  return (
    <Alert color="orange" variant="light" title={t('papers.problems')} data-testid="blueprint-problems">
      <List size="sm" spacing={2}>
        {result.problems.map((problem, index) => (
          <List.Item key={index}>{problem}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
