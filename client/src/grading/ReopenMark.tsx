import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ScriptSummary } from '@shared/grading.ts';
import { reopenMark } from '../api/grading.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

/** Withdraws a submitted mark, with a reason, so the script is marked again (the server decides who may). */
export function ReopenMark({ script, onReopened }: { script: ScriptSummary; onReopened: (s: ScriptSummary) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () => reopenMark(script.code, script.paperItemId, { reason: reason.trim() }),
    onSuccess: (s) => {
      setOpened(false);
      setReason('');
      onReopened(s);
    },
  });
  return (
    <>
      <Button size="compact-xs" variant="subtle" onClick={() => setOpened(true)} data-testid={`reopen-${script.code}-${script.position}`}>
        {t('grading.reopen.action')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('grading.reopen.title', { n: script.position, code: script.code })} centered>
        <Stack>
          <Text size="sm">{t('grading.reopen.body')}</Text>
          <Textarea label={t('grading.reopen.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-testid="reopen-reason" />
          {reopen.isError && <ErrorAlert error={reopen.error} testId="reopen-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('app.cancel')}
            </Button>
            <Button color="orange" disabled={reason.trim().length < 2} loading={reopen.isPending} onClick={() => reopen.mutate()} data-testid="reopen-confirm">
              {t('grading.reopen.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
