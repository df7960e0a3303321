import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf } from '../../../server/src/core/db/store.ts';
import { defaultBanksDir } from '../../../server/src/app.ts';
import { seedCrowdExam, seedDemo } from '../../../server/src/features/demo/seed.ts';
import * as demo from '../../../server/src/features/demo/demo-data.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The demo seeder writes through the async layer (issue #16), so `npm start` and a cluster's first
 * node seed either store alike; the crowd the benchmark drives is written in multi-row batches.
 */
await describeStores('demo seed on either store', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-seed-'));
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo exam, its scripts to mark and its open plan once, and leaves a seeded database alone', async () => {
    const db = t.store.db;
    const tb = tablesOf(db);
    expect(await seedDemo(db, clock, defaultBanksDir, dataDir)).toBe(true);
    const n = async (table: typeof tb.users | typeof tb.candidates | typeof tb.examPlans | typeof tb.scores | typeof tb.screenshots) => (await db.select({ n: count() }).from(table))[0]!.n;
    const demoCandidates = demo.DEMO_CANDIDATES.length + demo.DEMO_GRADING_CANDIDATES.length + demo.DEMO_ACCESSIBILITY_CANDIDATES.length;
    expect(await n(tb.candidates)).toBe(demoCandidates);
    expect(await n(tb.users)).toBe(demoCandidates + demo.DEMO_STAFF.length);
    expect(await n(tb.examPlans)).toBe(2);
    // Each grading candidate has a scored theory part and submitted skills with screenshots on disk.
    expect(await n(tb.scores)).toBe(demo.DEMO_GRADING_CANDIDATES.length);
    const shots = await db.select().from(tb.screenshots);
    expect(shots.length).toBeGreaterThan(0);
    for (const s of shots) expect(fs.existsSync(path.join(dataDir, 'evidence', s.sha256.slice(0, 2), s.sha256))).toBe(true);
    const [seat09] = await db.select().from(tb.candidates).where(eq(tb.candidates.ticketNo, demo.DEMO_ACCESSIBILITY_CANDIDATES[0].ticketNo));
    expect(await db.select().from(tb.accommodations).where(eq(tb.accommodations.candidateId, seat09!.id))).toHaveLength(1);

    expect(await seedDemo(db, clock, defaultBanksDir, dataDir)).toBe(false);
    expect(await n(tb.users)).toBe(demoCandidates + demo.DEMO_STAFF.length);
  });

  it('seeds a crowd in batches, every candidate with its login and seat', async () => {
    const db = t.store.db;
    const tb = tablesOf(db);
    const { exam, tickets } = await seedCrowdExam(db, clock, { count: 1203, password: 'crowd-pass', ticketPrefix: 'S', banksDir: defaultBanksDir });
    expect(tickets).toHaveLength(1203);
    const rows = await db.select({ ticketNo: tb.candidates.ticketNo, login: tb.users.login, seat: tb.candidates.seat }).from(tb.candidates).innerJoin(tb.users, eq(tb.users.id, tb.candidates.userId)).where(eq(tb.candidates.sittingId, exam.sittingId));
    expect(rows).toHaveLength(1203);
    for (const r of rows) expect(r.login).toBe(r.ticketNo);
    expect(new Set(rows.map((r) => r.seat)).size).toBe(1203);
  });
});
