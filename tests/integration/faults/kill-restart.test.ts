import fs from 'node:fs';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { Ack, AnswerResponse, SessionView } from '@shared/events.ts';
import { emit, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { seedTempExam, ServerProcess, type SeededTempExam } from '../../helpers/server-process.ts';

/**
 * Crash fault: 100 candidates autosave continuously against the real production server process;
 * the process is SIGKILLed mid-save, some deadlines pass while it is down, and it is started again
 * on the same database and port. The clients must come back by themselves, no acknowledged
 * answer may be lost, untouched deadlines must not move, and the overdue parts must be ended
 * at their deadline and scored on boot.
 */

const CANDIDATES = 100;
const OVERDUE_EVERY = 10; // every 10th candidate's part runs out while the server is down
const LOGIN_CONCURRENCY = 8;
const SAVE_MS_BEFORE_KILL = 1500;
const MIN_ACKED_BEFORE_KILL = 200;
const MIN = 60_000;

type Candidate = {
  index: number;
  ticket: string;
  socket: ClientSocket;
  view: SessionView;
  sessionId: number;
  deadline: number;
  overdue: boolean;
  connects: number;
  disconnectedAt: number | null;
  reconnectedAt: number | null;
  connectErrors: string[];
  replaced: boolean;
  /** The `session:resume` the client sent on its own after reconnecting, as the browser does. */
  resumed: Promise<Ack<SessionView>> | null;
  resumeReply: Ack<SessionView> | null;
};
type AckedSave = { sessionId: number; itemId: number; revision: number; response: AnswerResponse | null; flagged: boolean };
type AnswerRow = { session_id: number; paper_item_id: number; response_json: string | null; flagged: number; revision: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function waitFor(what: string, cond: () => boolean, timeoutMs: number, everyMs = 20): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let x = queue.shift(); x !== undefined; x = queue.shift()) await fn(x);
    }),
  );
}

