import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { openSqliteStore } from '../../../server/src/core/db/sqlite-store.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { seedCrowdExam } from '../../../server/src/features/demo/seed.ts';
import { DEADLINE_BATCH } from '../../../server/src/features/exam/deadline-batch.ts';
import { sessionEngine } from '../../helpers/session-engine.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The deadline storm (issue #19): more sessions share a deadline than one set ends, each set taking
 * its ids as one parameter (dialect.ts inIdList). Every one ends, is scored and told exactly once,
 * with the answers it holds, whichever set it fell in; one whose deadline moved stays running.
 */
const banksDir = fileURLToPath(new URL('../../../question-banks', import.meta.url));
const N = DEADLINE_BATCH * 2 + 7;

await describeStores('the deadline storm, set by set', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let users: SessionUser[] = [];
  let partId = 0;

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const { exam } = await seedCrowdExam(db, clock, { count: N, password: 'x', ticketPrefix: 'D', banksDir: path.resolve(banksDir) });
    partId = exam.theoryPartId;
    const { candidates } = tablesOf(db);
    const rows = await db.select({ id: candidates.id, userId: candidates.userId, ticketNo: candidates.ticketNo }).from(candidates).where(eq(candidates.sittingId, exam.sittingId));
    users = rows.map((r) => ({ userId: r.userId, role: 'candidate', displayName: r.ticketNo, ticketNo: r.ticketNo, candidateId: r.id }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('ends, scores and tells every session of a deadline shared by more than two sets exactly once', async () => {
    const told: number[] = [];
    const svc = sessionEngine(db, clock, { notifier: { answerSaved: () => {}, sessionEnded: (_, e) => void told.push(e.sessionId) }, sweepMs: 0, sweepGraceMs: 0 });
    const views = await Promise.all(users.map((u) => svc.start(u, partId)));
    // The last candidate answers its first item right; everyone else leaves the paper blank.
    const last = views.at(-1)!;
    const item = last.items[0]!;
    await svc.saveAnswer(users.at(-1)!, { sessionId: last.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'c1' });
    const moved = views[DEADLINE_BATCH]!.sessionId;
    await svc.extend(moved, 10, { actorUserId: null, reason: 'late bus' });

    clock.set(Math.max(...views.map((v) => v.deadline!)));
    await svc.idle();

    const { examSessions, scores, answers } = tablesOf(db);
    const running = await db.select({ id: examSessions.id }).from(examSessions).where(eq(examSessions.status, 'in_progress'));
    expect(running.map((r) => r.id)).toEqual([moved]);
    expect(told).toHaveLength(N - 1);
    expect(new Set(told).size).toBe(N - 1);
    const perSession = await db.select({ sessionId: scores.sessionId, n: count() }).from(scores).groupBy(scores.sessionId);
    expect(perSession).toHaveLength(N - 1);
    expect(perSession.every((r) => Number(r.n) === 1)).toBe(true);
    const [scored] = await db.select({ detailJson: scores.detailJson }).from(scores).where(eq(scores.sessionId, last.sessionId));
    const [held] = await db.select({ revision: answers.revision }).from(answers).where(eq(answers.sessionId, last.sessionId));
    expect((JSON.parse(scored!.detailJson) as { itemId: number; revision: number | null }[]).find((d) => d.itemId === item.id)?.revision).toBe(held!.revision);
    await svc.stop();
  });
});

/**
 * SQLite syncs its log on the thread pool and tells a transaction's callers once it is on disk
 * (wal-sync.ts): the next set of a deadline need not wait for that, only its own candidates do.
 */
describe('the deadline storm on SQLite', () => {
  it('runs the next set while the set before it is still reaching the disk, and tells each set once its own sync is done', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-deadline-storm-'));
    const held: (() => void)[] = [];
    let holding = false;
    const store = openSqliteStore(path.join(dir, 'kaochang.sqlite'), { fdatasync: (fd, done) => (holding ? held.push(() => fs.fdatasync(fd, done)) : fs.fdatasync(fd, done)) });
    const clock = new ManualClock();
    try {
      const { exam } = await seedCrowdExam(store.db, clock, { count: DEADLINE_BATCH + 1, password: 'x', ticketPrefix: 'P', banksDir: path.resolve(banksDir) });
      const { candidates, examSessions } = tablesOf(store.db);
      const rows = await store.db.select({ id: candidates.id, userId: candidates.userId, ticketNo: candidates.ticketNo }).from(candidates).where(eq(candidates.sittingId, exam.sittingId));
      let told = 0;
      const svc = sessionEngine(store.db, clock, { notifier: { answerSaved: () => {}, sessionEnded: () => void told++ }, sweepMs: 0, sweepGraceMs: 0 });
      const views = await Promise.all(rows.map((r) => svc.start({ userId: r.userId, role: 'candidate', displayName: r.ticketNo, ticketNo: r.ticketNo, candidateId: r.id }, exam.theoryPartId)));
      holding = true;
      clock.set(Math.max(...views.map((v) => v.deadline!)));
      const running = async () => (await store.db.select({ id: examSessions.id }).from(examSessions).where(eq(examSessions.status, 'in_progress'))).length;
      // Turns of the event loop, not time: both sets run their statements while the first sync is held.
      for (let turn = 0; turn < 200 && (await running()) > 0; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(await running()).toBe(0);
      expect(told).toBe(0);
      holding = false;
      for (const release of held.splice(0)) release();
      await svc.idle();
      expect(told).toBe(DEADLINE_BATCH + 1);
      await svc.stop();
    } finally {
      holding = false;
      for (const release of held.splice(0)) release();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
