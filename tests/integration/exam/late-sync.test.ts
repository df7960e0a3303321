import { createCipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '@shared/events.ts';
import { journalFileAad, type JournalEntry, type JournalFile } from '@shared/latesync.ts';
import { emit, keyInView, nextEvent, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const MIN = 60_000;

const ROOM = '测试考场';

/** The browser's side of a journal file (Web Crypto's AES-GCM appends the tag to the ciphertext). */
function seal(view: SessionView, entries: JournalEntry[], sessionId = view.sessionId): JournalFile {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(view.journalKey!, 'base64'), iv);
  cipher.setAAD(Buffer.from(journalFileAad(sessionId)));
  const plain = JSON.stringify({ sessionId, savedAt: 0, entries });
  const data = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { format: 'kaochang-journal', v: 1, sessionId, iv: iv.toString('base64'), data: data.toString('base64') };
}

await describeStores('answers made offline at the deadline (late sync)', (dialect) => {
  let t: TestExam;
  let proctorCookie: string;

  beforeEach(async () => {
    t = await TestExam.start({}, { store: dialect });
    proctorCookie = await t.loginStaff('proctor');
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

  const single = (view: SessionView, n: number) => view.items.filter((i) => i.type === 'single')[n]!;
  const rightEntry = async (view: SessionView, n: number, seq: number, madeAt: number): Promise<JournalEntry> => {
    const item = single(view, n);
    return { sessionId: view.sessionId, itemId: item.id, response: { choices: await keyInView(t, view, item.id) }, flagged: false, changeId: `late-${seq}`, madeAt, seq };
  };
  const scoreOf = async (sessionId: number) => (await t.one('select score, raw_points from scores where session_id = ?', [sessionId])) as { score: number; raw_points: number };
  const auditOf = async (action: string) => (await t.query('select actor_user_id, details_json from audit_log where action = ? order by id', [action])) as { actor_user_id: number | null; details_json: string }[];
  const list = async () => (await t.http('GET', `/api/proctor/late-syncs?sittingId=${t.exam.sittingId}&room=${encodeURIComponent(ROOM)}`, { cookie: proctorCookie })).json;
  const decide = (id: number, accept: boolean, reason = 'network log confirms the outage') =>
    t.http('POST', `/api/proctor/late-syncs/${id}/decision`, { cookie: proctorCookie, body: { sittingId: t.exam.sittingId, room: ROOM, accept, reason } });
  const upload = (file: unknown) => t.http('POST', '/api/proctor/late-syncs/file', { cookie: proctorCookie, body: { sittingId: t.exam.sittingId, room: ROOM, file } });

  /** One answer saved online, the line lost 10 minutes before the end, the deadline passes, the candidate comes back. */
  async function offlineAcrossDeadline() {
    const { cookie, socket, view } = await startAs();
    const first = single(view, 0);
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: first.id, response: { choices: await keyInView(t, view, first.id) }, flagged: false, changeId: 'online' }));
    await t.advance(80 * MIN);
    socket.disconnect();
    // A disconnection is noted once the reload window (15 s) has passed without the page coming back
    // (a reload is one record): move the clock on in small steps until the server has noted it.
    const noted = async () => (await t.one("select 1 from incidents where kind = 'disconnected'")) !== undefined;
    for (let i = 0; i < 300 && !(await noted()); i++) {
      await t.advance(1_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await noted()).toBe(true);
    await t.advance(10 * MIN - 30_000);
    await t.advance(3 * MIN);
    const backAt = t.clock.now();
    const back = await t.socket(cookie);
    const resumed = unwrap(await emit(back, 'session:resume', { sessionId: view.sessionId }));
    expect(resumed).toMatchObject({ status: 'ended', endReason: 'deadline' });
    expect(resumed.journalKey).toBeUndefined();
    return { view, back, backAt, before: (await scoreOf(view.sessionId)) };
  }

  it('holds pre-deadline answers for the proctor, who accepts: only answers made before the deadline count', async () => {
    const { view, back, backAt, before } = await offlineAcrossDeadline();
    expect(before.raw_points).toBe(20);
    const deadline = view.deadline!;
    const receipt = unwrap(await emit(back, 'session:late_sync', { sessionId: view.sessionId, entries: [(await rightEntry(view, 1, 1, deadline - 5 * MIN)), (await rightEntry(view, 2, 2, deadline + MIN))] }));
    expect(receipt).toMatchObject({ status: 'pending', entries: 2, applicable: 1 });
    // Held, not applied.
    expect(await scoreOf(view.sessionId)).toEqual(before);

    const [request] = await list();
    expect(request).toMatchObject({ id: receipt.requestId, sessionId: view.sessionId, seat: '01', name: '考生甲', ticketNo: 'T0001', source: 'socket', status: 'pending', entries: 2, applicable: 1, flags: ['after_deadline'], firstMadeAt: deadline - 5 * MIN, lastMadeAt: deadline + MIN });
    // From the incident log: offline from when the server saw the line drop (10 minutes before the
    // deadline, give or take the steps it took to notice) until the page came back after it.
    expect(request.offline).toHaveLength(1);
    expect(request.offline[0].from).toBeGreaterThanOrEqual(deadline - 10 * MIN);
    expect(request.offline[0].from).toBeLessThan(deadline - 9 * MIN);
    expect(request.offline[0].to).toBe(backAt);

    const decided = await decide(receipt.requestId, true);
    expect(decided.status).toBe(200);
    expect(decided.json).toEqual({ status: 'accepted', applied: 1, score: 40 });
    expect(await scoreOf(view.sessionId)).toEqual({ score: 40, raw_points: 40 });
    const session = (await t.one('select late_sync_at, status, end_reason from exam_sessions where id = ?', [view.sessionId]));
    expect(session).toEqual({ late_sync_at: t.clock.now(), status: 'ended', end_reason: 'deadline' });
    // The post-deadline answer was never stored.
    expect(await t.one('select count(*) as n from answers where session_id = ? and paper_item_id = ?', [view.sessionId, single(view, 2).id])).toEqual({ n: 0 });

    expect(await auditOf('late_sync.received')).toHaveLength(1);
    const accepted = (await auditOf('late_sync.accepted'));
    expect(accepted).toHaveLength(1);
    expect(JSON.parse(accepted[0]!.details_json)).toMatchObject({ requestId: receipt.requestId, reason: 'network log confirms the outage', applied: 1, score: 40 });
    expect(JSON.parse((await auditOf('session.rescored'))[0]!.details_json)).toMatchObject({ cause: 'late_sync', from: { score: 20 }, to: { score: 40 } });

    // The results show the late sync.
    const admin = await t.loginStaff('admin');
    const results = await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/results`, { cookie: admin });
    expect(results.status).toBe(200);
    expect(results.json.rows.find((r: { ticketNo: string }) => r.ticketNo === 'T0001').theory).toMatchObject({ score: 40, lateSync: true });

    // Decided once: no second decision, no further request.
    expect((await decide(receipt.requestId, false)).json.error).toMatchObject({ code: 'CONFLICT', key: 'lateSync.decided' });
    expect(await emit(back, 'session:late_sync', { sessionId: view.sessionId, entries: [(await rightEntry(view, 2, 3, deadline - MIN))] })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'lateSync.decided' } });
  });

  it('leaves the score as it was when the proctor refuses', async () => {
    const { view, back, before } = await offlineAcrossDeadline();
    const receipt = unwrap(await emit(back, 'session:late_sync', { sessionId: view.sessionId, entries: [(await rightEntry(view, 1, 1, view.deadline! - 2 * MIN))] }));
    const refused = await decide(receipt.requestId, false, 'candidate was seen using a phone');
    expect(refused.json).toEqual({ status: 'refused', applied: 0, score: 20 });
    expect(await scoreOf(view.sessionId)).toEqual(before);
    expect(await t.one('select late_sync_at from exam_sessions where id = ?', [view.sessionId])).toEqual({ late_sync_at: null });
    expect(JSON.parse((await auditOf('late_sync.refused'))[0]!.details_json)).toMatchObject({ reason: 'candidate was seen using a phone', applied: 0 });
    expect((await list())[0]).toMatchObject({ status: 'refused', reason: 'candidate was seen using a phone' });
  });

  it('tells the proctors watching the room that a request arrived', async () => {
    const proctor = await t.socket(proctorCookie);
    unwrap(await emit(proctor, 'proctor:watch', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId }));
    const { view, back } = await offlineAcrossDeadline();
    const heard = nextEvent(proctor, 'proctor:late_sync');
    const receipt = unwrap(await emit(back, 'session:late_sync', { sessionId: view.sessionId, entries: [(await rightEntry(view, 1, 1, view.deadline! - MIN))] }));
    expect(await heard).toEqual({ sittingId: t.exam.sittingId, room: ROOM, requestId: receipt.requestId });
  });

  it('refuses a late sync for a part that was submitted, or that has nothing made before the deadline', async () => {
    const { view, back } = await offlineAcrossDeadline();
    expect(await emit(back, 'session:late_sync', { sessionId: view.sessionId, entries: [(await rightEntry(view, 1, 1, view.deadline!))] })).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED', key: 'lateSync.nothingBefore' } });
    const other = await startAs(1);
    unwrap(await emit(other.socket, 'session:submit', { sessionId: other.view.sessionId }));
    expect(await emit(other.socket, 'session:late_sync', { sessionId: other.view.sessionId, entries: [(await rightEntry(other.view, 0, 1, t.clock.now() - 1))] })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'lateSync.notDeadline' } });
    expect(await t.one('select count(*) as n from late_sync_requests')).toEqual({ n: 0 });
  });

  it('flags a request from a candidate the server saw online at the deadline', async () => {
    const { socket, view } = await startAs();
    const ended = nextEvent(socket, 'session:ended');
    await t.advance(90 * MIN);
    await ended;
    unwrap(await emit(socket, 'session:late_sync', { sessionId: view.sessionId, entries: [(await rightEntry(view, 1, 1, view.deadline! - MIN))] }));
    expect((await list())[0].flags).toEqual(['not_offline_at_deadline']);
  });

  it('merges a second request (the file, then the reconnecting page) into the pending one, once per change', async () => {
    const { view, back } = await offlineAcrossDeadline();
    const entries = [(await rightEntry(view, 1, 1, view.deadline! - 3 * MIN)), (await rightEntry(view, 2, 2, view.deadline! - 2 * MIN))];
    const fromFile = await upload(seal(view, entries.slice(0, 1)));
    expect(fromFile.json).toMatchObject({ status: 'pending', entries: 1 });
    const fromPage = unwrap(await emit(back, 'session:late_sync', { sessionId: view.sessionId, entries }));
    expect(fromPage).toMatchObject({ requestId: fromFile.json.requestId, entries: 2, applicable: 2 });
    expect(await list()).toHaveLength(1);
    expect((await decide(fromPage.requestId, true)).json).toEqual({ status: 'accepted', applied: 2, score: 60 });
  });

  describe('journal files uploaded by the proctor', () => {
    it('takes a file sealed with the session key into the same review', async () => {
      const { view } = await startAs();
      expect(view.journalKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      await t.advance(90 * MIN);
      const res = await upload(seal(view, [(await rightEntry(view, 0, 1, view.deadline! - MIN)), (await rightEntry(view, 1, 2, view.deadline! - 30_000))]));
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ status: 'pending', entries: 2, applicable: 2 });
      expect((await list())[0]).toMatchObject({ source: 'file', applicable: 2 });
      expect((await decide(res.json.requestId, true)).json).toEqual({ status: 'accepted', applied: 2, score: 40 });
    });

    it("refuses a file of another session and a tampered file, and holds nothing", async () => {
      const a = await startAs(0);
      const b = await startAs(1);
      await t.advance(90 * MIN);
      // B's file relabelled as A's: A's key does not open it.
      const bFile = seal(b.view, [(await rightEntry(b.view, 0, 1, b.view.deadline! - MIN))]);
      const relabelled = await upload({ ...bFile, sessionId: a.view.sessionId });
      expect(relabelled.status).toBe(400);
      expect(relabelled.json.error).toMatchObject({ code: 'BAD_REQUEST', key: 'lateSync.fileRefused' });
      // Sealed with A's key but claiming to be B's file.
      const wrongKey = seal({ ...b.view, journalKey: a.view.journalKey! }, [(await rightEntry(b.view, 0, 1, b.view.deadline! - MIN))]);
      expect((await upload(wrongKey)).json.error).toMatchObject({ key: 'lateSync.fileRefused' });

      const aFile = seal(a.view, [(await rightEntry(a.view, 0, 1, a.view.deadline! - MIN))]);
      const bytes = Buffer.from(aFile.data, 'base64');
      bytes[bytes.length - 20]! ^= 0x40;
      const tampered = await upload({ ...aFile, data: bytes.toString('base64') });
      expect(tampered.status).toBe(400);
      expect(tampered.json.error).toMatchObject({ key: 'lateSync.fileRefused' });
      expect((await upload({ ...aFile, format: 'other' })).status).toBe(400);
      expect(await t.one('select count(*) as n from late_sync_requests')).toEqual({ n: 0 });
      // The untouched file goes through.
      expect((await upload(aFile)).status).toBe(200);
    });

    it('keeps a proctor to the rooms assigned to them', async () => {
      const { view } = await startAs();
      await t.advance(90 * MIN);
      const grader = await t.loginStaff('grader');
      const asGrader = await t.http('POST', '/api/proctor/late-syncs/file', { cookie: grader, body: { sittingId: t.exam.sittingId, room: ROOM, file: seal(view, [(await rightEntry(view, 0, 1, view.deadline! - MIN))]) } });
      expect(asGrader.status).toBe(403);
      const elsewhere = await t.http('GET', `/api/proctor/late-syncs?sittingId=${t.exam.sittingId}&room=other`, { cookie: proctorCookie });
      expect(elsewhere.status).toBe(403);
    });
  });
});
