import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../hooks/useErrorText.ts';
import type { AnswerSheet } from './answers.ts';
import type { SubmitOutcome } from './examController.ts';

interface Props {
  opened: boolean;
  sheet: AnswerSheet | null;
  /** Closes the dialog and shows that item. */
  onGoTo: (number: number) => void;
  connected: boolean;
  onClose: () => void;
  onConfirm: () => Promise<SubmitOutcome>;
}

function ItemLinks({ numbers, label, onGoTo, testId }: { numbers: readonly { number: number; text: string }[]; label: string; onGoTo: (n: number) => void; testId: string }) {
  const { t } = useTranslation();
  if (numbers.length === 0) return null;
  return (
    <div>
      <Text fw={500}>{label}</Text>
      <Group gap="xs" data-testid={testId} data-count={numbers.length}>
        {numbers.map((n) => (
          <Anchor component="button" type="button" key={n.number} onClick={() => onGoTo(n.number)} data-testid={`${testId}-${n.number}`} aria-label={t('examDay.submit.goTo', { number: n.number })} miw={24} mih={24} ta="center" display="inline-block">
            {n.text}
          </Anchor>
        ))}
      </Group>
    </div>
  );
}

export function SubmitDialog({ opened, sheet, onGoTo, connected, onClose, onConfirm }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const close = () => {
    if (pending) return;
    setProblem(null);
    onClose();
  };

  const confirm = async () => {
    setPending(true);
    setProblem(null);
    const outcome = await onConfirm();
    setPending(false);
    if (outcome.ok) return;
    setProblem(outcome.reason === 'error' ? errorText(outcome.error) : t(outcome.reason === 'offline' ? 'submit.offline' : 'submit.unsaved'));
  };

  const unanswered = sheet?.unanswered ?? [];
  return (
    <Modal opened={opened} onClose={close} title={t('submit.title')} centered data-testid="submit-dialog">
      <Stack>
        <Text>{t('submit.body')}</Text>
        {sheet && (
          <Text fw={600} data-testid="submit-counts" data-answered={sheet.answered.length} data-unanswered={unanswered.length} data-flagged={sheet.flagged.length}>
            {t('examDay.submit.counts', { answered: sheet.answered.length, unanswered: unanswered.length, flagged: sheet.flagged.length })}
          </Text>
        )}
        <div>
          {/* unanswered-list keeps its test id: item numbers, each a link to the item. */}
          {unanswered.length === 0 && (
            <Text data-testid="unanswered-list" data-count={0}>
              {t('submit.allAnswered')}
            </Text>
          )}
          <ItemLinks numbers={unanswered.map((n) => ({ number: n, text: String(n) }))} label={t('submit.unanswered')} onGoTo={onGoTo} testId="unanswered-list" />
        </div>
        <ItemLinks numbers={(sheet?.flagged ?? []).map((n) => ({ number: n, text: String(n) }))} label={t('examDay.submit.flagged')} onGoTo={onGoTo} testId="flagged-list" />
        <ItemLinks
          numbers={(sheet?.shortOfScreenshots ?? []).map((s) => ({ number: s.number, text: t('examDay.submit.shotsOf', s) }))}
          label={t('examDay.submit.shortScreenshots')}
          onGoTo={onGoTo}
          testId="short-screenshots"
        />
        {problem && (
          <Alert color="red" variant="light" role="alert" data-testid="submit-error">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={pending}>
            {t('app.cancel')}
          </Button>
          <Button color="red" data-testid="submit-confirm" loading={pending} disabled={!connected} onClick={() => void confirm()}>
            {t('submit.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
