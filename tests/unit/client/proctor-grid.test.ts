import { describe, expect, it } from 'vitest';
import type { RoomRow } from '@shared/proctor.ts';
import { addIncident, countByStatus, isNewerRow, mergeSnapshot, remainingFor, upsertRow, viewRows } from '../../../client/src/proctor/gridView.ts';

const row = (seat: string, patch: Partial<RoomRow> = {}): RoomRow => ({
  candidateId: Number(seat),
  seat,
  name: `考生${seat}`,
  ticketNo: `T${seat}`,
  status: 'in_progress',
  sessionId: null,
  answered: 0,
  total: 6,
  deadline: null,
  pausedAt: null,
  endReason: null,
  admitted: false,
  lastSeen: null,
  incidents: 0,
  hasPhoto: false,
  identity: null,
  ...patch,
});

describe('proctor grid', () => {
  const rows = [row('10'), row('2', { status: 'disconnected', incidents: 1 }), row('1', { status: 'submitted', incidents: 3 })];

  it('sorts seats numerically, by status (attention first) or by incidents', () => {
    expect(viewRows(rows, { status: null, sort: 'seat', search: '' }).map((r) => r.seat)).toEqual(['1', '2', '10']);
    expect(viewRows(rows, { status: null, sort: 'status', search: '' }).map((r) => r.seat)).toEqual(['2', '10', '1']);
    expect(viewRows(rows, { status: null, sort: 'incidents', search: '' }).map((r) => r.seat)).toEqual(['1', '2', '10']);
  });

  it('filters by status and by name or ticket', () => {
    expect(viewRows(rows, { status: 'disconnected', sort: 'seat', search: '' }).map((r) => r.seat)).toEqual(['2']);
    expect(viewRows(rows, { status: null, sort: 'seat', search: 't10' }).map((r) => r.seat)).toEqual(['10']);
    expect(countByStatus(rows)).toEqual({ in_progress: 1, disconnected: 1, submitted: 1 });
  });

  it('replaces a pushed row in place and keeps the incident feed free of duplicates', () => {
    const next = upsertRow(rows, row('2', { status: 'in_progress' }));
    expect(next.map((r) => r.status)).toEqual(['in_progress', 'in_progress', 'submitted']);
    const inc = { id: 1, at: 0, candidateId: 1, seat: '1', name: 'x', kind: 'focus_lost' as const, details: {} };
    expect(addIncident(addIncident([], inc), inc)).toHaveLength(1);
  });

  it("keeps the newer of two rows of one candidate whatever order they arrive in (a page that moved node)", () => {
    const offOnB = row('2', { status: 'disconnected', version: 1000 });
    const onOnA = row('2', { status: 'in_progress', version: 1040 });
    for (const order of [[offOnB, onOnA], [onOnA, offOnB]]) {
      const grid = order.reduce((g, r) => upsertRow(g, r), rows);
      expect(grid.find((r) => r.seat === '2')).toMatchObject({ status: 'in_progress', version: 1040 });
    }
    // Same moment: the later arrival (one node's own pushes come in the order computed).
    expect(isNewerRow({ version: 5 }, { version: 5 })).toBe(true);
    // A row without a version (an older server) replaces as before.
    expect(isNewerRow({}, { version: 5 })).toBe(true);
    expect(isNewerRow({ version: 1 }, {})).toBe(true);
  });

  it("lets a room's snapshot replace the grid but keeps a row pushed after the snapshot was read", () => {
    const held = [row('1', { status: 'paused', version: 2000 }), row('2', { status: 'in_progress', version: 500 }), row('3', { version: 2000 })];
    const snapshot = [row('1', { status: 'in_progress', version: 1500 }), row('2', { status: 'submitted', version: 1500 })];
    expect(mergeSnapshot(held, snapshot).map((r) => [r.seat, r.status])).toEqual([
      ['1', 'paused'],
      ['2', 'submitted'],
    ]);
  });

  it('freezes the time left of a paused row', () => {
    expect(remainingFor({ deadline: 1000, pausedAt: 400, status: 'paused' }, 900)).toBe(600);
    expect(remainingFor({ deadline: 1000, pausedAt: null, status: 'in_progress' }, 900)).toBe(100);
    expect(remainingFor({ deadline: 1000, pausedAt: null, status: 'submitted' }, 900)).toBeNull();
  });
});
