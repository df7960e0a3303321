import { z } from 'zod';
import { SESSION_VIEW_WIRE } from './session-view-wire.ts';
import { errorCodeSchema, type MessageParams } from './errors.ts';
import { candidateSkillsSchema, screenshotLimitsSchema, screenshotSchema } from './evidence.ts';
import type { LateSyncReceipt, LateSyncSubmit } from './latesync.ts';
import { endReasonSchema, itemTypeSchema, partKindSchema, sessionStatusSchema } from './domain.ts';
import type { CompactSessionView, SessionViewReplyFor } from './session-view-wire.ts';
import { examRulesSchema, proctorMessageSchema, type CandidateSignal, type ExamRules, type Incident, type ProctorActionRequest, type ProctorActionResult, type ProctorMessage, type RoomRef, type RoomRow, type RoomSettings, type RoomSettingsInput, type RoomSnapshot, type RoomSummary, type SessionPauseState, type SignalOutcome } from './proctor.ts';

/**
 * Socket.IO contract between the server and the candidate client. Payloads are parsed with
 * these schemas on the server before use; acks always have the same envelope.
 */

/** As in HTTP error bodies: `key`/`params` let the client word it; `message` is English for logs. */
export type AckError = { code: z.infer<typeof errorCodeSchema>; message: string; key?: string; params?: MessageParams };
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckFn<T> = (reply: Ack<T>) => void;

const id = z.number().int().positive();
/** Option ids are stable bank keys (not display letters), so shuffling never changes scoring. */
export const optionIdSchema = z.string().min(1).max(16);

export const answerResponseSchema = z.union([
  z.strictObject({ choices: z.array(optionIdSchema).max(12) }),
  z.strictObject({ text: z.string().max(20_000) }),
]);
export type AnswerResponse = z.infer<typeof answerResponseSchema>;

// ---- payloads sent by the client ----
export const clockPingSchema = z.strictObject({ clientSentAt: z.number().finite() });
/** Asks a start or resume for the compact reply (shared/session-view-wire.ts); without it, today's SessionView. */
// The constant lives with the decoder, which the exam page imports without zod.
export { SESSION_VIEW_WIRE, type SessionViewWire } from './session-view-wire.ts';
export const sessionViewWireSchema = z.literal(SESSION_VIEW_WIRE);
/**
 * The page asks again: its earlier identical ask on this connection went unanswered for 13 s. If that
 * one was answered meanwhile, its answer is on its way and this one is refused in a few bytes
 * (`exam.answerOnItsWay`) rather than answered with a second paper (issue #19).
 */
const askedAgain = z.literal(true).optional();
export const sessionStartSchema = z.strictObject({
  sittingPartId: id,
  /** The candidate confirmed the 考生须知 page before this start (recorded with the start). */
  instructionsConfirmed: z.boolean().optional(),
  view: sessionViewWireSchema.optional(),
  again: askedAgain,
});
export const sessionRefSchema = z.strictObject({ sessionId: id });
export const sessionResumeSchema = z.strictObject({ sessionId: id, view: sessionViewWireSchema.optional(), again: askedAgain });
export const answerSaveSchema = z.strictObject({
  sessionId: id,
  itemId: id,
  /** null clears the answer. */
  response: answerResponseSchema.nullable(),
  flagged: z.boolean(),
  /** Client-generated id of this change, echoed in the ack so the journal can drop it. */
  changeId: z.string().min(1).max(64),
  /** Journal stamps (shared/latesync.ts): server-clock time the change was made, and its sequence number. */
  madeAt: z.number().int().nonnegative().optional(),
  seq: z.number().int().nonnegative().optional(),
});
export type AnswerSave = z.infer<typeof answerSaveSchema>;

// ---- what the candidate sees: never the answer key ----
export const candidateOptionSchema = z.object({ id: optionIdSchema, label: z.string(), text: z.string() });
export const candidateItemSchema = z.object({
  id,
  number: z.number().int(),
  type: itemTypeSchema,
  stem: z.string(),
  points: z.number(),
  options: z.array(candidateOptionSchema),
  /** Skills items only: never the reference answer. */
  skills: candidateSkillsSchema.optional(),
});
export type CandidateItem = z.infer<typeof candidateItemSchema>;

export const savedAnswerSchema = z.object({
  itemId: id,
  response: answerResponseSchema.nullable(),
  flagged: z.boolean(),
  revision: z.number().int(),
  receivedAt: z.number(),
});
export type SavedAnswer = z.infer<typeof savedAnswerSchema>;

