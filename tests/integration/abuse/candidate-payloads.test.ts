import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientToServerEvents, SessionView } from '@shared/events.ts';
import { loadBankFile } from '../../../server/src/features/banks/load-bank.ts';
import { CANDIDATES, emit, fixture, keyInView, nextEvent, STAFF, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

/**
 * Records everything two candidates receive over whole sessions (HTTP bodies, every socket event,
 * every ack, every raw engine.io packet), through start, saves, a second tab, refusals, submit, the
 * deadline, and released results, then searches it for anything a candidate must never get: answer
 * keys, key-like fields, another candidate's identity, staff identities.
 */

type Who = 'A' | 'B';
type Record_ = { source: string; data: unknown };

/** Field names that would carry a key, a rubric or an explanation. */
const FORBIDDEN_FIELDS = ['answer', 'key', 'keys', 'explanation', 'rubric', 'answerkey', 'answer_key', 'answerkeyjson', 'answer_key_json', 'referenceanswer', 'fractions', 'correct', 'iscorrect', 'detailjson', 'detail_json'];

await describeStores('everything a candidate receives', (dialect) => {
  let t: TestExam;
  const recorded: Record<Who, Record_[]> = { A: [], B: [] };
  const push = (who: Who, source: string, data: unknown) => recorded[who].push({ source, data });

  async function http(who: Who, method: string, url: string, cookie: string | undefined, body?: unknown) {
    const res = await t.http(method, url, { cookie, body });
    push(who, `HTTP ${method} ${url} ${res.status}`, res.json);
    push(who, `HTTP ${method} ${url} set-cookie`, res.headers.get('set-cookie'));
    return res;
  }

  async function login(who: Who): Promise<string> {
    const c = CANDIDATES[who === 'A' ? 0 : 1]!;
    const res = await http(who, 'POST', '/api/auth/candidate/login', undefined, { ticketNo: c.ticketNo, password: c.password });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  async function tab(who: Who, cookie: string, name: string): Promise<ClientSocket> {
    const socket = await t.socket(cookie);
    socket.onAny((event, payload) => push(who, `${name} event ${String(event)}`, payload));
    // The wire itself: every engine.io packet this tab receives, acks and events alike.
    socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => push(who, `${name} packet ${packet.type}`, packet.data ?? null));
    return socket;
  }

  async function call<E extends keyof ClientToServerEvents>(who: Who, socket: ClientSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]) {
    const ack = await emit(socket, event, payload);
    push(who, `ack ${event}`, ack);
    return ack;
  }

  let multiKeys: string[];
  let keysByItem: Map<number, string[]>;
  let explanations: string[];

  /** A choice that is never the full key of a multi item (so the candidate's own echo is not a key). */
  async function choose(view: SessionView, item: { id: number; type: string; options: { id: string }[] }, n: number): Promise<string[]> {
    // The candidate's own ids for the key (bank ids never reach the browser).
    const key = keysByItem.has(item.id) ? await keyInView(t, view, item.id) : [];
    if (item.type !== 'multi') return [item.options[n % item.options.length]!.id];
    const wrong = item.options.find((o) => !key.includes(o.id));
    return wrong ? [key[0]!, wrong.id] : [key[0]!];
  }

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    const rows = (await t.query('select id, type, answer_key_json as k from paper_items')) as { id: number; type: string; k: string }[];
    keysByItem = new Map(rows.map((r) => [r.id, JSON.parse(r.k) as string[]]));
    multiKeys = rows.filter((r) => r.type === 'multi').map((r) => r.k);
    explanations = loadBankFile(fixture('small-bank.yaml')).items.flatMap((i) => (i.explanation ? [i.explanation] : []));
    const admin = await t.loginStaff('admin');

    // ---- candidate A: a whole session over two tabs, ending with a submission ----
    const cookieA = await login('A');
    await http('A', 'GET', '/api/auth/me', cookieA);
    const overview = await http('A', 'GET', '/api/candidate/overview', cookieA);
    const durationMinutes = overview.json.parts.find((p: { kind: string }) => p.kind === 'theory').durationMinutes as number;
    const tab1 = await tab('A', cookieA, 'tab1');
    await call('A', tab1, 'clock:ping', { clientSentAt: 1 });
    const view = unwrap(await call('A', tab1, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    await http('A', 'GET', '/api/candidate/overview', cookieA);
    let n = 0;
    for (const item of view.items) {
      unwrap(await call('A', tab1, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: await choose(view, item, n++) }, flagged: n % 2 === 0, changeId: `a-${n}` }));
    }
    // A second tab hears the first one's saves, and the first hears the second's.
    const tab2 = await tab('A', cookieA, 'tab2');
    unwrap(await call('A', tab2, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    unwrap(await call('A', tab2, 'session:resume', { sessionId: view.sessionId }));
    const heardBy1 = nextEvent(tab1, 'answer:saved');
    unwrap(await call('A', tab2, 'answer:save', { sessionId: view.sessionId, itemId: view.items[0]!.id, response: null, flagged: true, changeId: 'tab2-clear' }));
    await heardBy1;
    const heardBy2 = nextEvent(tab2, 'answer:saved');
    unwrap(await call('A', tab1, 'answer:save', { sessionId: view.sessionId, itemId: view.items[0]!.id, response: { choices: await choose(view, view.items[0]!, 1) }, flagged: false, changeId: 'tab1-again' }));
    await heardBy2;

    // ---- candidate B starts too, so A has someone to pry on ----
    const cookieB = await login('B');
    await http('B', 'GET', '/api/auth/me', cookieB);
    await http('B', 'GET', '/api/candidate/overview', cookieB);
    const socketB = await tab('B', cookieB, 'tab1');
    const viewB = unwrap(await call('B', socketB, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    for (const item of viewB.items.slice(0, 3)) unwrap(await call('B', socketB, 'answer:save', { sessionId: viewB.sessionId, itemId: item.id, response: { choices: await choose(viewB, item, 0) }, flagged: false, changeId: `b-${item.id}` }));

    // A's refused attempts are part of what A receives.
    await call('A', tab1, 'session:resume', { sessionId: viewB.sessionId });
    await call('A', tab1, 'answer:save', { sessionId: viewB.sessionId, itemId: viewB.items[0]!.id, response: null, flagged: false, changeId: 'pry' });
    await call('A', tab1, 'session:submit', { sessionId: viewB.sessionId });
    await call('A', tab1, 'session:start', { sittingPartId: t.exam.skillsPartId });
    for (const url of ['/api/admin/parts', `/api/admin/parts/${t.exam.theoryPartId}/results`, '/api/admin/banks']) await http('A', 'GET', url, cookieA);
    await http('A', 'POST', `/api/admin/parts/${t.exam.theoryPartId}/release`, cookieA, {});

    // ---- A submits from tab 1; both tabs hear the end ----
    const ended1 = nextEvent(tab1, 'session:ended');
    const ended2 = nextEvent(tab2, 'session:ended');
    unwrap(await call('A', tab1, 'session:submit', { sessionId: view.sessionId }));
    await Promise.all([ended1, ended2]);
    await call('A', tab2, 'answer:save', { sessionId: view.sessionId, itemId: view.items[1]!.id, response: null, flagged: false, changeId: 'late' });
    await call('A', tab2, 'session:submit', { sessionId: view.sessionId });
    unwrap(await call('A', tab2, 'session:resume', { sessionId: view.sessionId }));
    await http('A', 'GET', '/api/candidate/overview', cookieA);

    // ---- B runs out of time with the browser open ----
    const endedB = nextEvent(socketB, 'session:ended');
    await t.advance(durationMinutes * 60_000 + 1000);
    await endedB;
    await call('B', socketB, 'answer:save', { sessionId: viewB.sessionId, itemId: viewB.items[0]!.id, response: null, flagged: false, changeId: 'late' });
    await call('B', socketB, 'session:submit', { sessionId: viewB.sessionId });
    unwrap(await call('B', socketB, 'session:resume', { sessionId: viewB.sessionId }));
    await http('B', 'GET', '/api/candidate/overview', cookieB);

    // ---- the administrator releases results; both candidates look at their scores ----
    expect((await t.http('POST', `/api/admin/parts/${t.exam.theoryPartId}/release`, { cookie: admin })).status).toBe(200);
    const finalA = await http('A', 'GET', '/api/candidate/overview', cookieA);
    const finalB = await http('B', 'GET', '/api/candidate/overview', cookieB);
    expect(finalA.json.parts.find((p: { kind: string }) => p.kind === 'theory').result).toEqual({ score: expect.any(Number), passed: expect.any(Boolean) });
    expect(finalB.json.parts.find((p: { kind: string }) => p.kind === 'theory').result).toEqual({ score: expect.any(Number), passed: expect.any(Boolean) });
    await call('A', tab1, 'clock:ping', { clientSentAt: 2 });
    await http('A', 'POST', '/api/auth/logout', cookieA);
    await http('B', 'POST', '/api/auth/logout', cookieB);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Everything received, as text (the data only: the record's own labels name admin routes). */
  const text = (who: Who) => JSON.stringify(recorded[who].map((r) => r.data));
  /** Fails with the place it was found, rather than the whole record. */
  function expectAbsent(who: Who, needle: string) {
    for (const r of recorded[who]) {
      const s = JSON.stringify(r.data) ?? '';
      const at = s.indexOf(needle);
      expect(at, `${JSON.stringify(needle)} sent to ${who} in ${r.source}: …${s.slice(Math.max(0, at - 80), at + 80)}…`).toBe(-1);
    }
  }

  it('recorded whole sessions: every event type, acks, raw packets and HTTP bodies', () => {
    const sources = (who: Who) => new Set(recorded[who].map((r) => r.source.replace(/ \d+$/, '')));
    const a = sources('A');
    for (const s of ['tab1 event answer:saved', 'tab2 event answer:saved', 'tab1 event session:ended', 'tab2 event session:ended', 'ack session:start', 'ack session:resume', 'ack answer:save', 'ack session:submit', 'ack clock:ping', 'tab1 packet message', 'tab2 packet message', 'HTTP GET /api/candidate/overview', 'HTTP GET /api/auth/me', 'HTTP POST /api/auth/candidate/login']) {
      expect(a.has(s), `A received ${s}`).toBe(true);
    }
    const b = sources('B');
    for (const s of ['tab1 event session:ended', 'ack answer:save', 'tab1 packet message', 'HTTP GET /api/candidate/overview']) expect(b.has(s), `B received ${s}`).toBe(true);
    // The deadline really ended B's part, and A's refusals are in the record.
    expect(text('B')).toContain('"endReason":"deadline"');
    expect(text('A')).toContain('"code":"NOT_FOUND"');
    expect(text('A')).toContain('"code":"FORBIDDEN"');
    expect(text('A')).toContain('"code":"SESSION_ENDED"');
    expect(recorded.A.length).toBeGreaterThan(40);
  });

  it.each(['A', 'B'] as const)('never sends candidate %s a key-like field', (who) => {
    const found: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value === 'string' && /^\d*[[{]/.test(value)) {
        // Raw packets are JSON text after the packet type and ack id ("31[...]"): look inside them too.
        try {
          walk(JSON.parse(value.replace(/^\d+/, '')), `${path}(json)`);
        } catch {
          /* not JSON */
        }
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          // An error's `key` names the message the page words it by (`exam.deadlinePassed`), not an answer key.
          const messageKey = k === 'key' && path.endsWith('.error') && typeof v === 'string' && /^[A-Za-z]+(\.[A-Za-z]+)+$/.test(v);
          if (FORBIDDEN_FIELDS.includes(k.toLowerCase()) && !messageKey) found.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      }
    };
    let parsedPackets = 0;
    for (const r of recorded[who]) {
      if (r.source.includes(' packet ') && typeof r.data === 'string' && /^\d*[[{]/.test(r.data)) parsedPackets++;
      walk(r.data, r.source);
    }
    expect(parsedPackets).toBeGreaterThan(3);
    expect(found).toEqual([]);
    expect(text(who)).not.toMatch(/answer_?key|explanation|rubric|reference_?answer/i);
  });

  it.each(['A', 'B'] as const)('never sends candidate %s a multi-choice key as stored, nor an explanation', (who) => {
    expect(multiKeys.length).toBeGreaterThan(0);
    // Raw packets carry JSON inside JSON, so look for the key both as is and escaped once.
    for (const key of multiKeys) {
      expectAbsent(who, key);
      expectAbsent(who, JSON.stringify(key).slice(1, -1));
    }
    expect(explanations.length).toBeGreaterThan(0);
    for (const e of explanations) expectAbsent(who, e);
  });

  it.each([
    ['A', 1],
    ['B', 0],
  ] as const)("never sends candidate %s the other candidate's name or ticket number", (who, other) => {
    const all = text(who);
    const me = CANDIDATES[other === 0 ? 1 : 0]!;
    // Sanity: the candidate's own identity is there, so the search is looking at the right text.
    expect(all).toContain(me.ticketNo);
    expect(all).toContain(me.name);
    expectAbsent(who, CANDIDATES[other]!.ticketNo);
    expectAbsent(who, CANDIDATES[other]!.name);
  });

  it.each(['A', 'B'] as const)("never sends candidate %s a staff user's login or display name", (who) => {
    for (const s of STAFF) {
      expectAbsent(who, s.login);
      expectAbsent(who, s.displayName);
    }
  });
});
