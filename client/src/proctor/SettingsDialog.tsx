import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Switch, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../hooks/useErrorText.ts';
import type { Ack } from '@shared/events.ts';
import type { RoomSettings, SignalPolicy, TextPaste } from '@shared/proctor.ts';

/** Per-sitting proctoring policy: admission by the proctor, and what browser signals lead to. */
export function SettingsDialog({ opened, settings, onClose, onSave }: { opened: boolean; settings: RoomSettings | null; onClose: () => void; onSave: (s: RoomSettings, reason: string) => Promise<Ack<RoomSettings>> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<RoomSettings | null>(settings);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) setDraft(settings);
  }, [opened, settings]);
  if (!draft) return null;
  const save = async () => {
    const reply = await onSave(draft, reason.trim());
    if (reply.ok) {
      setReason('');
      setError(null);
      onClose();
    } else setError(errorText(reply.error));
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('proctor.settings')} centered>
      <Stack>
        <Switch label={t('proctor.settingsAdmission')} checked={draft.admissionRequired} onChange={(e) => setDraft({ ...draft, admissionRequired: e.currentTarget.checked })} />
        <Switch label={t('identity.settingsRequired')} checked={draft.identityCheckRequired} onChange={(e) => setDraft({ ...draft, identityCheckRequired: e.currentTarget.checked })} data-testid="settings-identity-required" />
        <Select
          label={t('proctor.settingsPolicy')}
          value={draft.signalPolicy}
          allowDeselect={false}
          data={(['record', 'warn', 'pause'] as const).map((p) => ({ value: p, label: t(`proctor.policy.${p}`) }))}
          onChange={(v) => v && setDraft({ ...draft, signalPolicy: v as SignalPolicy })}
        />
        {draft.signalPolicy === 'pause' && (
          <NumberInput label={t('proctor.settingsPauseAfter')} min={1} max={100} value={draft.pauseAfter} onChange={(v) => setDraft({ ...draft, pauseAfter: Number(v) || 1 })} />
        )}
        <Select
          label={t('proctor.settingsTextPaste')}
          value={draft.textPaste}
          allowDeselect={false}
          data={(['block', 'allow'] as const).map((p) => ({ value: p, label: t(`proctor.textPaste.${p}`) }))}
          onChange={(v) => v && setDraft({ ...draft, textPaste: v as TextPaste })}
          data-testid="settings-text-paste"
        />
        <Switch label={t('proctor.settingsParallelParts')} checked={draft.parallelParts} onChange={(e) => setDraft({ ...draft, parallelParts: e.currentTarget.checked })} data-testid="settings-parallel-parts" />
        <Textarea label={t('proctor.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} required />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('proctor.cancel')}
          </Button>
          <Button disabled={reason.trim().length < 2} onClick={() => void save()}>
            {t('proctor.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
