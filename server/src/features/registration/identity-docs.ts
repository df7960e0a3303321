import type { Readable } from 'node:stream';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, TimerHandle } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import type { Db as AsyncDb } from '../../core/db/store.ts';
import { applicationDocuments, applications, candidatePhotos, candidates, sittingParts } from '../../core/db/schema.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import type { FileStore } from '../../core/file-store.ts';
import { checkDocument, UnacceptableFileError, UploadTooLargeError } from '../../core/uploads/index.ts';
import { appendAudit, appendAuditSync, type AuditEntry } from '../../core/audit.ts';

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

/**
 * Audits every photo and ID scan of an application shown (registration's document pages and the
 * review panel), on the async data layer (issue #16): registration runs there already, while the
 * proctor's and the seating list's photo reads below stay synchronous until those features convert.
 */
export function createDocumentViews(deps: { db: AsyncDb; clock: Clock }) {
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
 */
/** `asyncDb`: the async data layer, where views of application documents are audited (createDocumentViews). */
export function createIdentityDocs(deps: { db: Db; asyncDb: AsyncDb; clock: Clock; documents: FileStore; retentionDays: number; log?: FastifyBaseLogger }) {
  const { db, clock } = deps;
  const { documents } = deps;
  let timer: TimerHandle | null = null;

  function applicationPhoto(candidateId: number) {
    return db
      .select({ sha256: applicationDocuments.sha256, mimeType: applicationDocuments.mimeType, bytes: applicationDocuments.bytes, fileName: applicationDocuments.fileName, at: applicationDocuments.uploadedAt, docId: applicationDocuments.id })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(and(eq(applications.candidateId, candidateId), eq(applicationDocuments.kind, 'photo')))
      .orderBy(desc(applicationDocuments.uploadedAt), desc(applicationDocuments.id))
      .get();
  }

  function rosterPhoto(candidateId: number) {
    return db.select().from(candidatePhotos).where(eq(candidatePhotos.candidateId, candidateId)).get();
  }

  /** The newer of the two: the office uploads a roster photo on purpose, e.g. to replace an unusable one. */
  function photoOf(candidateId: number): (StoredFile & { source: 'application' | 'roster' }) | null {
    const fromApp = applicationPhoto(candidateId);
    const fromRoster = rosterPhoto(candidateId);
    if (fromRoster && (!fromApp || fromRoster.uploadedAt >= fromApp.at)) {
      return { file: documents.pathOf(fromRoster.sha256), mimeType: fromRoster.mimeType, fileName: `photo-${candidateId}`, bytes: fromRoster.bytes, source: 'roster' };
    }
    if (fromApp) return { file: documents.pathOf(fromApp.sha256), mimeType: fromApp.mimeType, fileName: fromApp.fileName, bytes: fromApp.bytes, source: 'application' };
    return null;
  }

  function auditView(viewer: IdentityViewer, details: Record<string, unknown>) {
    appendAuditSync(db, viewEntry(clock.now(), viewer, details));
  }

  /** Removes a content-addressed file unless another row still points at the same content. */
  function removeIfUnused(sha256: string): boolean {
    const inDocs = db.select({ n: sql<number>`count(*)` }).from(applicationDocuments).where(eq(applicationDocuments.sha256, sha256)).get()?.n ?? 0;
    const inPhotos = db.select({ n: sql<number>`count(*)` }).from(candidatePhotos).where(eq(candidatePhotos.sha256, sha256)).get()?.n ?? 0;
    if (inDocs + inPhotos > 0) return false;
    documents.remove(sha256);
    return true;
  }

  /** Sittings whose every part has released results, with the last release. */
  function releasedSittings(): { sittingId: number; releasedAt: number }[] {
    return db
      .select({ sittingId: sittingParts.sittingId, releasedAt: sql<number>`max(${sittingParts.resultsReleasedAt})`, open: sql<number>`sum(case when ${sittingParts.resultsReleasedAt} is null then 1 else 0 end)` })
      .from(sittingParts)
      .groupBy(sittingParts.sittingId)
      .all()
      .filter((r) => r.open === 0 && r.releasedAt !== null)
      .map(({ sittingId, releasedAt }) => ({ sittingId, releasedAt }));
  }

  function purgeSitting(sittingId: number, releasedAt: number) {
    const now = clock.now();
    const ids = db.select({ id: candidates.id }).from(candidates).where(eq(candidates.sittingId, sittingId)).all().map((r) => r.id);
    if (ids.length === 0) return null;
    const docs = db
      .select({ id: applicationDocuments.id, kind: applicationDocuments.kind, sha256: applicationDocuments.sha256 })
      .from(applicationDocuments)
      .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
      .where(and(isNotNull(applications.candidateId), inArray(applications.candidateId, ids), inArray(applicationDocuments.kind, [...IDENTITY_KINDS])))
      .all();
    const photos = db.select({ candidateId: candidatePhotos.candidateId, sha256: candidatePhotos.sha256 }).from(candidatePhotos).where(inArray(candidatePhotos.candidateId, ids)).all();
    if (docs.length === 0 && photos.length === 0) return null;
    // Rows first, in one transaction with the audit entry; the files after, so a crash in between
    // leaves unreferenced files (removed on the next run's check of the same content) and never a row without its file.
    db.transaction((tx) => {
      if (docs.length) tx.delete(applicationDocuments).where(inArray(applicationDocuments.id, docs.map((d) => d.id))).run();
      if (photos.length) tx.delete(candidatePhotos).where(inArray(candidatePhotos.candidateId, photos.map((p) => p.candidateId))).run();
      appendAuditSync(tx, {
        at: now,
        actorUserId: null,
        action: 'identity.documents_purged',
        entity: 'sitting',
        entityId: sittingId,
        details: { releasedAt, retentionDays: deps.retentionDays, photos: docs.filter((d) => d.kind === 'photo').length, idScans: docs.filter((d) => d.kind === 'id').length, rosterPhotos: photos.length },
      });
    });
    let files = 0;
    for (const sha of new Set([...docs.map((d) => d.sha256), ...photos.map((p) => p.sha256)])) if (removeIfUnused(sha)) files++;
    return { sittingId, documents: docs.length, rosterPhotos: photos.length, files };
  }

  const service = {
    /** The largest photo accepted, for callers that check a photo before handing it over (the roster zip). */
    maxPhotoBytes: MAX_PHOTO_BYTES,

    photoOf,

    /** Which of these candidates have a photo to compare (for the proctor's grid). */
    withPhoto(candidateIds: readonly number[]): Set<number> {
      if (candidateIds.length === 0) return new Set();
      const fromApps = db
        .select({ id: applications.candidateId })
        .from(applicationDocuments)
        .innerJoin(applications, eq(applications.id, applicationDocuments.applicationId))
        .where(and(inArray(applications.candidateId, [...candidateIds]), eq(applicationDocuments.kind, 'photo')))
        .all();
      const fromRoster = db.select({ id: candidatePhotos.candidateId }).from(candidatePhotos).where(inArray(candidatePhotos.candidateId, [...candidateIds])).all();
      return new Set([...fromApps, ...fromRoster].flatMap((r) => (r.id === null ? [] : [r.id])));
    },

    /** The photo file for a viewer the caller has authorised; the view is audited. */
    openPhoto(candidateId: number, viewer: IdentityViewer): StoredFile {
      const photo = photoOf(candidateId);
      if (!photo) throw new NotFoundError('No photo for this candidate', { key: 'identity.noPhoto' });
      auditView(viewer, { candidateId, kind: 'photo', source: photo.source });
      return photo;
    },

    /** Called for every application document shown: photos and ID scans are audited. */
    documentViewed: createDocumentViews({ db: deps.asyncDb, clock }),

    /** A photo uploaded by the office for one candidate: PNG or JPEG that decodes, stored like documents. */
    async uploadRosterPhoto(actorUserId: number, candidateId: number, body: Readable): Promise<{ candidateId: number; mimeType: string; bytes: number; uploadedAt: number }> {
      if (!db.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, candidateId)).get()) throw new NotFoundError('No such candidate', { key: 'identity.noCandidate' });
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

    /** Keeps a checked photo as the candidate's (replacing any the office gave before), audited with where it came from. */
    keepPhoto(actorUserId: number, candidateId: number, photo: CheckedPhoto, source: 'seating' | 'zip') {
      documents.commit(photo.tmpPath, photo.sha256);
      const now = clock.now();
      const row = { candidateId, mimeType: photo.mimeType, bytes: photo.bytes, sha256: photo.sha256, uploadedAt: now, uploadedBy: actorUserId };
      const replaced = db.transaction((tx) => {
        const before = tx.select({ sha256: candidatePhotos.sha256 }).from(candidatePhotos).where(eq(candidatePhotos.candidateId, candidateId)).get();
        const { candidateId: _key, ...values } = row;
        tx.insert(candidatePhotos).values(row).onConflictDoUpdate({ target: candidatePhotos.candidateId, set: values }).run();
        appendAuditSync(tx, { at: now, actorUserId, action: 'identity.photo_uploaded', entity: 'candidate', entityId: candidateId, details: { mimeType: photo.mimeType, bytes: photo.bytes, sha256: photo.sha256, replaced: before !== undefined, source } });
        return before;
      });
      if (replaced && replaced.sha256 !== photo.sha256) removeIfUnused(replaced.sha256);
      return { candidateId, mimeType: photo.mimeType, bytes: photo.bytes, uploadedAt: now };
    },

    /** Deletes photos and ID scans of sittings whose results were released `retentionDays` ago or more. */
    purgeExpired() {
      const now = clock.now();
      const due = releasedSittings().filter((s) => s.releasedAt + deps.retentionDays * DAY_MS <= now);
      return due.flatMap((s) => purgeSitting(s.sittingId, s.releasedAt) ?? []);
    },

    /** At start and then once a day, on the injected clock. */
    start() {
      const run = () => {
        try {
          const purged = service.purgeExpired();
          if (purged.length) deps.log?.info({ purged }, 'identity documents past their retention deleted');
        } catch (err) {
          deps.log?.error({ err }, 'identity document retention failed');
        }
        timer = clock.at(clock.now() + DAY_MS, run);
      };
      run();
    },

    stop() {
      timer?.cancel();
      timer = null;
    },
  };
  return service;
}
export type IdentityDocs = ReturnType<typeof createIdentityDocs>;
