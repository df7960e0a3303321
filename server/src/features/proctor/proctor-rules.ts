import { csvDocument } from '../../core/csv.ts';
import type { EndReason } from '@shared/domain.ts';
import type { CandidateStatus, ExamRules, RoomSettings, SignalOutcome } from '@shared/proctor.ts';

/** Pure rules of the proctor console; no I/O here. */

export const DEFAULT_SETTINGS: RoomSettings = { admissionRequired: false, identityCheckRequired: false, signalPolicy: 'warn', pauseAfter: 5, textPaste: 'block', parallelParts: false };

/** The exam rules inside a sitting's settings, as the candidate's page and the session engine need them. */
export const examRulesOf = (s: RoomSettings): ExamRules => ({ textPaste: s.textPaste, parallelParts: s.parallelParts });

export type StatusInput = {
  /** An exam page of the candidate is connected. */
  online: boolean;
  /** The candidate holds a live login (perhaps on the overview or the 考生须知 page, with no socket). */
  loggedIn?: boolean;
  session: { status: 'not_started' | 'in_progress' | 'ended'; pausedAt: number | null; endReason: EndReason | null } | null;
};

/** What the proctor's grid says about one candidate for one part. */
export function candidateStatus({ online, loggedIn = false, session }: StatusInput): CandidateStatus {
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
  // 已登录 / 等待开始: logged in (page open or not) and this part not started.
  return online || loggedIn ? 'waiting' : 'not_logged_in';
}

/**
 * What a reported browser signal leads to under the sitting's policy. `count` is the candidate's
 * number of signals of this kind and `total` of every kind, each including this one: the warning
 * says "第 count 次" of its own kind, while the pause comes when the total reaches N.
 */
export function signalOutcome(settings: RoomSettings, counts: { count: number; total: number }, sessionRunning: boolean): SignalOutcome {
  const base = { ...counts, pauseAfter: settings.pauseAfter };
  if (settings.signalPolicy === 'record') return { action: 'recorded', ...base };
  if (settings.signalPolicy === 'pause' && sessionRunning && counts.total >= settings.pauseAfter) return { action: 'paused', ...base };
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

/**
 * When each candidate last raised each kind of signal (`key`), for `isDuplicateSignal`. Marks past
 * the window say nothing more, so they are swept whenever the map has doubled since the last sweep
 * (issue #19: a mark per candidate and kind was otherwise kept for the node's life).
 */
export function signalMarks() {
  const marks = new Map<string, number>();
  let sweepAt = 1024;
  return {
    isDuplicate: (key: string, now: number) => isDuplicateSignal(marks.get(key), now),
    mark(key: string, now: number) {
      marks.set(key, now);
      if (marks.size < sweepAt) return;
      for (const [k, at] of marks) if (!isDuplicateSignal(at, now)) marks.delete(k);
      sweepAt = Math.max(1024, marks.size * 2);
    },
    size: () => marks.size,
  };
}

/** A room's log as CSV (see core/csv.ts). */
export const toCsv = (header: readonly string[], rows: readonly (readonly unknown[])[]) => csvDocument([header, ...rows]);

/** Who joins and who leaves when a room's proctor list is replaced (ids in the order given). */
export function assignmentChanges(current: readonly number[], wanted: readonly number[]): { added: number[]; removed: number[] } {
  return { added: wanted.filter((id) => !current.includes(id)), removed: current.filter((id) => !wanted.includes(id)) };
}

/**
 * A page reload closes the exam page's connection and opens a new one within seconds. A gap that
 * short is one record when the candidate is back, not a disconnect plus a reconnect; a longer one
 * is recorded as a disconnect once the window has passed (and its reconnect when they are back).
 */
export const RELOAD_WINDOW_MS = 15_000;

/** Disconnect reasons (Socket.IO's) that mean the browser itself closed the page's connection. */
const CLOSED_BY_BROWSER = new Set(['transport close', 'client namespace disconnect']);

export type GapRecord = { kind: 'page_reload' | 'reconnected'; at: number; details: Record<string, unknown> };

/** What a connection gap (closed at `gap.at` for `gap.reason`) is recorded as when the candidate is back at `backAt`. */
export function gapRecord(gap: { at: number; reason: string }, backAt: number): GapRecord {
  const awayMs = Math.max(0, backAt - gap.at);
  if (awayMs > RELOAD_WINDOW_MS) return { kind: 'reconnected', at: backAt, details: { awayMs } };
  if (CLOSED_BY_BROWSER.has(gap.reason)) return { kind: 'page_reload', at: gap.at, details: { awayMs } };
  // A short network drop: one record saying why and for how long.
  return { kind: 'reconnected', at: gap.at, details: { awayMs, reason: gap.reason } };
}
