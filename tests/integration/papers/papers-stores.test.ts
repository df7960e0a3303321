import { afterAll, beforeAll, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createBankItems } from '../../../server/src/features/banks/bank-items.ts';
import type { BanksService } from '../../../server/src/features/banks/banks-service.ts';
import { loadBankFile } from '../../../server/src/features/banks/load-bank.ts';
import { bankRoutes } from '../../../server/src/features/banks/routes.ts';
import { createPartPapers } from '../../../server/src/features/exam/part-papers.ts';
import { createSittingParts } from '../../../server/src/features/planning/sitting-parts.ts';
import { assemblePaper } from '../../../server/src/features/papers/assemble.ts';
import { createPapersService } from '../../../server/src/features/papers/papers-service.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';
import { fixture, TEST_BLUEPRINT } from '../../helpers/test-exam.ts';

/**
 * Paper assembly on the async data layer (issue #16, step 2), on each store of the matrix: the
 * blueprint check and drawing a sitting part's paper, through the routes the banks feature serves
 * them on. bank-routes.test.ts covers the same through the whole app on SQLite.
 */
await describeStores('paper assembly on the async data layer', (dialect) => {
  const clock = new ManualClock();
  const bank = loadBankFile(fixture('small-bank.yaml'));
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let adminId: number;
  let bankId: number;
  let theoryPartId: number;
  let startedPartId: number;

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const { users, banks, bankItems, occupations, examPlans, sittings, sittingParts, candidates, examSessions } = tablesOf(db);
    const [admin, candidateUser] = await db
      .insert(users)
      .values([
        { role: 'admin', login: 'Admin', displayName: 'Admin', passwordHash: 'x', createdAt: clock.now() },
        { role: 'candidate', login: 'T0001', displayName: 'T0001', passwordHash: 'x', createdAt: clock.now() },
      ])
      .returning({ id: users.id });
    adminId = admin!.id;
    const [b] = await db.insert(banks).values({ bankKey: bank.bank.id, title: bank.bank.title, version: 1, sourceFormat: 'yaml', sourceName: 'small-bank.yaml', importedAt: clock.now() }).returning({ id: banks.id });
    bankId = b!.id;
    // Inserted in reverse: the port must order the items itself, the same on both stores.
    await db.insert(bankItems).values(
      [...bank.items].reverse().map((item) => ({ bankId, itemKey: item.id, type: item.type, area: item.area, difficulty: item.difficulty, levelsJson: JSON.stringify(item.levels), stem: item.stem, itemJson: JSON.stringify(item) })),
    );
    const [occ] = await db.insert(occupations).values({ code: 'X', nameZh: '职业', nameEn: 'Occupation' }).returning({ id: occupations.id });
    const [plan] = await db.insert(examPlans).values({ occupationId: occ!.id, title: 'Plan', examDate: '2026-05-16', registrationDeadline: 0, createdAt: clock.now() }).returning({ id: examPlans.id });
    const [sitting, other] = await db
      .insert(sittings)
      .values([
        { planId: plan!.id, level: 4, name: '上午场', startsAt: clock.now() },
        { planId: plan!.id, level: 4, name: '下午场', startsAt: clock.now() },
      ])
      .returning({ id: sittings.id });
    const [theory, started] = await db
      .insert(sittingParts)
      .values([
        { sittingId: sitting!.id, part: 'theory', durationMinutes: 90 },
        { sittingId: other!.id, part: 'theory', durationMinutes: 90 },
      ])
      .returning({ id: sittingParts.id });
    theoryPartId = theory!.id;
    startedPartId = started!.id;
    const [candidate] = await db.insert(candidates).values({ userId: candidateUser!.id, sittingId: other!.id, ticketNo: 'T0001', name: '考生甲', room: 'A', seat: '01' }).returning({ id: candidates.id });
    await db.insert(examSessions).values({ candidateId: candidate!.id, sittingPartId: startedPartId, status: 'in_progress' });

    const papers = createPapersService({ db, clock, banks: createBankItems(db), parts: createPartPapers(db, createSittingParts) });
    server = await startFeatureServer({
      users: {
        admin: { userId: adminId, role: 'admin', displayName: 'Admin', ticketNo: null, candidateId: null },
        proctor: { userId: 999, role: 'proctor', displayName: 'P', ticketNo: null, candidateId: null },
      },
      // The papers routes are served by the banks feature; the bank routes themselves are not called here.
      register: async (api) => {
        await api.register(bankRoutes, { prefix: '/admin', banks: { jobs: { cancelAll: async () => {} } } as unknown as BanksService, papers });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const post = (url: string, body: unknown, who = 'admin') => server.http('POST', `/api/admin${url}`, { cookie: server.cookie(who), body });
  async function paperAuditCount() {
    const { auditLog } = tablesOf(db);
    return (await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'paper.assembled'))).length;
  }
  async function paperCount() {
    const { papers } = tablesOf(db);
    return (await db.select({ id: papers.id }).from(papers)).length;
  }

  it('checks a blueprint against a bank and a part, and says what does not fit', async () => {
    const ok = await post('/blueprints/check', { bankId, blueprint: TEST_BLUEPRINT, sittingPartId: theoryPartId });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ problems: [], fit: [], totalPoints: 100, itemCount: 6 });
    const wrong = await post('/blueprints/check', { bankId, blueprint: { ...TEST_BLUEPRINT, level: 3 }, sittingPartId: theoryPartId });
    expect(wrong.json.fit).toEqual([{ key: 'paperFit.level', params: { blueprint: 3, part: 4 } }]);
    const noBank = await post('/blueprints/check', { bankId: bankId + 100, blueprint: TEST_BLUEPRINT });
    expect(noBank.status).toBe(404);
    expect(noBank.json.error.key).toBe('bank.noBank');
    expect((await post('/blueprints/check', { bankId, blueprint: TEST_BLUEPRINT }, 'proctor')).status).toBe(403);
  });

  it('draws the part\'s paper from a seed, the same items as the pure assembly, and audits it', async () => {
    const res = await post(`/parts/${theoryPartId}/paper`, { bankId, blueprint: TEST_BLUEPRINT, seed: 'fixed' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ paperId: expect.any(Number), sittingPartId: theoryPartId, items: 6, seed: 'fixed' });
    const { papers, paperItems, sittingParts, auditLog } = tablesOf(db);
    const [paper] = await db.select().from(papers).where(eq(papers.id, res.json.paperId));
    expect(paper).toMatchObject({ title: '4级 theory（上午场）', part: 'theory', seed: 'fixed', createdAt: clock.now() });
    const sorted = [...bank.items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const expected = assemblePaper(TEST_BLUEPRINT, sorted, 'fixed');
    const items = await db.select({ position: paperItems.position, bankItemId: paperItems.bankItemId, points: paperItems.points }).from(paperItems).where(eq(paperItems.paperId, res.json.paperId)).orderBy(asc(paperItems.position));
    expect(items).toEqual(expected.map((i) => ({ position: i.position, bankItemId: i.bankItemId, points: i.points })));
    const [part] = await db.select({ paperId: sittingParts.paperId }).from(sittingParts).where(eq(sittingParts.id, theoryPartId));
    expect(part!.paperId).toBe(res.json.paperId);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'paper.assembled'));
    expect(entry).toMatchObject({ actorUserId: adminId, entity: 'sitting_part', entityId: String(theoryPartId) });
    expect(JSON.parse(entry!.detailsJson)).toMatchObject({ paperId: res.json.paperId, bankId, seed: 'fixed' });
  });

  it('refuses a part already started, a misfit or an unknown part, and writes nothing', async () => {
    const papersBefore = await paperCount();
    const auditsBefore = await paperAuditCount();
    const started = await post(`/parts/${startedPartId}/paper`, { bankId, blueprint: TEST_BLUEPRINT });
    expect(started.status).toBe(409);
    expect(started.json.error.key).toBe('paper.partStarted');
    const misfit = await post(`/parts/${theoryPartId}/paper`, { bankId, blueprint: { ...TEST_BLUEPRINT, level: 3 } });
    expect(misfit.status).toBe(400);
    expect(misfit.json.error.key).toBe('paperFit.level');
    const tooMany = await post(`/parts/${theoryPartId}/paper`, { bankId, blueprint: { ...TEST_BLUEPRINT, sections: [{ type: 'single', count: 500, points: 1 }] } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.key).toBe('paper.blueprintUnsatisfiable');
    const unknown = await post(`/parts/${theoryPartId + 100}/paper`, { bankId, blueprint: TEST_BLUEPRINT });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.key).toBe('paper.noPart');
    expect(await paperCount()).toBe(papersBefore);
    expect(await paperAuditCount()).toBe(auditsBefore);
  });

  it('refuses at assignment when a candidate started after the early check, leaving no orphan paper', async () => {
    const parts = createPartPapers(db, createSittingParts);
    const racing = { ...parts, paperInUse: async () => false };
    const papers = createPapersService({ db, clock, banks: createBankItems(db), parts: racing });
    const before = await paperCount();
    await expect(papers.assembleForPart(startedPartId, { bankId, blueprint: TEST_BLUEPRINT }, adminId)).rejects.toMatchObject({ detail: { key: 'paper.partStarted' } });
    expect(await paperCount()).toBe(before);
    const { sittingParts } = tablesOf(db);
    const [part] = await db.select({ paperId: sittingParts.paperId }).from(sittingParts).where(eq(sittingParts.id, startedPartId));
    expect(part!.paperId).toBeNull();
  });
});
