import { useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../hooks/useErrorText.ts';
import type { ProctorAction, ProctorActionResult, RoomRow } from '@shared/proctor.ts';
import type { Ack } from '@shared/events.ts';
import { CandidatePhoto } from './identity/CandidatePhoto.tsx';

export type ActionType = ProctorAction['type'];
export type PendingAction = { type: ActionType; target: RoomRow | null };

/** The label of an action as the menu and the dialog title show it (room-wide variants differ). */
export function actionLabelKey(type: ActionType, wholeRoom: boolean) {
  if (wholeRoom && type === 'admit') return 'proctor.action.admitRoom' as const;
  if (wholeRoom && type === 'pause') return 'proctor.action.pauseRoom' as const;
  if (wholeRoom && type === 'resume') return 'proctor.action.resumeRoom' as const;
  if (wholeRoom && type === 'message') return 'proctor.action.messageRoom' as const;
  return `proctor.action.${type}` as const;
}

function toAction(type: ActionType, candidateId: number | undefined, minutes: number, text: string): ProctorAction {
  const one = candidateId === undefined ? {} : { candidateId };
  switch (type) {
    case 'extend':
      return { type, candidateId: candidateId ?? 0, minutes };
    case 'move':
      return { type, candidateId: candidateId ?? 0 };
    case 'force_submit':
      return { type, candidateId: candidateId ?? 0 };
    case 'violation':
      return { type, candidateId: candidateId ?? 0 };
    case 'mark_absent':
      return { type };
    case 'message':
      return { type, text, ...one };
    case 'admit':
    case 'pause':
    case 'resume':
      return { type, ...one };
    case 'identity_check':
      // Recorded through IdentityCheckDialog, never here.
      return { type, candidateId: candidateId ?? 0, outcome: 'passed', method: 'id_card' };
  }
}

/** Every proctor action goes through here: it cannot be sent without a reason. */
export function ActionDialog({ pending, onClose, onSubmit }: { pending: PendingAction | null; onClose: () => void; onSubmit: (action: ProctorAction, reason: string) => Promise<Ack<ProctorActionResult>> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState<number | string>(10);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setReason('');
    setText('');
    setMinutes(10);
    setError(null);
    onClose();
  };

  if (!pending) return null;
  const target = pending.target;
  const title = t('proctor.confirmTitle', { action: t(actionLabelKey(pending.type, !target)), target: target ? `${target.seat} ${target.name}` : t('proctor.wholeRoom') });
  const valid = reason.trim().length >= 2 && (pending.type !== 'message' || text.trim().length > 0) && (pending.type !== 'extend' || (Number(minutes) >= 1 && Number(minutes) <= 120));

  const submit = async () => {
    setBusy(true);
    const reply = await onSubmit(toAction(pending.type, target?.candidateId, Number(minutes), text.trim()), reason.trim());
    setBusy(false);
    if (reply.ok) close();
    else setError(errorText(reply.error));
  };

  return (
    <Modal opened onClose={close} title={title} centered>
      <Stack>
        {pending.type === 'violation' && <Alert color="red">{t('proctor.violationWarning')}</Alert>}
        {pending.type === 'admit' && target && <CandidatePhoto row={target} large />}
        {pending.type === 'extend' && <NumberInput label={t('proctor.minutes')} min={1} max={120} value={minutes} onChange={setMinutes} data-testid="action-minutes" />}
        {pending.type === 'message' && <Textarea label={t('proctor.messageText')} value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={1000} autosize minRows={2} data-testid="action-text" />}
        <Textarea label={t('proctor.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} autosize minRows={2} required data-testid="action-reason" />
        {error && (
          <Alert color="red" data-testid="action-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('proctor.cancel')}
          </Button>
          <Button color={pending.type === 'violation' ? 'red' : undefined} disabled={!valid} loading={busy} onClick={() => void submit()} data-testid="action-confirm">
            {t('proctor.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
