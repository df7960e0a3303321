import { afterEach, beforeEach, expect, it } from 'vitest';
import { decodeSessionView } from '@shared/session-view-wire.ts';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

/** Start and resume over a real Socket.IO connection, in today's format and the compact one (issue #19). */
await describeStores('compact start/resume reply over Socket.IO', (dialect) => {
  let t: TestExam;
  beforeEach(async () => {
    t = await TestExam.start({}, { skills: true, store: dialect });
  });
  afterEach(async () => {
    await t.close();
  });

  it.each(['theory', 'skills'] as const)('%s: start and resume answer the same view both ways, the content as a binary attachment', async (part) => {
    const socket = await t.socket(await t.loginCandidate(0));
    const sittingPartId = part === 'theory' ? t.exam.theoryPartId : t.exam.skillsPartId;
    const today = unwrap(await emit(socket, 'session:start', { sittingPartId }));
    const compact = unwrap(await emit(socket, 'session:start', { sittingPartId, view: 'paper-content' }));
    // JSON cannot make a Buffer: the content came as Socket.IO's binary attachment.
    expect(Buffer.isBuffer(compact.content)).toBe(true);
    expect(compact).not.toHaveProperty('items');
    expect(decodeSessionView(compact)).toEqual(today);
    expect(today.items.length).toBeGreaterThan(0);

    const resumedToday = unwrap(await emit(socket, 'session:resume', { sessionId: today.sessionId }));
    const resumedCompact = unwrap(await emit(socket, 'session:resume', { sessionId: today.sessionId, view: 'paper-content' }));
    expect(resumedToday).not.toHaveProperty('view');
    expect(decodeSessionView(resumedCompact)).toEqual(resumedToday);
    expect(resumedToday.items).toEqual(today.items);
  });

  it("the compact view's option ids are the ones a save accepts, and its texts carry no key", async () => {
    const socket = await t.socket(await t.loginCandidate(1));
    const compact = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId, view: 'paper-content' }));
    const view = decodeSessionView(compact);
    const item = view.items.find((i) => i.type === 'single')!;
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[1]!.id] }, flagged: false, changeId: 'c1' }));
    const resumed = decodeSessionView(unwrap(await emit(socket, 'session:resume', { sessionId: view.sessionId, view: 'paper-content' })));
    expect(resumed.answers).toEqual([expect.objectContaining({ itemId: item.id, response: { choices: [item.options[1]!.id] } })]);
    expect(Buffer.from(compact.content as Uint8Array).toString('utf8')).not.toMatch(/"key"|referenceAnswer|answerKey/);
  });

  it('refuses a format it does not know, as it refuses any unknown field', async () => {
    const socket = await t.socket(await t.loginCandidate(1));
    const reply = await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId, view: 'paper-content-v9' as 'paper-content' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
