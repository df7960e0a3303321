import type { Readable } from 'node:stream';
import { and, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, TimerHandle } from '../../core/clock.ts';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import type { FileStore } from '../../core/file-store.ts';
import { checkDocument, UnacceptableFileError, UploadTooLargeError } from '../../core/uploads/index.ts';
import { appendAudit, type AuditEntry } from '../../core/audit.ts';
import { idIn } from '../../core/db/dialect.ts';

/** Application documents that identify the person: the photo and the ID card scan (PIPL, #17). */
export const IDENTITY_KINDS = ['photo', 'id'] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const DAY_MS = 24 * 3600_000;

export type StoredFile = { file: string; mimeType: string; fileName: string; bytes: number };
/** An uploaded photo in a temporary file, checked by content and not yet anyone's. */
export type CheckedPhoto = { tmpPath: string; sha256: string; bytes: number; mimeType: 'image/png' | 'image/jpeg' };
/** Who looked at a photo or scan, and through which page: every view is audited. */
export type IdentityViewer = { userId: number; via: 'proctor' | 'admin' | 'review' | 'applicant' };

const viewEntry = (at: number, viewer: IdentityViewer, details: Record<string, unknown>): AuditEntry => ({
  at,
  actorUserId: viewer.userId,
  action: 'identity.document_viewed',
  entity: 'candidate',
  entityId: (details.candidateId as number | undefined) ?? null,
  details: { via: viewer.via, ...details },
});

/** Audits every photo and ID scan of an application shown (registration's document pages and the review panel). */
export function createDocumentViews(deps: { db: Db; clock: Clock }) {
  return async (viewer: IdentityViewer, doc: { applicationId: number; docId: number; kind: string; candidateId: number | null }): Promise<void> => {
    if (!(IDENTITY_KINDS as readonly string[]).includes(doc.kind)) return;
    await appendAudit(deps.db, viewEntry(deps.clock.now(), viewer, { candidateId: doc.candidateId, applicationId: doc.applicationId, documentId: doc.docId, kind: doc.kind }));
  };
}

/**
 * The photos and ID scans of candidates (人证核验): the photo the proctor compares at the door (the
 * application's photo, or one the office uploaded with the roster), audited views, and the
 * retention job that deletes them a set number of days after the sitting's results are released.
 * No face templates or any other processing of the images: they are only shown.
 *
 * On the async data layer (issue #16). Files are moved and removed only outside transactions; a
 * candidate's row is the lock that orders what touches their photo: the office's uploads take it
 * for update (two at once take turns, the later replaces the earlier and removes its file), a view
 * shares it, and the retention job takes the sitting's candidates for update, so a view waiting on
 * a purge finds nothing and answers 404 instead of an audited view of a file about to be removed.
 */
/**
 * The tickets feature's candidate rows as the locks that order what touches a candidate's photo
 * (tickets/candidate-locks.ts), each in the caller's transaction; and planning's sittings whose
 * results are released (planning/released-sittings.ts).
 */
export type IdentityPorts = {
  candidates: {
    exists(db: Db, id: number): MaybePromise<boolean>;
    lock(tx: Db, id: number): MaybePromise<boolean>;
    share(tx: Db, id: number): MaybePromise<boolean>;
    /** Every candidate of the sitting locked for update, in id order; their ids. */
    lockSitting(tx: Db, sittingId: number): MaybePromise<number[]>;
  };
  releasedSittings(db: Db): MaybePromise<{ sittingId: number; releasedAt: number }[]>;
};

