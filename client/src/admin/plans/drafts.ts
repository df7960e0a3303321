import type { Level } from '@shared/domain.ts';
import type { PlanInput } from '../../api/planning.ts';

/** Form state of a new plan or sitting: strings as the inputs hold them, turned into a body on submit. */

export type RoomDraft = { name: string; seats: number };
export type SittingDraft = { level: Level; name: string; startsAt: string; rooms: RoomDraft[] };
export type PlanDraft = { title: string; examDate: string; registrationDeadline: string; sittings: SittingDraft[] };

export const LEVELS: Level[] = [4, 3, 2, 1];

export const emptyRoom = (): RoomDraft => ({ name: '', seats: 30 });
export const emptySitting = (): SittingDraft => ({ level: 4, name: '', startsAt: '', rooms: [emptyRoom()] });
export const emptyPlan = (): PlanDraft => ({ title: '', examDate: '', registrationDeadline: '', sittings: [emptySitting()] });

/**
 * A datetime-local value ("2027-06-01T09:00", the browser's time zone) as epoch ms. An empty or
 * unreadable value becomes 0, which the server refuses with its own message.
 */
export function epochOf(local: string): number {
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? ms : 0;
}

export function sittingBody(s: SittingDraft) {
  // A room row left blank is not a room: the office adds rooms later as often as not.
  const rooms = s.rooms.filter((r) => r.name.trim() !== '').map((r) => ({ name: r.name.trim(), seats: r.seats }));
  return { level: s.level, name: s.name.trim(), startsAt: epochOf(s.startsAt), rooms };
}

export function planBody(p: PlanDraft): PlanInput {
  return { title: p.title.trim(), examDate: p.examDate, registrationDeadline: epochOf(p.registrationDeadline), sittings: p.sittings.map(sittingBody) };
}
