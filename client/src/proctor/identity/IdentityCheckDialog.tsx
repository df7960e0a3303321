import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Ack } from '@shared/events.ts';
import type { IdentityMethod, IdentityOutcome, ProctorAction, ProctorActionResult, RoomRow } from '@shared/proctor.ts';
import { useErrorText } from '../../hooks/useErrorText.ts';
import { CandidatePhoto } from './CandidatePhoto.tsx';

const OUTCOMES = ['passed', 'passed_with_note', 'refused'] as const satisfies readonly IdentityOutcome[];
const METHODS = ['id_card', 'photo', 'other'] as const satisfies readonly IdentityMethod[];

/**
 * 人证核验 at the door: the application photo beside the person, the outcome and how it was checked,
 * then (when it passed and the candidate is not in yet) the admission in the same step.
 */
export function IdentityCheckDialog({ target, onClose, onSubmit }: { target: RoomRow | null; onClose: () => void; onSubmit: (action: ProctorAction, reason: string) => Promise<Ack<ProctorActionResult>> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [outcome, setOutcome] = useState<IdentityOutcome>('passed');
  const [method, setMethod] = useState<IdentityMethod>('id_card');
  const [note, setNote] = useState('');
  const [admit, setAdmit] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!target) return null;

  const close = () => {
    setOutcome('passed');
    setMethod('id_card');
    setNote('');
    setAdmit(true);
    setError(null);
    onClose();
  };
  const needsNote = outcome !== 'passed';
  const valid = !needsNote || note.trim().length >= 2;
  const canAdmit = outcome !== 'refused' && !target.admitted && target.sessionId === null;

  const submit = async () => {
    setBusy(true);
    // The reason every proctor action carries: the note when there is one, else the outcome as worded.
    const reason = note.trim() || `${t(`identity.outcomes.${outcome}`)} (${t(`identity.methods.${method}`)})`;
    const checked = await onSubmit({ type: 'identity_check', candidateId: target.candidateId, outcome, method, ...(note.trim() ? { note: note.trim() } : {}) }, reason);
    const admitted = checked.ok && canAdmit && admit ? await onSubmit({ type: 'admit', candidateId: target.candidateId }, reason) : checked;
    setBusy(false);
    if (admitted.ok) close();
    else setError(errorText(admitted.error));
  };

  return (
    <Modal opened onClose={close} title={t('identity.title', { target: `${target.seat} ${target.name}` })} centered size="lg">
      <Stack>
        <Group align="flex-start" wrap="nowrap">
          <Stack gap={4} miw={180}>
            <Text size="sm" fw={500}>
              {t('identity.photo')}
            </Text>
            <CandidatePhoto row={target} large />
          </Stack>
          <Stack style={{ flex: 1 }}>
            <Radio.Group label={t('identity.outcome')} value={outcome} onChange={(v) => setOutcome(v as IdentityOutcome)}>
              <Stack gap={6} mt={4}>
                {OUTCOMES.map((o) => (
                  <Radio key={o} value={o} label={t(`identity.outcomes.${o}`)} data-testid={`identity-outcome-${o}`} />
                ))}
              </Stack>
            </Radio.Group>
            <Select label={t('identity.method')} value={method} allowDeselect={false} onChange={(v) => v && setMethod(v as IdentityMethod)} data={METHODS.map((m) => ({ value: m, label: t(`identity.methods.${m}`) }))} data-testid="identity-method" />
            <Textarea label={t('identity.note')} placeholder={t('identity.notePlaceholder')} required={needsNote} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} autosize minRows={2} data-testid="identity-note" />
            {canAdmit && <Checkbox label={t('identity.admitNow')} checked={admit} onChange={(e) => setAdmit(e.currentTarget.checked)} data-testid="identity-admit" />}
          </Stack>
        </Group>
        <Text size="xs" c="dimmed">
          {t('identity.privacy')}
        </Text>
        {error && (
          <Alert color="red" data-testid="identity-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('proctor.cancel')}
          </Button>
          <Button color={outcome === 'refused' ? 'red' : undefined} disabled={!valid} loading={busy} onClick={() => void submit()} data-testid="identity-confirm">
            {t('identity.record')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