export const sessionViewSchema = z.object({
  sessionId: id,
  kind: partKindSchema,
  title: z.string(),
  status: sessionStatusSchema,
  startedAt: z.number().nullable(),
  deadline: z.number().nullable(),
  endedAt: z.number().nullable(),
  endReason: endReasonSchema.nullable(),
  /** Set while a proctor has paused the session: the countdown stands still. */
  pausedAt: z.number().nullable(),
  serverNow: z.number(),
  items: z.array(candidateItemSchema),
  answers: z.array(savedAnswerSchema),
  /** Skills part only: the evidence uploaded so far and the limits that apply. */
  screenshots: z.array(screenshotSchema).optional(),
  screenshotLimits: screenshotLimitsSchema.optional(),
  /** The sitting's rules the page follows (text paste). */
  rules: examRulesSchema,
  /** AES-256-GCM key (base64) of this session's offline journal file (shared/latesync.ts); running sessions only. */
  journalKey: z.string().optional(),
  /**
   * The part's standard duration and the extra time in its deadline: planned ahead (an
   * accommodation) and given by proctors during the part. The page shows the standard end next to the candidate's own.
   */
  timing: z.object({ durationMinutes: z.number().int(), plannedExtraMinutes: z.number().int(), incidentExtraMinutes: z.number().int() }).optional(),
  /**
   * The proctor's messages the candidate has not dismissed. A push can be lost on a connection that
   * is dying unnoticed; every start and resume answers with them, and the page keeps each id once.
   */
  messages: z.array(proctorMessageSchema).optional(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/** What `payload` of `event` gets back: a start or resume answers in the format it asked for. */
export type AckDataFor<E extends keyof ClientToServerEvents, P> = E extends 'session:start' | 'session:resume' ? SessionViewReplyFor<P> : Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;

export type AnswerSaved = SavedAnswer & { sessionId: number; changeId: string };
export type SessionEnded = { sessionId: number; endedAt: number; endReason: z.infer<typeof endReasonSchema> };
export type SubmitResult = { sessionId: number; endedAt: number; answered: number; total: number };

export interface ClientToServerEvents {
  'clock:ping': (payload: z.input<typeof clockPingSchema>, ack: AckFn<{ clientSentAt: number; serverNow: number }>) => void;
  /** The ack is today's SessionView, or the compact one if the payload asked for it (SessionViewReplyFor). */
  'session:start': (payload: z.input<typeof sessionStartSchema>, ack: AckFn<SessionView | CompactSessionView>) => void;
  'session:resume': (payload: z.input<typeof sessionResumeSchema>, ack: AckFn<SessionView | CompactSessionView>) => void;
  'answer:save': (payload: z.input<typeof answerSaveSchema>, ack: AckFn<AnswerSaved>) => void;
  'session:submit': (payload: z.input<typeof sessionRefSchema>, ack: AckFn<SubmitResult>) => void;
  /** Answers kept offline past the deadline, held for the proctor's review (shared/latesync.ts). */
  'session:late_sync': (payload: LateSyncSubmit, ack: AckFn<LateSyncReceipt>) => void;
  /** Candidate browser signals (focus, visibility, fullscreen, copy/paste); see shared/proctor.ts. */
  'candidate:signal': (payload: CandidateSignal, ack: AckFn<SignalOutcome>) => void;
  'candidate:dismiss_message': (payload: { id: string }, ack: AckFn<null>) => void;
  // ---- proctor console ----
  'proctor:rooms': (payload: Record<string, never>, ack: AckFn<RoomSummary[]>) => void;
  'proctor:watch': (payload: RoomRef & { sittingPartId: number }, ack: AckFn<RoomSnapshot>) => void;
  'proctor:unwatch': (payload: RoomRef, ack: AckFn<null>) => void;
  'proctor:action': (payload: ProctorActionRequest, ack: AckFn<ProctorActionResult>) => void;
  'proctor:settings': (payload: RoomRef & { settings: RoomSettingsInput; reason: string }, ack: AckFn<RoomSettings>) => void;
}

export interface ServerToClientEvents {
  /** Another tab or device of the same candidate saved an answer. */
  'answer:saved': (payload: AnswerSaved) => void;
  /** The deadline moved (extra time, pause): the countdown must follow. */
  'session:deadline': (payload: { sessionId: number; deadline: number; serverNow: number }) => void;
  'session:ended': (payload: SessionEnded) => void;
  /** This connection was replaced by a newer login of the same user. */
  'auth:replaced': (payload: { reason: string }) => void;
  /** A proctor paused (pausedAt set) or resumed (pausedAt null) this candidate's session. */
  'session:paused': (payload: SessionPauseState) => void;
  /** The server's clock was moved (a rehearsal, CLOCK_CONTROL): countdowns measure their offset again. */
  'clock:changed': (payload: { serverNow: number }) => void;
  /** The sitting's exam rules changed (a proctor saved the settings): the page follows at once. */
  'exam:rules': (payload: ExamRules) => void;
  /** A proctor's message, shown until the candidate dismisses it. */
  'proctor:message': (payload: ProctorMessage) => void;
  /** The proctor admitted this candidate (or started the room): the part may start. */
  'proctor:admitted': (payload: { sittingId: number }) => void;
  /** To proctors watching a room: one candidate's row changed. */
  'proctor:row': (payload: RoomRow & { sittingId: number; room: string }) => void;
  /** To proctors watching a room: a late sync request arrived or was decided (ask for the list again). */
  'proctor:late_sync': (payload: { sittingId: number; room: string; requestId: number }) => void;
  /** To proctors watching a room: a new incident. */
  'proctor:incident': (payload: Incident & { sittingId: number; room: string }) => void;
  /** To a proctor: the exam office gave them a room or took one away (ask proctor:rooms again). */
  'proctor:rooms_changed': (payload: RoomRef & { assigned: boolean }) => void;
}
