import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { openPgStore } from '../server/src/core/db/pg-store.ts';
import { openSqliteStore } from '../server/src/core/db/sqlite-store.ts';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../server/src/core/clock.ts';
import { tablesOf, type Store } from '../server/src/core/db/store.ts';
import type { SessionUser } from '../server/src/core/session-user.ts';
import type { SessionService } from '../server/src/features/exam/session-service.ts';
import type { SessionView } from '../shared/events.ts';
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

/** A V8 CPU profile of this process from now (`stopProfile` writes it). */
export async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

export async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  log(`profile: ${file}`);
}

/** K answered items per session (a random option each, so scores differ), in multi-row inserts; returns how many. */
export async function fillAnswers(store: Store, papers: SessionService['papers'], partId: number, views: readonly SessionView[], perSession: number, at: number): Promise<number> {
  const t = tablesOf(store.db);
  const [part] = await store.db.select({ paperId: t.sittingParts.paperId }).from(t.sittingParts).where(eq(t.sittingParts.id, partId));
  const paper = await papers.get(part!.paperId!);
  const items = paper!.items.filter((i) => i.options.length > 0).slice(0, perSession);
  const rows = views.flatMap((v) =>
    items.map((item) => ({ sessionId: v.sessionId, paperItemId: item.id, responseJson: JSON.stringify({ choices: [item.options[Math.floor(Math.random() * item.options.length)]!.id] }), flagged: false, revision: 1, receivedAt: at })),
  );
  for (let i = 0; i < rows.length; i += 1000) await store.db.insert(t.answers).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  return rows.length;
}
