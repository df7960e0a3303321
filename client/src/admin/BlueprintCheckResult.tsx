import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BlueprintCheck } from '@shared/banks-api.ts';

/** Part kinds and levels in words for the fit messages. */
function fitParams(params: Record<string, string | number>, t: (key: never) => string): Record<string, string> {
  const word = (v: string | number) => (typeof v === 'number' ? t(`levels.${v}` as never) : t(`partKinds.${v}` as never));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, word(v)]));
}

export function BlueprintCheckResult({ result }: { result: BlueprintCheck }) {
  const { t } = useTranslation();
  const fit = result.fit ?? [];
  if (result.problems.length === 0 && fit.length === 0) {
    return (
      <Alert color="teal" variant="light" data-testid="blueprint-feasible">
        {t('papers.feasible', { n: result.itemCount, points: result.totalPoints })}
      </Alert>
    );
  }
  return (
    <Alert color="orange" variant="light" title={t('papers.problems')} data-testid="blueprint-problems">
      <List size="sm" spacing={2}>
        {fit.map((f) => (
          <List.Item key={f.key} data-testid="blueprint-misfit">
            {t(`errors.detail.${f.key}` as never, fitParams(f.params, t))}
          </List.Item>
        ))}
        {result.problems.map((problem, index) => (
          <List.Item key={index}>{problem}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
