import { useEffect, useState } from 'react';
import { Alert, Badge, Button, FileButton, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { JournalFile, LateSyncRequest } from '@shared/latesync.ts';
import type { RoomRef } from '@shared/proctor.ts';
import { decideLateSync, fetchLateSyncs, lateSyncQueryKey, uploadJournalFile } from '../api/latesync.ts';
import { useErrorText } from '../hooks/useErrorText.ts';

type Pending = { request: LateSyncRequest; accept: boolean };

/**
 * 离线作答补交: answers a candidate made offline before the deadline, held for review. The proctor
 * sees how many, when they were made and the candidate's absences from the incident log, and
 * accepts or refuses with a reason; an answers file from a candidate who could not reach the
 * server is uploaded here into the same review. `refresh` changes when the server says a request
 * of this room arrived or was decided.
 */
export function LateSyncPanel({ room, refresh, formatTime }: { room: RoomRef; refresh: number; formatTime: (at: number) => string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const key = lateSyncQueryKey(room);
  const requests = useQuery({ queryKey: key, queryFn: () => fetchLateSyncs(room) });
  const [pending, setPending] = useState<Pending | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    if (refresh > 0) void queryClient.invalidateQueries({ queryKey: key });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refresh]);

  const upload = useMutation({
    mutationFn: async (file: File) => uploadJournalFile(room, JSON.parse(await file.text()) as JournalFile),
    onSuccess: (receipt) => {
      setNote(t('lateSyncConsole.uploaded', { n: receipt.entries }));
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const rows = requests.data ?? [];
  return (
    <Paper withBorder p="sm" data-testid="late-sync-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('lateSyncConsole.title')}</Title>
          <FileButton accept="application/json,.json" onChange={(file) => file && upload.mutate(file)}>
            {(props) => (
              <Button {...props} size="xs" variant="light" loading={upload.isPending} data-testid="late-sync-upload">
                {t('lateSyncConsole.upload')}
              </Button>
            )}
          </FileButton>
        </Group>
        {upload.isError && <Alert color="red" role="alert">{errorText(upload.error)}</Alert>}
        {note && !upload.isError && <Text size="sm" role="status">{note}</Text>}
        {requests.isError && <Alert color="red">{errorText(requests.error)}</Alert>}
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">{t('lateSyncConsole.empty')}</Text>
        ) : (
          <Table striped data-testid="late-sync-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lateSyncConsole.candidate')}</Table.Th>
                <Table.Th>{t('lateSyncConsole.entries')}</Table.Th>
                <Table.Th>{t('lateSyncConsole.offline')}</Table.Th>
                <Table.Th>{t('lateSyncConsole.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <RequestRow key={r.id} request={r} formatTime={formatTime} onDecide={(accept) => setPending({ request: r, accept })} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {pending && <DecisionDialog room={room} pending={pending} onClose={() => setPending(null)} onDone={() => void queryClient.invalidateQueries({ queryKey: key })} />}
    </Paper>
  );
}

function RequestRow({ request: r, formatTime, onDecide }: { request: LateSyncRequest; formatTime: (at: number) => string; onDecide: (accept: boolean) => void }) {
  const { t } = useTranslation();
  const minutes = (from: number, to: number) => Math.max(1, Math.round((to - from) / 60_000));
  return (
    <Table.Tr data-testid="late-sync-row" data-status={r.status}>
      <Table.Td>
        {r.seat} {r.name}
        <Text size="xs" c="dimmed">{r.source === 'file' ? t('lateSyncConsole.sourceFile') : t('lateSyncConsole.sourceSocket')}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t('lateSyncConsole.entriesValue', { n: r.entries, applicable: r.applicable })}</Text>
        {r.firstMadeAt !== null && r.lastMadeAt !== null && (
          <Text size="xs" c="dimmed">{t('lateSyncConsole.madeBetween', { from: formatTime(r.firstMadeAt), to: formatTime(r.lastMadeAt), deadline: formatTime(r.deadline) })}</Text>
        )}
        <Group gap={4} mt={2}>
          {r.flags.map((f) => (
            <Badge key={f} size="xs" color={f === 'not_offline_at_deadline' || f === 'seq_not_monotonic' ? 'red' : 'gray'} variant="light">
              {t(`lateSyncConsole.flag.${f}`)}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        {r.offline.length === 0 ? (
          <Text size="xs">{t('lateSyncConsole.offlineNone')}</Text>
        ) : (
          r.offline.map((s) => (
            <Text size="xs" key={s.from}>
              {s.to === null ? t('lateSyncConsole.offlineOpen', { from: formatTime(s.from) }) : t('lateSyncConsole.offlineSpan', { from: formatTime(s.from), to: formatTime(s.to), minutes: minutes(s.from, s.to) })}
            </Text>
          ))
        )}
      </Table.Td>
      <Table.Td>
        {r.status === 'pending' ? (
          <Group gap={4}>
            <Button size="compact-xs" onClick={() => onDecide(true)} data-testid="late-sync-accept">
              {t('lateSyncConsole.accept')}
            </Button>
            <Button size="compact-xs" color="red" variant="light" onClick={() => onDecide(false)} data-testid="late-sync-refuse">
              {t('lateSyncConsole.refuse')}
            </Button>
          </Group>
        ) : (
          <Stack gap={0}>
            <Text size="sm">{r.status === 'accepted' ? t('lateSyncConsole.statusAccepted', { n: r.applied ?? 0 }) : t('lateSyncConsole.statusRefused')}</Text>
            {r.reason && <Text size="xs" c="dimmed">{r.reason}</Text>}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function DecisionDialog({ room, pending, onClose, onDone }: { room: RoomRef; pending: Pending; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: () => decideLateSync(room, pending.request.id, pending.accept, reason.trim()),
    onSuccess: () => {
      onDone();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} centered title={`${pending.accept ? t('lateSyncConsole.accept') : t('lateSyncConsole.refuse')}: ${pending.request.seat} ${pending.request.name}`}>
      <Stack>
        <Text size="sm">{pending.accept ? t('lateSyncConsole.confirmAccept', { n: pending.request.applicable }) : t('lateSyncConsole.confirmRefuse')}</Text>
        <Textarea label={t('lateSyncConsole.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} autosize minRows={2} required data-testid="late-sync-reason" />
        {decide.isError && <Alert color="red" role="alert">{errorText(decide.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('lateSyncConsole.cancel')}
          </Button>
          <Button color={pending.accept ? 'blue' : 'red'} disabled={reason.trim() === ''} loading={decide.isPending} onClick={() => decide.mutate()} data-testid="late-sync-confirm">
            {pending.accept ? t('lateSyncConsole.accept') : t('lateSyncConsole.refuse')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
