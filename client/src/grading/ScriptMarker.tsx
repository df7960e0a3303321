import { useState } from 'react';
import { Accordion, Alert, Badge, Button, Grid, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { criterionScoreProblem, type MarkResult, type ScriptView } from '@shared/grading.ts';
import { releaseScript, submitMark } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useFormatDateTime } from '../hooks/useFormatDateTime.ts';
import { TaskMarkdown } from '../exam/LazyTaskMarkdown.tsx';
import { ScreenshotGallery } from './ScreenshotViewer.tsx';

type Draft = Record<string, { awarded: number | ''; comment: string }>;

const sumCents = (draft: Draft) => Object.values(draft).reduce((s, c) => s + Math.round((typeof c.awarded === 'number' ? c.awarded : 0) * 100), 0) / 100;

/** One script next to its rubric: the grader scores each criterion within its points. */
export function ScriptMarker({ script, onDone, onCancel }: { script: ScriptView; onDone: (result: MarkResult) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [draft, setDraft] = useState<Draft>(() => Object.fromEntries(script.rubric.map((c) => [c.id, { awarded: '', comment: '' }])));
  const [comment, setComment] = useState('');
  const complete = script.rubric.every((c) => typeof draft[c.id]?.awarded === 'number');
  // The server's own rule: a score out of range is said next to its field, never silently cleared.
  const problemOf = (id: string, points: number) => {
    const awarded = draft[id]?.awarded;
    const problem = typeof awarded === 'number' ? criterionScoreProblem(points, awarded) : null;
    return problem ? t(`errors.detail.${problem.key}` as never, problem.params) : null;
  };
  const valid = script.rubric.every((c) => problemOf(c.id, c.points) === null);
  const submit = useMutation({
    mutationFn: () =>
      submitMark(script.code, script.paperItemId, {
        criteria: script.rubric.map((c) => ({ id: c.id, awarded: Number(draft[c.id]?.awarded ?? 0), ...(draft[c.id]?.comment.trim() ? { comment: draft[c.id]!.comment.trim() } : {}) })),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    onSuccess: onDone,
  });
  const cancel = () => void releaseScript(script.code, script.paperItemId).finally(onCancel);

  return (
    <Grid data-testid="script-marker" data-code={script.code}>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <Group>
            <Title order={3} size="h4" data-testid="script-title">
              {t('grading.scriptOf', { code: script.code, n: script.position })}
            </Title>
            <Badge variant="light">{t(`grading.kinds.${script.kind}`)}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t('grading.lockUntil', { at: formatDateTime(script.claimExpiresAt) })}
          </Text>
          <Paper withBorder p="sm">
            <Text fw={600} size="sm">
              {t('grading.stem')}
            </Text>
            {/* The candidate's own renderer: elements from marked's tokens, never HTML. */}
            <TaskMarkdown markdown={script.stem} mediaBase={`/api/grading/tasks/${script.paperItemId}/media`} testId="script-stem" />
          </Paper>
          <Paper withBorder p="sm">
            <Text fw={600} size="sm">
              {t('grading.answer')}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="script-answer">
              {script.answerText ?? t('grading.noAnswer')}
            </Text>
          </Paper>
          {(script.type === 'practical' || script.screenshots.length > 0) && (
            <Stack gap="xs">
              <Text fw={600} size="sm">
                {t('grading.screenshots', { count: script.screenshots.length, required: script.requiredScreenshots })}
              </Text>
              <ScreenshotGallery shots={script.screenshots} />
            </Stack>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          <Title order={4} size="h5">
            {t('grading.rubric')}
          </Title>
          {script.priorMarks.length > 0 && (
            <Alert color="orange" title={t('grading.priorMarks')} data-testid="prior-marks">
              {script.priorMarks.map((m) => (
                <Text key={m.kind} size="sm">
                  {t('grading.priorMark', { kind: t(`grading.kinds.${m.kind}`), total: m.total })}
                </Text>
              ))}
            </Alert>
          )}
          {script.rubric.map((c, i) => (
            <Paper key={c.id} withBorder p="xs">
              <Stack gap={4}>
                <Text size="sm">
                  {c.text} <Text span c="dimmed">({t('grading.criterionPoints', { points: c.points })})</Text>
                </Text>
                <NumberInput
                  data-testid={`criterion-${i + 1}`}
                  aria-label={c.text}
                  min={0}
                  max={c.points}
                  step={0.5}
                  decimalScale={1}
                  clampBehavior="none"
                  error={problemOf(c.id, c.points)}
                  value={draft[c.id]?.awarded ?? ''}
                  onChange={(v) => setDraft((d) => ({ ...d, [c.id]: { comment: d[c.id]?.comment ?? '', awarded: typeof v === 'number' ? v : v === '' ? '' : Number(v) } }))}
                />
                <Textarea
                  size="xs"
                  autosize
                  minRows={1}
                  placeholder={t('grading.comment')}
                  aria-label={t('grading.comment')}
                  value={draft[c.id]?.comment ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setDraft((d) => ({ ...d, [c.id]: { awarded: d[c.id]?.awarded ?? '', comment: value } }));
                  }}
                />
              </Stack>
            </Paper>
          ))}
          <Textarea label={t('grading.overallComment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} />
          <Text fw={600} data-testid="mark-total">
            {t('grading.total', { total: sumCents(draft), points: script.points })}
          </Text>
          {script.referenceAnswer && (
            <Accordion variant="contained">
              <Accordion.Item value="ref">
                <Accordion.Control data-testid="reference-toggle">{t('grading.reference')}</Accordion.Control>
                <Accordion.Panel>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {script.referenceAnswer}
                  </Text>
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
          )}
          {submit.isError && <ErrorAlert error={submit.error} testId="mark-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={cancel} data-testid="mark-cancel">
              {t('grading.cancel')}
            </Button>
            <Button disabled={!complete || !valid} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="mark-submit">
              {t('grading.submit')}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
