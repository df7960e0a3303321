import path from 'node:path';
import { Readable } from 'node:stream';
import type { PhotoZipReport, RosterRowProblem } from '@shared/registration.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { AppError, BadRequestError, NotFoundError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { openZip, type ZipArchive } from '../banks/formats/zip.ts';
import type { CheckedPhoto, IdentityDocs } from '../registration/identity-docs.ts';
import { createPlanningDal } from './planning-dal.ts';
import type { Seats } from './ports.ts';

/** A zip of a plan's photos: a few thousand candidates at most, each photo 5 MB at most. */
export const MAX_PHOTO_ZIP_BYTES = 100 * 1024 * 1024;
const ZIP_LIMITS = { maxEntries: 3000, maxTotalBytes: MAX_PHOTO_ZIP_BYTES, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };

/** What the office's tools put into a zip besides the photos. */
const isClutter = (name: string) => name.startsWith('__MACOSX/') || path.posix.basename(name).startsWith('.') || /(^|\/)Thumbs\.db$/i.test(name);

/**
 * Photos for the identity check brought with the roster (#17): a zip whose every image is named by
 * the candidate's ID number or admission ticket number. Each photo is checked by content in the
 * bounded worker like a single upload; a check-only run reports without keeping anything.
 */
/** Registration's identity documents, as the zip import uses them (registration converts on its own branch). */
export type PhotoKeeper = Pick<IdentityDocs, 'maxPhotoBytes' | 'receivePhoto'> & {
  discardPhoto(photo: CheckedPhoto): MaybePromise<void>;
  keepPhoto(actorUserId: number, candidateId: number, photo: CheckedPhoto, source: 'zip'): MaybePromise<unknown>;
};

export function createRosterPhotos(deps: { db: Db; clock: Clock; identity: PhotoKeeper; seats: Pick<Seats, 'ofSittings'> }) {
  const dal = createPlanningDal(deps.db);

  return {
    async importZip(actorUserId: number, planId: number, content: Buffer, dryRun: boolean): Promise<PhotoZipReport> {
      if (!(await dal.plan(planId))) throw new NotFoundError('No such exam plan', { key: 'plan.noPlan' });
      let zip: ZipArchive;
      try {
        zip = await openZip(content, ZIP_LIMITS);
      } catch (err) {
        throw new BadRequestError(`The photos must come as a zip (${err instanceof Error ? err.message : String(err)})`, { key: 'plan.photoZipUnreadable' });
      }
      const byKey = new Map((await deps.seats.ofSittings(deps.db, await dal.sittingIdsOf(planId))).flatMap((c) => [...(c.idNumber ? [[c.idNumber.toUpperCase(), c] as const] : []), [c.ticketNo, c] as const]));
      const report: PhotoZipReport = { dryRun, imported: 0, ok: 0, errors: 0, rows: [] };
      const seen = new Map<number, string>();
      for (const entry of zip.names.filter((n) => !isClutter(n)).sort()) {
        const key = path.posix.basename(entry).replace(/\.[^.]*$/, '').normalize('NFKC').trim().toUpperCase();
        const candidate = byKey.get(key);
        const fail = (error: RosterRowProblem) => {
          report.errors++;
          report.rows.push({ entry, status: 'error', ticketNo: candidate?.ticketNo ?? null, name: candidate?.name ?? null, error });
        };
        if (!candidate) {
          fail({ key: 'plan.photoRow.noCandidate', params: { name: key }, message: `no candidate of this plan has the ID number or ticket number ${key}` });
          continue;
        }
        const earlier = seen.get(candidate.id);
        if (earlier) {
          fail({ key: 'plan.photoRow.twice', params: { entry: earlier }, message: `a second photo of the same candidate (first: ${earlier})` });
          continue;
        }
        seen.set(candidate.id, entry);
        const bytes = await zip.read(entry);
        if (!bytes || bytes.length > deps.identity.maxPhotoBytes) {
          fail({ key: 'identity.photoTooLarge', message: 'larger than 5 MB' });
          continue;
        }
        let photo;
        try {
          photo = await deps.identity.receivePhoto(Readable.from([bytes]));
        } catch (err) {
          if (!(err instanceof AppError) || !err.detail.key) throw err;
          fail({ key: err.detail.key, message: err.message });
          continue;
        }
        if (dryRun) {
          await deps.identity.discardPhoto(photo);
          report.ok++;
        } else {
          await deps.identity.keepPhoto(actorUserId, candidate.id, photo, 'zip');
          report.imported++;
        }
        report.rows.push({ entry, status: dryRun ? 'ok' : 'imported', ticketNo: candidate.ticketNo, name: candidate.name, error: null });
      }
      if (!dryRun) await appendAudit(deps.db, { at: deps.clock.now(), actorUserId, action: 'identity.photos_imported', entity: 'exam_plan', entityId: planId, details: { imported: report.imported, errors: report.errors } });
      return report;
    },
  };
}
export type RosterPhotos = ReturnType<typeof createRosterPhotos>;
