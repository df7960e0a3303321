import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProctorActionRequest, ProctorMessage, RoomRow } from '@shared/proctor.ts';
import { hashPassword } from '../../../server/src/features/auth/passwords.ts';
import { emit, keyInView, nextEvent, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const MIN = 60_000;
const ROOM = '测试考场';

type RowEvent = RoomRow & { sittingId: number; room: string };

/** Resolves with the first grid row pushed to the proctor that matches. */
function rowWhere(socket: ClientSocket, match: (row: RowEvent) => boolean, timeoutMs = 5000): Promise<RowEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('proctor:row', on);
      reject(new Error('no matching proctor:row'));
    }, timeoutMs);
    const on = (row: RowEvent) => {
      if (!match(row)) return;
      clearTimeout(timer);
      socket.off('proctor:row', on);
      resolve(row);
    };
    socket.on('proctor:row', on);
  });
}

await describeStores('proctor console over Socket.IO', (dialect) => {
  let t: TestExam;
  let proctor: ClientSocket;
  let candidateIds: number[];

  beforeEach(async () => {
    t = await TestExam.start({}, { store: dialect });
    candidateIds = ((await t.query('select id from candidates order by id')) as { id: number }[]).map((r) => r.id);
    proctor = await t.socket(await t.loginStaff('proctor'));
  });
  afterEach(async () => {
    await t.close();
  });

  const watch = async () => unwrap(await emit(proctor, 'proctor:watch', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId }));
  const act = (action: ProctorActionRequest['action'], reason = 'checked on the camera', socket = proctor) =>
    emit(socket, 'proctor:action', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId, action, reason });

  async function startAs(index: number) {
    const cookie = await t.loginCandidate(index);
    const socket = await t.socket(cookie);
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    return { cookie, socket, view };
  }

  function saveFirst(socket: ClientSocket, view: { sessionId: number; items: { id: number; options: { id: string }[] }[] }, changeId = 'c1') {
    const item = view.items[0]!;
    return emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId });
  }

  const sessionRow = async (id: number) => (await t.one('select * from exam_sessions where id = ?', [id])) as { status: string; deadline: number; paused_at: number | null; end_reason: string | null };
  const auditOf = async (action: string) => (await t.query('select * from audit_log where action = ? order by id', [action])) as { actor_user_id: number | null; details_json: string }[];

  it('shows the room and pushes each status change: waiting, in progress, answered, submitted', async () => {
    const snapshot = await watch();
    expect(snapshot.rows.map((r) => [r.seat, r.status, r.total])).toEqual([
      ['01', 'not_logged_in', 6],
      ['02', 'not_logged_in', 6],
    ]);
    const waiting = rowWhere(proctor, (r) => r.status === 'waiting');
    const cookie = await t.loginCandidate(0);
    const socket = await t.socket(cookie);
    expect((await waiting).candidateId).toBe(candidateIds[0]);

    const started = rowWhere(proctor, (r) => r.status === 'in_progress');
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(await started).toMatchObject({ sessionId: view.sessionId, deadline: view.deadline, answered: 0 });

    const answered = rowWhere(proctor, (r) => r.answered === 1);
    unwrap(await saveFirst(socket, view));
    await answered;

    const submitted = rowWhere(proctor, (r) => r.status === 'submitted');
    unwrap(await emit(socket, 'session:submit', { sessionId: view.sessionId }));
    expect(await submitted).toMatchObject({ endReason: 'submitted', answered: 1 });

    const gone = rowWhere(proctor, (r) => r.candidateId === candidateIds[0] && r.status === 'submitted' && r.lastSeen !== null);
    socket.disconnect();
    await gone;
  });

  it('pause stops the clock: no saves while paused, and resume moves the deadline by exactly the paused time', async () => {
    await watch();
    const { socket, view } = await startAs(0);
    const original = view.deadline!;
    await t.advance(10 * MIN);

    const paused = nextEvent(socket, 'session:paused');
    expect(unwrap(await act({ type: 'pause', candidateId: candidateIds[0]! }, 'candidate feels unwell'))).toEqual({ affected: 1 });
    expect(await paused).toMatchObject({ sessionId: view.sessionId, pausedAt: t.clock.now(), deadline: original, reason: 'candidate feels unwell' });
    expect(await saveFirst(socket, view)).toMatchObject({ ok: false, error: { code: 'SESSION_PAUSED' } });
    expect(await emit(socket, 'session:submit', { sessionId: view.sessionId })).toMatchObject({ ok: false, error: { code: 'SESSION_PAUSED' } });
    expect(unwrap(await emit(socket, 'session:resume', { sessionId: view.sessionId })).pausedAt).toBe(t.clock.now());

    // Far past the original deadline: a paused session does not end.
    await t.advance(100 * MIN + 7);
    await t.app.sessions.flushDeadlines();
    expect((await sessionRow(view.sessionId)).status).toBe('in_progress');

    const moved = nextEvent(socket, 'session:deadline');
    unwrap(await act({ type: 'resume', candidateId: candidateIds[0]! }, 'feels better'));
    const expected = original + 100 * MIN + 7;
    expect((await moved).deadline).toBe(expected);
    expect(await sessionRow(view.sessionId)).toMatchObject({ deadline: expected, paused_at: null });
    unwrap(await saveFirst(socket, view, 'after'));

    await t.advance(expected - t.clock.now() - 1);
    expect((await sessionRow(view.sessionId)).status).toBe('in_progress');
    const ended = nextEvent(socket, 'session:ended');
    await t.advance(1);
    expect(await ended).toMatchObject({ endReason: 'deadline', endedAt: expected });

    const actions = (await auditOf('proctor.pause'));
    expect(actions).toHaveLength(1);
    expect(JSON.parse(actions[0]!.details_json)).toMatchObject({ reason: 'candidate feels unwell', candidateId: candidateIds[0], room: ROOM });
  });

  it('a paused session stays paused across a restart, past its deadline', async () => {
    const { view } = await startAs(0);
    unwrap(await act({ type: 'pause' }, 'fire alarm'));
    await t.restart();
    await t.advance(200 * MIN);
    await t.app.sessions.flushDeadlines();
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'in_progress', paused_at: view.startedAt });
    proctor = await t.socket(await t.loginStaff('proctor'));
    unwrap(await act({ type: 'resume' }, 'alarm over'));
    expect((await sessionRow(view.sessionId)).deadline).toBe(view.deadline! + 200 * MIN);
  });

  it('pauses and resumes the whole room together', async () => {
    const a = await startAs(0);
    const b = await startAs(1);
    const paused = Promise.all([nextEvent(a.socket, 'session:paused'), nextEvent(b.socket, 'session:paused')]);
    expect(unwrap(await act({ type: 'pause' }, 'power cut in the room'))).toEqual({ affected: 2 });
    expect((await paused).map((p) => p.pausedAt)).toEqual([t.clock.now(), t.clock.now()]);
    await t.advance(5 * MIN);
    expect(unwrap(await act({ type: 'resume' }, 'power back'))).toEqual({ affected: 2 });
    expect((await sessionRow(a.view.sessionId)).deadline).toBe(a.view.deadline! + 5 * MIN);
    expect((await sessionRow(b.view.sessionId)).deadline).toBe(b.view.deadline! + 5 * MIN);
    // Nothing left to resume: a room-wide action reports none affected rather than failing.
    expect(unwrap(await act({ type: 'resume' }, 'again'))).toEqual({ affected: 0 });
  });

  it('extra time moves the countdown at once', async () => {
    await watch();
    const { socket, view } = await startAs(0);
    const moved = nextEvent(socket, 'session:deadline');
    const row = rowWhere(proctor, (r) => r.deadline === view.deadline! + 15 * MIN);
    unwrap(await act({ type: 'extend', candidateId: candidateIds[0]!, minutes: 15 }, 'computer froze for 15 minutes'));
    expect(await moved).toMatchObject({ sessionId: view.sessionId, deadline: view.deadline! + 15 * MIN });
    await row;
    expect(await act({ type: 'extend', candidateId: candidateIds[0]!, minutes: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('force-submit ends and scores the session as it stands', async () => {
    const { socket, view } = await startAs(0);
    unwrap(await saveFirst(socket, view));
    const ended = nextEvent(socket, 'session:ended');
    unwrap(await act({ type: 'force_submit', candidateId: candidateIds[0]! }, 'candidate asked to leave'));
    expect(await ended).toMatchObject({ sessionId: view.sessionId, endReason: 'force_submitted' });
    expect(await t.one('select count(*) n from scores where session_id = ?', [view.sessionId])).toEqual({ n: 1 });
    const ending = (await auditOf('session.ended')).map((r) => ({ actor: r.actor_user_id, details: JSON.parse(r.details_json) }));
    expect(ending.at(-1)!.details).toMatchObject({ reason: 'force_submitted', proctorReason: 'candidate asked to leave' });
    expect(ending.at(-1)!.actor).not.toBeNull();
    // Acting twice on an ended session is refused, not silently repeated.
    expect(await act({ type: 'force_submit', candidateId: candidateIds[0]! })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('violation (违纪) records the part as failed, keeps the earned score, and refuses a retake', async () => {
    const { socket, view } = await startAs(0);
    // Every answer right: the score would pass.
    const keys = (await t.query('select id, answer_key_json from paper_items where paper_id = ?', [t.exam.paperId])) as { id: number; answer_key_json: string }[];
    for (const k of keys) unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: k.id, response: { choices: await keyInView(t, view, k.id) }, flagged: false, changeId: `k${k.id}` }));
    const ended = nextEvent(socket, 'session:ended');
    unwrap(await act({ type: 'violation', candidateId: candidateIds[0]! }, 'phone with notes found'));
    expect(await ended).toMatchObject({ endReason: 'violation' });
    expect(await t.one('select score, passed from scores where session_id = ?', [view.sessionId])).toEqual({ score: 100, passed: 0 });
    expect(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
  });

  it('keeps candidates out of proctor commands and proctors out of rooms that are not theirs', async () => {
    const hash = await hashPassword('pw-x');
    const user = (await t.one("insert into users (role, login, display_name, password_hash, created_at) values ('candidate', 'T0099', '别的考生', ?, 0) returning id", [hash])) as { id: number };
    const other = (await t.one("insert into candidates (user_id, sitting_id, ticket_no, name, room, seat) values (?, ?, 'T0099', '别的考生', '第二考场', '01') returning id", [user.id, t.exam.sittingId])) as { id: number };
    const { socket, view } = await startAs(0);
    const before = (await t.one('select count(*) n from audit_log'));

    expect(await act({ type: 'pause' }, 'x-x', socket)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await emit(socket, 'proctor:watch', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherRoom = await emit(proctor, 'proctor:action', { sittingId: t.exam.sittingId, room: '第二考场', sittingPartId: t.exam.theoryPartId, action: { type: 'pause' }, reason: 'not mine' });
    expect(otherRoom).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await emit(proctor, 'proctor:watch', { sittingId: t.exam.sittingId, room: '第二考场', sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Naming the other room's candidate from my room finds nobody.
    expect(await act({ type: 'violation', candidateId: other.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Without a reason there is no action.
    expect(await act({ type: 'pause', candidateId: candidateIds[0]! }, '')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'in_progress', paused_at: null });
    expect(await t.one('select count(*) n from audit_log')).toEqual(before);
    const rooms = unwrap(await emit(proctor, 'proctor:rooms', {}));
    expect(rooms.map((r) => r.room)).toEqual([ROOM]);
    // An administrator may watch any room.
    const admin = await t.socket(await t.loginStaff('admin'));
    expect(unwrap(await emit(admin, 'proctor:watch', { sittingId: t.exam.sittingId, room: '第二考场', sittingPartId: t.exam.theoryPartId })).rows).toHaveLength(1);
  });

  it('applies the signal policy: incidents reach the proctor, and the Nth signal pauses the candidate', async () => {
    unwrap(await emit(proctor, 'proctor:settings', { sittingId: t.exam.sittingId, room: ROOM, settings: { admissionRequired: false, signalPolicy: 'pause', pauseAfter: 2 }, reason: 'strict sitting' }));
    await watch();
    const { socket, view } = await startAs(0);
    const incident = nextEvent(proctor, 'proctor:incident');
    expect(unwrap(await emit(socket, 'candidate:signal', { kind: 'focus_lost' }))).toEqual({ action: 'warned', count: 1, total: 1, pauseAfter: 2 });
    expect(await incident).toMatchObject({ kind: 'focus_lost', candidateId: candidateIds[0], seat: '01', details: { sessionId: view.sessionId } });
    // The same kind again at once is one burst, counted once.
    expect(unwrap(await emit(socket, 'candidate:signal', { kind: 'focus_lost' })).count).toBe(1);
    const paused = nextEvent(socket, 'session:paused');
    // "第 1 次" of its own kind, the second signal in all: the policy pauses, and says so.
    expect(unwrap(await emit(socket, 'candidate:signal', { kind: 'copy_paste', detail: 'paste' }))).toEqual({ action: 'paused', count: 1, total: 2, pauseAfter: 2 });
    expect(await paused).toMatchObject({ pausedAt: t.clock.now(), change: 'paused', auto: { total: 2, pauseAfter: 2 } });
    expect((await sessionRow(view.sessionId)).paused_at).toBe(t.clock.now());
    const snapshot = await watch();
    expect(snapshot.rows[0]).toMatchObject({ status: 'paused', incidents: 2 });
    expect(snapshot.incidents.map((i) => i.kind)).toEqual(['copy_paste', 'focus_lost']);
  });

  it('a second login ends the older connection and raises an incident', async () => {
    await watch();
    const first = await startAs(0);
    const replaced = nextEvent(first.socket, 'auth:replaced');
    const incident = nextEvent(proctor, 'proctor:incident');
    const second = await t.socket(await t.loginCandidate(0));
    expect(await replaced).toEqual({ reason: 'second-login' });
    expect(await incident).toMatchObject({ kind: 'second_login', details: { replacedConnections: 1 } });
    expect(unwrap(await emit(second, 'session:resume', { sessionId: first.view.sessionId })).sessionId).toBe(first.view.sessionId);
  });

  it('admission: the candidate waits until the proctor admits them', async () => {
    unwrap(await emit(proctor, 'proctor:settings', { sittingId: t.exam.sittingId, room: ROOM, settings: { admissionRequired: true, signalPolicy: 'record', pauseAfter: 3 }, reason: 'identity checks' }));
    const socket = await t.socket(await t.loginCandidate(0));
    expect(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'AWAITING_ADMISSION' } });
    const admitted = nextEvent(socket, 'proctor:admitted');
    unwrap(await act({ type: 'admit', candidateId: candidateIds[0]! }, 'ID card checked'));
    await admitted;
    expect(unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId })).status).toBe('in_progress');
    // The other candidate still waits until the room is started.
    const other = await t.socket(await t.loginCandidate(1));
    expect(await emit(other, 'session:start', { sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'AWAITING_ADMISSION' } });
    expect(unwrap(await act({ type: 'admit' }, 'room started'))).toEqual({ affected: 1 });
    expect(unwrap(await emit(other, 'session:start', { sittingPartId: t.exam.theoryPartId })).status).toBe('in_progress');
  });

  it('moves a candidate to another computer: the old login ends, the new one resumes with every answer and the same deadline', async () => {
    const { cookie, socket, view } = await startAs(0);
    unwrap(await saveFirst(socket, view));
    await t.advance(20 * MIN);
    const replaced = nextEvent(socket, 'auth:replaced');
    unwrap(await act({ type: 'move', candidateId: candidateIds[0]! }, 'keyboard broken'));
    expect(await replaced).toEqual({ reason: 'moved' });
    expect((await t.http('GET', '/api/auth/me', { cookie })).status).toBe(401);
    const fresh = await t.socket(await t.loginCandidate(0));
    const resumed = unwrap(await emit(fresh, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(resumed).toMatchObject({ sessionId: view.sessionId, deadline: view.deadline, status: 'in_progress' });
    expect(resumed.answers).toHaveLength(1);
    expect(resumed.deadline! - resumed.serverNow).toBe(70 * MIN);
  });

  it('sends a message to one candidate or to the whole room', async () => {
    const a = await startAs(0);
    const b = await startAs(1);
    const toA = nextEvent(a.socket, 'proctor:message');
    unwrap(await act({ type: 'message', candidateId: candidateIds[0]!, text: '请坐正' }, 'posture'));
    expect(await toA).toMatchObject({ text: '请坐正' });
    const all = Promise.all([nextEvent(a.socket, 'proctor:message'), nextEvent(b.socket, 'proctor:message')]);
    unwrap(await act({ type: 'message', text: '还剩30分钟' }, 'time call'));
    expect((await all).map((m) => m.text)).toEqual(['还剩30分钟', '还剩30分钟']);
  });

  it('keeps a message until the candidate dismisses it: one sent while offline shows on connection, a dismissed one never again', async () => {
    const a = await startAs(0);
    unwrap(await act({ type: 'message', text: '请检查网络' }, 'room call'));
    const received = async (index: number) => {
      const got: ProctorMessage[] = [];
      const socket = await t.socket(await t.loginCandidate(index), (s) => s.on('proctor:message', (m) => got.push(m)));
      // The connection's own messages are sent once its bookkeeping is done, and have arrived by the next ack.
      await emit(socket, 'clock:ping', { clientSentAt: 1 });
      await t.settle();
      await emit(socket, 'clock:ping', { clientSentAt: 2 });
      return { socket, got };
    };
    // B was never connected: the room-wide message is waiting for them.
    const b = await received(1);
    expect(b.got.map((m) => m.text)).toEqual(['请检查网络']);
    expect(unwrap(await emit(b.socket, 'candidate:dismiss_message', { id: b.got[0]!.id }))).toBeNull();
    expect(await emit(b.socket, 'candidate:dismiss_message', { id: b.got[0]!.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await received(1)).got).toEqual([]);
    // A has not dismissed it: it is still there after a reconnect, and B's dismissal did not touch A's copy.
    a.socket.disconnect();
    const again = await received(0);
    expect(again.got.map((m) => m.text)).toEqual(['请检查网络']);
    expect(await emit(again.socket, 'candidate:dismiss_message', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('marks no-shows absent only once the part is over, and never a candidate who started', async () => {
    await startAs(0);
    expect(await act({ type: 'mark_absent' }, 'roll call')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await t.advance(90 * MIN);
    expect(unwrap(await act({ type: 'mark_absent' }, 'roll call'))).toEqual({ affected: 1 });
    const rows = (await watch()).rows;
    expect(rows.map((r) => r.status)).toEqual(['submitted', 'absent']);
    expect(unwrap(await act({ type: 'mark_absent' }, 'again'))).toEqual({ affected: 0 });
  });

  it('exports the incident log and action history as CSV to the room proctor only', async () => {
    const { socket } = await startAs(0);
    unwrap(await emit(socket, 'candidate:signal', { kind: 'fullscreen_exit' }));
    unwrap(await act({ type: 'message', text: '=cmd' }, '=HYPERLINK("x")'));
    const proctorCookie = await t.loginStaff('proctor');
    const url = (what: string) => `/api/proctor/export.csv?sittingId=${t.exam.sittingId}&room=${encodeURIComponent(ROOM)}&what=${what}`;
    const incidents = await t.http('GET', url('incidents'), { cookie: proctorCookie });
    expect(incidents.status).toBe(200);
    expect(incidents.headers.get('content-type')).toMatch(/text\/csv/);
    expect(incidents.json).toContain('退出全屏');
    expect(incidents.json).toContain('考生甲');
    expect(incidents.json).toMatch(/^\uFEFF?时间,座位,准考证号,姓名,异常,详情\r?\n/);
    const actions = await t.http('GET', url('actions'), { cookie: proctorCookie });
    expect(actions.json).toContain('发送消息');
    expect(actions.json).toContain('消息：');
    expect(actions.json).not.toMatch(/"?\{"|sittingId/);
    // Formula injection is defused.
    expect(actions.json).toContain(`"'=HYPERLINK(""x"")"`);
    expect((await t.http('GET', url('incidents'), { cookie: await t.loginCandidate(1) })).status).toBe(403);
  });

  it('writes the exports in the exam time zone and the chosen language, people by name', async () => {
    const { socket } = await startAs(0);
    unwrap(await emit(socket, 'candidate:signal', { kind: 'copy_paste', detail: 'paste' }));
    unwrap(await act({ type: 'extend', candidateId: candidateIds[0]!, minutes: 5 }, 'slow computer'));
    const cookie = await t.loginStaff('proctor');
    const url = (what: string, lang = 'zh-CN') => `/api/proctor/export.csv?sittingId=${t.exam.sittingId}&room=${encodeURIComponent(ROOM)}&what=${what}&lang=${lang}`;
    // The test clock stands at 01:00 UTC: 09:00 in Asia/Shanghai (the default EXAM_TIME_ZONE).
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t.clock.now());
    const incidents = (await t.http('GET', url('incidents'), { cookie })).json as string;
    expect(incidents).toContain(`${local} 09:00:00`);
    expect(incidents).toContain('操作：粘贴文字（已阻止）');
    const actions = (await t.http('GET', url('actions', 'en'), { cookie })).json as string;
    expect(actions).toMatch(/^\uFEFF?Time,By,Action,Candidate,Reason,Details/);
    expect(actions).toMatch(/Added time,01 考生甲,slow computer,5 minutes added/);
    // The actor by name and login, not a user id.
    expect(actions).toMatch(/,[^,]*\(proctor\),Added time/);
  });

  describe('a page reload', () => {
    const incidentsOf = async () => (await t.query('select kind, at, details_json from incidents order by id')) as { kind: string; at: number; details_json: string }[];

    it('is one record (刷新页面) when the page is back within seconds, not a disconnect and a reconnect', async () => {
      await watch();
      const { cookie, socket } = await startAs(0);
      const gone = rowWhere(proctor, (r) => r.status === 'disconnected');
      const closedAt = t.clock.now();
      socket.disconnect();
      await gone;
      await t.advance(3_000);
      const pushed = nextEvent(proctor, 'proctor:incident');
      await t.socket(cookie);
      expect(await pushed).toMatchObject({ kind: 'page_reload', at: closedAt, details: { awayMs: 3_000 } });
      await t.advance(60_000);
      expect((await incidentsOf()).map((r) => r.kind)).toEqual(['page_reload']);
    });

    it('past the window, the disconnect is recorded when it happened and the return as a reconnect', async () => {
      await watch();
      const { cookie, socket } = await startAs(0);
      const gone = rowWhere(proctor, (r) => r.status === 'disconnected');
      const closedAt = t.clock.now();
      socket.disconnect();
      await gone;
      const recorded = nextEvent(proctor, 'proctor:incident');
      await t.advance(20_000);
      expect(await recorded).toMatchObject({ kind: 'disconnected', at: closedAt });
      await t.socket(cookie);
      await t.advance(1);
      await emit(proctor, 'clock:ping', { clientSentAt: 1 }).catch(() => undefined);
      expect((await incidentsOf()).map((r) => [r.kind, JSON.parse(r.details_json).awayMs])).toEqual([
        ['disconnected', undefined],
        ['reconnected', 20_000],
      ]);
    });
  });
});
