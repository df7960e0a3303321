import type { CandidateStatus, Incident, RoomRow } from '@shared/proctor.ts';

/** Pure helpers of the proctor grid: filtering, sorting and merging live updates. */

export type SortKey = 'seat' | 'status' | 'incidents';

/** Statuses that need the proctor's eye come first when sorting by status. */
const STATUS_ORDER: CandidateStatus[] = ['disconnected', 'paused', 'waiting', 'not_logged_in', 'in_progress', 'ended_by_proctor', 'submitted', 'absent'];

const bySeat = (a: RoomRow, b: RoomRow) => a.seat.localeCompare(b.seat, 'zh-CN', { numeric: true });

export function viewRows(rows: readonly RoomRow[], opts: { status: CandidateStatus | null; sort: SortKey; search: string }): RoomRow[] {
  const needle = opts.search.trim().toLowerCase();
  const kept = rows.filter(
    (r) => (opts.status === null || r.status === opts.status) && (needle === '' || r.name.toLowerCase().includes(needle) || r.ticketNo.toLowerCase().includes(needle)),
  );
  const compare =
    opts.sort === 'status'
      ? (a: RoomRow, b: RoomRow) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || bySeat(a, b)
      : opts.sort === 'incidents'
        ? (a: RoomRow, b: RoomRow) => b.incidents - a.incidents || bySeat(a, b)
        : bySeat;
  return [...kept].sort(compare);
}

/**
 * Whether `incoming` may replace `held`: rows of one candidate can come from two nodes (a page that
 * moved node) and arrive out of order, so an older one is dropped. Rows without a version (an older
 * server) replace as they come.
 */
export function isNewerRow(incoming: Pick<RoomRow, 'version'>, held: Pick<RoomRow, 'version'>): boolean {
  return incoming.version === undefined || held.version === undefined || incoming.version >= held.version;
}

export function upsertRow(rows: readonly RoomRow[], row: RoomRow): RoomRow[] {
  const i = rows.findIndex((r) => r.candidateId === row.candidateId);
  if (i === -1) return [...rows, row];
  if (!isNewerRow(row, rows[i]!)) return rows.slice();
  const next = rows.slice();
  next[i] = row;
  return next;
}

/** A room's snapshot replaces the grid, but a row pushed after the snapshot was read and arrived before it stays. */
export function mergeSnapshot(held: readonly RoomRow[], snapshot: readonly RoomRow[]): RoomRow[] {
  const byId = new Map(held.map((r) => [r.candidateId, r]));
  return snapshot.map((row) => {
    const kept = byId.get(row.candidateId);
    return kept && !isNewerRow(row, kept) ? kept : row;
  });
}

/** Newest first, without duplicates (a reconnect's snapshot may overlap with pushed incidents), capped. */
export function addIncident(feed: readonly Incident[], incident: Incident, cap = 500): Incident[] {
  if (feed.some((i) => i.id === incident.id)) return feed.slice();
  return [incident, ...feed].slice(0, cap);
}

export function countByStatus(rows: readonly RoomRow[]): Partial<Record<CandidateStatus, number>> {
  const out: Partial<Record<CandidateStatus, number>> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

/** Time left for a row, on the server's clock; a paused session's clock stands still. */
export function remainingFor(row: Pick<RoomRow, 'deadline' | 'pausedAt' | 'status'>, serverNow: number): number | null {
  if (row.deadline === null || (row.status !== 'in_progress' && row.status !== 'paused' && row.status !== 'disconnected')) return null;
  return Math.max(0, row.deadline - (row.pausedAt ?? serverNow));
}
