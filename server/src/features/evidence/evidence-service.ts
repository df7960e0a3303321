import type { Readable } from 'node:stream';
import type { Screenshot } from '@shared/evidence.ts';
import { acceptsEvidence, screenshotCaptionSchema } from '@shared/evidence.ts';
import type { Clock } from '../../core/clock.ts';
import type { ScreenshotLimits } from '../../core/config.ts';
import type { Db } from '../../core/db/store.ts';
import { AppError, BadRequestError, ForbiddenError, NotFoundError, StateError, UploadRefusedError } from '../../core/errors.ts';
import { IMAGE_REFUSAL_DETAIL, ImageCheckError, inspectImageFile, type ImageInfo } from '../../core/uploads/images.ts';
import { ImageDecodeError, sha256File, writeCleanCopy } from '../../core/uploads/index.ts';
import { appendAudit } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { SessionRow } from '../exam/exam-dal.ts';
import { createEvidenceDal, toScreenshot, type EvidenceDal, type ScreenshotRow } from './evidence-dal.ts';
import type { EvidenceSessions, ProctorWatches } from './ports.ts';
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
  sessions: EvidenceSessions;
  store: FileStore;
  limits: ScreenshotLimits;
  proctorWatches: ProctorWatches;
};

const noScreenshot = () => new NotFoundError('No such screenshot', { key: 'evidence.noScreenshot' });
const noSession = () => new NotFoundError('No such exam session', { key: 'exam.noSession' });

export function createEvidenceService(deps: EvidenceDeps) {
  const { db, clock, store, limits } = deps;
  const { sessions } = deps;
  const dal = createEvidenceDal(db);
  const refusedListeners = new Set<(e: UploadRefused) => void>();
  const ownSession = async (user: SessionUser, sessionId: number): Promise<SessionRow> => sessions.ownSession(user, sessionId);

  async function practicalItem(session: SessionRow, itemId: number) {
    const item = await sessions.paperItem(session, itemId);
    if (!item) throw new NotFoundError('No such item in this paper', { key: 'exam.noItem' });
    if (!acceptsEvidence(item.type)) throw new BadRequestError('Screenshots belong to practical tasks only', { key: 'evidence.notATask' });
    return item;
  }

  async function checkCount(on: EvidenceDal, sessionId: number, itemId: number) {
    if ((await on.countActive(sessionId, itemId)) >= limits.perTask) throw new UploadRefusedError('LIMIT_REACHED', `At most ${limits.perTask} screenshots per task`, { key: 'evidence.limit', params: { max: limits.perTask } });
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
    // Early, to spare the transfer; the transaction below checks again under the session's lock.
    await checkCount(dal, session.id, item.id);
    if (request.contentLength !== undefined && request.contentLength > limits.maxBytes + MULTIPART_OVERHEAD) {
      throw new UploadRefusedError('TOO_LARGE', `An image may be at most ${formatMb(limits.maxBytes)}`, { key: 'evidence.tooLarge', params: { max: formatMb(limits.maxBytes) } });
    }
    const file = await receive(request);
    let clean: Awaited<ReturnType<typeof cleanCopy>> | undefined;
    try {
      const info = inspect(file.tmpPath, file.declaredType);
      clean = await cleanCopy(file, info);
      const stored = clean;
      // The part may have been submitted while the bytes were arriving: refused before anything is kept.
      const meanwhile = await sessions.session(session.id);
      const late = meanwhile ? uploadRefusal(meanwhile, request.startedAt) : noSession();
      if (late) throw late;
      // Durable under its content address before a row points at it, and before the transaction: its
      // body awaits nothing but the database (docs/cluster.md §1 rule 6). A transaction that then
      // refuses or fails leaves this file unreferenced: harmless, it is named by its content and
      // another row (a retry, or the same image elsewhere) may use it, so it is never removed here.
      store.commit(stored.tmpPath, stored.sha256);
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        const t = createEvidenceDal(tx);
        // Locked: a second upload for this session waits here, and so does the part's end.
        const current = await sessions.lockSession(tx, session.id);
        const late = current ? uploadRefusal(current, request.startedAt) : noSession();
        if (late) throw late;
        // A retry of an upload whose ack was lost: the same image for the same task is the same screenshot
        // (re-encoding the same pixels gives the same bytes).
        const same = await t.sameImage(session.id, item.id, stored.sha256);
        if (same) return same;
        await checkCount(t, session.id, item.id);
        const inserted = await t.insert({ sessionId: session.id, paperItemId: item.id, sha256: stored.sha256, bytes: stored.bytes, mimeType: stored.mimeType, width: stored.width, height: stored.height, caption: file.caption, uploadedAt: now });
        await appendAudit(tx, {
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
        return inserted;
      });
      return toScreenshot(row);
    } catch (err) {
      store.discard(file.tmpPath);
      if (clean) store.discard(clean.tmpPath);
      throw err;
    }
  }

  async function ownScreenshot(user: SessionUser, screenshotId: number) {
    const row = await dal.byId(screenshotId);
    if (!row || row.removedAt !== null) throw noScreenshot();
    const session = await ownSession(user, row.sessionId);
    return { row, session };
  }

  /**
   * A removal or a caption: refused early on the session as read, then checked again inside the
   * transaction under the session's lock, so a part submitted in between leaves its evidence as it was.
   */
  async function change(user: SessionUser, screenshotId: number, write: (tx: Db, row: ScreenshotRow, now: number) => Promise<void>) {
    const { row, session } = await ownScreenshot(user, screenshotId);
    const now = clock.now();
    const refusal = changeRefusal(session, now);
    if (refusal) throw refusal;
    await db.transaction(async (tx) => {
      const current = await sessions.lockSession(tx, session.id);
      const late = current ? changeRefusal(current, now) : noSession();
      if (late) throw late;
      await write(tx, row, now);
    });
    return row;
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
      return (await dal.activeOf((await ownSession(user, sessionId)).id)).map(toScreenshot);
    },

    async remove(user: SessionUser, screenshotId: number): Promise<void> {
      await change(user, screenshotId, async (tx, row, now) => {
        // Removed by a request of the same candidate that came first: nothing more to record.
        if (!(await createEvidenceDal(tx).markRemoved(row.id, now))) return;
        await appendAudit(tx, { at: now, actorUserId: user.userId, action: 'screenshot.removed', entity: 'exam_session', entityId: row.sessionId, details: { screenshotId: row.id, itemId: row.paperItemId } });
      });
    },

    async setCaption(user: SessionUser, screenshotId: number, caption: string | null): Promise<Screenshot> {
      const value = caption?.trim() || null;
      const row = await change(user, screenshotId, async (tx, row, now) => {
        if (!(await createEvidenceDal(tx).setCaption(row.id, value))) throw noScreenshot();
        await appendAudit(tx, { at: now, actorUserId: user.userId, action: 'screenshot.captioned', entity: 'exam_session', entityId: row.sessionId, details: { screenshotId: row.id, caption: value } });
      });
      return toScreenshot({ ...row, caption: value });
    },

    /**
     * The file behind a screenshot, for whoever may see it here: its owner while the part runs; the
     * proctors of the candidate's room; admins. Graders go through the grading feature instead.
     */
    async fileFor(user: SessionUser, screenshotId: number): Promise<{ path: string; mimeType: string; bytes: number; sha256: string }> {
      const row = await dal.byId(screenshotId);
      if (!row) throw noScreenshot();
      if (user.role === 'candidate') {
        const session = await sessions.session(row.sessionId);
        if (!session || session.candidateId !== user.candidateId || row.removedAt !== null) throw noScreenshot();
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
