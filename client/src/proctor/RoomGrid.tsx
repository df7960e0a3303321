import { memo } from 'react';
import { ActionIcon, Badge, Menu, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CandidateStatus, RoomRow } from '@shared/proctor.ts';
import { formatHms } from '../exam/clockOffset.ts';
import type { ActionType } from './ActionDialog.tsx';
import { remainingFor } from './gridView.ts';
import { CandidatePhoto, IdentityBadge } from './identity/CandidatePhoto.tsx';

const STATUS_COLOR: Record<CandidateStatus, string> = {
  not_logged_in: 'gray',
  waiting: 'blue',
  in_progress: 'green',
  paused: 'yellow',
  disconnected: 'red',
  submitted: 'teal',
  ended_by_proctor: 'grape',
  absent: 'dark',
};

/** Which actions make sense for a row in its current status; the server checks again. */
function actionsFor(row: RoomRow): ActionType[] {
  const running = row.status === 'in_progress' || row.status === 'disconnected';
  const out: ActionType[] = [];
  if (row.sessionId === null) out.push('identity_check');
  if (!row.admitted && row.sessionId === null) out.push('admit');
  if (running) out.push('pause', 'extend');
  if (row.status === 'paused') out.push('resume', 'extend');
  if (running || row.status === 'paused') out.push('force_submit', 'violation');
  if (row.status !== 'absent') out.push('move', 'message');
  return out;
}

/** What the exam office planned for this candidate (extra time, large print…), so the room can prepare. */
function PlannedBadge({ row }: { row: RoomRow }) {
  const { t } = useTranslation();
  const a = row.accommodations;
  if (!a) return null;
  const parts = [
    a.extraTime.theory && `${t('accommodations.theory')} +${a.extraTime.theory.value}${a.extraTime.theory.unit === 'percent' ? '%' : ''}`,
    a.extraTime.skills && `${t('accommodations.skills')} +${a.extraTime.skills.value}${a.extraTime.skills.unit === 'percent' ? '%' : ''}`,
    a.separateRoom && t('accommodations.separateRoom'),
    a.largePrint && t('accommodations.largePrint'),
    a.screenReader && t('accommodations.screenReader'),
    a.other,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="row-accommodations">
      {t('accommodations.badge')}: {parts.join('、')}
    </Text>
  );
}

const Row = memo(function Row({ row, now, formatTime, onAction }: { row: RoomRow; now: number | null; formatTime: (at: number) => string; onAction: (type: ActionType, row: RoomRow) => void }) {
  const { t } = useTranslation();
  const left = now === null ? null : remainingFor(row, now);
  const actions = actionsFor(row);
  return (
    <Table.Tr data-testid="grid-row" data-ticket={row.ticketNo} data-status={row.status}>
      <Table.Td>{row.seat}</Table.Td>
      <Table.Td>
        <CandidatePhoto row={row} />
      </Table.Td>
      <Table.Td>
        {row.name}
        <PlannedBadge row={row} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace">
          {row.ticketNo}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[row.status]} variant="light" data-testid="row-status">
          {t(`proctor.status.${row.status}`)}
        </Badge>
        {row.admitted && row.sessionId === null && (
          <Badge color="blue" variant="outline" ml={4}>
            {t('proctor.admitted')}
          </Badge>
        )}
        <IdentityBadge identity={row.identity} />
      </Table.Td>
      <Table.Td data-testid="row-answered">
        {row.answered}/{row.total}
      </Table.Td>
      <Table.Td ff="monospace">
        {left === null ? '—' : formatHms(left)}
        {row.deadline !== null && ((row.plannedExtraMinutes ?? 0) > 0 || (row.incidentExtraMinutes ?? 0) > 0) && (
          <Text size="xs" c="dimmed" data-testid="row-adjusted-end">
            {formatTime(row.deadline)} (+{(row.plannedExtraMinutes ?? 0) + (row.incidentExtraMinutes ?? 0)})
          </Text>
        )}
      </Table.Td>
      <Table.Td>{row.lastSeen === null ? '—' : formatTime(row.lastSeen)}</Table.Td>
      <Table.Td>
        {row.incidents > 0 ? (
          <Badge color="orange" variant="filled">
            {row.incidents}
          </Badge>
        ) : (
          '0'
        )}
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" aria-label={t('proctor.columns.actions')} data-testid="row-actions">
              ⋯
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {actions.map((type) => (
              <Menu.Item key={type} color={type === 'violation' ? 'red' : undefined} onClick={() => onAction(type, row)} data-testid={`row-action-${type}`}>
                {t(`proctor.action.${type}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
});

const TICKING = new Set<CandidateStatus>(['in_progress', 'disconnected']);

/** The live grid; only rows whose clock runs re-render every second. */
export function RoomGrid({ rows, now, formatTime, onAction }: { rows: readonly RoomRow[]; now: number; formatTime: (at: number) => string; onAction: (type: ActionType, row: RoomRow) => void }) {
  const { t } = useTranslation();
  const cols = ['seat', 'photo', 'name', 'ticket', 'status', 'answered', 'remaining', 'lastSeen', 'incidents', 'actions'] as const;
  return (
    <Table.ScrollContainer minWidth={900} maxHeight={640}>
      <Table striped highlightOnHover stickyHeader verticalSpacing={4} data-testid="room-grid">
        <Table.Thead>
          <Table.Tr>
            {cols.map((c) => (
              <Table.Th key={c}>{t(`proctor.columns.${c}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Row key={row.candidateId} row={row} now={TICKING.has(row.status) ? now : row.status === 'paused' ? 0 : null} formatTime={formatTime} onAction={onAction} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
