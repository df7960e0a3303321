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

/** Free seat numbers of a room, for the move form. */
export function freeSeatNumbers(room: { name: string; seats: number }, taken: readonly { room: string; seat: string }[]): number[] {
  const used = new Set(taken.filter((t) => t.room === room.name).map((t) => t.seat));
  return Array.from({ length: room.seats }, (_, i) => i + 1).filter((n) => !used.has(seatLabel(n)));
}
