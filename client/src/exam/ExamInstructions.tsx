import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Container, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CandidateOverview, PartOverview } from '@shared/api.ts';
import { clockTime } from './EndTimes.tsx';

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function PlannedExtraTime({ part }: { part: PartOverview }) {
  const { t } = useTranslation();
  const extra = part.plannedExtraMinutes ?? 0;
  const now = Date.now();
  const own = part.durationMinutes + extra;
  return (
    <Alert variant="light" color="blue" title={t('a11y.time.instructionsTitle')} data-testid="instructions-extra-time">
      {t('a11y.time.instructionsBody', { standard: part.durationMinutes, extra, own, standardEnd: clockTime(now + part.durationMinutes * 60_000), ownEnd: clockTime(now + own * 60_000) })}
    </Alert>
  );
}

/**
 * 考生须知: what the part is, how long, how it is passed, the rules of the room and what ends it.
 * The clock starts only when the candidate confirms here (the server records the confirmation).
 */
export function ExamInstructions({ overview, part, onConfirm }: { overview: CandidateOverview; part: PartOverview; onConfirm: () => void }) {
  const { t } = useTranslation();
  const [read, setRead] = useState(false);
  const { rules } = overview.sitting;
  const running = rules.parallelParts ? undefined : overview.parts.find((p) => p.sittingPartId !== part.sittingPartId && p.session?.status === 'in_progress');
  const partName = (kind: PartOverview['kind']) => t(`partKinds.${kind}`);
  return (
    <Container size="md" py="lg">
      <Paper withBorder p="xl" radius="md" data-testid="exam-instructions">
        <Stack>
          <Title order={2}>
            {t('examDay.instructions.title')} · {partName(part.kind)}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Fact label={t('examDay.instructions.part')} value={partName(part.kind)} testId="instructions-part" />
            <Fact label={t('examDay.instructions.duration')} value={t('examDay.instructions.minutes', { n: part.durationMinutes })} testId="instructions-duration" />
            <Fact label={t('examDay.instructions.items')} value={t('examDay.instructions.itemCount', { n: part.itemCount })} testId="instructions-items" />
            <Fact label={t('examDay.instructions.passLine')} value={t('examDay.instructions.passValue', { score: part.passScore })} testId="instructions-pass" />
          </SimpleGrid>
          {(part.plannedExtraMinutes ?? 0) > 0 && part.session === null && <PlannedExtraTime part={part} />}
          <div>
            <Title order={3} size="h4" mb="xs">
              {t('examDay.instructions.rulesTitle')}
            </Title>
            <List spacing="xs" data-testid="instructions-rules">
              <List.Item>{t('examDay.instructions.rules.own')}</List.Item>
              <List.Item>{t('examDay.instructions.rules.window')}</List.Item>
              <List.Item data-testid="instructions-paste" data-policy={rules.textPaste}>
                {t(rules.textPaste === 'allow' ? 'examDay.instructions.rules.pasteAllow' : 'examDay.instructions.rules.pasteBlock')}
              </List.Item>
              {part.kind === 'skills' && <List.Item>{t('examDay.instructions.rules.evidence')}</List.Item>}
              <List.Item>{t('examDay.instructions.rules.violation')}</List.Item>
              <List.Item>{t('examDay.instructions.rules.absent')}</List.Item>
            </List>
          </div>
          <div>
            <Title order={3} size="h4" mb="xs">
              {t('examDay.instructions.endsTitle')}
            </Title>
            <List spacing="xs">
              <List.Item>{t('examDay.instructions.ends.deadline')}</List.Item>
              <List.Item>{t('examDay.instructions.ends.submit')}</List.Item>
              <List.Item>{t('examDay.instructions.ends.proctor')}</List.Item>
              <List.Item>{t('examDay.instructions.ends.clock')}</List.Item>
              {!rules.parallelParts && <List.Item>{t('examDay.instructions.onePart')}</List.Item>}
            </List>
          </div>
          {running && (
            <Alert color="orange" role="alert" data-testid="instructions-other-running">
              <Stack gap="xs">
                <Text>{t('examDay.instructions.otherRunning', { part: partName(running.kind) })}</Text>
                <Anchor component={Link} to={`/exam/part/${running.sittingPartId}`} data-testid="instructions-continue-other">
                  {t('examDay.instructions.continueOther', { part: partName(running.kind) })}
                </Anchor>
              </Stack>
            </Alert>
          )}
          <Checkbox label={t('examDay.instructions.confirm')} checked={read} onChange={(e) => setRead(e.currentTarget.checked)} disabled={!!running} data-testid="instructions-confirm" />
          <Group justify="space-between">
            <Anchor component={Link} to="/exam">
              {t('examDay.instructions.back')}
            </Anchor>
            <Button size="md" disabled={!read || !!running} onClick={onConfirm} data-testid="instructions-start">
              {t('examDay.instructions.start')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Container>
  );
}
