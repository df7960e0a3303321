import { useEffect, useState } from 'react';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../hooks/useErrorText.ts';
import type { ExamController, ExamSnapshot, LateSyncState } from './examController.ts';
import { canSealJournal, downloadJournalFile, sealJournal } from './journalFile.ts';

/** Re-renders once a second while offline, so "time is up" shows without waiting for another event. */
function useTick(active: boolean) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [active]);
}

/**
 * While the line is down: says when the time is up (nothing more can be answered), and offers the
 * journal as an encrypted file for the proctor when the server cannot be reached at all.
 */
export function OfflineJournal({ controller, snapshot }: { controller: ExamController; snapshot: ExamSnapshot }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const offline = !snapshot.connected;
  useTick(offline);
  if (!offline) return null;
  const timeUp = snapshot.deadline !== null && snapshot.pausedAt === null && controller.serverNow() >= snapshot.deadline;
  const pending = controller.journalForFile();

  async function save() {
    const journal = controller.journalForFile();
    if (!journal) return;
    try {
      const file = await sealJournal(journal.sessionId, journal.key, journal.entries, controller.serverNow());
      const name = `kaochang-${journal.sessionId}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      downloadJournalFile(file, name);
      setSaved(name);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }

  return (
    <Stack gap={0} data-testid="offline-journal">
      {timeUp && (
        <Alert color="orange" m="sm" role="status" data-testid="time-up-offline">
          {t('lateSync.timeUpOffline')}
        </Alert>
      )}
      {pending && canSealJournal() && (
        <Alert color="yellow" m="sm" title={t('lateSync.saveFileTitle')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('lateSync.saveFileText', { n: pending.entries.length })}</Text>
            <Button size="xs" onClick={() => void save()} data-testid="save-journal-file">
              {t('lateSync.saveFile')}
            </Button>
            {saved && <Text size="sm" role="status">{t('lateSync.saved', { name: saved })}</Text>}
            {failed && <Text size="sm" c="red" role="alert">{t('lateSync.saveFailed')}</Text>}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

/** On the ended page: what became of the answers made offline. */
export function LateSyncStatus({ state }: { state: LateSyncState | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!state) return null;
  const text = state.status === 'sending' ? t('lateSync.sending') : state.status === 'held' ? t('lateSync.held', { n: state.entries }) : t('lateSync.refused', { reason: errorText(state.error) });
  return (
    <Alert color={state.status === 'refused' ? 'orange' : 'blue'} role="status" data-testid="late-sync-status" data-status={state.status}>
      {text}
    </Alert>
  );
}
