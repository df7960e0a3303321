import { OCCUPATION_CODE, requiredParts, type Level, type PartKind } from '@shared/domain.ts';
import { partClosesAt } from '@shared/part-window.ts';
import type { SittingResults } from '@shared/results.ts';
import type { Db } from '../../core/db/store.ts';
import { NotFoundError } from '../../core/errors.ts';
import { certify, partOutcome, type PartOutcome } from './certification.ts';
import type { ResultsPart, ResultsPorts, ResultsSession } from './ports.ts';

/** Parts a candidate sits online, one after the other: they bound when the sitting is over (shared/part-window.ts). */
export const ONLINE_PARTS: readonly PartKind[] = ['theory', 'skills'];

/** The sessions of these parts (one query), by part; `db`: the store, or the caller's transaction. */
export async function sessionsByPart(sessions: ResultsPorts['sessions'], db: Db, parts: readonly Pick<ResultsPart, 'id'>[]): Promise<Map<number, ResultsSession[]>> {
  const byPart = new Map<number, ResultsSession[]>(parts.map((p) => [p.id, []]));
  for (const s of await sessions.ofParts(db, parts.map((p) => p.id))) byPart.get(s.sittingPartId)?.push(s);
  return byPart;
}

/** When the sitting's online parts are over, and which candidates have a part running now. */
export function sittingWindow(parts: readonly ResultsPart[], sessions: Map<number, ResultsSession[]>, startsAt: number) {
  const online = parts.filter((p) => ONLINE_PARTS.includes(p.part));
  const closesAt = partClosesAt(startsAt, online.map((p) => p.durationMinutes));
  const running = new Map<number, Set<number>>();
  for (const part of online) {
    for (const r of sessions.get(part.id) ?? []) {
      if (r.status !== 'in_progress') continue;
      const set = running.get(r.candidateId) ?? new Set<number>();
      set.add(part.id);
      running.set(r.candidateId, set);
    }
  }
  /** Another online part than this one runs for the candidate. */
  const otherPartRunning = (candidateId: number, partId: number) => [...(running.get(candidateId) ?? [])].some((id) => id !== partId);
  return { closesAt, otherPartRunning };
}

/**
 * Every candidate of a sitting with each part's outcome and the certification result. `now`: a part
 * still open shows 未开始 / 进行中, and 缺考 only once it is over.
 */
export async function sittingResults(db: Db, ports: ResultsPorts, sittingId: number, now: number): Promise<SittingResults> {
  const sitting = await ports.planning.sitting(sittingId);
  if (!sitting) throw new NotFoundError('No such sitting', { key: 'results.noSitting' });
  const level = sitting.level as Level;
  // A handful of queries however many candidates: the sitting, its parts, their sessions, its candidates.
  const parts = await ports.planning.partsOfSitting(sittingId);
  const sessions = await sessionsByPart(ports.sessions, db, parts);
  const { closesAt, otherPartRunning } = sittingWindow(parts, sessions, sitting.startsAt);
  const people = await ports.candidates.ofSitting(sittingId);
  const cells = new Map<string, { outcome: PartOutcome; score: number | null; lateSync?: boolean; extraTime?: { planned: number; incident: number } }>();
  for (const part of parts) {
    const rows = (sessions.get(part.id) ?? []).map((r) => ({ ...r, score: r.score?.score ?? null }));
    const byCandidate = new Map(rows.map((r) => [r.candidateId, r]));
    for (const c of people) {
      const r = byCandidate.get(c.id);
      const open = ONLINE_PARTS.includes(part.part) && (now < closesAt || otherPartRunning(c.id, part.id));
      const outcome = partOutcome({ status: r?.status ?? null, endReason: r?.endReason ?? null, score: r?.score ?? null, passScore: part.passScore, open });
      // A violation voids the part: its score is not reported.
      // Extra time belongs to the timed online parts; a review is timed by its panel.
      const extraTime = r && ONLINE_PARTS.includes(part.part) ? { planned: r.plannedExtraMinutes, incident: r.incidentExtraMinutes } : undefined;
      cells.set(`${c.id}:${part.part}`, { outcome, score: outcome === 'violation' || outcome === 'absent' || outcome === 'in_progress' ? null : (r?.score ?? null), ...(r?.lateSyncAt != null ? { lateSync: true } : {}), ...(extraTime ? { extraTime } : {}) });
    }
  }
  const cellOf = (candidateId: number, kind: PartKind) => cells.get(`${candidateId}:${kind}`) ?? { outcome: 'absent' as const, score: null };
  const needsReview = requiredParts(level).includes('review');
  const released = parts.map((p) => p.resultsReleasedAt);
  return {
    sittingId,
    sittingName: sitting.label,
    level,
    occupationCode: OCCUPATION_CODE,
    releasedAt: released.length > 0 && released.every((r) => r !== null) ? Math.max(...(released as number[])) : null,
    pendingGrading: people.filter((c) => cellOf(c.id, 'skills').outcome === 'pending').length,
    rows: people.map((c) => {
      const theory = cellOf(c.id, 'theory');
      const skills = cellOf(c.id, 'skills');
      const review = needsReview ? cellOf(c.id, 'review') : null;
      return {
        ticketNo: c.ticketNo,
        name: c.name,
        idNumber: c.idNumber,
        theory,
        skills,
        review,
        result: certify(level, { theory: theory.outcome, skills: skills.outcome, ...(review ? { review: review.outcome } : {}) }),
      };
    }),
  };
}
