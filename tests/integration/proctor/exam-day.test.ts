import { afterEach, beforeEach, expect, it } from 'vitest';
import { emit, nextEvent, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { png } from '../../helpers/images.ts';
import { describeStores } from '../../helpers/stores.ts';

const ROOM = '测试考场';

/** The candidate's side of exam day as the server enforces and reports it (issue #13). */
await describeStores('exam day rules on the server', (dialect) => {
  let t: TestExam;
  let proctor: ClientSocket;

  beforeEach(async () => {
    t = await TestExam.start({}, { skills: true, store: dialect });
    proctor = await t.socket(await t.loginStaff('proctor'));
  });
  afterEach(async () => {
    await t.close();
  });

  const watch = async (sittingPartId: number) => unwrap(await emit(proctor, 'proctor:watch', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId }));
  const rowOf = async (sittingPartId: number, ticket = 'T0001') => (await watch(sittingPartId)).rows.find((r) => r.ticketNo === ticket)!;
  const settings = (patch: Record<string, unknown>) =>
    emit(proctor, 'proctor:settings', { sittingId: t.exam.sittingId, room: ROOM, settings: { admissionRequired: false, signalPolicy: 'warn', pauseAfter: 5, ...patch }, reason: 'exam day rules' });

  it('runs one part at a time unless the sitting allows both; the start records the confirmed instructions', async () => {
    const socket = await t.socket(await t.loginCandidate(0));
    const theory = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId, instructionsConfirmed: true }));
    const refused = await emit(socket, 'session:start', { sittingPartId: t.exam.skillsPartId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'examStart.otherPartRunning.theory', params: { part: 'theory' } } });
    expect(await t.one('select count(*) n from exam_sessions where sitting_part_id = ?', [t.exam.skillsPartId])).toEqual({ n: 0 });
    const started = (await t.one("select details_json from audit_log where action = 'session.started'")) as { details_json: string };
    expect(JSON.parse(started.details_json)).toMatchObject({ instructionsConfirmed: true });

    // Once theory is submitted, skills may start.
    unwrap(await emit(socket, 'session:submit', { sessionId: theory.sessionId }));
    expect(unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.skillsPartId })).kind).toBe('skills');

    // Another candidate, in a sitting that allows both parts at once.
    unwrap(await settings({ parallelParts: true }));
    const other = await t.socket(await t.loginCandidate(1));
    unwrap(await emit(other, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(unwrap(await emit(other, 'session:start', { sittingPartId: t.exam.skillsPartId })).status).toBe('in_progress');
  });

  it('tells open exam pages about a new text-paste rule, and starts views and the overview with it', async () => {
    const cookie = await t.loginCandidate(0);
    const socket = await t.socket(cookie);
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(view.rules).toEqual({ textPaste: 'block', parallelParts: false });
    const told = nextEvent(socket, 'exam:rules');
    // The exam rules may be left out of a console's settings: they stay as they are.
    unwrap(await settings({ textPaste: 'allow' }));
    expect(await told).toEqual({ textPaste: 'allow', parallelParts: false });
    unwrap(await emit(proctor, 'proctor:settings', { sittingId: t.exam.sittingId, room: ROOM, settings: { admissionRequired: false, signalPolicy: 'record', pauseAfter: 3 }, reason: 'policy only' }));
    expect(unwrap(await emit(socket, 'session:resume', { sessionId: view.sessionId })).rules.textPaste).toBe('allow');
    expect((await t.http('GET', '/api/candidate/overview', { cookie })).json.sitting.rules).toEqual({ textPaste: 'allow', parallelParts: false });
  });

  it('shows a candidate who logged in but has not started as waiting (已登录 / 等待开始), and not logged in after logout', async () => {
    expect((await rowOf(t.exam.theoryPartId)).status).toBe('not_logged_in');
    const rowPushed = new Promise<{ status: string }>((resolve) => proctor.on('proctor:row', (r) => r.ticketNo === 'T0001' && resolve(r)));
    const cookie = await t.loginCandidate(0);
    // No exam page open: the overview page has no socket.
    expect((await rowPushed).status).toBe('waiting');
    expect((await rowOf(t.exam.theoryPartId)).status).toBe('waiting');
    await t.http('POST', '/api/auth/logout', { cookie });
    expect((await rowOf(t.exam.theoryPartId)).status).toBe('not_logged_in');
  });

  it("counts a practical task with screenshots and no notes as answered in the proctor's grid", async () => {
    const cookie = await t.loginCandidate(0);
    const socket = await t.socket(cookie);
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.skillsPartId }));
    const [task] = view.items.filter((i) => i.type === 'practical');
    const short = view.items.find((i) => i.type === 'short-answer')!;
    for (const seed of [1, 2]) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png(8, 8, seed))], { type: 'image/png' }), 'shot.png');
      const res = await fetch(`${t.baseUrl}/api/candidate/sessions/${view.sessionId}/items/${task!.id}/screenshots`, { method: 'POST', headers: { cookie }, body: form });
      expect(res.status).toBe(201);
    }
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: short.id, response: { text: 'nmap -sS' }, flagged: false, changeId: 'x' }));
    expect(await rowOf(t.exam.skillsPartId)).toMatchObject({ status: 'in_progress', answered: 2, total: 5 });
  });

  it('counts warnings per kind, pauses on the total, and tells the candidate the policy paused them', async () => {
    unwrap(await settings({ signalPolicy: 'pause', pauseAfter: 3 }));
    const socket = await t.socket(await t.loginCandidate(0));
    unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    expect(unwrap(await emit(socket, 'candidate:signal', { kind: 'focus_lost' }))).toMatchObject({ action: 'warned', count: 1, total: 1 });
    expect(unwrap(await emit(socket, 'candidate:signal', { kind: 'copy_paste', detail: 'paste' }))).toMatchObject({ action: 'warned', count: 1, total: 2 });
    t.clock.advance(5_000);
    const paused = nextEvent(socket, 'session:paused');
    expect(unwrap(await emit(socket, 'candidate:signal', { kind: 'focus_lost' }))).toMatchObject({ action: 'paused', count: 2, total: 3 });
    expect(await paused).toMatchObject({ change: 'paused', auto: { total: 3, pauseAfter: 3 } });
  });

  it('tells the candidate about extra time and the end of a pause, with the reason and the new end time', async () => {
    const socket = await t.socket(await t.loginCandidate(0));
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const candidateId = ((await t.one("select id from candidates where ticket_no = 'T0001'")) as { id: number }).id;
    const act = (action: object, reason: string) => emit(proctor, 'proctor:action', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId, action: action as never, reason });
    const extended = nextEvent(socket, 'session:paused');
    unwrap(await act({ type: 'extend', candidateId, minutes: 10 }, '电脑故障耽误'));
    expect(await extended).toMatchObject({ change: 'extended', minutes: 10, reason: '电脑故障耽误', pausedAt: null, deadline: view.deadline! + 10 * 60_000 });
    const pausedEvent = nextEvent(socket, 'session:paused');
    unwrap(await act({ type: 'pause', candidateId }, '考生身体不适'));
    expect(await pausedEvent).toMatchObject({ change: 'paused', reason: '考生身体不适' });
    t.clock.advance(3 * 60_000);
    const resumed = nextEvent(socket, 'session:paused');
    unwrap(await act({ type: 'resume', candidateId }, '已恢复'));
    expect(await resumed).toMatchObject({ change: 'resumed', reason: '已恢复', pausedAt: null, deadline: view.deadline! + 13 * 60_000 });
  });
});
