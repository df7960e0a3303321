import { z } from 'zod';
import { accommodationsSchema } from './accommodations.ts';
import { endReasonSchema } from './domain.ts';

/** Proctor console (监考) contract: room grid, incidents, actions. */

const id = z.number().int().positive();
const roomName = z.string().min(1).max(64);
/** Every proctor action carries a reason; it lands in the audit log. */
export const reasonSchema = z.string().trim().min(2).max(500);

export const candidateStatusSchema = z.enum([
  'not_logged_in',
  'waiting',
  'in_progress',
  'paused',
  'disconnected',
  'submitted',
  'ended_by_proctor',
  'absent',
]);
export type CandidateStatus = z.infer<typeof candidateStatusSchema>;

export const incidentKindSchema = z.enum([
  'focus_lost',
  'page_hidden',
  'fullscreen_exit',
  'copy_paste',
  'second_login',
  'disconnected',
  'reconnected',
  'upload_refused',
  /** Hidden, disconnected and back within seconds: one record, not three. */
  'page_reload',
  /** Safe Exam Browser missing or with other settings on a sitting that requires it (#17). */
  'seb_refused',
]);
export type IncidentKind = z.infer<typeof incidentKindSchema>;
/** What the candidate's browser may report; the others are raised by the server itself. */
export const candidateSignalKindSchema = z.enum(['focus_lost', 'page_hidden', 'fullscreen_exit', 'copy_paste']);

export const signalPolicySchema = z.enum(['record', 'warn', 'pause']);
export type SignalPolicy = z.infer<typeof signalPolicySchema>;

/** The identity check at the door (证件核验, #17): its outcome and how it was made; nothing biometric. */
export const identityOutcomeSchema = z.enum(['passed', 'passed_with_note', 'refused']);
export type IdentityOutcome = z.infer<typeof identityOutcomeSchema>;
export const identityMethodSchema = z.enum(['id_card', 'photo', 'other']);
export type IdentityMethod = z.infer<typeof identityMethodSchema>;
export const identityCheckSchema = z.object({ outcome: identityOutcomeSchema, method: identityMethodSchema, note: z.string().nullable(), checkedAt: z.number() });
export type IdentityCheck = z.infer<typeof identityCheckSchema>;

export const roomRowSchema = z.object({
  candidateId: id,
  seat: z.string(),
  name: z.string(),
  ticketNo: z.string(),
  status: candidateStatusSchema,
  sessionId: id.nullable(),
  answered: z.number().int(),
  total: z.number().int(),
  deadline: z.number().nullable(),
  pausedAt: z.number().nullable(),
  endReason: endReasonSchema.nullable(),
  admitted: z.boolean(),
  lastSeen: z.number().nullable(),
  incidents: z.number().int(),
  /** A photo to compare at the door (GET /api/proctor/candidates/:id/photo, every view audited). */
  hasPhoto: z.boolean(),
  identity: identityCheckSchema.nullable(),
  /** Extra time in the deadline: planned ahead (accommodation) and given by proctors; the deadline above is the adjusted end. */
  plannedExtraMinutes: z.number().int().optional(),
  incidentExtraMinutes: z.number().int().optional(),
  /** What the exam office planned for this candidate, so the room can prepare (large print, screen reader…). */
  accommodations: accommodationsSchema.nullable().optional(),
  /**
   * When the row was put together (the server's wall time, ms, as it read presence): two nodes may
   * push rows of one candidate (a page that moved node), and the console keeps the newer, whatever
   * order they arrive in (client/src/proctor/gridView.ts, docs/cluster.md §5).
   */
  version: z.number().optional(),
});
export type RoomRow = z.infer<typeof roomRowSchema>;

export const incidentSchema = z.object({
  id,
  at: z.number(),
  candidateId: id,
  seat: z.string(),
  name: z.string(),
  kind: incidentKindSchema,
  details: z.record(z.string(), z.unknown()),
});
export type Incident = z.infer<typeof incidentSchema>;

export const roomRefSchema = z.strictObject({ sittingId: id, room: roomName });
export const watchRoomSchema = roomRefSchema.extend({ sittingPartId: id });
export type RoomRef = z.infer<typeof roomRefSchema>;

/** Pasting text into answer fields: blocked (a signal for the proctor) or allowed. Pasting a screenshot as evidence is never a signal. */
export const textPasteSchema = z.enum(['block', 'allow']);
export type TextPaste = z.infer<typeof textPasteSchema>;

