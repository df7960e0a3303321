import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { SessionEnded, SessionView } from '@shared/events.ts';
import type { ExamRules } from '@shared/proctor.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { forUpdate } from '../../../server/src/core/db/dialect.ts';
import { openPgStore } from '../../../server/src/core/db/pg-store.ts';
import { tablesOf, type Db, type Store } from '../../../server/src/core/db/store.ts';
import type { AppError } from '../../../server/src/core/errors.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { createPartPapers } from '../../../server/src/features/exam/part-papers.ts';
import { DEFAULT_SWEEP_GRACE_MS } from '../../../server/src/features/exam/session-service.ts';
import { examOwners } from '../../helpers/owners.ts';
import { sessionEngine } from '../../helpers/session-engine.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The session engine (issue #16 step 4) on each store of the matrix: start, save, pause, finalise and
 * the sweep, and the races two nodes bring. A "node" is a session service of its own; on PostgreSQL
 * the second one has its own connection pool on the same database, as a second process would. On
 * SQLite both share the one connection (one node; the cases still run, without the concurrency).
 * (tests/integration/theory-session.test.ts and others run the engine inside the whole app on SQLite.)
 */
const MIN = 60_000;
const STRICT: ExamRules = { textPaste: 'block', parallelParts: false };
const PARALLEL: ExamRules = { textPaste: 'block', parallelParts: true };
const act = (reason: string) => ({ actorUserId: null, reason });

/**
 * A node's handle whose transactions can be held back: writes received meanwhile wait in its group
 * commit, as they do on a loaded node at a deadline.
 */