describe('SIGKILL of the server mid-autosave, deadlines passing while it is down, restart', () => {
  let seeded: SeededTempExam;
  let server: ServerProcess | null = null;
  const candidates: Candidate[] = [];
  const acked: AckedSave[] = [];
  const saveErrors: Record<string, number> = {};
  const badAcks: unknown[] = [];
  const stats = {
    firstStartMs: 0,
    loginAndStartMs: 0,
    sent: 0,
    inflightAtKill: 0,
    ackedAtKill: 0,
    ackedTotal: 0,
    unackedPersisted: 0,
    killAt: 0,
    exitAt: 0,
    restartedAt: 0,
    restartMs: 0,
    allReconnectedAt: 0,
    /** From the restarted server answering /api/health to the last client resumed. */
    reconnectAfterReadyMs: 0,
    /** From the SIGKILL to the last client resumed. */
    outageMs: 0,
  };
  let phase: 'none' | 'started' | 'killed' | 'restarted' = 'none';
  let saving = false;
  let inflight = 0;
  const pendingSaves = new Map<string, { sessionId: number; itemId: number; response: AnswerResponse | null }>();

  /** Later phases need the earlier ones; the server's log tail goes with any failure. */
  function needs(ctx: TestContext, ...phases: (typeof phase)[]) {
    ctx.onTestFailed(() => {
      if (server) process.stderr.write(`--- server output (tail) ---\n${server.log.slice(-6000)}\n---\n`);
    });
    ctx.skip(!phases.includes(phase), `an earlier phase failed (phase=${phase})`);
  }

  beforeAll(async () => {
    seeded = await seedTempExam(CANDIDATES);
    const t0 = Date.now();
    server = await ServerProcess.startOnFreePort(seeded.dir);
    stats.firstStartMs = Date.now() - t0;
  }, 150_000);

  afterAll(async () => {
    saving = false;
    for (const c of candidates) {
      c.socket.removeAllListeners();
      c.socket.io.reconnection(false);
      c.socket.disconnect();
    }
    await server?.kill();
    if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
    // One line of figures for whoever reads the run.
    process.stdout.write(`[kill-restart] ${JSON.stringify({ ...stats, saveErrors, candidates: candidates.length })}\n`);
  }, 20_000);

  function track(c: Candidate) {
    const s = c.socket;
    s.on('connect', () => {
      c.connects++;
      if (c.connects === 1) return;
      // A reconnect: the browser client asks for its session again (answers, deadline, status).
      c.reconnectedAt = Date.now();
      c.resumed = emit(s, 'session:resume', { sessionId: c.sessionId });
      c.resumed.then(
        (reply) => (c.resumeReply = reply),
        (err: Error) => (c.resumeReply = { ok: false, error: { code: 'INTERNAL', message: `no ack: ${err.message}` } }),
      );
    });
    s.on('disconnect', () => (c.disconnectedAt ??= Date.now()));
    s.on('connect_error', (err) => c.connectErrors.push(err.message));
    s.on('auth:replaced', () => (c.replaced = true));
  }

  it(
    'logs in 100 candidates, connects them with automatic reconnection and starts their theory part',
    async (ctx) => {
      needs(ctx, 'none');
      const partId = seeded.exam.theoryPartId;
      const t0 = Date.now();
      await pool(
        seeded.tickets.map((ticket, index) => ({ ticket, index })),
        LOGIN_CONCURRENCY,
        async ({ ticket, index }) => {
          const res = await fetch(`${server!.baseUrl}/api/auth/candidate/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ticketNo: ticket, password: seeded.password }),
          });
          expect(res.status, `login of ${ticket}`).toBe(200);
          const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
          const socket: ClientSocket = connect(server!.baseUrl, {
            transports: ['websocket'],
            extraHeaders: { cookie },
            forceNew: true,
            reconnection: true,
            reconnectionDelay: 200,
            reconnectionDelayMax: 500,
            randomizationFactor: 0.5,
          });
          const c: Candidate = {
            index,
            ticket,
            socket,
            view: undefined as unknown as SessionView,
            sessionId: 0,
            deadline: 0,
            overdue: index % OVERDUE_EVERY === 0,
            connects: 0,
            disconnectedAt: null,
            reconnectedAt: null,
            connectErrors: [],
            replaced: false,
            resumed: null,
            resumeReply: null,
          };
          track(c);
          candidates.push(c);
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
          const before = Date.now();
          const view = unwrap(await emit(socket, 'session:start', { sittingPartId: partId }));
          expect(view.status).toBe('in_progress');
          expect(view.startedAt).toBeGreaterThanOrEqual(before - 1000);
          expect(view.deadline).toBe(view.startedAt! + 90 * MIN);
          c.view = view;
          c.sessionId = view.sessionId;
          c.deadline = view.deadline!;
        },
      );
      candidates.sort((a, b) => a.index - b.index);
      expect(candidates).toHaveLength(CANDIDATES);
      expect(new Set(candidates.map((c) => c.sessionId)).size).toBe(CANDIDATES);
      stats.loginAndStartMs = Date.now() - t0;
      phase = 'started';
    },
    40_000,
  );

  it(
    'acks saves until the server process is SIGKILLed in the middle of them',
    async (ctx) => {
      needs(ctx, 'started');
      let change = 0;
      const loop = async (c: Candidate) => {
        await sleep(Math.random() * 50);
        while (saving && c.socket.connected) {
          const item = pick(c.view.items);
          const choices =
            item.type === 'multi' ? item.options.filter(() => Math.random() < 0.5).map((o) => o.id) : [pick(item.options).id];
          const changeId = `k${change++}`;
          const payload = { sessionId: c.sessionId, itemId: item.id, response: choices.length ? { choices } : null, flagged: Math.random() < 0.2, changeId };
          stats.sent++;
          inflight++;
          pendingSaves.set(changeId, { sessionId: c.sessionId, itemId: item.id, response: payload.response });
          try {
            const reply = await emit(c.socket, 'answer:save', payload);
            if (reply.ok) {
              const d = reply.data;
              if (d.sessionId !== c.sessionId || d.itemId !== item.id || d.changeId !== changeId) badAcks.push({ sent: payload, ack: d });
              acked.push({ sessionId: d.sessionId, itemId: d.itemId, revision: d.revision, response: d.response, flagged: d.flagged });
              pendingSaves.delete(changeId);
            } else saveErrors[reply.error.code] = (saveErrors[reply.error.code] ?? 0) + 1;
          } catch {
            // Disconnected (or timed out) before the ack: this save may or may not have been kept.
            saveErrors.noAck = (saveErrors.noAck ?? 0) + 1;
          } finally {
            inflight--;
          }
          await sleep(20 + Math.random() * 30);
        }
      };
      saving = true;
      const loops = Promise.all(candidates.map(loop));
      await sleep(SAVE_MS_BEFORE_KILL);
      await waitFor('a few hundred acked saves', () => acked.length >= MIN_ACKED_BEFORE_KILL, 8000, 5);
      await waitFor('saves in flight', () => inflight > 0, 2000, 1);
      stats.inflightAtKill = inflight;
      stats.ackedAtKill = acked.length;
      stats.killAt = Date.now();
      await server!.kill('SIGKILL');
      stats.exitAt = Date.now();
      saving = false;
      await waitFor('every socket to notice the crash', () => candidates.every((c) => !c.socket.connected), 10_000);
      await loops;
      stats.ackedTotal = acked.length;
      // Before the crash no save was refused; only the ones cut off by it went unacknowledged.
      expect(badAcks).toEqual([]);
      expect(Object.keys(saveErrors).filter((code) => code !== 'noAck')).toEqual([]);
      phase = 'killed';
    },
    20_000,
  );

  it(
    'restarts on the same database and port after deadlines passed while it was down; every client reconnects by itself',
    async (ctx) => {
      needs(ctx, 'killed');
      // The server is down: move ~10 running parts' deadlines into the past, as if the time had run out.
      const db = new Database(seeded.dbFile);
      try {
        const rows = db.prepare('select id, status, deadline from exam_sessions order by id').all() as { id: number; status: string; deadline: number }[];
        expect(rows).toEqual(
          [...candidates].sort((a, b) => a.sessionId - b.sessionId).map((c) => ({ id: c.sessionId, status: 'in_progress', deadline: c.deadline })),
        );
        const move = db.prepare('update exam_sessions set deadline = ? where id = ?');
        for (const c of candidates.filter((x) => x.overdue)) {
          // Past (the restart comes later) but after every save this server process ever received.
          c.deadline = stats.exitAt + c.index;
          expect(move.run(c.deadline, c.sessionId).changes).toBe(1);
        }
      } finally {
        db.close();
      }
      expect(candidates.filter((c) => c.overdue)).toHaveLength(CANDIDATES / OVERDUE_EVERY);

      const t0 = Date.now();
      await server!.start();
      stats.restartedAt = Date.now();
      stats.restartMs = stats.restartedAt - t0;
      await waitFor('every client to reconnect and resume', () => candidates.every((c) => c.resumeReply !== null), 15_000);
      stats.allReconnectedAt = Math.max(...candidates.map((c) => c.reconnectedAt ?? 0));
      const lastResumed = Date.now();
      stats.reconnectAfterReadyMs = lastResumed - stats.restartedAt;
      stats.outageMs = lastResumed - stats.killAt;

      const trouble = candidates.filter((c) => c.connects !== 2 || !c.socket.connected || c.replaced || c.connectErrors.some((m) => m === 'UNAUTHENTICATED'));
      expect(trouble.map((c) => ({ ticket: c.ticket, connects: c.connects, connected: c.socket.connected, replaced: c.replaced, errors: c.connectErrors.slice(-3) }))).toEqual([]);
      const refused = candidates.filter((c) => !c.resumeReply!.ok);
      expect(refused.map((c) => ({ ticket: c.ticket, reply: c.resumeReply }))).toEqual([]);
      phase = 'restarted';
    },
    180_000,
  );

  it('lost no acknowledged answer: each is in the database and in session:resume with its revision or a later one', async (ctx) => {
    needs(ctx, 'restarted');
    const latest = new Map<string, AckedSave>();
    for (const a of acked) {
      const key = `${a.sessionId}:${a.itemId}`;
      if ((latest.get(key)?.revision ?? 0) < a.revision) latest.set(key, a);
    }
    const db = new Database(seeded.dbFile, { readonly: true });
    let rows: AnswerRow[];
    let optionTexts: Map<number, Map<string, string>>;
    try {
      rows = db.prepare('select session_id, paper_item_id, response_json, flagged, revision from answers').all() as AnswerRow[];
      optionTexts = new Map(
        (db.prepare('select id, options_json from paper_items').all() as { id: number; options_json: string }[]).map((r) => [r.id, new Map((JSON.parse(r.options_json) as { id: string; text: string }[]).map((o) => [o.id, o.text]))]),
      );
    } finally {
      db.close();
    }
    // The database speaks bank ids, each browser its own opaque ids: compare the options' texts.
    const viewOf = new Map(candidates.map((c) => [c.sessionId, c.view]));
    const clientTexts = (sessionId: number, itemId: number, r: AnswerResponse | null) => {
      const options = viewOf.get(sessionId)!.items.find((i) => i.id === itemId)!.options;
      return r && 'choices' in r ? JSON.stringify(r.choices.map((id) => options.find((o) => o.id === id)?.text).sort()) : JSON.stringify(r);
    };
    const dbTexts = (itemId: number, json: string | null) => {
      const r = json === null ? null : (JSON.parse(json) as AnswerResponse);
      return r && 'choices' in r ? JSON.stringify(r.choices.map((id) => optionTexts.get(itemId)!.get(id)).sort()) : JSON.stringify(r);
    };
    const inDb = new Map(rows.map((r) => [`${r.session_id}:${r.paper_item_id}`, r]));
    const lost: unknown[] = [];
    for (const [key, a] of latest) {
      const row = inDb.get(key);
      const same = row && row.revision === a.revision && dbTexts(row.paper_item_id, row.response_json) === clientTexts(a.sessionId, a.itemId, a.response) && Boolean(row.flagged) === a.flagged;
      if (!row || row.revision < a.revision || (row.revision === a.revision && !same)) lost.push({ acked: a, db: row ?? null });
    }
    expect(lost).toEqual([]);

    // What the reconnected clients were given is exactly what the database holds.
    const mismatched: unknown[] = [];
    for (const c of candidates) {
      const view = (c.resumeReply as { ok: true; data: SessionView }).data;
      const fromResume = view.answers.map((a) => ({ itemId: a.itemId, revision: a.revision, response: clientTexts(c.sessionId, a.itemId, a.response), flagged: a.flagged })).sort((x, y) => x.itemId - y.itemId);
      const fromDb = rows
        .filter((r) => r.session_id === c.sessionId)
        .map((r) => ({ itemId: r.paper_item_id, revision: r.revision, response: dbTexts(r.paper_item_id, r.response_json), flagged: Boolean(r.flagged) }))
        .sort((x, y) => x.itemId - y.itemId);
      if (JSON.stringify(fromResume) !== JSON.stringify(fromDb)) mismatched.push({ ticket: c.ticket, fromResume, fromDb });
    }
    expect(mismatched).toEqual([]);
    // Saves sent but never acked: some may have been committed before the kill (allowed either way).
    stats.unackedPersisted = [...pendingSaves.values()].filter((p) => {
      const row = inDb.get(`${p.sessionId}:${p.itemId}`);
      return row !== undefined && dbTexts(row.paper_item_id, row.response_json) === clientTexts(p.sessionId, p.itemId, p.response);
    }).length;
  });

  it('keeps every untouched part running with exactly its original deadline', async (ctx) => {
    needs(ctx, 'restarted');
    const db = new Database(seeded.dbFile, { readonly: true });
    try {
      const get = db.prepare('select status, deadline, ended_at, end_reason from exam_sessions where id = ?');
      const scored = db.prepare('select count(*) as n from scores where session_id = ?');
      for (const c of candidates.filter((x) => !x.overdue)) {
        const view = (c.resumeReply as { ok: true; data: SessionView }).data;
        expect({ ticket: c.ticket, status: view.status, deadline: view.deadline, endReason: view.endReason }).toEqual({ ticket: c.ticket, status: 'in_progress', deadline: c.deadline, endReason: null });
        expect({ ticket: c.ticket, ...(get.get(c.sessionId) as object) }).toEqual({ ticket: c.ticket, status: 'in_progress', deadline: c.deadline, ended_at: null, end_reason: null });
        expect(scored.get(c.sessionId)).toEqual({ n: 0 });
      }
    } finally {
      db.close();
    }
  });

  it('ended the parts that ran out while the server was down at their deadline, and scored them against the saved answers', async (ctx) => {
    needs(ctx, 'restarted');
    const db = new Database(seeded.dbFile, { readonly: true });
    try {
      const get = db.prepare('select status, deadline, ended_at, end_reason from exam_sessions where id = ?');
      const score = db.prepare('select raw_points, max_points, score, detail_json from scores where session_id = ?');
      const keys = db.prepare('select id, answer_key_json, points from paper_items where paper_id = ?').all(seeded.exam.paperId) as { id: number; answer_key_json: string; points: number }[];
      const answersOf = db.prepare('select paper_item_id, response_json, revision from answers where session_id = ?');
      for (const c of candidates.filter((x) => x.overdue)) {
        const view = (c.resumeReply as { ok: true; data: SessionView }).data;
        expect({ ticket: c.ticket, status: view.status, endReason: view.endReason, endedAt: view.endedAt }).toEqual({ ticket: c.ticket, status: 'ended', endReason: 'deadline', endedAt: c.deadline });
        expect(get.get(c.sessionId)).toEqual({ status: 'ended', deadline: c.deadline, ended_at: c.deadline, end_reason: 'deadline' });
        const s = score.get(c.sessionId) as { raw_points: number; max_points: number; score: number; detail_json: string } | undefined;
        expect(s, `score row of ${c.ticket}`).toBeDefined();
        // Recomputed here (all-or-nothing, as the l4 blueprint says) from the answers in the database.
        const answers = new Map((answersOf.all(c.sessionId) as { paper_item_id: number; response_json: string | null; revision: number }[]).map((a) => [a.paper_item_id, a]));
        let raw = 0;
        for (const k of keys) {
          const a = answers.get(k.id);
          const chosen = a?.response_json ? (JSON.parse(a.response_json) as { choices: string[] }).choices : [];
          const key = JSON.parse(k.answer_key_json) as string[];
          if (chosen.length === key.length && chosen.every((x) => key.includes(x))) raw += k.points;
        }
        expect({ raw: s!.raw_points, max: s!.max_points }).toEqual({ raw: Math.round(raw * 100) / 100, max: 100 });
        const detail = JSON.parse(s!.detail_json) as { itemId: number; revision: number | null }[];
        expect(detail.map((d) => [d.itemId, d.revision])).toEqual(detail.map((d) => [d.itemId, answers.get(d.itemId)?.revision ?? null]));
      }
    } finally {
      db.close();
    }
  });

  it('refuses saves to an overdue part with SESSION_ENDED and accepts saves to the others again', async (ctx) => {
    needs(ctx, 'restarted');
    const db = new Database(seeded.dbFile, { readonly: true });
    const revisionOf = db.prepare('select revision from answers where session_id = ? and paper_item_id = ?');
    try {
      await Promise.all(
        candidates.map(async (c) => {
          const item = c.view.items[c.index % c.view.items.length]!;
          const before = (revisionOf.get(c.sessionId, item.id) as { revision: number } | undefined)?.revision ?? 0;
          const reply = await emit(c.socket, 'answer:save', { sessionId: c.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: `after-${c.index}` });
          if (c.overdue) {
            expect({ ticket: c.ticket, reply }).toMatchObject({ ticket: c.ticket, reply: { ok: false, error: { code: 'SESSION_ENDED' } } });
          } else {
            expect({ ticket: c.ticket, reply }).toMatchObject({ ticket: c.ticket, reply: { ok: true, data: { revision: before + 1 } } });
          }
          const after = (revisionOf.get(c.sessionId, item.id) as { revision: number } | undefined)?.revision ?? 0;
          expect(after).toBe(c.overdue ? before : before + 1);
        }),
      );
    } finally {
      db.close();
    }
  });
});
