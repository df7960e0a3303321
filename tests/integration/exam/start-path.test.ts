import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { serverSecret } from '../../../server/src/core/secrets.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { seedCrowdExam } from '../../../server/src/features/demo/seed.ts';
import { createOptionIds } from '../../../server/src/features/exam/option-ids.ts';
import { sessionEngine } from '../../helpers/session-engine.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The start path (issue #19). A session keeps the option ids it started with: version 1 (one HMAC per
 * item) for sessions started before version 2 existed. A candidate's repeated starts and resumes on one node share the one in flight (start-coalescing.ts),
 * and a start whose asker has gone builds no view (issue #19). A view built is counted by the service's
 * one read of the candidate's pending proctor messages, which every view makes.
 */
const banksDir = fileURLToPath(new URL('../../../question-banks', import.meta.url));

await describeStores('the start path', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let users: SessionUser[] = [];
  let partId = 0;
  let next = 0;
  const engines: { stop(): Promise<void> }[] = [];

  function engine() {
    const built: number[] = [];
    const svc = sessionEngine(db, clock, { pendingMessages: (candidateId) => (built.push(candidateId), []), sweepMs: 0 });
    engines.push(svc);
    return { svc, built };
  }
  const sessionsOf = async (user: SessionUser) => {
    const { examSessions } = tablesOf(db);
    return db.select({ id: examSessions.id }).from(examSessions).where(eq(examSessions.candidateId, user.candidateId!));
  };

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const { exam } = await seedCrowdExam(db, clock, { count: 6, password: 'x', ticketPrefix: 'C', banksDir: path.resolve(banksDir) });
    partId = exam.theoryPartId;
    const { candidates } = tablesOf(db);
    const rows = await db.select({ id: candidates.id, userId: candidates.userId, ticketNo: candidates.ticketNo }).from(candidates).where(eq(candidates.sittingId, exam.sittingId));
    users = rows.map((r) => ({ userId: r.userId, role: 'candidate', displayName: r.ticketNo, ticketNo: r.ticketNo, candidateId: r.id }));
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds one view for two starts at once, and gives both the same answer', async () => {
    const { svc, built } = engine();
    const user = users[next++]!;
    const [a, b] = await Promise.all([svc.start(user, partId), svc.start(user, partId)]);
    expect(built).toEqual([user.candidateId]);
    expect(b).toBe(a);
    expect(await sessionsOf(user)).toEqual([{ id: a.sessionId }]);
    // Once answered, the next start is a start of its own.
    expect((await svc.start(user, partId)).sessionId).toBe(a.sessionId);
    expect(built).toHaveLength(2);
  });

  it('builds one view for two resumes of a session at once', async () => {
    const { svc, built } = engine();
    const user = users[next++]!;
    const view = await svc.start(user, partId);
    const [a, b] = await Promise.all([svc.resume(user, view.sessionId), svc.resume(user, view.sessionId)]);
    expect(b).toBe(a);
    expect(built).toHaveLength(2);
  });

  it('keeps two candidates’ starts apart', async () => {
    const { svc, built } = engine();
    const [u1, u2] = [users[next++]!, users[next++]!];
    const [a, b] = await Promise.all([svc.start(u1, partId), svc.start(u2, partId)]);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(built.sort()).toEqual([u1.candidateId, u2.candidateId].sort());
  });

  it('starts the session but builds no view when its asker has gone, unless another asker of it still waits', async () => {
    const { svc, built } = engine();
    const user = users[next++]!;
    await expect(svc.start(user, partId, { waiting: () => false })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(built).toEqual([]);
    const [started] = await sessionsOf(user);
    expect(started).toBeDefined();
    await expect(svc.resume(user, started!.id, () => false)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(built).toEqual([]);

    const [gone, here] = await Promise.all([svc.start(user, partId, { waiting: () => false }), svc.start(user, partId, { waiting: () => true })]);
    expect(here).toBe(gone);
    expect(here.sessionId).toBe(started!.id);
    expect(built).toEqual([user.candidateId]);
  });

  it('speaks version 2 option ids to a session started now, and version 1 to one started before (reload, save)', async () => {
    const { svc } = engine();
    const user = users[next++]!;
    const { examSessions } = tablesOf(db);
    const started = await svc.start(user, partId);
    const [row] = await db.select({ version: examSessions.optionIdsVersion }).from(examSessions).where(eq(examSessions.id, started.sessionId));
    expect(row!.version).toBe(2);
    const secret = await serverSecret(db, 'option-ids');
    const item = started.items.find((i) => i.options.length > 0)!;
    const paper = (await svc.papers.get((await db.select().from(tablesOf(db).sittingParts).where(eq(tablesOf(db).sittingParts.id, partId)))[0]!.paperId!))!;
    const bankItem = paper.byId.get(item.id)!;
    const idsIn = (version: 1 | 2) => createOptionIds(() => secret)(paper.id, user.candidateId!, version).idsOf(bankItem);
    expect(item.options.map((o) => o.id).sort()).toEqual([...idsIn(2)].sort());

    // As if started before the upgrade: the page and its journal speak version 1.
    await db.update(examSessions).set({ optionIdsVersion: 1 }).where(eq(examSessions.id, started.sessionId));
    const reloaded = await svc.resume(user, started.sessionId);
    expect(reloaded.items.find((i) => i.id === item.id)!.options.map((o) => o.id).sort()).toEqual([...idsIn(1)].sort());
    const save = (choice: string) => svc.saveAnswer(user, { sessionId: started.sessionId, itemId: item.id, response: { choices: [choice] }, flagged: false, changeId: choice });
    expect((await save(idsIn(1)[0]!)).response).toEqual({ choices: [idsIn(1)[0]] });
    await expect(save(idsIn(2)[0]!)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
