import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SessionView } from '@shared/events.ts';
import { bankIdOf, emit, keyInView, nextEvent, TestExam, unwrap } from '../helpers/test-exam.ts';
import { describeStores } from '../helpers/stores.ts';

const MIN = 60_000;

await describeStores('theory session over Socket.IO', (dialect) => {
  let t: TestExam;
  beforeEach(async () => {
    t = await TestExam.start({}, { store: dialect });
  });
  afterEach(async () => {
    await t.close();
  });

  async function startAs(index = 0) {
    const cookie = await t.loginCandidate(index);
    const socket = await t.socket(cookie);
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    return { cookie, socket, view };
  }

  const firstOf = (view: SessionView, type: string) => view.items.find((i) => i.type === type)!;

  it('starts with deadline = start + 90 minutes and is idempotent', async () => {
    const { socket, view } = await startAs();
    expect(view.status).toBe('in_progress');
    expect(view.startedAt).toBe(t.clock.now());
    expect(view.deadline).toBe(t.clock.now() + 90 * MIN);
    expect(view.items).toHaveLength(6);
    t.clock.advance(5 * MIN);
    const again = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(again.sessionId).toBe(view.sessionId);
    expect(again.deadline).toBe(view.deadline);
    expect(again.serverNow).toBe(t.clock.now());
  });

  it('acks every save with a revision and keeps it in the database', async () => {
    const { socket, view } = await startAs();
    const item = firstOf(view, 'single');
    const first = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'c1' }));
    expect(first).toMatchObject({ revision: 1, changeId: 'c1', receivedAt: t.clock.now() });
    const second = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[1]!.id] }, flagged: true, changeId: 'c2' }));
    expect(second.revision).toBe(2);
    const rows = (await t.query('select response_json, flagged, revision from answers where session_id = ?', [view.sessionId]));
    // Stored in the bank's ids, whatever the candidate's browser calls the option.
    expect(rows).toEqual([{ response_json: JSON.stringify({ choices: [await bankIdOf(t, view, item.id, item.options[1]!.id)] }), flagged: 1, revision: 2 }]);
    expect(second.response).toEqual({ choices: [item.options[1]!.id] });
    const history = (await t.one("select count(*) as n from audit_log where action = 'answer.saved'")) as { n: number };
    expect(history.n).toBe(2);
  });

  // SQLite refuses every write (query_only); PostgreSQL has no such switch for open connections, so answers refuse theirs.
  const refuseWrites = async (on: boolean) => {
    if (t.dialect === 'sqlite') t.sqlite.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
    else await t.query(on ? 'alter table answers add constraint test_refuses_writes check (false) not valid' : 'alter table answers drop constraint test_refuses_writes');
  };

  it('never acks a save the database could not persist, and takes it again once it can', async () => {
    const { socket, view } = await startAs();
    const item = firstOf(view, 'single');
    const save = { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'ro' };
    await refuseWrites(true);
    expect(await emit(socket, 'answer:save', save)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await refuseWrites(false);
    expect(await t.one('select count(*) as n from answers')).toEqual({ n: 0 });
    expect(unwrap(await emit(socket, 'answer:save', save)).revision).toBe(1);
  });

  it('restores saved answers and the deadline after a reconnect and in a second tab', async () => {
    const { cookie, socket, view } = await startAs();
    const multi = firstOf(view, 'multi');
    const choices = multi.options.slice(0, 2).map((o) => o.id);
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: multi.id, response: { choices }, flagged: true, changeId: 'x' }));
    socket.disconnect();
    const tab2 = await t.socket(cookie);
    const restored = unwrap(await emit(tab2, 'session:resume', { sessionId: view.sessionId }));
    expect(restored.deadline).toBe(view.deadline);
    const saved = restored.answers.find((a) => a.itemId === multi.id)!;
    expect(saved.flagged).toBe(true);
    expect(new Set((saved.response as { choices: string[] }).choices)).toEqual(new Set(choices));
    // Same candidate, same order of items and options in every tab.
    expect(restored.items).toEqual(view.items);
    // Pressing start again finds the session: its answers are read (only a session just inserted has none).
    const again = unwrap(await emit(tab2, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(again.sessionId).toBe(view.sessionId);
    expect(again.answers.map((a) => a.itemId)).toEqual([multi.id]);
  });

  it('tells the other tabs of the same candidate about a save', async () => {
    const { cookie, socket, view } = await startAs();
    const other = await t.socket(cookie);
    const heard = nextEvent(other, 'answer:saved');
    const tf = firstOf(view, 'truefalse');
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: tf.id, response: { choices: [tf.options[0]!.id] }, flagged: false, changeId: 'tab' }));
    expect(await heard).toMatchObject({ itemId: tf.id, revision: 1, changeId: 'tab' });
  });

  it('ends the session at the deadline by itself, scores it, and notifies the candidate', async () => {
    const { socket, view } = await startAs();
    const ended = nextEvent(socket, 'session:ended');
    t.clock.advance(90 * MIN);
    expect(await ended).toEqual({ sessionId: view.sessionId, endedAt: view.deadline, endReason: 'deadline' });
    const score = (await t.one('select score, passed from scores where session_id = ?', [view.sessionId]));
    expect(score).toEqual({ score: 0, passed: 0 });
  });

  it('ends an unattended session at the deadline with no browser connected', async () => {
    const { socket, view } = await startAs();
    socket.disconnect();
    await t.advance(90 * MIN + 1);
    const row = (await t.one('select status, end_reason, ended_at from exam_sessions where id = ?', [view.sessionId]));
    expect(row).toEqual({ status: 'ended', end_reason: 'deadline', ended_at: view.deadline });
  });

  it('finalises overdue sessions on boot after a restart, and keeps running ones running', async () => {
    const a = await startAs(0);
    t.clock.advance(60 * MIN);
    const b = await startAs(1);
    await t.stopServer();
    t.clock.jump(31 * MIN); // a is overdue, b has 59 minutes left; no server was running to notice
    await t.restart();
    const rows = (await t.query('select id, status, end_reason, ended_at, deadline from exam_sessions order by id')) as any[];
    expect(rows[0]).toMatchObject({ id: a.view.sessionId, status: 'ended', end_reason: 'deadline', ended_at: a.view.deadline });
    expect(rows[1]).toMatchObject({ id: b.view.sessionId, status: 'in_progress', deadline: b.view.deadline });
    await t.advance(59 * MIN);
    const bRow = (await t.one('select status from exam_sessions where id = ?', [b.view.sessionId]));
    expect(bRow).toEqual({ status: 'ended' });
  });

  it('refuses a write that arrives after the deadline, even before the timer has run', async () => {
    const { socket, view } = await startAs();
    const item = firstOf(view, 'single');
    t.clock.jump(90 * MIN);
    const late = await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'late' });
    expect(late).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    await t.advance(0);
    const afterEnd = await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: null, flagged: false, changeId: 'later' });
    expect(afterEnd).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    expect(await t.one('select count(*) as n from answers')).toEqual({ n: 0 });
  });

  it('records a submission that arrives after the deadline as ended by the deadline', async () => {
    const { socket, view } = await startAs();
    t.clock.jump(90 * MIN + 500);
    expect(await emit(socket, 'session:submit', { sessionId: view.sessionId })).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    const row = (await t.one('select status, end_reason, ended_at from exam_sessions where id = ?', [view.sessionId]));
    expect(row).toEqual({ status: 'ended', end_reason: 'deadline', ended_at: view.deadline });
  });

  it('scores a manual submission and shows the score only after release', async () => {
    const { cookie, socket, view } = await startAs();
    const keys = (await t.query('select id, answer_key_json from paper_items')) as { id: number; answer_key_json: string }[];
    for (const k of keys) {
      unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: k.id, response: { choices: await keyInView(t, view, k.id) }, flagged: false, changeId: `k${k.id}` }));
    }
    const submitted = unwrap(await emit(socket, 'session:submit', { sessionId: view.sessionId }));
    expect(submitted).toMatchObject({ answered: 6, total: 6 });
    const again = await emit(socket, 'session:submit', { sessionId: view.sessionId });
    expect(again).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });

    const before = await t.http('GET', '/api/candidate/overview', { cookie });
    expect(before.json.parts[0]).toMatchObject({ session: { status: 'ended', endReason: 'submitted' }, result: null });

    const admin = await t.loginStaff('admin');
    const results = await t.http('GET', `/api/admin/parts/${t.exam.theoryPartId}/results`, { cookie: admin });
    expect(results.json[0]).toMatchObject({ ticketNo: 'T0001', score: 100, passed: true });
    // The other candidate could still start: no release until the part is over.
    const early = await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/release`, { cookie: admin });
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ code: 'CONFLICT', key: 'resultsRelease.stillOpen', params: { inProgress: 0, couldStart: 1 } });
    await t.advance(4 * 60 * 60_000);
    const release = await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/release`, { cookie: admin });
    expect(release.status).toBe(200);
    const after = await t.http('GET', '/api/candidate/overview', { cookie });
    expect(after.json.parts[0].result).toEqual({ score: 100, passed: true });
  });

  it('keeps candidate A out of candidate B\'s session', async () => {
    const b = await startAs(1);
    const { socket } = await startAs(0);
    const item = firstOf(b.view, 'single');
    for (const [event, payload] of [
      ['session:resume', { sessionId: b.view.sessionId }],
      ['answer:save', { sessionId: b.view.sessionId, itemId: item.id, response: null, flagged: true, changeId: 'evil' }],
      ['session:submit', { sessionId: b.view.sessionId }],
    ] as const) {
      expect(await emit(socket, event as any, payload as any)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await t.one('select status from exam_sessions where id = ?', [b.view.sessionId])).toEqual({ status: 'in_progress' });
    expect(await t.one('select count(*) as n from answers')).toEqual({ n: 0 });
  });
});
