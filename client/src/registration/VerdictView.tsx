import { Badge, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConditionResult, Verdict } from '@shared/registration.ts';

const outcomeColor = { eligible: 'green', ineligible: 'red', manual_review: 'yellow' } as const;

function ConditionView({ condition, label }: { condition: ConditionResult; label: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {t('registration.conditionMissing', { label })}
      </Text>
      <List size="sm" spacing={0}>
        {condition.requirements.map((r) => (
          <List.Item key={r.code + JSON.stringify(r.params)} c={r.met ? 'dimmed' : 'red'}>
            {r.met ? '✓ ' : '✗ '}
            {t(`registration.requirements.${r.code}` as 'registration.requirements.education', r.params)}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** The engine's verdict: the condition met, or what each condition misses. */
export function VerdictView({ verdict }: { verdict: Verdict }) {
  const { t, i18n } = useTranslation();
  const label = (c: ConditionResult) => (i18n.language === 'en' ? c.labelEn : c.labelZh);
  return (
    <Stack gap="xs" data-testid="verdict">
      <Badge color={outcomeColor[verdict.outcome]} data-testid="verdict-outcome">
        {t(`registration.outcome.${verdict.outcome}`)}
      </Badge>
      {verdict.met && <Text data-testid="verdict-met">{t('registration.metCondition', { label: label(verdict.met) })}</Text>}
      {verdict.level === 4 && <Text>{t('registration.level4NoConditions')}</Text>}
      {verdict.reviewReasons.map((r) => (
        <Text key={r} c="yellow.8">
          {t(`registration.reviewReasons.${r}` as 'registration.reviewReasons.professional-technical')}
        </Text>
      ))}
      {!verdict.met && verdict.conditions.map((c) => <ConditionView key={c.ruleId} condition={c} label={label(c)} />)}
    </Stack>
  );
}
