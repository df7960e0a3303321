import type { Readable } from 'node:stream';
import type { Screenshot } from '@shared/evidence.ts';
import { acceptsEvidence, screenshotCaptionSchema } from '@shared/evidence.ts';
import type { Clock } from '../../core/clock.ts';
import type { ScreenshotLimits } from '../../core/config.ts';
import type { Db } from '../../core/db/connection.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { AppError, BadRequestError, ForbiddenError, NotFoundError, StateError, UploadRefusedError } from '../../core/errors.ts';
import { IMAGE_REFUSAL_DETAIL, ImageCheckError, inspectImageFile, type ImageInfo } from '../../core/uploads/images.ts';
import { ImageDecodeError, sha256File, writeCleanCopy } from '../../core/uploads/index.ts';
import { createAuditWriterSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { SessionRow } from '../exam/exam-dal.ts';
import type { SessionAccess } from '../exam/session-access.ts';
import { createEvidenceDal, toScreenshot } from './evidence-dal.ts';
import { changeRefusal, uploadRefusal } from './evidence-rules.ts';
import type { FileStore } from '../../core/file-store.ts';

/** One part of a multipart body, as @fastify/multipart yields it (kept structural so this file stays free of Fastify). */
export type UploadPart =
  | { type: 'file'; fieldname: string; mimetype: string; file: Readable & { truncated?: boolean } }
  | { type: 'field'; fieldname: string; value: unknown };

export type UploadRequest = {
  /** When the request's headers arrived: the deadline rule is judged on this, not on when the bytes finished. */
  startedAt: number;
  contentLength: number | undefined;
  parts: AsyncIterable<UploadPart>;
};

/** Reported for every refused upload, e.g. for the proctor console's incident list. */
/** `key`: the refusal's message key (see core/errors.ts), so the proctor's record can word it. */
export type UploadRefused = { at: number; userId: number; candidateId: number | null; sessionId: number; itemId: number; code: string; key?: string; reason: string };

// Multipart framing and the caption field on top of the file itself.
const MULTIPART_OVERHEAD = 16 * 1024;

export type EvidenceDeps = {
  db: Db;
  clock: Clock;
  /** The exam feature's sessions and papers. */
  sessions: SessionAccess;
  store: FileStore;
  limits: ScreenshotLimits;
  /** Whether a proctor watches this candidate's room (the proctor feature owns assignments). */
  proctorWatches: (proctorUserId: number, candidateId: number) => MaybePromise<boolean>;
};

export function createEvidenceService(deps: EvidenceDeps) {
  const { db, clock, store, limits } = deps;
  const { sessions } = deps;
  const dal = createEvidenceDal(db);
  const audit = createAuditWriterSync(db);
  const refusedListeners = new Set<(e: UploadRefused) => void>();
  const ownSession = (user: SessionUser, sessionId: number): Promise<SessionRow> => sessions.ownSession(user, sessionId);

  async function practicalItem(session: SessionRow, itemId: number) {
    const item = await sessions.paperItem(session, itemId);
    if (!item) throw new NotFoundError('No such item in this paper', { key: 'exam.noItem' });
    if (!acceptsEvidence(item.type)) throw new BadRequestError('Screenshots belong to practical tasks only', { key: 'evidence.notATask' });
    return item;
  }

  function checkCount(sessionId: number, itemId: number) {
    if (dal.countActive(sessionId, itemId) >= limits.perTask) throw new UploadRefusedError('LIMIT_REACHED', `At most ${limits.perTask} screenshots per task`, { key: 'evidence.limit', params: { max: limits.perTask } });
  }

  async function receive(request: UploadRequest): Promise<{ tmpPath: string; sha256: string; bytes: number; declaredType: string; caption: string | null }> {
    let received: { tmpPath: string; sha256: string; bytes: number; declaredType: string } | null = null;
    let caption: string | null = null;
    try {
      for await (const part of request.parts) {
        if (part.type === 'field') {
          if (part.fieldname !== 'caption') throw new BadRequestError(`Unexpected field "${part.fieldname}"`, { key: 'evidence.unexpectedField' });
          const parsed = screenshotCaptionSchema.safeParse(part.value);
          if (!parsed.success) throw new BadRequestError('The caption is at most 200 characters', { key: 'evidence.captionTooLong', params: { max: 200 } });
          caption = parsed.data || null;
          continue;
        }
        if (part.fieldname !== 'file' || received) {
          part.file.resume();
          throw new BadRequestError('Send exactly one file, in the field "file"', { key: 'evidence.oneFile' });
        }
        const { tmpPath, sha256, bytes } = await store.receive(part.file);
        received = { tmpPath, sha256, bytes, declaredType: part.mimetype };
        if (part.file.truncated) throw new UploadRefusedError('TOO_LARGE', `An image may be at most ${formatMb(limits.maxBytes)}`, { key: 'evidence.tooLarge', params: { max: formatMb(limits.maxBytes) } });
      }
    } catch (err) {
      if (received) store.discard(received.tmpPath);
      throw mapMultipartError(err);
    }
    if (!received) throw new BadRequestError('No file in the request', { key: 'evidence.noFile' });
    return { ...received, caption };
  }

  function inspect(tmpPath: string, declaredType: string) {
    try {
      const info = inspectImageFile(tmpPath, limits);
      // A declared image type that contradicts the content is a mislabelled file; a generic one is judged by content alone.
      if (declaredType.startsWith('image/') && declaredType !== info.mimeType) {
        throw new UploadRefusedError('UNSUPPORTED_IMAGE', `The file says it is ${declaredType} but its content is ${info.mimeType}`, { key: 'evidence.typeMismatch' });
      }
      return info;
    } catch (err) {
      if (err instanceof ImageCheckError) throw new UploadRefusedError('UNSUPPORTED_IMAGE', err.message, { key: IMAGE_REFUSAL_DETAIL[err.reason].key });
      throw err;
    }
  }

  /**
   * Decodes every pixel and keeps only a fresh encoding of them (no metadata, nothing riding along):
   * what a grader opens is what was decoded here. The original is not kept; its hash goes to the audit log.
   */
  async function cleanCopy(original: { tmpPath: string }, info: ImageInfo) {
    const out = store.tempPath();
    try {
      const clean = await writeCleanCopy(original.tmpPath, info.mimeType, out, limits.maxPixels);
      return { ...clean, tmpPath: out, sha256: await sha256File(out) };
    } catch (err) {
      store.discard(out);
      if (err instanceof ImageDecodeError) throw new UploadRefusedError('UNSUPPORTED_IMAGE', err.message, { key: 'screenshotImage.undecodable' });
      throw err;
    } finally {
      store.discard(original.tmpPath);
    }
  }

  async function upload(user: SessionUser, sessionId: number, itemId: number, request: UploadRequest): Promise<Screenshot> {
    const session = await ownSession(user, sessionId);
    const refusal = uploadRefusal(session, request.startedAt);
    if (refusal) throw refusal;
    const item = await practicalItem(session, itemId);
    checkCount(session.id, item.id);
    if (request.contentLength !== undefined && request.contentLength > limits.maxBytes + MULTIPART_OVERHEAD) {
      throw new UploadRefusedError('TOO_LARGE', `An image may be at most ${formatMb(limits.maxBytes)}`, { key: 'evidence.tooLarge', params: { max: formatMb(limits.maxBytes) } });
    }
    const file = await receive(request);
    let clean: Awaited<ReturnType<typeof cleanCopy>> | undefined;
    try {
      const info = inspect(file.tmpPath, file.declaredType);
      clean = await cleanCopy(file, info);
      const stored = clean;
      const now = clock.now();
      // Re-read: the part may have been submitted while the bytes were arriving. The exam's session
      // port is async: on SQLite nothing else runs between this read and the synchronous transaction
      // below (the store begins its transactions in a turn of their own).
      const current = await sessions.session(session.id);
      const row = db.transaction(() => {
        const late = current ? uploadRefusal(current, request.startedAt) : new NotFoundError('No such exam session', { key: 'exam.noSession' });
        if (late) throw late;
        // A retry of an upload whose ack was lost: the same image for the same task is the same screenshot
        // (re-encoding the same pixels gives the same bytes).
        const same = dal.activeOf(session.id).find((s) => s.paperItemId === item.id && s.sha256 === stored.sha256);
        if (same) return { row: same, created: false };
        checkCount(session.id, item.id);
        store.commit(stored.tmpPath, stored.sha256);
        const inserted = dal.insert({ sessionId: session.id, paperItemId: item.id, sha256: stored.sha256, bytes: stored.bytes, mimeType: stored.mimeType, width: stored.width, height: stored.height, caption: file.caption, uploadedAt: now });
        audit({
          at: now,
          actorUserId: user.userId,
          action: 'screenshot.uploaded',
          entity: 'exam_session',
          entityId: session.id,
          details: {
            screenshotId: inserted.id,
            itemId: item.id,
            sha256: stored.sha256,
            bytes: stored.bytes,
            mimeType: stored.mimeType,
            width: stored.width,
            height: stored.height,
            original: { sha256: file.sha256, bytes: file.bytes, mimeType: info.mimeType },
            requestStartedAt: request.startedAt,
          },
        });
        return { row: inserted, created: true };
      });
      if (!row.created) store.discard(stored.tmpPath);
      return toScreenshot(row.row);
    } catch (err) {
      store.discard(file.tmpPath);
      if (clean) store.discard(clean.tmpPath);
      throw err;
    }
  }

  async function ownScreenshot(user: SessionUser, screenshotId: number) {
    const row = dal.byId(screenshotId);
    if (!row || row.removedAt !== null) throw new NotFoundError('No such screenshot', { key: 'evidence.noScreenshot' });
    const session = await ownSession(user, row.sessionId);
    return { row, session };
  }

  return {
    limits,

    onUploadRefused(fn: (e: UploadRefused) => void): () => void {
      refusedListeners.add(fn);
      return () => refusedListeners.delete(fn);
    },

    async upload(user: SessionUser, sessionId: number, itemId: number, request: UploadRequest): Promise<Screenshot> {
      try {
        return await upload(user, sessionId, itemId, request);
      } catch (err) {
        // Missing sessions are not reported: they name no session of this candidate.
        if (err instanceof AppError && err.code !== 'NOT_FOUND' && err.code !== 'FORBIDDEN') {
          const event: UploadRefused = { at: clock.now(), userId: user.userId, candidateId: user.candidateId, sessionId, itemId, code: err.code, ...(err.detail.key ? { key: err.detail.key } : {}), reason: err.message };
          for (const fn of refusedListeners) fn(event);
        }
        throw err;
      }
    },

    async list(user: SessionUser, sessionId: number): Promise<Screenshot[]> {
      return dal.activeOf((await ownSession(user, sessionId)).id).map(toScreenshot);
    },

    async remove(user: SessionUser, screenshotId: number): Promise<void> {
      const { row, session } = await ownScreenshot(user, screenshotId);
      const now = clock.now();
      const refusal = changeRefusal(session, now);
      if (refusal) throw refusal;
      db.transaction(() => {
        if (!dal.markRemoved(row.id, now)) return;
        audit({ at: now, actorUserId: user.userId, action: 'screenshot.removed', entity: 'exam_session', entityId: session.id, details: { screenshotId: row.id, itemId: row.paperItemId } });
      });
    },

    async setCaption(user: SessionUser, screenshotId: number, caption: string | null): Promise<Screenshot> {
      const { row, session } = await ownScreenshot(user, screenshotId);
      const now = clock.now();
      const refusal = changeRefusal(session, now);
      if (refusal) throw refusal;
      const value = caption?.trim() || null;
      db.transaction(() => {
        dal.setCaption(row.id, value);
        audit({ at: now, actorUserId: user.userId, action: 'screenshot.captioned', entity: 'exam_session', entityId: session.id, details: { screenshotId: row.id, caption: value } });
      });
      return toScreenshot({ ...row, caption: value });
    },

    /**
     * The file behind a screenshot, for whoever may see it here: its owner while the part runs; the
     * proctors of the candidate's room; admins. Graders go through the grading feature instead.
     */
    async fileFor(user: SessionUser, screenshotId: number): Promise<{ path: string; mimeType: string; bytes: number; sha256: string }> {
      const row = dal.byId(screenshotId);
      if (!row) throw new NotFoundError('No such screenshot', { key: 'evidence.noScreenshot' });
      if (user.role === 'candidate') {
        const session = await sessions.session(row.sessionId);
        if (!session || session.candidateId !== user.candidateId || row.removedAt !== null) throw new NotFoundError('No such screenshot', { key: 'evidence.noScreenshot' });
        if (session.status !== 'in_progress') throw new StateError('SESSION_ENDED', 'This part has ended; its evidence is with the graders', { key: 'evidence.withGraders' });
      }
      if (user.role === 'proctor') {
        const session = await sessions.session(row.sessionId);
        if (!session || !(await deps.proctorWatches(user.userId, session.candidateId))) throw new ForbiddenError("This screenshot is not from a room you watch", { key: 'evidence.notYourRoom' });
      }
      return { path: store.pathOf(row.sha256), mimeType: row.mimeType, bytes: row.bytes, sha256: row.sha256 };
    },
  };
}
export type EvidenceService = ReturnType<typeof createEvidenceService>;

const formatMb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** @fastify/multipart's own errors (limits, framing) become our typed ones. */
function mapMultipartError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new UploadRefusedError('TOO_LARGE', 'The image is too large', { key: 'evidence.imageTooLarge' });
  if (code.startsWith('FST_')) return new BadRequestError((err as Error).message, { key: 'evidence.badUpload' });
  return err;
}
