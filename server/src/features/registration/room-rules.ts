import { minimumSeats, seatLabel } from '@shared/planning.ts';

/**
 * Rules for editing rooms and moving candidates between seats; pure, so they are tested without a
 * database. Each returns why the change is refused, or null when it is allowed.
 */

export function resizeRefusal(takenSeats: readonly string[], seats: number): string | null {
  const min = minimumSeats(takenSeats);
  return seats < min ? `The room needs at least ${min} seats: candidates are seated up to seat ${seatLabel(min)}. Move them first` : null;
}

export function removeRefusal(seatedCandidates: number): string | null {
  return seatedCandidates > 0 ? `${seatedCandidates} candidate(s) are seated in this room: move them to another room first` : null;
}

/**
 * The sitting counts as started at its start time, or earlier once exam day is under way (a proctor
 * has admitted someone at check-in, or a candidate has begun a part): proctors know rooms by name then.
 */
export function sittingStarted(startsAt: number, now: number, examDayActivity: number): boolean {
  return now >= startsAt || examDayActivity > 0;
}

export function renameRefusal(p: { from: string; to: string; started: boolean; otherRooms: readonly string[]; namesInUse: readonly string[] }): string | null {
  if (p.from === p.to) return null;
  if (p.started) return 'The sitting has started: proctors and candidates know the room by its name now';
  if (p.otherRooms.includes(p.to)) return `The sitting has a room named ${p.to} already`;
  // Candidates or proctors already keyed to that name (seated by hand, outside the rooms list) would merge in.
  if (p.namesInUse.includes(p.to)) return `Candidates or proctors of this sitting are already placed in a room named ${p.to}`;
  return null;
}

export type MoveTarget = { room: { name: string; seats: number }; seat: number };

/** A move to a free seat only: a swap is two moves through a free seat, each one audited. */
export function moveRefusal(p: {
  candidateStarted: boolean;
  current: { room: string; seat: string };
  target: MoveTarget;
  taken: readonly { room: string; seat: string }[];
}): { status: 'bad' | 'conflict'; message: string } | null {
  const { room, seat } = p.target;
  // Admitted at check-in counts too: the proctor of the new room has not checked their identity.
  if (p.candidateStarted) return { status: 'conflict', message: 'The candidate has been admitted or has started a part: a proctor moves them on exam day' };
  if (seat > room.seats) return { status: 'bad', message: `${room.name} has ${room.seats} seats: there is no seat ${seatLabel(seat)}` };
  const label = seatLabel(seat);
  if (p.current.room === room.name && p.current.seat === label) return { status: 'bad', message: 'The candidate is in that seat already' };
  if (p.taken.some((t) => t.room === room.name && t.seat === label)) return { status: 'conflict', message: `Seat ${label} of ${room.name} is taken: choose a free seat` };
  return null;
}