/** The sitting's rules the candidate's exam page follows (and the 考生须知 page states). */
export const examRulesSchema = z.object({
  textPaste: textPasteSchema,
  /** Normally one part at a time: theory and skills both in progress only when this is set. */
  parallelParts: z.boolean(),
});
export type ExamRules = z.infer<typeof examRulesSchema>;

export const roomSettingsSchema = z.object({
  admissionRequired: z.boolean(),
  /** A passed identity check (人证核验) is needed before admitting and before a start (#17). */
  identityCheckRequired: z.boolean().default(false),
  signalPolicy: signalPolicySchema,
  pauseAfter: z.number().int().min(1).max(100),
  ...examRulesSchema.shape,
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;
/** As sent by a console: the exam rules may be left out, and then stay as they are. */
export const roomSettingsInputSchema = roomSettingsSchema.partial({ textPaste: true, parallelParts: true, identityCheckRequired: true }).strict();
export type RoomSettingsInput = z.infer<typeof roomSettingsInputSchema>;

export const roomSummarySchema = z.object({
  sittingId: id,
  sittingName: z.string(),
  startsAt: z.number(),
  room: z.string(),
  candidates: z.number().int(),
  parts: z.array(z.object({ sittingPartId: id, kind: z.enum(['theory', 'skills', 'review']), durationMinutes: z.number().int() })),
});
export type RoomSummary = z.infer<typeof roomSummarySchema>;

export const roomSnapshotSchema = z.object({
  sittingId: id,
  room: z.string(),
  sittingPartId: id,
  settings: roomSettingsSchema,
  serverNow: z.number(),
  rows: z.array(roomRowSchema),
  incidents: z.array(incidentSchema),
});
export type RoomSnapshot = z.infer<typeof roomSnapshotSchema>;

const target = z.strictObject({ candidateId: id });
const optionalTarget = z.strictObject({ candidateId: id.optional() });
/** Actions on one candidate name it; pause, resume, admit and message without one apply to the whole room. */
export const proctorActionSchema = z.discriminatedUnion('type', [
  optionalTarget.extend({ type: z.literal('admit') }),
  optionalTarget.extend({ type: z.literal('pause') }),
  optionalTarget.extend({ type: z.literal('resume') }),
  target.extend({ type: z.literal('extend'), minutes: z.number().int().min(1).max(120) }),
  target.extend({ type: z.literal('move') }),
  target.extend({ type: z.literal('force_submit') }),
  target.extend({ type: z.literal('violation') }),
  z.strictObject({ type: z.literal('mark_absent') }),
  optionalTarget.extend({ type: z.literal('message'), text: z.string().trim().min(1).max(1000) }),
  /** The proctor's identity check (人证核验); a note is required when passed with a note. */
  target.extend({ type: z.literal('identity_check'), outcome: identityOutcomeSchema, method: identityMethodSchema, note: z.string().trim().max(500).optional() }),
]);
export type ProctorAction = z.infer<typeof proctorActionSchema>;
export const proctorActionRequestSchema = watchRoomSchema.extend({ action: proctorActionSchema, reason: reasonSchema });
export type ProctorActionRequest = z.infer<typeof proctorActionRequestSchema>;
export type ProctorActionResult = { affected: number };

export const candidateSignalSchema = z.strictObject({
  kind: candidateSignalKindSchema,
  detail: z.string().max(200).optional(),
});
export type CandidateSignal = z.infer<typeof candidateSignalSchema>;
/**
 * What the server tells the candidate about a signal it reported: `count` is how many of this kind
 * (the "第 N 次" of the warning), `total` how many browser signals of any kind (what the pause policy counts).
 */
export type SignalOutcome = { action: 'recorded' | 'warned' | 'paused'; count: number; total: number; pauseAfter: number };

export const proctorMessageSchema = z.object({ id: z.string(), at: z.number(), text: z.string() });
export type ProctorMessage = z.infer<typeof proctorMessageSchema>;
/** The candidate closed a proctor's message: it is not shown again after a reload or reconnect. */
export const messageDismissSchema = z.strictObject({ id: z.uuid() });
/**
 * A proctor (or the sitting's signal policy) paused, resumed or gave extra time: the candidate is told
 * what changed, why, and the new end time. `auto` is set when the policy paused, not a person.
 */
export type SessionPauseState = {
  sessionId: number;
  pausedAt: number | null;
  deadline: number;
  serverNow: number;
  reason: string;
  change: 'paused' | 'resumed' | 'extended';
  minutes?: number;
  auto?: { total: number; pauseAfter: number };
};
