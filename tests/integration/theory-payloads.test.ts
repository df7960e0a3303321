import { afterAll, beforeAll, expect, it } from 'vitest';
import { emit, TestExam, unwrap, type ClientSocket } from '../helpers/test-exam.ts';
import { describeStores } from '../helpers/stores.ts';

/** What a candidate's browser receives must never contain the answer key. */
await describeStores('candidate payloads and malformed input', (dialect) => {
  let t: TestExam;
  let socket: ClientSocket;
  let cookie: string;
  let sessionId: number;
  const received: unknown[] = [];

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    cookie = await t.loginCandidate(0);
    socket = await t.socket(cookie);
    socket.onAny((_event, payload) => received.push(payload));
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    received.push(view);
    sessionId = view.sessionId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('never sends the answer key to a candidate', async () => {
    const view = unwrap(await emit(socket, 'session:resume', { sessionId }));
    for (const item of view.items) {
      expect(Object.keys(item).sort()).toEqual(['id', 'number', 'options', 'points', 'stem', 'type']);
      for (const o of item.options) expect(Object.keys(o).sort()).toEqual(['id', 'label', 'text']);
    }
    const overview = await t.http('GET', '/api/candidate/overview', { cookie });
    const keys = (await t.query('select answer_key_json from paper_items')) as { answer_key_json: string }[];
    const everything = JSON.stringify([...received, view, overview.json]);
    expect(everything).not.toMatch(/answerKey|answer_key|"key"|explanation/);
    // A multi-choice key as the server stores it must not appear as a list anywhere.
    for (const k of keys) if (JSON.parse(k.answer_key_json).length > 1) expect(everything).not.toContain(k.answer_key_json);
  });

  const hostile: [string, unknown][] = [
    ['null', null],
    ['a string', 'answer'],
    ['an array', [1, 2, 3]],
    ['wrong types', { sessionId: '1', itemId: true, response: 5, flagged: 'no', changeId: 1 }],
    ['extra keys', { sessionId: 1, itemId: 1, response: null, flagged: false, changeId: 'a', score: 100 }],
    ['__proto__', JSON.parse('{"__proto__": {"admin": true}, "sessionId": 1}')],
    ['a huge array', { sessionId: 1, itemId: 1, response: { choices: Array.from({ length: 10_000 }, () => 'a') }, flagged: false, changeId: 'a' }],
    ['a huge string', { sessionId: 1, itemId: 1, response: { choices: ['a'.repeat(100_000)] }, flagged: false, changeId: 'a' }],
    ['deep nesting', { sessionId: 1, itemId: 1, response: JSON.parse('['.repeat(500) + ']'.repeat(500)), flagged: false, changeId: 'a' }],
    ['a negative id', { sessionId: -1, itemId: 1, response: null, flagged: false, changeId: 'a' }],
  ];

  it.each(hostile)('answers %s with BAD_REQUEST and saves nothing', async (_name, payload) => {
    const reply = await emit(socket, 'answer:save', payload as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await t.one('select count(*) as n from answers')).toEqual({ n: 0 });
  });

  it('refuses choices that are not options of the item, or two choices on a single item', async () => {
    const view = unwrap(await emit(socket, 'session:resume', { sessionId }));
    const single = view.items.find((i) => i.type === 'single')!;
    const tf = view.items.find((i) => i.type === 'truefalse')!;
    const base = { sessionId, flagged: false, changeId: 'x' };
    for (const payload of [
      { ...base, itemId: single.id, response: { choices: ['zz'] } },
      { ...base, itemId: single.id, response: { choices: [single.options[0]!.id, single.options[1]!.id] } },
      { ...base, itemId: single.id, response: { text: 'free text' } },
      { ...base, itemId: tf.id, response: { choices: ['true', 'false'] } },
      { ...base, itemId: single.id, response: { choices: [single.options[0]!.id, single.options[0]!.id] } },
    ]) {
      expect(await emit(socket, 'answer:save', payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await emit(socket, 'answer:save', { ...base, itemId: 999_999, response: null })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.one('select count(*) as n from answers')).toEqual({ n: 0 });
  });

  it('survives events without an ack and unknown events, and keeps serving', async () => {
    (socket as any).emit('answer:save', { nonsense: true });
    (socket as any).emit('no:such:event', { a: 1 }, () => {});
    (socket as any).emit('session:start');
    const ping = unwrap(await emit(socket, 'clock:ping', { clientSentAt: 123 }));
    expect(ping).toEqual({ clientSentAt: 123, serverNow: t.clock.now() });
    expect((await t.http('GET', '/api/health')).status).toBe(200);
  });
});
