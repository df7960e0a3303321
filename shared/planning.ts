import { z } from 'zod';
import { roomBodySchema } from './registration.ts';

/** Rooms and seats of a sitting as the exam office edits them (admin planning pages). */

/** Rename and resize in one body: the form always sends both. */
export const roomUpdateBodySchema = roomBodySchema;
export type RoomUpdateBody = z.infer<typeof roomUpdateBodySchema>;

export const roomSchema = z.object({ id: z.number().int(), name: z.string(), seats: z.number().int() });
export type Room = z.infer<typeof roomSchema>;

export const seatedCandidateSchema = z.object({
  id: z.number().int(),
  ticketNo: z.string(),
  name: z.string(),
  room: z.string(),
  seat: z.string(),
  /** Admitted by a proctor or has started a part: only a proctor moves them now. */
  started: z.boolean(),
  /** A photo for the identity check at the door exists (application's or uploaded by the office, #17). */
  hasPhoto: z.boolean(),
});
export type SeatedCandidate = z.infer<typeof seatedCandidateSchema>;

export const sittingSeatingSchema = z.object({
  sittingId: z.number().int(),
  rooms: z.array(roomSchema),
  candidates: z.array(seatedCandidateSchema),
});
export type SittingSeating = z.infer<typeof sittingSeatingSchema>;

export const seatMoveBodySchema = z.strictObject({ roomId: z.number().int().positive(), seat: z.number().int().min(1).max(500) });
export type SeatMoveBody = z.infer<typeof seatMoveBodySchema>;

export const seatMoveResultSchema = z.object({ id: z.number().int(), room: z.string(), seat: z.string() });

/** Seat labels as tickets print them: 01, 02, … (the server's seating uses the same). */
export const seatLabel = (n: number) => String(n).padStart(2, '0');

/** A seat label's number ('07' → 7); null for labels a hand-made import gave (e.g. 'A3'). */
export function seatNumber(label: string): number | null {
  return /^\d{1,4}$/.test(label) ? Number(label) : null;
}

/** The fewest seats a room may have: every seated candidate keeps their seat number. */
export function minimumSeats(takenSeats: readonly string[]): number {
  const highest = takenSeats.reduce((max, s) => Math.max(max, seatNumber(s) ?? 0), 0);
  return Math.max(highest, takenSeats.length);
}

/** Free seat numbers of a room, for the move form. */
export function freeSeatNumbers(room: { name: string; seats: number }, taken: readonly { room: string; seat: string }[]): number[] {
  const used = new Set(taken.filter((t) => t.room === room.name).map((t) => t.seat));
  return Array.from({ length: room.seats }, (_, i) => i + 1).filter((n) => !used.has(seatLabel(n)));
}
