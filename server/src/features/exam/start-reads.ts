import { batchedRead } from '../../core/db/batched-read.ts';
import type { Db } from '../../core/db/store.ts';
import { createExamDal, type SessionRow } from './exam-dal.ts';
import type { ExamOwners } from './ports.ts';

const pairKey = (candidateId: number, sittingPartId: number) => `${candidateId}:${sittingPartId}`;

/**
 * What every start reads before its write: the candidate of the login and their session of the
 * part, each batched across the starts arriving together (core/db/batched-read.ts), so a storm of
 * starts costs a query per batch rather than two per start. Reads outside the write only: the write
 * reads again behind its locks.
 */
export function createStartReads(db: Db, owners: ExamOwners) {
  const candidateOfUser = batchedRead(async (userIds: readonly number[]) => new Map((await owners.candidates(db).ofUsers(userIds)).map((c) => [c.userId, c])));
  const sessionOfPart = batchedRead(async (keys: readonly string[]) => {
    const pairs = keys.map((k) => k.split(':').map(Number) as [number, number]);
    const rows = await createExamDal(db, owners).sessionsOfCandidates([...new Set(pairs.map(([c]) => c))], [...new Set(pairs.map(([, p]) => p))]);
    return new Map<string, SessionRow>(rows.map((r) => [pairKey(r.candidateId, r.sittingPartId), r]));
  });
  return {
    candidateOfUser,
    sessionOf: (candidateId: number, sittingPartId: number) => sessionOfPart(pairKey(candidateId, sittingPartId)),
  };
}
