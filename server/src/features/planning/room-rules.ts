import { minimumSeats, seatLabel } from '@shared/planning.ts';
import type { Refusal } from '../../core/errors.ts';

/**
 * Rules for editing rooms and moving candidates between seats; pure, so they are tested without a
 * database. Each returns why the change is refused, or null when it is allowed.
 */

export function resizeRefusal(takenSeats: readonly string[], seats: number): Refusal | null {
  const min = minimumSeats(takenSeats);
  return seats < min ? { message: `The room needs at least ${min} seats: candidates are seated up to seat ${seatLabel(min)}. Move them first`, key: 'plan.roomTooSmall', params: { min, seat: seatLabel(min) } } : null;
}

export function removeRefusal(seatedCandidates: number): Refusal | null {
  return seatedCandidates > 0 ? { message: `${seatedCandidates} candidate(s) are seated in this room: move them to another room first`, key: 'plan.roomHasCandidates', params: { count: seatedCandidates } } : null;
}

/**
 * The sitting counts as started at its start time, or earlier once exam day is under way (a proctor
 * has admitted someone at check-in, or a candidate has begun a part): proctors know rooms by name then.
 */
export function sittingStarted(startsAt: number, now: number, examDayActivity: number): boolean {
  return now >= startsAt || examDayActivity > 0;
}

export function renameRefusal(p: { from: string; to: string; started: boolean; otherRooms: readonly string[]; namesInUse: readonly string[] }): Refusal | null {
  if (p.from === p.to) return null;
  if (p.started) return { message: 'The sitting has started: proctors and candidates know the room by its name now', key: 'plan.renameStarted' };
  if (p.otherRooms.includes(p.to)) return { message: `The sitting has a room named ${p.to} already`, key: 'plan.roomNameTaken', params: { room: p.to } };
  // Candidates or proctors already keyed to that name (seated by hand, outside the rooms list) would merge in.
  if (p.namesInUse.includes(p.to)) return { message: `Candidates or proctors of this sitting are already placed in a room named ${p.to}`, key: 'plan.roomNameInUse', params: { room: p.to } };
  return null;
}

export type MoveTarget = { room: { name: string; seats: number }; seat: number };

/** A move to a free seat only: a swap is two moves through a free seat, each one audited. */
export function moveRefusal(p: {
  candidateStarted: boolean;
  current: { room: string; seat: string };
  target: MoveTarget;
  taken: readonly { room: string; seat: string }[];
}): ({ status: 'bad' | 'conflict' } & Refusal) | null {
  const { room, seat } = p.target;
  // Admitted at check-in counts too: the proctor of the new room has not checked their identity.
  if (p.candidateStarted) return { status: 'conflict', message: 'The candidate has been admitted or has started a part: a proctor moves them on exam day', key: 'plan.moveStarted' };
  if (seat > room.seats) return { status: 'bad', message: `${room.name} has ${room.seats} seats: there is no seat ${seatLabel(seat)}`, key: 'plan.noSuchSeat', params: { room: room.name, seats: room.seats, seat: seatLabel(seat) } };
  const label = seatLabel(seat);
  if (p.current.room === room.name && p.current.seat === label) return { status: 'bad', message: 'The candidate is in that seat already', key: 'plan.sameSeat' };
  if (p.taken.some((t) => t.room === room.name && t.seat === label)) return { status: 'conflict', message: `Seat ${label} of ${room.name} is taken: choose a free seat`, key: 'plan.seatTaken', params: { room: room.name, seat: label } };
  return null;
}
