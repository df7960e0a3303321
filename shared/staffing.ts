import { z } from 'zod';

/** Proctors assigned to the rooms of a sitting (人员安排), by user id. */

export const roomProctorsSchema = z.object({
  room: z.string(),
  /** From the sitting's room list; null for a room that only exists through its candidates. */
  seats: z.number().int().nullable(),
  candidates: z.number().int(),
  proctorUserIds: z.array(z.number().int()),
});
export type RoomProctors = z.infer<typeof roomProctorsSchema>;

export const sittingProctorsSchema = z.object({ sittingId: z.number().int(), rooms: z.array(roomProctorsSchema) });
export type SittingProctors = z.infer<typeof sittingProctorsSchema>;

/** Sets the proctors of the rooms listed (each list replaces that room's); rooms not listed stay as they are. */
export const sittingProctorsBodySchema = z.strictObject({
  rooms: z
    .array(z.strictObject({ room: z.string().trim().min(1).max(64), userIds: z.array(z.number().int().positive()).max(20) }))
    .min(1)
    .max(200),
});
export type SittingProctorsBody = z.infer<typeof sittingProctorsBodySchema>;

export const proctorChangesSchema = z.object({ added: z.number().int(), removed: z.number().int() });
export type ProctorChanges = z.infer<typeof proctorChangesSchema>;
