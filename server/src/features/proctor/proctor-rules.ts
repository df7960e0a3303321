import { csvDocument } from '../../core/csv.ts';
import type { EndReason } from '@shared/domain.ts';
import type { CandidateStatus, RoomSettings, SignalOutcome } from '@shared/proctor.ts';

/** Pure rules of the proctor console; no I/O here. */

export const DEFAULT_SETTINGS: RoomSettings = { admissionRequired: false, signalPolicy: 'warn', pauseAfter: 5 };

export type StatusInput = {
  online: boolean;
  session: { status: 'not_started' | 'in_progress' | 'ended'; pausedAt: number | null; endReason: EndReason | null } | null;
};

/** What the proctor's grid says about one candidate for one part. */
export function candidateStatus({ online, session }: StatusInput): CandidateStatus {
  if (session?.status === 'ended') {
    switch (session.endReason) {
      case 'force_submitted':
      case 'violation':
        return 'ended_by_proctor';
      case 'absent':
        return 'absent';
      default:
        return 'submitted';
    }
  }
  if (session?.status === 'in_progress') {
    if (session.pausedAt !== null) return 'paused';
    return online ? 'in_progress' : 'disconnected';
  }
  return online ? 'waiting' : 'not_logged_in';
}

/**
 * What a reported browser signal leads to under the sitting's policy. `count` is the candidate's
 * number of such signals including this one; the pause happens once, when the count reaches N.
 */
export function signalOutcome(settings: RoomSettings, count: number, sessionRunning: boolean): SignalOutcome {
  const base = { count, pauseAfter: settings.pauseAfter };
  if (settings.signalPolicy === 'record') return { action: 'recorded', ...base };
  if (settings.signalPolicy === 'pause' && sessionRunning && count >= settings.pauseAfter) return { action: 'paused', ...base };
  return { action: 'warned', ...base };
}

/** 缺考 can be recorded once the part could no longer be completed in full: start of the sitting plus the part's duration. */
export function canMarkAbsent(sittingStartsAt: number, durationMinutes: number, now: number): boolean {
  return now >= sittingStartsAt + durationMinutes * 60_000;
}

/** Repeated signals of one kind within this window (focus lost and page hidden come in bursts) count once. */
export const SIGNAL_DEDUPE_MS = 2_000;
export function isDuplicateSignal(lastAt: number | undefined, now: number): boolean {
  return lastAt !== undefined && now - lastAt < SIGNAL_DEDUPE_MS;
}

/** A room's log as CSV (see core/csv.ts). */
export const toCsv = (header: readonly string[], rows: readonly (readonly unknown[])[]) => csvDocument([header, ...rows]);

/** Who joins and who leaves when a room's proctor list is replaced (ids in the order given). */
export function assignmentChanges(current: readonly number[], wanted: readonly number[]): { added: number[]; removed: number[] } {
  return { added: wanted.filter((id) => !current.includes(id)), removed: current.filter((id) => !wanted.includes(id)) };
}