function holdable(db: Db) {
  let gate: Promise<void> | null = null;
  const transaction = ((...args: Parameters<Db['transaction']>) => (gate ?? Promise.resolve()).then(() => db.transaction(...args))) as Db['transaction'];
  const held = new Proxy(db, { get: (target, key, receiver) => (key === 'transaction' ? transaction : Reflect.get(target, key, receiver)) });
  return {
    db: held,
    /** Holds every transaction not yet begun until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

type Seeded = { theoryPartId: number; skillsPartId: number; theoryItems: number[]; freshPartId: number; otherPaperId: number; otherItems: number[] };

async function seed(db: Db, now: number, candidateCount: number): Promise<Seeded & { candidates: SessionUser[]; freshCandidates: SessionUser[] }> {
  const tb = tablesOf(db);
  const [occ] = await db.insert(tb.occupations).values({ code: 'E-01', nameZh: '考试', nameEn: 'Exam' }).returning({ id: tb.occupations.id });
  const [plan] = await db.insert(tb.examPlans).values({ occupationId: occ!.id, title: '计划', examDate: '2027-03-01', registrationDeadline: now, createdAt: now }).returning({ id: tb.examPlans.id });
  const sittings = await db
    .insert(tb.sittings)
    .values([
      { planId: plan!.id, level: 4, name: '场次', startsAt: now },
      { planId: plan!.id, level: 4, name: '另一场次', startsAt: now },
    ])
    .returning({ id: tb.sittings.id });
  const paper = async (part: 'theory' | 'skills', title: string, items: { type: 'single' | 'short-answer'; stem: string }[]) => {
    const [p] = await db.insert(tb.papers).values({ title, part, seed: title, createdAt: now }).returning({ id: tb.papers.id });
    const rows = await db
      .insert(tb.paperItems)
      .values(
        items.map((item, position) => ({
          paperId: p!.id,
          position,
          bankItemId: `${title}-${position}`,
          type: item.type,
          stem: item.stem,
          optionsJson: item.type === 'single' ? JSON.stringify([{ id: 'a', text: '对' }, { id: 'b', text: '错' }]) : '[]',
          answerKeyJson: item.type === 'single' ? '["a"]' : '[]',
          points: 10,
          detailJson: item.type === 'single' ? '{}' : JSON.stringify({ rubric: [{ id: 'r1', text: '要点', points: 10 }], screenshots: 0 }),
        })),
      )
      .returning({ id: tb.paperItems.id });
    return { id: p!.id, items: rows.map((r) => r.id) };
  };
  const theory = await paper('theory', 'T', [1, 2, 3].map((n) => ({ type: 'single' as const, stem: `题${n}` })));
  const skills = await paper('skills', 'S', [{ type: 'short-answer', stem: '简答' }]);
  const other = await paper('theory', 'T2', [1, 2, 3].map((n) => ({ type: 'single' as const, stem: `新题${n}` })));
  const parts = await db
    .insert(tb.sittingParts)
    .values([
      { sittingId: sittings[0]!.id, part: 'theory', durationMinutes: 90, paperId: theory.id },
      { sittingId: sittings[0]!.id, part: 'skills', durationMinutes: 120, paperId: skills.id },
      { sittingId: sittings[1]!.id, part: 'theory', durationMinutes: 90, paperId: theory.id },
    ])
    .returning({ id: tb.sittingParts.id });
  const people = async (sittingId: number, prefix: string, n: number) => {
    const users = await db
      .insert(tb.users)
      .values(Array.from({ length: n }, (_, i) => ({ role: 'candidate' as const, login: `${prefix}${i}`, displayName: `${prefix}${i}`, passwordHash: 'x', createdAt: now })))
      .returning({ id: tb.users.id, login: tb.users.login });
    const cands = await db
      .insert(tb.candidates)
      .values(users.map((u, i) => ({ userId: u.id, sittingId, ticketNo: u.login, name: `考生${i}`, room: '101', seat: String(i + 1) })))
      .returning({ id: tb.candidates.id, userId: tb.candidates.userId, ticketNo: tb.candidates.ticketNo });
    return cands.map((c): SessionUser => ({ userId: c.userId, role: 'candidate', displayName: c.ticketNo, ticketNo: c.ticketNo, candidateId: c.id }));
  };
  return {
    theoryPartId: parts[0]!.id,
    skillsPartId: parts[1]!.id,
    freshPartId: parts[2]!.id,
    theoryItems: theory.items,
    otherPaperId: other.id,
    otherItems: other.items,
    candidates: await people(sittings[0]!.id, 'E', candidateCount),
    freshCandidates: await people(sittings[1]!.id, 'F', 2),
  };
}

const keyOf = (err: unknown) => (err as AppError).detail?.key;

await describeStores('exam session engine on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  /** The second node's store: its own pool on PostgreSQL, the same connection on SQLite. */
  let nodeB: Store;
  let s: Awaited<ReturnType<typeof seed>>;
  let nextCandidate = 0;
  const take = (n: number) => s.candidates.slice(nextCandidate, (nextCandidate += n));
  const engines: { stop(): Promise<void> }[] = [];

  function engine(on: Db, opts: { rules?: ExamRules; sweepMs?: number } = {}) {
    const ended: SessionEnded[] = [];
    const errors: { sessionId: number | null; err: unknown }[] = [];
    const svc = sessionEngine(on, clock, {
      notifier: { answerSaved: () => {}, sessionEnded: (_userId, payload) => ended.push(payload) },
      examRules: async () => opts.rules ?? STRICT,
      sweepMs: opts.sweepMs ?? 250,
    });
    svc.onFinaliseError((sessionId, err) => errors.push({ sessionId, err }));
    engines.push(svc);
    return { svc, ended, errors };
  }

  const T = () => tablesOf(db);
  const sessionRow = async (id: number) => (await db.select().from(T().examSessions).where(eq(T().examSessions.id, id)))[0]!;
  const scoresOf = async (ids: number[]) => db.select({ sessionId: T().scores.sessionId, score: T().scores.score }).from(T().scores).where(inArray(T().scores.sessionId, ids));
  const audits = async (action: string, ids: number[]) =>
    (await db.select({ n: count() }).from(T().auditLog).where(and(eq(T().auditLog.action, action), inArray(T().auditLog.entityId, ids.map(String)))))[0]!.n;
  /** The candidate's own option id for the keyed option (text 对). */
  const rightOption = (view: SessionView, itemId: number) => view.items.find((i) => i.id === itemId)!.options.find((o) => o.text === '对')!.id;
  const save = (svc: ReturnType<typeof engine>['svc'], user: SessionUser, view: SessionView, itemId: number, changeId = 'c') =>
    svc.saveAnswer(user, { sessionId: view.sessionId, itemId, response: { choices: [rightOption(view, itemId)] }, flagged: false, changeId });

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    nodeB = t.dialect === 'pg' ? await openPgStore({ url: t.url, poolMax: 4 }) : t.store;
    s = await seed(db, clock.now(), 60);
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
  });
  afterAll(async () => {
    if (nodeB !== t.store) await nodeB.close();
    await t.close();
  });

  it('starts once, keeps every save with its revision, pauses, resumes and scores the submission', async () => {
    const { svc } = engine(db);
    const [user] = take(1);
    const view = await svc.start(user!, s.theoryPartId, { instructionsConfirmed: true });
    expect(view).toMatchObject({ status: 'in_progress', startedAt: clock.now(), deadline: clock.now() + 90 * MIN });
    expect((await svc.start(user!, s.theoryPartId)).sessionId).toBe(view.sessionId);
    const [item1, item2] = s.theoryItems;
    expect((await save(svc, user!, view, item1!, 'c1')).revision).toBe(1);
    expect((await save(svc, user!, view, item1!, 'c2')).revision).toBe(2);

    expect(await svc.pause(view.sessionId, act('toilet'))).toMatchObject({ pausedAt: clock.now() });
    await expect(save(svc, user!, view, item2!)).rejects.toMatchObject({ code: 'SESSION_PAUSED' });
    clock.advance(10 * MIN);
    expect(await svc.resumePaused(view.sessionId, act('back'))).toMatchObject({ pausedAt: null, deadline: view.deadline! + 10 * MIN });

    expect(await svc.submit(user!, view.sessionId)).toMatchObject({ answered: 1, total: 3 });
    await expect(save(svc, user!, view, item2!)).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    await expect(svc.submit(user!, view.sessionId)).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'ended', endReason: 'submitted' });
    expect(await scoresOf([view.sessionId])).toEqual([{ sessionId: view.sessionId, score: expect.closeTo(33.33, 1) }]);
    expect([await audits('answer.saved', [view.sessionId]), await audits('session.started', [view.sessionId]), await audits('session.scored', [view.sessionId])]).toEqual([2, 1, 1]);
  });

  it('refuses one save of a batch without undoing the others', async () => {
    const { svc } = engine(db);
    const [user] = take(1);
    const view = await svc.start(user!, s.theoryPartId);
    const [a, b, c] = await Promise.allSettled([
      save(svc, user!, view, s.theoryItems[0]!),
      svc.saveAnswer(user!, { sessionId: view.sessionId, itemId: s.otherItems[0]!, response: null, flagged: false, changeId: 'x' }),
      save(svc, user!, view, s.theoryItems[1]!),
    ]);
    expect([a.status, b.status, c.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(keyOf((b as PromiseRejectedResult).reason)).toBe('exam.noItem');
    expect((await db.select().from(T().answers).where(eq(T().answers.sessionId, view.sessionId))).map((r) => r.paperItemId).sort()).toEqual([s.theoryItems[0], s.theoryItems[1]].sort());
  });

  it('refuses a save after the deadline, and after the end', async () => {
    const { svc } = engine(db);
    const [user] = take(1);
    const view = await svc.start(user!, s.theoryPartId);
    clock.jump(90 * MIN);
    await expect(save(svc, user!, view, s.theoryItems[0]!)).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    await svc.flushDeadlines();
    expect(await svc.endFor(view.sessionId, 'force_submitted', act('late'))).toMatchObject({ endReason: 'deadline', endedAt: view.deadline });
    await expect(save(svc, user!, view, s.theoryItems[0]!)).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    expect(await db.select().from(T().answers).where(eq(T().answers.sessionId, view.sessionId))).toEqual([]);
  });

  for (const [label, rules] of [
    ['one part at a time', STRICT],
    ['parallel parts allowed', PARALLEL],
  ] as const) {
    it(`makes one session of two starts of the same part at once on two nodes (${label})`, async () => {
      const a = engine(db, { rules });
      const b = engine(nodeB.db, { rules });
      const users = take(8);
      const pairs = await Promise.all(users.map((u) => Promise.all([a.svc.start(u, s.theoryPartId), b.svc.start(u, s.theoryPartId)])));
      for (const [x, y] of pairs) expect(x.sessionId).toBe(y.sessionId);
      const ids = pairs.map(([x]) => x.sessionId);
      const rows = await db.select({ candidateId: T().examSessions.candidateId }).from(T().examSessions).where(inArray(T().examSessions.candidateId, users.map((u) => u.candidateId!)));
      expect(rows).toHaveLength(users.length);
      expect(await audits('session.started', ids)).toBe(users.length);
    });
  }

  it('lets a candidate start only one of two parts started at once on two nodes', async () => {
    const a = engine(db);
    const b = engine(nodeB.db);
    for (const user of take(6)) {
      const [theory, skills] = await Promise.allSettled([a.svc.start(user, s.theoryPartId), b.svc.start(user, s.skillsPartId)]);
      expect([theory.status, skills.status].sort()).toEqual(['fulfilled', 'rejected']);
      const refused = (theory.status === 'rejected' ? theory : skills) as PromiseRejectedResult;
      expect(keyOf(refused.reason)).toMatch(/^examStart\.otherPartRunning\./);
      const running = await db.select().from(T().examSessions).where(eq(T().examSessions.candidateId, user.candidateId!));
      expect(running).toHaveLength(1);
    }
  });

  it('adds up two proctors extending the same session at once on two nodes', async () => {
    const a = engine(db);
    const b = engine(nodeB.db);
    const [user] = take(1);
    const view = await a.svc.start(user!, s.theoryPartId);
    await Promise.all([a.svc.extend(view.sessionId, 10, act('network')), b.svc.extend(view.sessionId, 5, act('power'))]);
    expect(await sessionRow(view.sessionId)).toMatchObject({ deadline: view.deadline! + 15 * MIN, incidentExtraMinutes: 15 });
  });

  it('finalises each due session exactly once when two nodes race (timers and sweeps on both)', async () => {
    const a = engine(db);
    const b = engine(nodeB.db);
    const users = take(10);
    const views = await Promise.all(users.map((u, i) => (i % 2 ? b : a).svc.start(u, s.theoryPartId)));
    const ids = views.map((v) => v.sessionId);
    await Promise.all(views.map((v, i) => save((i % 2 ? a : b).svc, users[i]!, v, s.theoryItems[0]!)));
    // Both nodes arm every running session and sweep: the timers of both fire at the deadline, and both sweep.
    await Promise.all([a.svc.restoreDeadlines(), b.svc.restoreDeadlines()]);
    clock.advance(90 * MIN);
    await Promise.all([a.svc.idle(), b.svc.idle(), a.svc.sweepDue(), b.svc.sweepDue()]);
    await Promise.all([a.svc.idle(), b.svc.idle()]);

    for (const id of ids) expect(await sessionRow(id)).toMatchObject({ status: 'ended', endReason: 'deadline' });
    const scores = await scoresOf(ids);
    expect(scores.map((r) => r.sessionId).sort()).toEqual([...ids].sort());
    expect(scores.every((r) => Math.abs(r.score - 100 / 3) < 0.01)).toBe(true);
    const ended = [...a.ended, ...b.ended].filter((e) => ids.includes(e.sessionId));
    expect(ended.map((e) => e.sessionId).sort()).toEqual([...ids].sort());
    expect(await audits('session.ended', ids)).toBe(ids.length);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('ends a shared deadline set by set: each due session ended and scored once, paused, extended and unscorable ones left running', async () => {
    const { svc, ended, errors } = engine(db);
    const tb = T();
    const [theory] = await db.select().from(tb.sittingParts).where(eq(tb.sittingParts.id, s.theoryPartId));
    const [sitting] = await db.select().from(tb.sittings).where(eq(tb.sittings.id, theory!.sittingId));
    // A sitting of its own whose paper goes missing mid-part: its session cannot be scored.
    const [lonelySitting] = await db.insert(tb.sittings).values({ planId: sitting!.planId, level: 4, name: '孤场', startsAt: sitting!.startsAt }).returning({ id: tb.sittings.id });
    const [lonely] = await db.insert(tb.sittingParts).values({ sittingId: lonelySitting!.id, part: 'theory', durationMinutes: 90, paperId: theory!.paperId }).returning({ id: tb.sittingParts.id });
    const [lonelyUser] = await db.insert(tb.users).values({ role: 'candidate', login: 'L1', displayName: 'L1', passwordHash: 'x', createdAt: clock.now() }).returning({ id: tb.users.id });
    const [lonelyCandidate] = await db.insert(tb.candidates).values({ userId: lonelyUser!.id, sittingId: lonelySitting!.id, ticketNo: 'L1', name: '考生L', room: '101', seat: '1' }).returning({ id: tb.candidates.id });
    const users = take(5);
    const [answered, extended, paused, blank] = await Promise.all(users.slice(0, 4).map((u) => svc.start(u, s.theoryPartId)));
    const skills = await svc.start(users[4]!, s.skillsPartId);
    // Started on a node that then stops; the node ending it keeps no part of its own yet, and finds no paper.
    const starter = engine(db);
    const unscorable = await starter.svc.start({ userId: lonelyUser!.id, role: 'candidate', displayName: 'L1', ticketNo: 'L1', candidateId: lonelyCandidate!.id }, lonely!.id);
    await starter.svc.stop();
    await save(svc, users[0]!, answered!, s.theoryItems[0]!);
    await svc.extend(extended!.sessionId, 10, act('late bus'));
    await svc.pause(paused!.sessionId, act('toilet'));
    await db.update(tb.sittingParts).set({ paperId: null }).where(eq(tb.sittingParts.id, lonely!.id));

    clock.advance(90 * MIN);
    await svc.idle();
    // A restarting node ends what is overdue by more than the grace (another node may hold saves within it).
    clock.advance(DEFAULT_SWEEP_GRACE_MS);
    const late = engine(db);
    await late.svc.restoreDeadlines();
    await late.svc.stop();
    const status = async (views: SessionView[]) => Promise.all(views.map(async (v) => (await sessionRow(v.sessionId)).status));
    expect(await status([answered!, blank!, extended!, paused!, skills, unscorable])).toEqual(['ended', 'ended', 'in_progress', 'in_progress', 'in_progress', 'in_progress']);
    expect(errors).toEqual([]);
    expect(late.errors.map((e) => e.sessionId).filter((id) => id === unscorable.sessionId)).toEqual([unscorable.sessionId]);
    expect((await scoresOf([answered!.sessionId, blank!.sessionId])).sort((x, y) => y.score - x.score)).toEqual([
      { sessionId: answered!.sessionId, score: expect.closeTo(33.33, 1) },
      { sessionId: blank!.sessionId, score: 0 },
    ]);

    clock.advance(30 * MIN);
    await svc.idle();
    expect(await status([extended!, paused!, skills])).toEqual(['ended', 'in_progress', 'ended']);
    expect(await sessionRow(skills.sessionId)).toMatchObject({ endReason: 'deadline', endedAt: skills.deadline });
    // The paper is back: a node restarting ends the session it could not.
    await db.update(tb.sittingParts).set({ paperId: theory!.paperId }).where(eq(tb.sittingParts.id, lonely!.id));
    await engine(db).svc.restoreDeadlines();
    const endedIds = [answered!, blank!, extended!, skills, unscorable].map((v) => v.sessionId);
    expect(await audits('session.ended', endedIds)).toBe(5);
    expect(await audits('session.scored', endedIds)).toBe(4);
    expect(await scoresOf([skills.sessionId])).toEqual([]);
    expect(ended.map((e) => e.sessionId).sort()).toEqual([answered!, blank!, extended!, skills].map((v) => v.sessionId).sort());
  });

  it("ends a session whose node stopped within the grace and one sweep interval on another node", async () => {
    const b = engine(nodeB.db, { sweepMs: 250 });
    await b.svc.restoreDeadlines();
    const a = engine(db);
    const [user] = take(1);
    const view = await a.svc.start(user!, s.theoryPartId);
    await a.svc.stop(); // the node and its timer are gone; B never armed one for this session
    // B sweeps past the deadline, but not before the grace is over.
    clock.advance(view.deadline! + DEFAULT_SWEEP_GRACE_MS - 1 - clock.now());
    await b.svc.idle();
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'in_progress' });
    clock.advance(250);
    await b.svc.idle();
    expect(clock.now() - view.deadline!).toBeLessThan(DEFAULT_SWEEP_GRACE_MS + 250);
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'ended', endReason: 'deadline', endedAt: view.deadline });
    expect(await scoresOf([view.sessionId])).toHaveLength(1);
    expect(b.ended.filter((e) => e.sessionId === view.sessionId)).toEqual([{ sessionId: view.sessionId, endedAt: view.deadline, endReason: 'deadline' }]);
  });

  it("keeps a save its node received before the deadline and still holds when another node sweeps: scored, not refused", async () => {
    const a = engine(db);
    const nodeBHeld = holdable(nodeB.db);
    const b = engine(nodeBHeld.db);
    const [user] = take(1);
    const view = await b.svc.start(user!, s.theoryPartId);
    clock.advance(view.deadline! - 1 - clock.now());
    const release = nodeBHeld.hold();
    // Received 1 ms before the deadline; B's group commit has not begun its transaction yet.
    const saving = save(b.svc, user!, view, s.theoryItems[0]!);
    await new Promise((r) => setImmediate(r));
    // Past the deadline: B's own timer fires (its end queues behind the save), and A sweeps.
    clock.advance(1 + DEFAULT_SWEEP_GRACE_MS / 2);
    const swept = await a.svc.sweepDue();
    release();
    expect(swept).toEqual([]);
    expect(await saving).toMatchObject({ revision: 1 });
    await b.svc.idle();
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'ended', endReason: 'deadline', endedAt: view.deadline });
    expect(await scoresOf([view.sessionId])).toEqual([{ sessionId: view.sessionId, score: expect.closeTo(33.33, 1) }]);
    expect(b.ended.map((e) => e.sessionId)).toEqual([view.sessionId]);
  });

  it("waits the grace with a timer of a node that does not serve the candidate (armed at boot, or by a proctor's act)", async () => {
    const a = engine(db);
    const b = engine(nodeB.db);
    const [user] = take(1);
    const view = await b.svc.start(user!, s.theoryPartId);
    await b.svc.stop(); // the candidate's node is gone; A armed its timer at boot
    await a.svc.restoreDeadlines();
    clock.advance(view.deadline! - clock.now());
    await a.svc.idle();
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'in_progress' });
    clock.advance(DEFAULT_SWEEP_GRACE_MS);
    await a.svc.idle();
    expect(await sessionRow(view.sessionId)).toMatchObject({ status: 'ended', endReason: 'deadline', endedAt: view.deadline });
  });

  it('marks no-shows absent once, and never a candidate who started', async () => {
    const a = engine(db);
    const b = engine(nodeB.db);
    const [started, absent] = take(2);
    await a.svc.start(started!, s.skillsPartId);
    const marked = await Promise.all([a.svc.markAbsent([started!.candidateId!, absent!.candidateId!], s.skillsPartId, act('no-show')), b.svc.markAbsent([absent!.candidateId!], s.skillsPartId, act('no-show'))]);
    expect(marked[0] + marked[1]).toBe(1);
    const rows = await db.select().from(T().examSessions).where(and(eq(T().examSessions.sittingPartId, s.skillsPartId), inArray(T().examSessions.candidateId, [started!.candidateId!, absent!.candidateId!])));
    expect(rows.map((r) => [r.candidateId, r.endReason]).sort()).toEqual([
      [started!.candidateId, null],
      [absent!.candidateId, 'absent'],
    ].sort());
  });
});

