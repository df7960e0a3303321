import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { createLocalFileStore, type FileStore } from '../../../server/src/core/file-store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { forUpdate } from '../../../server/src/core/db/dialect.ts';
import { candidateLocks } from '../../../server/src/features/tickets/candidate-locks.ts';
import { releasedSittings } from '../../../server/src/features/planning/released-sittings.ts';
import { createIdentityDocs, type IdentityDocs } from '../../../server/src/features/registration/identity-docs.ts';
import { identityAdminRoutes } from '../../../server/src/features/registration/identity-routes.ts';
import { JPEG_2X3, PNG_1X1 } from '../../helpers/documents.ts';
import { waitForBlockedOrAnswered } from '../../helpers/lock-waits.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { addSitting, insertStaff } from '../../helpers/store-seed.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const DAY = 86_400_000;
/** A photo of its own for each test, so a file's removal is that test's doing. */
const photo = (r: number) => sharp({ create: { width: 2, height: 2, channels: 3, background: { r, g: 40, b: 90 } } }).png().toBuffer();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Identity documents (photos, issue #16) on each store of the matrix, through the office's photo
 * routes and the port the proctor console and planning use: upload, view, the retention job, and
 * the races a cluster makes possible. On PostgreSQL each race is made deterministic by a
 * transaction that holds the candidate's row (as another upload or the purge does) until the
 * competing request waits on it (pg_stat_activity) or has been answered; SQLite runs the same
 * requests at once and checks the outcome only.
 */
await describeStores('identity documents on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let dir: string;
  let files: FileStore;
  let identity: IdentityDocs;
  let users: Record<string, SessionUser>;
  let sittingId = 0;
  let seq = 0;

  const addCandidate = async (sitting = sittingId) => {
    const tb = tablesOf(db);
    seq++;
    const [u] = await db.insert(tb.users).values({ role: 'candidate', login: `C${seq}`, displayName: `考生${seq}`, passwordHash: 'x', createdAt: clock.now() }).returning({ id: tb.users.id });
    const [c] = await db.insert(tb.candidates).values({ userId: u!.id, sittingId: sitting, ticketNo: `C${seq}`, name: `考生${seq}`, room: 'R1', seat: String(seq) }).returning({ id: tb.candidates.id });
    return c!.id;
  };
  const put = async (candidateId: number, body: Buffer) => {
    const res = await fetch(`${server.baseUrl}/api/admin/candidates/${candidateId}/photo`, { method: 'PUT', headers: { cookie: server.cookie('admin'), 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const view = async (candidateId: number) => {
    const res = await fetch(`${server.baseUrl}/api/admin/candidates/${candidateId}/photo`, { headers: { cookie: server.cookie('admin') } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };
  const audits = async (action: string, entityId: number) => {
    const { auditLog } = tablesOf(db);
    return (await db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId)))).orderBy(auditLog.id)).map((a) => JSON.parse(a.detailsJson));
  };
  const photoRow = async (candidateId: number) => {
    const { candidatePhotos } = tablesOf(db);
    return (await db.select().from(candidatePhotos).where(eq(candidatePhotos.candidateId, candidateId)))[0];
  };

  /**
   * On PostgreSQL: a transaction that locks the candidate's row for update (as the purge and an
   * upload do), runs `inside` and then waits until released. Resolves once the lock is held.
   */
  const holdCandidate = async (candidateId: number, inside: (tx: Db) => Promise<void> = async () => {}) => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const done = db.transaction(async (tx) => {
      const { candidates } = tablesOf(tx);
      await forUpdate(tx, tx.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, candidateId)));
      await inside(tx);
      held();
      await released;
    });
    await holding;
    return async () => {
      release();
      await done;
    };
  };
  const tracked = <T,>(p: Promise<T>, done: { n: number }) => p.finally(() => done.n++);

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-identity-'));
    files = createLocalFileStore(dir);
    users = await insertStaff(db, clock.now(), [['admin', 'admin', null]]);
    ({ sittingId } = await addSitting(db, { now: clock.now() }));
    const { sittingParts } = tablesOf(db);
    await db.insert(sittingParts).values({ sittingId, part: 'theory', durationMinutes: 90 });
    identity = createIdentityDocs({ db, clock, documents: files, retentionDays: 30, candidates: candidateLocks, releasedSittings });
    server = await startFeatureServer({ users, register: async (api) => api.register(identityAdminRoutes, { prefix: '/admin', identity }) });
  });
  afterAll(async () => {
    await identity?.stop();
    await server?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps, replaces and shows a candidate’s photo, audited, and tells the proctor’s grid who has one', async () => {
    const [a, b] = [await addCandidate(), await addCandidate()];
    expect(await identity.withPhoto([a, b])).toEqual(new Set());
    expect((await view(a)).status).toBe(404);
    expect((await put(a, PNG_1X1)).json).toMatchObject({ candidateId: a, mimeType: 'image/png', bytes: PNG_1X1.length });
    expect(await identity.withPhoto([a, b])).toEqual(new Set([a]));
    clock.advance(1000);
    expect((await put(a, JPEG_2X3)).status).toBe(200);
    // The replaced file goes: nothing else points at its content.
    expect(files.has(sha(PNG_1X1))).toBe(false);
    expect(files.has(sha(JPEG_2X3))).toBe(true);
    const shown = await view(a);
    expect(shown.status).toBe(200);
    expect(shown.body.equals(JPEG_2X3)).toBe(true);
    expect(await identity.photoOf(a)).toMatchObject({ mimeType: 'image/jpeg', source: 'roster', bytes: JPEG_2X3.length });
    expect((await audits('identity.photo_uploaded', a)).map((d) => [d.replaced, d.source])).toEqual([[false, 'seating'], [true, 'seating']]);
    expect(await audits('identity.document_viewed', a)).toEqual([{ via: 'admin', candidateId: a, kind: 'photo', source: 'roster' }]);
    expect((await put(999_999, PNG_1X1)).status).toBe(404);
  });

  it('lets one of two uploads for one candidate at once replace the other, whose file goes', async () => {
    const c = await addCandidate();
    const [one, two] = [await photo(10), await photo(20)];
    const answered = { n: 0 };
    const release = dialect === 'pg' ? await holdCandidate(c) : null;
    const both = [tracked(put(c, one), answered), tracked(put(c, two), answered)];
    if (release) {
      await waitForBlockedOrAnswered(db, 2, () => answered.n);
      await release();
    }
    expect((await Promise.all(both)).map((r) => r.status)).toEqual([200, 200]);
    const kept = (await photoRow(c))!.sha256;
    const other = kept === sha(one) ? sha(two) : sha(one);
    // The later one saw the earlier as the photo it replaced: the audit says so and the earlier file is removed.
    expect((await audits('identity.photo_uploaded', c)).map((d) => d.replaced)).toEqual([false, true]);
    expect((await audits('identity.photo_uploaded', c))[1].sha256).toBe(kept);
    expect(files.has(kept)).toBe(true);
    expect(files.has(other)).toBe(false);
  });

  it('answers a view waiting on the retention job with 404, unaudited, and never a file that went', async () => {
    const c = await addCandidate();
    expect((await put(c, PNG_1X1)).status).toBe(200);
    if (dialect === 'pg') {
      // The purge's transaction, as purgeSitting runs it: the candidate locked, the row deleted; the file goes after its commit.
      const release = await holdCandidate(c, async (tx) => {
        const { candidatePhotos } = tablesOf(tx);
        await tx.delete(candidatePhotos).where(eq(candidatePhotos.candidateId, c));
      });
      const answered = { n: 0 };
      const shown = tracked(view(c), answered);
      await waitForBlockedOrAnswered(db, 1, () => answered.n);
      await release();
      files.remove(sha(PNG_1X1));
      expect((await shown).status).toBe(404);
      expect(await audits('identity.document_viewed', c)).toEqual([]);
      return;
    }
    const { sittingParts } = tablesOf(db);
    await db.update(sittingParts).set({ resultsReleasedAt: clock.now() }).where(eq(sittingParts.sittingId, sittingId));
    clock.advance(30 * DAY);
    const [shown, purged] = await Promise.all([view(c), identity.purgeExpired()]);
    expect(purged).toEqual([expect.objectContaining({ sittingId })]);
    // Either before the purge (shown and audited) or after it (404, nothing audited).
    expect(shown.status === 200 ? shown.body.equals(PNG_1X1) : shown.status === 404).toBe(true);
    expect(await audits('identity.document_viewed', c)).toHaveLength(shown.status === 200 ? 1 : 0);
    await db.update(sittingParts).set({ resultsReleasedAt: null }).where(eq(sittingParts.sittingId, sittingId));
  });

  it('deletes the sitting’s photos past retention once, audited, from the job that start() runs and idle() waits for', async () => {
    const { sittingId: own } = await addSitting(db, { now: clock.now(), title: '保留期' });
    const { sittingParts, auditLog } = tablesOf(db);
    await db.insert(sittingParts).values({ sittingId: own, part: 'theory', durationMinutes: 90 });
    const c = await addCandidate(own);
    const own2x2 = await photo(30);
    expect((await put(c, own2x2)).status).toBe(200);
    const releasedAt = clock.now() - 29 * DAY;
    await db.update(sittingParts).set({ resultsReleasedAt: releasedAt }).where(eq(sittingParts.sittingId, own));
    const purgedOf = () => db.select().from(auditLog).where(and(eq(auditLog.action, 'identity.documents_purged'), eq(auditLog.entityId, String(own))));
    identity.start();
    await identity.idle();
    expect(await photoRow(c)).toBeDefined();
    clock.advance(DAY);
    await identity.idle();
    expect(await photoRow(c)).toBeUndefined();
    expect(await identity.withPhoto([c])).toEqual(new Set());
    expect(files.has(sha(own2x2))).toBe(false);
    const purged = await purgedOf();
    expect(purged).toHaveLength(1);
    expect(purged[0]!.actorUserId).toBeNull();
    expect(JSON.parse(purged[0]!.detailsJson)).toEqual({ releasedAt, retentionDays: 30, photos: 0, idScans: 0, rosterPhotos: 1 });
    clock.advance(DAY);
    await identity.idle();
    expect(await purgedOf()).toHaveLength(1);
    await identity.stop();
  });
});
