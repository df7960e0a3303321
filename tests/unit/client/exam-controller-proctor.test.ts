import { describe, expect, it, vi } from 'vitest';
import { ExamController } from '../../../client/src/exam/examController.ts';
import type { ExamSocket } from '../../../client/src/exam/socket.ts';
import { FakeExamSocket as FakeSocket, oneItemView as view, type FakeHandler as Handler } from '../../helpers/fake-exam-socket.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(check: () => boolean) {
  for (let i = 0; i < 50 && !check(); i++) await settle();
  expect(check()).toBe(true);
}

function setup(handlers: Record<string, Handler>) {
  const socket = new FakeSocket({ 'clock:ping': (_p, cb) => cb(null, { ok: true, data: { clientSentAt: 0, serverNow: Date.now() } }), ...handlers });
  const controller = new ExamController({ sittingPartId: 1, socket: socket as unknown as ExamSocket, store: null, onUnauthenticated: () => {} });
  controller.start();
  return { socket, controller };
}

describe('exam controller under a proctor', () => {
  it('waits for admission, then starts when the proctor admits', async () => {
    let admitted = false;
    const { socket, controller } = setup({
      'session:start': (_p, cb) => cb(null, admitted ? { ok: true, data: view() } : { ok: false, error: { code: 'AWAITING_ADMISSION', message: 'wait' } }),
    });
    await until(() => controller.getSnapshot().phase === 'waiting');
    admitted = true;
    socket.fire('proctor:admitted', { sittingId: 1 });
    await until(() => controller.getSnapshot().phase === 'ready');
    controller.dispose();
  });

  it('keeps a change refused while paused and sends it again on resume; ignores edits while paused', async () => {
    let paused = false;
    const saves: unknown[] = [];
    const { socket, controller } = setup({
      'session:start': (_p, cb) => cb(null, { ok: true, data: view() }),
      'answer:save': (p, cb) => {
        saves.push(p);
        cb(null, paused ? { ok: false, error: { code: 'SESSION_PAUSED', message: 'paused' } } : { ok: true, data: { ...p, revision: 1, receivedAt: 1 } });
      },
    });
    await until(() => controller.getSnapshot().phase === 'ready');
    paused = true;
    controller.setChoices(1, ['a']);
    await until(() => saves.length === 1);
    await settle();
    expect(controller.getSnapshot().saveState).toBe('saving');

    socket.fire('session:paused', { sessionId: 7, pausedAt: 1000, deadline: 90 * 60_000, serverNow: 1000, reason: 'alarm' });
    expect(controller.getSnapshot()).toMatchObject({ pausedAt: 1000, pauseReason: 'alarm' });
    controller.setFlagged(1, true);
    await settle();
    expect(saves).toHaveLength(1);

    paused = false;
    socket.fire('session:paused', { sessionId: 7, pausedAt: null, deadline: 90 * 60_000 + 5000, serverNow: 6000, reason: 'over' });
    await until(() => controller.getSnapshot().saveState === 'saved');
    expect(saves).toHaveLength(2);
    expect(controller.getSnapshot()).toMatchObject({ pausedAt: null, deadline: 90 * 60_000 + 5000 });
    controller.dispose();
  });

  it('shows proctor messages until dismissed, and tells the server so they stay dismissed', async () => {
    const dismissed: unknown[] = [];
    const { socket, controller } = setup({
      'session:start': (_p, cb) => cb(null, { ok: true, data: view() }),
      'candidate:dismiss_message': (p, cb) => {
        dismissed.push(p);
        cb(null, { ok: true, data: null });
      },
    });
    await until(() => controller.getSnapshot().phase === 'ready');
    socket.fire('proctor:message', { id: 'm1', at: 1, text: 'hello' });
    socket.fire('proctor:message', { id: 'm1', at: 1, text: 'hello' });
    expect(controller.getSnapshot().messages).toHaveLength(1);
    controller.dismissMessage('m1');
    expect(controller.getSnapshot().messages).toHaveLength(0);
    await until(() => dismissed.length === 1);
    expect(dismissed).toEqual([{ id: 'm1' }]);
    controller.dispose();
  });

  it('stops for good when a newer login replaces it, even on a part that has ended', async () => {
    // A finished part's page left open must not take the connection back from the candidate's
    // next part on another computer every few seconds (each one displaced the other).
    const { socket, controller } = setup({ 'session:start': (_p, cb) => cb(null, { ok: true, data: view({ status: 'ended', endReason: 'submitted', endedAt: 60_000 }) }) });
    await until(() => controller.getSnapshot().phase === 'ended');
    const connect = vi.spyOn(socket, 'connect');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      socket.fire('auth:replaced', { reason: 'second-login' });
      expect(socket.connected).toBe(false);
      socket.fire('disconnect', 'io server disconnect');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(connect).not.toHaveBeenCalled();
      expect(controller.getSnapshot().phase).toBe('ended');
    } finally {
      vi.useRealTimers();
      controller.dispose();
    }
  });

  it('takes messages from the resume answer once, and tells the server of one closed offline when the line is back', async () => {
    const dismissed: unknown[] = [];
    const { socket, controller } = setup({
      'session:start': (_p, cb) => cb(null, { ok: true, data: view({ messages: [{ id: 'm1', at: 1, text: 'hello' }] }) }),
      'session:resume': (_p, cb) => cb(null, { ok: true, data: view({ messages: [{ id: 'm1', at: 1, text: 'hello' }] }) }),
      'candidate:dismiss_message': (p, cb) => {
        dismissed.push(p);
        cb(null, { ok: true, data: null });
      },
    });
    await until(() => controller.getSnapshot().phase === 'ready');
    socket.fire('proctor:message', { id: 'm1', at: 1, text: 'hello' });
    expect(controller.getSnapshot().messages.map((m) => m.id)).toEqual(['m1']);
    socket.disconnect();
    socket.fire('disconnect', 'transport close');
    controller.dismissMessage('m1');
    expect(dismissed).toEqual([]);
    socket.connect();
    await until(() => dismissed.length === 1);
    // The resume after reconnecting still lists it (the server heard late): it stays closed here.
    await settle();
    expect(controller.getSnapshot().messages).toEqual([]);
    controller.dispose();
  });
});