export function createIdentityDocs(deps: { db: Db; clock: Clock; documents: FileStore; retentionDays: number; log?: FastifyBaseLogger } & IdentityPorts) {
  const { db, clock, documents } = deps;
  let timer: TimerHandle | null = null;
  /** The retention run in progress, if any: stop and idle() wait for it. */
  let running: Promise<void> | null = null;

  async function photoOn(q: Db, candidateId: number): Promise<(StoredFile & { sha256: string; source: 'application' | 'roster' }) | null> {
    const { applicationDocuments, applications, candidatePhotos } = tablesFor(q, 'registration');
    const [fromApp] = await q
      .select({ sha256: applicationDocuments.sha256, mimeType: applicationDocuments.mimeType, bytes: applicationDocuments.bytes, fileName: applicationDocuments.fileName, at: applicationDocuments.uploadedAt })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(and(eq(applications.candidateId, candidateId), eq(applicationDocuments.kind, 'photo')))
      .orderBy(desc(applicationDocuments.uploadedAt), desc(applicationDocuments.id))
      .limit(1);
    const [fromRoster] = await q.select().from(candidatePhotos).where(eq(candidatePhotos.candidateId, candidateId));
    // The newer of the two: the office uploads a roster photo on purpose, e.g. to replace an unusable one.
    if (fromRoster && (!fromApp || fromRoster.uploadedAt >= fromApp.at)) {
      return { file: documents.pathOf(fromRoster.sha256), sha256: fromRoster.sha256, mimeType: fromRoster.mimeType, fileName: `photo-${candidateId}`, bytes: fromRoster.bytes, source: 'roster' };
    }
    if (fromApp) return { file: documents.pathOf(fromApp.sha256), sha256: fromApp.sha256, mimeType: fromApp.mimeType, fileName: fromApp.fileName, bytes: fromApp.bytes, source: 'application' };
    return null;
  }

  /** The photo the proctor compares: the newer of the application's and the office's. */
  async function photoOf(candidateId: number): Promise<(StoredFile & { source: 'application' | 'roster' }) | null> {
    const photo = await photoOn(db, candidateId);
    if (!photo) return null;
    const { sha256: _sha, ...rest } = photo;
    return rest;
  }

  /** Removes a content-addressed file unless another row still points at the same content (after the rows' transaction). */
  async function removeIfUnused(sha256: string): Promise<boolean> {
    const { applicationDocuments, candidatePhotos } = tablesFor(db, 'registration');
    const [inDocs] = await db.select({ n: count() }).from(applicationDocuments).where(eq(applicationDocuments.sha256, sha256));
    const [inPhotos] = await db.select({ n: count() }).from(candidatePhotos).where(eq(candidatePhotos.sha256, sha256));
    if ((inDocs?.n ?? 0) + (inPhotos?.n ?? 0) > 0) return false;
    documents.remove(sha256);
    return true;
  }

  async function purgeSitting(sittingId: number, releasedAt: number) {
    const now = clock.now();
    // Rows first, in one transaction with the audit entry, under the candidates' locks (a view
    // waits, then finds nothing); the files after it committed, so a crash in between leaves
    // unreferenced files (removed on the next run's check of the same content) and never a row without its file.
    const found = await db.transaction(async (tx) => {
      const { applicationDocuments, applications, candidatePhotos } = tablesFor(tx, 'registration');
      const ids = await deps.candidates.lockSitting(tx, sittingId);
      if (ids.length === 0) return null;
      const docs = await tx
        .select({ id: applicationDocuments.id, kind: applicationDocuments.kind, sha256: applicationDocuments.sha256 })
        .from(applicationDocuments)
        .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
        .where(and(isNotNull(applications.candidateId), idIn(tx, applications.candidateId, ids), inArray(applicationDocuments.kind, [...IDENTITY_KINDS])));
      const photos = await tx.select({ candidateId: candidatePhotos.candidateId, sha256: candidatePhotos.sha256 }).from(candidatePhotos).where(idIn(tx, candidatePhotos.candidateId, ids));
      if (docs.length === 0 && photos.length === 0) return null;
      if (docs.length) await tx.delete(applicationDocuments).where(idIn(tx, applicationDocuments.id, docs.map((d) => d.id)));
      if (photos.length) await tx.delete(candidatePhotos).where(idIn(tx, candidatePhotos.candidateId, photos.map((p) => p.candidateId)));
      await appendAudit(tx, {
        at: now,
        actorUserId: null,
        action: 'identity.documents_purged',
        entity: 'sitting',
        entityId: sittingId,
        details: { releasedAt, retentionDays: deps.retentionDays, photos: docs.filter((d) => d.kind === 'photo').length, idScans: docs.filter((d) => d.kind === 'id').length, rosterPhotos: photos.length },
      });
      return { docs, photos };
    });
    if (!found) return null;
    const { docs, photos } = found;
    let files = 0;
    for (const sha of new Set([...docs.map((d) => d.sha256), ...photos.map((p) => p.sha256)])) if (await removeIfUnused(sha)) files++;
    return { sittingId, documents: docs.length, rosterPhotos: photos.length, files };
  }

  const service = {
    /** The largest photo accepted, for callers that check a photo before handing it over (the roster zip). */
    maxPhotoBytes: MAX_PHOTO_BYTES,

    photoOf,

    /** Which of these candidates have a photo to compare (for the proctor's grid). */
    async withPhoto(candidateIds: readonly number[]): Promise<Set<number>> {
      if (candidateIds.length === 0) return new Set();
      const { applicationDocuments, applications, candidatePhotos } = tablesFor(db, 'registration');
      const [fromApps, fromRoster] = await Promise.all([
        db
          .select({ id: applications.candidateId })
          .from(applicationDocuments)
          .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
          .where(and(idIn(db, applications.candidateId, candidateIds), eq(applicationDocuments.kind, 'photo'))),
        db.select({ id: candidatePhotos.candidateId }).from(candidatePhotos).where(idIn(db, candidatePhotos.candidateId, candidateIds)),
      ]);
      return new Set([...fromApps, ...fromRoster].flatMap((r) => (r.id === null ? [] : [r.id])));
    },

    /** The photo file for a viewer the caller has authorised; the view is audited. */
    async openPhoto(candidateId: number, viewer: IdentityViewer): Promise<StoredFile> {
      // Read and audited under the candidate's shared lock: a purge in progress is waited for, then nothing is found.
      const photo = await db.transaction(async (tx) => {
        await deps.candidates.share(tx, candidateId);
        const found = await photoOn(tx, candidateId);
        if (found) await appendAudit(tx, viewEntry(clock.now(), viewer, { candidateId, kind: 'photo', source: found.source }));
        return found;
      });
      if (!photo) throw new NotFoundError('No photo for this candidate', { key: 'identity.noPhoto' });
      const { sha256: _sha, source: _source, ...file } = photo;
      return file;
    },

    /** Called for every application document shown: photos and ID scans are audited. */
    documentViewed: createDocumentViews({ db, clock }),

    /** A photo uploaded by the office for one candidate: PNG or JPEG that decodes, stored like documents. */
    async uploadRosterPhoto(actorUserId: number, candidateId: number, body: Readable): Promise<{ candidateId: number; mimeType: string; bytes: number; uploadedAt: number }> {
      // Checked again under the lock by keepPhoto; this one spares receiving a file for nobody.
      if (!(await deps.candidates.exists(db, candidateId))) throw new NotFoundError('No such candidate', { key: 'identity.noCandidate' });
      const stored = await service.receivePhoto(body);
      return service.keepPhoto(actorUserId, candidateId, stored, 'seating');
    },

    /** A photo streamed to a temporary file and checked by content in the bounded worker; refused (BadRequestError, keyed) and removed otherwise. */
    async receivePhoto(body: Readable): Promise<CheckedPhoto> {
      let stored;
      try {
        stored = await documents.receive(body, MAX_PHOTO_BYTES);
      } catch (err) {
        if (err instanceof UploadTooLargeError) throw new BadRequestError(err.message, { key: 'identity.photoTooLarge' });
        throw err;
      }
      try {
        // Checked in a bounded worker, as applicants' documents are: a hostile file cannot hold the event loop.
        const sniffed = await checkDocument(stored.tmpPath);
        if (sniffed.mimeType === 'application/pdf') throw new UnacceptableFileError('A photo must be a PNG or JPEG image', { key: 'identity.photoType' });
        return { ...stored, mimeType: sniffed.mimeType };
      } catch (err) {
        documents.discard(stored.tmpPath);
        // The documents' "PDF, PNG or JPEG" would mislead here: a photo is an image.
        if (err instanceof UnacceptableFileError) throw new BadRequestError(err.message, { key: err.key === 'document.wrongType' ? 'identity.photoType' : err.key });
        throw err;
      }
    },

    /** Drops a checked photo that is not to be kept (a check-only import). */
    discardPhoto(photo: CheckedPhoto) {
      documents.discard(photo.tmpPath);
    },

    /**
     * Keeps a checked photo as the candidate's (replacing any the office gave before), audited with
     * where it came from. The file is kept before the transaction; under the candidate's lock two
     * uploads at once take turns, so the later one sees and replaces the earlier (whose file goes).
     */
    async keepPhoto(actorUserId: number, candidateId: number, photo: CheckedPhoto, source: 'seating' | 'zip') {
      documents.commit(photo.tmpPath, photo.sha256);
      const now = clock.now();
      const row = { candidateId, mimeType: photo.mimeType, bytes: photo.bytes, sha256: photo.sha256, uploadedAt: now, uploadedBy: actorUserId };
      const outcome = await db.transaction(async (tx) => {
        const { candidatePhotos } = tablesFor(tx, 'registration');
        if (!(await deps.candidates.lock(tx, candidateId))) return { missing: true as const };
        const [before] = await tx.select({ sha256: candidatePhotos.sha256 }).from(candidatePhotos).where(eq(candidatePhotos.candidateId, candidateId));
        const { candidateId: _key, ...values } = row;
        await tx.insert(candidatePhotos).values(row).onConflictDoUpdate({ target: candidatePhotos.candidateId, set: values });
        await appendAudit(tx, { at: now, actorUserId, action: 'identity.photo_uploaded', entity: 'candidate', entityId: candidateId, details: { mimeType: photo.mimeType, bytes: photo.bytes, sha256: photo.sha256, replaced: before !== undefined, source } });
        return { missing: false as const, replaced: before };
      });
      if (outcome.missing) {
        await removeIfUnused(photo.sha256);
        throw new NotFoundError('No such candidate', { key: 'identity.noCandidate' });
      }
      if (outcome.replaced && outcome.replaced.sha256 !== photo.sha256) await removeIfUnused(outcome.replaced.sha256);
      return { candidateId, mimeType: photo.mimeType, bytes: photo.bytes, uploadedAt: now };
    },

    /** Deletes photos and ID scans of sittings whose results were released `retentionDays` ago or more. */
    async purgeExpired() {
      const now = clock.now();
      const due = (await deps.releasedSittings(db)).filter((s) => s.releasedAt + deps.retentionDays * DAY_MS <= now);
      const purged = [];
      for (const s of due) {
        const done = await purgeSitting(s.sittingId, s.releasedAt);
        if (done) purged.push(done);
      }
      return purged;
    },

    /** At start and then once a day, on the injected clock. */
    start() {
      const run = () => {
        timer = clock.at(clock.now() + DAY_MS, run);
        // Runs never overlap: a day's run waits for a previous one still going.
        const previous = running ?? Promise.resolve();
        const current: Promise<void> = previous
          .then(() => service.purgeExpired())
          .then(
            (purged) => {
              if (purged.length) deps.log?.info({ purged }, 'identity documents past their retention deleted');
            },
            (err: unknown) => deps.log?.error({ err }, 'identity document retention failed'),
          )
          .finally(() => {
            if (running === current) running = null;
          });
        running = current;
      };
      run();
    },

    /** Resolves once the retention run in progress (if any) is over: tests and shutdown wait for it. */
    async idle() {
      while (running) await running;
    },

    async stop() {
      timer?.cancel();
      timer = null;
      await service.idle();
    },
  };
  return service;
}
export type IdentityDocs = ReturnType<typeof createIdentityDocs>;
