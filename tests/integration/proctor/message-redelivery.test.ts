import { afterEach, beforeEach, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { ProctorActionRequest } from '@shared/proctor.ts';
import { ExamController } from '../../../client/src/exam/examController.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';
import { emit, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const ROOM = '测试考场';

/**
 * A proctor's message across a lost connection, with the exam page's own controller on a real
 * socket.io client against the real server: whatever way it arrives (pushed on connection, pushed
 * to the room, in the resume's answer) the candidate sees it exactly once, and one whose pushes were
 * all lost (a line that died unnoticed) arrives with the resume after reconnecting.
 */
await describeStores('proctor messages across a reconnection', (dialect) => {
  let t: TestExam;
  let proctor: ClientSocket;
  const controllers: ExamController[] = [];

  beforeEach(async () => {
    t = await TestExam.start({}, { store: dialect });
    proctor = await t.socket(await t.loginStaff('proctor'));
  });
  afterEach(async () => {
    for (const c of controllers.splice(0)) c.dispose();
    await t.close();
  });

  const message = (text: string) =>
    emit(proctor, 'proctor:action', { sittingId: t.exam.sittingId, room: ROOM, sittingPartId: t.exam.theoryPartId, action: { type: 'message', text } satisfies ProctorActionRequest['action'], reason: 'room call' });

  /** The candidate's exam page: its controller on a socket that connects only when the controller says so. */
  async function examPage() {
    const socket = connect(t.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: await t.loginCandidate(0) }, autoConnect: false, reconnection: false, forceNew: true }) as unknown as ExamSocket;
    const controller = new ExamController({ sittingPartId: t.exam.theoryPartId, socket, store: null, onUnauthenticated: () => {} });
    controllers.push(controller);
    controller.start();
    await until(() => controller.getSnapshot().phase === 'ready');
    return { socket, controller, texts: () => controller.getSnapshot().messages.map((m) => m.text) };
  }

  /** Waits for the connection's own traffic (pushes on connection, the resume) to have arrived: one more round trip. */
  async function quiet(socket: ExamSocket, controller: ExamController) {
    await until(() => controller.getSnapshot().connected);
    await emit(socket as unknown as ClientSocket, 'clock:ping', { clientSentAt: 1 });
    await t.settle();
    await emit(socket as unknown as ClientSocket, 'clock:ping', { clientSentAt: 2 });
  }

  it('a message sent while the socket is down shows once after reconnecting (pushed on connection and in the resume)', async () => {
    const page = await examPage();
    page.socket.disconnect();
    await until(() => !page.controller.getSnapshot().connected);
    unwrap(await message('请检查网络'));
    page.socket.connect();
    await until(() => page.texts().length > 0);
    await quiet(page.socket, page.controller);
    expect(page.texts()).toEqual(['请检查网络']);
  });

  it('a message sent just as the socket reconnects, before the page resumes, shows once', async () => {
    const page = await examPage();
    page.socket.disconnect();
    // The server accepts the new connection; the message goes out before the page has asked to resume.
    let sent: ReturnType<typeof message> | undefined;
    page.socket.once('connect', () => { sent = message('请坐正'); });
    page.socket.connect();
    await until(() => page.texts().length > 0);
    // The proctor's ack may trail the candidate's push: awaited, so closing cannot orphan it.
    unwrap(await sent!);
    await quiet(page.socket, page.controller);
    unwrap(await emit(page.socket as unknown as ClientSocket, 'session:resume', { sessionId: page.controller.getSnapshot().view!.sessionId }));
    expect(page.texts()).toEqual(['请坐正']);
  });

  it('pushes lost with a line that died unnoticed: the resume after reconnecting brings the message, once; a closed message stays closed', async () => {
    const page = await examPage();
    // Every push of the message is lost, the one to the dying connection and the one on the new connection:
    // only the resume's answer can bring it.
    const listeners = page.socket.listeners('proctor:message');
    page.socket.off('proctor:message');
    unwrap(await message('请将手机关机'));
    page.socket.disconnect();
    await until(() => !page.controller.getSnapshot().connected);
    page.socket.connect();
    await until(() => page.texts().length > 0);
    for (const fn of listeners) page.socket.on('proctor:message', fn);
    await quiet(page.socket, page.controller);
    expect(page.texts()).toEqual(['请将手机关机']);

    // Closed: the server hears of it, and neither a push nor a resume brings it back.
    const id = page.controller.getSnapshot().messages[0]!.id;
    page.controller.dismissMessage(id);
    await until(async () => ((await t.one<{ dismissed_at: number | null }>("select dismissed_at from proctor_messages where message_id = ? and candidate_id = (select id from candidates where ticket_no = 'T0001')", [id]))?.dismissed_at ?? null) !== null);
    page.socket.disconnect();
    page.socket.connect();
    await quiet(page.socket, page.controller);
    expect(page.texts()).toEqual([]);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
