import { z } from 'zod';
import { answerSaveSchema } from './events.ts';

/**
 * Answers made offline at the deadline (issue #17, part 3). The browser's journal stamps every
 * change with the server-clock time it was made (local time + the measured offset) and a
 * per-session sequence number; after a deadline passed while the candidate was offline, the
 * journal comes back as a late sync request that a proctor accepts or refuses.
 */

const id = z.number().int().positive();

export const journalEntrySchema = answerSaveSchema.extend({
  /** Server-clock milliseconds when the candidate made the change (as the browser measured it). */
  madeAt: z.number().int().nonnegative(),
  /** Per-session counter of the browser's journal, increasing with every change. */
  seq: z.number().int().nonnegative(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** Generous: one entry per item is all an honest journal holds (it keeps the latest change of each). */
export const MAX_LATE_ENTRIES = 1000;

/** Sent by the candidate's page after reconnecting to a part that ended at its deadline. */
export const lateSyncSubmitSchema = z.strictObject({
  sessionId: id,
  entries: z.array(journalEntrySchema).min(1).max(MAX_LATE_ENTRIES),
});
export type LateSyncSubmit = z.infer<typeof lateSyncSubmitSchema>;

export const lateSyncStatusSchema = z.enum(['pending', 'accepted', 'refused']);
export type LateSyncStatus = z.infer<typeof lateSyncStatusSchema>;
export const lateSyncSourceSchema = z.enum(['socket', 'file']);

/** What the candidate's page is told: the proctor will review it. */
export type LateSyncReceipt = { requestId: number; status: LateSyncStatus; entries: number; applicable: number };

/**
 * Remarks the server found while checking the entries, shown to the proctor; none of them applies an
 * entry the rules refuse (after the deadline, before the start, another paper's item).
 */
export const lateSyncFlagSchema = z.enum(['seq_not_monotonic', 'after_deadline', 'before_start', 'unknown_item', 'superseded', 'not_offline_at_deadline']);
export type LateSyncFlag = z.infer<typeof lateSyncFlagSchema>;

export const offlineSpanSchema = z.object({ from: z.number(), to: z.number().nullable() });
export type OfflineSpan = z.infer<typeof offlineSpanSchema>;

/** One request as the proctor console lists it. */
export const lateSyncRequestSchema = z.object({
  id,
  sessionId: id,
  sittingPartId: id,
  candidateId: id,
  seat: z.string(),
  name: z.string(),
  ticketNo: z.string(),
  source: lateSyncSourceSchema,
  status: lateSyncStatusSchema,
  receivedAt: z.number(),
  deadline: z.number(),
  /** Entries received, and those the rules would apply (made before the deadline, newer than the saved answer). */
  entries: z.number().int(),
  applicable: z.number().int(),
  firstMadeAt: z.number().nullable(),
  lastMadeAt: z.number().nullable(),
  flags: z.array(lateSyncFlagSchema),
  /** The candidate's disconnections from the incident log (to: null while still away). */
  offline: z.array(offlineSpanSchema),
  decidedAt: z.number().nullable(),
  reason: z.string().nullable(),
  applied: z.number().int().nullable(),
});
export type LateSyncRequest = z.infer<typeof lateSyncRequestSchema>;

const reason = z.string().trim().min(1).max(500);
export const lateSyncDecisionSchema = z.strictObject({ accept: z.boolean(), reason });
export type LateSyncDecision = z.infer<typeof lateSyncDecisionSchema>;
export const lateSyncDecidedSchema = z.object({ status: lateSyncStatusSchema, applied: z.number().int(), score: z.number().nullable() });
export type LateSyncDecided = z.infer<typeof lateSyncDecidedSchema>;

/** Base64 (standard alphabet); AES-GCM output is at most a few megabytes for a full journal. */
const b64 = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9+/]+={0,2}$/);

/**
 * The journal saved as a file when the browser cannot reach the server: AES-256-GCM under a key the
 * server derived for this session alone, with `journalFileAad(sessionId)` as associated data, so a
 * file opened for another session, or changed by a single bit, fails authentication.
 */
export const journalFileSchema = z.strictObject({
  format: z.literal('kaochang-journal'),
  v: z.literal(1),
  sessionId: id,
  iv: b64(24),
  data: b64(16_000_000),
});
export type JournalFile = z.infer<typeof journalFileSchema>;
export { journalFileAad } from './journal-file-aad.ts';
/** What the file's ciphertext holds. */
export const journalFilePlainSchema = z.strictObject({ sessionId: id, savedAt: z.number(), entries: z.array(journalEntrySchema).min(1).max(MAX_LATE_ENTRIES) });
export type JournalFilePlain = z.infer<typeof journalFilePlainSchema>;

export const lateSyncUploadSchema = z.strictObject({ sittingId: id, room: z.string().min(1).max(64), file: journalFileSchema });
export const lateSyncListQuerySchema = z.strictObject({ sittingId: z.coerce.number().int().positive(), room: z.string().min(1).max(64) });