/**
 * PostgreSQL only: another node's transaction is held open at the point that matters (SQLite runs one
 * transaction at a time, so these interleavings cannot happen there). Each case fails without its lock.
 */
await describeStores(
  'exam session engine: locks between nodes',
  () => {
    const clock = new ManualClock();
    let t: TestStore;
    let db: Db;
    let s: Awaited<ReturnType<typeof seed>>;
    let nextCandidate = 0;
    const take = () => s.candidates[nextCandidate++]!;
    const engines: { stop(): Promise<void> }[] = [];
    const engine = () => {
      const svc = sessionEngine(db, clock);
      engines.push(svc);
      return svc;
    };
    const T = () => tablesOf(db);
    /** Another node's transaction: locks with `lock`, then waits for `release()` before `finish` and COMMIT. */
    function heldTransaction(lock: (tx: Db) => Promise<unknown>, finish: (tx: Db) => Promise<unknown> = async () => {}) {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const done = db.transaction(async (tx) => {
        await lock(tx);
        locked();
        await released;
        return finish(tx);
      });
      return { isLocked, release, done };
    }
    const pendingAfter = async (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r('pending'), ms))]);
    const lockSession = (id: number) => (tx: Db) => forUpdate(tx, tx.select({ id: T().examSessions.id }).from(T().examSessions).where(eq(T().examSessions.id, id)));

    beforeAll(async () => {
      t = await openTestStore('pg');
      db = t.store.db;
      s = await seed(db, clock.now(), 10);
    });
    afterEach(async () => {
      for (const e of engines.splice(0)) await e.stop();
    });
    afterAll(() => t.close());

    it('makes a save wait for a finaliser holding the session, then refuses it: never an answer the score missed', async () => {
      const svc = engine();
      const user = take();
      const view = await svc.start(user, s.theoryPartId);
      const item = view.items[0]!;
      const finaliser = heldTransaction(lockSession(view.sessionId), (tx) =>
        tx.update(T().examSessions).set({ status: 'ended', endedAt: clock.now(), endReason: 'force_submitted' }).where(and(eq(T().examSessions.id, view.sessionId), eq(T().examSessions.status, 'in_progress'))),
      );
      await finaliser.isLocked;
      const saving = svc.saveAnswer(user, { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'race' });
      expect(await pendingAfter(saving, 300)).toBe('pending');
      finaliser.release();
      await finaliser.done;
      await expect(saving).rejects.toMatchObject({ code: 'SESSION_ENDED' });
      expect(await db.select().from(T().answers).where(eq(T().answers.sessionId, view.sessionId))).toEqual([]);
    });

    it("makes a finaliser that loses to another node's end send nothing, score nothing and change nothing", async () => {
      const svc = engine();
      const user = take();
      const view = await svc.start(user, s.theoryPartId);
      const other = heldTransaction(lockSession(view.sessionId), (tx) =>
        tx.update(T().examSessions).set({ status: 'ended', endedAt: clock.now(), endReason: 'violation' }).where(and(eq(T().examSessions.id, view.sessionId), eq(T().examSessions.status, 'in_progress'))),
      );
      await other.isLocked;
      const ending = svc.endFor(view.sessionId, 'force_submitted', { actorUserId: null, reason: 'second proctor' });
      expect(await pendingAfter(ending, 300)).toBe('pending');
      other.release();
      await other.done;
      expect(await ending).toBeUndefined();
      expect((await db.select().from(T().examSessions).where(eq(T().examSessions.id, view.sessionId)))[0]).toMatchObject({ status: 'ended', endReason: 'violation' });
      expect(await db.select().from(T().scores).where(eq(T().scores.sessionId, view.sessionId))).toEqual([]);
    });

    it('sweeps past a session another node is finalising, without waiting for it', async () => {
      const svc = engine();
      const user = take();
      const view = await svc.start(user, s.theoryPartId);
      await svc.stop();
      clock.jump(90 * MIN);
      const other = heldTransaction(lockSession(view.sessionId), (tx) =>
        tx.update(T().examSessions).set({ status: 'ended', endedAt: view.deadline, endReason: 'deadline' }).where(and(eq(T().examSessions.id, view.sessionId), eq(T().examSessions.status, 'in_progress'))),
      );
      await other.isLocked;
      const sweeper = engine();
      const swept = sweeper.sweepDue();
      expect(await pendingAfter(swept, 3000)).toBe('settled');
      expect((await swept).map((e) => e.sessionId)).not.toContain(view.sessionId);
      other.release();
      await other.done;
      expect(await sweeper.sweepDue()).toEqual([]);
      expect(await db.select().from(T().scores).where(eq(T().scores.sessionId, view.sessionId))).toEqual([]);
    });

    it("makes a start wait for the paper being assigned to its part, and sit the paper assigned", async () => {
      const svc = engine();
      const [user] = s.freshCandidates;
      const parts = createPartPapers(db, examOwners.planning);
      const assigning = heldTransaction(
        (tx) => forUpdate(tx, tx.select({ id: T().sittingParts.id }).from(T().sittingParts).where(eq(T().sittingParts.id, s.freshPartId))),
        (tx) => parts.assignPaper(tx, s.freshPartId, s.otherPaperId),
      );
      await assigning.isLocked;
      const starting = svc.start(user!, s.freshPartId);
      expect(await pendingAfter(starting, 300)).toBe('pending');
      assigning.release();
      expect(await assigning.done).toBe(true);
      const view = await starting;
      expect(view.items.map((i) => i.id).sort()).toEqual([...s.otherItems].sort());
      // And now the part is in use: the next assignment is refused.
      expect(await db.transaction((tx) => parts.assignPaper(tx, s.freshPartId, s.otherPaperId))).toBe(false);
    });
  },
  { only: 'pg' },
);
