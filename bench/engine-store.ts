import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPgStore } from '../server/src/core/db/pg-store.ts';
import { openSqliteStore } from '../server/src/core/db/sqlite-store.ts';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../server/src/core/clock.ts';
import { tablesOf, type Store } from '../server/src/core/db/store.ts';
import type { SessionUser } from '../server/src/core/session-user.ts';
import { seedCrowdExam } from '../server/src/features/demo/seed.ts';
import { createPgDatabase } from '../tests/helpers/pg-database.ts';

/** The in-process benches' store: a PostgreSQL database of the run's own, or a SQLite file in a temp folder. */
export async function openBenchStore(kind: string | undefined, tempPrefix: string): Promise<{ store: Store; done: () => Promise<void> }> {
  if (kind === 'pg') {
    const database = await createPgDatabase();
    const store = await openPgStore({ url: database.url, poolMax: 10 });
    return { store, done: async () => (await store.close(), await database.drop()) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  const store = openSqliteStore(path.join(dir, 'kaochang.sqlite'));
  return { store, done: async () => (await store.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/** The in-process benches' output line. */
export const log = (msg: string) => process.stdout.write(`${msg}\n`);

/** This process's CPU time so far, user and system, in ms: the figure a loaded machine does not distort. */
export const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A sitting of `count` candidates from the demo banks, and each candidate's login as the services take it. */
export async function seedCrowd(store: Store, count: number) {
  const clock = new ManualClock(Date.now());
  const { exam } = await seedCrowdExam(store.db, clock, { count, password: 'x', ticketPrefix: 'S', banksDir: path.join(import.meta.dirname, '../question-banks') });
  const t = tablesOf(store.db);
  const rows = await store.db.select({ id: t.candidates.id, userId: t.candidates.userId, ticketNo: t.candidates.ticketNo }).from(t.candidates).where(eq(t.candidates.sittingId, exam.sittingId));
  const users: SessionUser[] = rows.map((r) => ({ userId: r.userId, role: 'candidate', displayName: r.ticketNo, ticketNo: r.ticketNo, candidateId: r.id }));
  return { clock, exam, users };
}
