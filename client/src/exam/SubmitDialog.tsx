import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../hooks/useErrorText.ts';
import type { SubmitOutcome } from './examController.ts';

interface Props {
  opened: boolean;
  unanswered: readonly number[];
  connected: boolean;
  onClose: () => void;
  onConfirm: () => Promise<SubmitOutcome>;
}

export function SubmitDialog({ opened, unanswered, connected, onClose, onConfirm }: Props) {
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

  return (
    <Modal opened={opened} onClose={close} title={t('submit.title')} centered data-testid="submit-dialog">
      <Stack>
        <Text>{t('submit.body')}</Text>
        <div>
          {unanswered.length > 0 && <Text fw={500}>{t('submit.unanswered')}</Text>}
          <Text data-testid="unanswered-list" data-count={unanswered.length}>
            {unanswered.length > 0 ? unanswered.join(t('submit.listSeparator')) : t('submit.allAnswered')}
          </Text>
        </div>
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
