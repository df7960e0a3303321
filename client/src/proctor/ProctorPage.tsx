import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Container, Grid, Group, Menu, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CandidateStatus, ProctorAction, RoomRow } from '@shared/proctor.ts';
import { ActionDialog, actionLabelKey, type ActionType, type PendingAction } from './ActionDialog.tsx';
import { IdentityCheckDialog } from './identity/IdentityCheckDialog.tsx';
import { countByStatus, viewRows, type SortKey } from './gridView.ts';
import { IncidentFeed } from './IncidentFeed.tsx';
import { LateSyncPanel } from './LateSyncPanel.tsx';
import { RoomGrid } from './RoomGrid.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';
import { useProctorSocket } from './useProctorRoom.ts';
import { useErrorText } from '../hooks/useErrorText.ts';

const STATUSES: CandidateStatus[] = ['not_logged_in', 'waiting', 'in_progress', 'paused', 'disconnected', 'submitted', 'ended_by_proctor', 'absent'];
const roomKey = (sittingId: number, room: string) => `${sittingId}\u0000${room}`;

function useTick(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** 监考台: the proctor's rooms, a live grid of one room and part, its incidents, and every action with a reason. */
export default function ProctorPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [selected, setSelected] = useState<string | null>(null);
  const [partId, setPartId] = useState<number | null>(null);
  const [status, setStatus] = useState<CandidateStatus | null>(null);
  const [sort, setSort] = useState<SortKey>('seat');
  const [search, setSearch] = useState('');
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const [pickedRooms, setPickedRooms] = useState<ReturnType<typeof useProctorSocket>['rooms']>(null);
  const summary = pickedRooms?.find((r) => roomKey(r.sittingId, r.room) === selected) ?? null;
  const sittingPartId = partId ?? summary?.parts[0]?.sittingPartId ?? null;
  const selection = summary && sittingPartId ? { sittingId: summary.sittingId, room: summary.room, sittingPartId } : null;
  const { connected, rooms, room, error, act, saveSettings, lateSyncTick } = useProctorSocket(selection);

  useEffect(() => {
    setPickedRooms(rooms);
    if (!rooms) return;
    // The room on screen was taken away from this proctor: say so rather than freeze on its last state.
    if (selected !== null && !rooms.some((r) => roomKey(r.sittingId, r.room) === selected)) {
      setSelected(null);
      setPartId(null);
      setNotice(t('proctor.roomWithdrawn'));
      return;
    }
    // One room assigned: open it straight away.
    if (rooms.length > 0 && selected === null) setSelected(roomKey(rooms[0]!.sittingId, rooms[0]!.room));
  }, [rooms, selected, t]);

  const now = useTick(1000) + room.offset;
  const formatTime = useCallback((at: number) => new Date(at).toLocaleTimeString(i18n.language, { hour12: false }), [i18n.language]);
  const shown = useMemo(() => viewRows(room.rows, { status, sort, search }), [room.rows, status, sort, search]);
  const counts = useMemo(() => countByStatus(room.rows), [room.rows]);

  const onAction = useCallback((type: ActionType, row: RoomRow | null) => setPending({ type, target: row }), []);
  const submit = async (action: ProctorAction, reason: string) => {
    if (!selection) return { ok: false as const, error: { code: 'INTERNAL' as const, message: 'no room' } };
    const reply = await act({ ...selection, action, reason });
    if (reply.ok) setNotice(t('proctor.done', { count: reply.data.affected }));
    return reply;
  };

  if (rooms && rooms.length === 0) {
    return (
      <Container py="xl">
        <Alert data-testid="proctor-no-rooms">{t('proctor.noRooms')}</Alert>
      </Container>
    );
  }

  const exportLang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const exportUrl = (what: 'incidents' | 'actions') =>
    summary ? `/api/proctor/export.csv?sittingId=${summary.sittingId}&room=${encodeURIComponent(summary.room)}&what=${what}&lang=${exportLang}` : '#';

  return (
    <Container fluid py="md" data-testid="proctor-page">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={2} size="h3">
              {t('proctor.title')}
            </Title>
            <Badge color={connected ? 'green' : 'red'} variant="dot" data-testid="proctor-live">
              {connected ? t('proctor.live') : t('proctor.offline')}
            </Badge>
          </Group>
          <Group gap="sm">
            <Select
              aria-label={t('proctor.room')}
              placeholder={t('proctor.chooseRoom')}
              value={selected}
              allowDeselect={false}
              data={(rooms ?? []).map((r) => ({ value: roomKey(r.sittingId, r.room), label: `${r.sittingName} · ${r.room} (${t('proctor.candidatesCount', { count: r.candidates })})` }))}
              onChange={(v) => {
                setSelected(v);
                setPartId(null);
              }}
              w={420}
              data-testid="room-select"
            />
            {summary && (
              <SegmentedControl
                aria-label={t('proctor.part')}
                value={String(sittingPartId)}
                onChange={(v) => setPartId(Number(v))}
                data={summary.parts.map((p) => ({ value: String(p.sittingPartId), label: t(`proctor.parts.${p.kind}`) }))}
              />
            )}
          </Group>
        </Group>
        {error && <Alert color="red">{errorText(error)}</Alert>}
        {notice && (
          <Alert color="green" withCloseButton onClose={() => setNotice(null)} data-testid="proctor-notice">
            {notice}
          </Alert>
        )}
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label={t('proctor.filterStatus')}
            placeholder={t('proctor.allStatuses')}
            clearable
            value={status}
            onChange={(v) => setStatus(v as CandidateStatus | null)}
            data={STATUSES.map((s) => ({ value: s, label: `${t(`proctor.status.${s}`)} (${counts[s] ?? 0})` }))}
            w={200}
            data-testid="status-filter"
          />
          <Select
            aria-label={t('proctor.sortBy')}
            value={sort}
            allowDeselect={false}
            onChange={(v) => v && setSort(v as SortKey)}
            data={(['seat', 'status', 'incidents'] as const).map((s) => ({ value: s, label: t(`proctor.sort.${s}`) }))}
            w={160}
          />
          <TextInput aria-label={t('proctor.search')} placeholder={t('proctor.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={220} />
          <Menu>
            <Menu.Target>
              <Button variant="light" data-testid="room-actions">
                {t('proctor.roomActions')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(['admit', 'pause', 'resume', 'message', 'mark_absent'] as const).map((type) => (
                <Menu.Item key={type} onClick={() => onAction(type, null)} data-testid={`room-action-${type}`}>
                  {t(actionLabelKey(type, true))}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => setSettingsOpen(true)}>{t('proctor.settings')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Anchor href={exportUrl('incidents')} download>
            {t('proctor.exportIncidents')}
          </Anchor>
          <Anchor href={exportUrl('actions')} download>
            {t('proctor.exportActions')}
          </Anchor>
          <Text size="sm" c="dimmed">
            {shown.length}/{room.rows.length}
          </Text>
        </Group>
        <Grid>
          <Grid.Col span={{ base: 12, lg: 9 }}>
            <RoomGrid rows={shown} now={now} formatTime={formatTime} onAction={onAction} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 3 }}>
            <IncidentFeed incidents={room.incidents} offsetTime={formatTime} />
          </Grid.Col>
        </Grid>
        {summary && <LateSyncPanel key={roomKey(summary.sittingId, summary.room)} room={{ sittingId: summary.sittingId, room: summary.room }} refresh={lateSyncTick} formatTime={formatTime} />}
      </Stack>
      <ActionDialog pending={pending?.type === 'identity_check' ? null : pending} onClose={() => setPending(null)} onSubmit={submit} />
      <IdentityCheckDialog target={pending?.type === 'identity_check' ? pending.target : null} onClose={() => setPending(null)} onSubmit={submit} />
      {summary && <SettingsDialog opened={settingsOpen} settings={room.settings} onClose={() => setSettingsOpen(false)} onSave={(s, reason) => saveSettings(summary, s, reason)} />}
    </Container>
  );
}
