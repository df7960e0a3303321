import { z } from 'zod';
import { levelSchema } from './domain.ts';
import { messageRefSchema } from './errors.ts';
import { idNumberProblem } from './id-number.ts';
import { newPasswordSchema } from './password.ts';

/** Registration (报名): applicant accounts, the application form, the eligibility verdict, tickets. */

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const applicantRegisterBodySchema = z.strictObject({
  /** Mobile number or e-mail address: what the applicant logs in with until a ticket is issued. */
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[A-Za-z0-9._@+-]+$/, 'letters, digits and . _ @ + - only')
    // All-digit logins are admission ticket numbers: an applicant login must contain a letter.
    .regex(/[A-Za-z]/, 'must contain a letter (all-digit logins are reserved for admission tickets)'),
  password: newPasswordSchema,
  displayName: trimmed(40),
});
export type ApplicantRegisterBody = z.infer<typeof applicantRegisterBodySchema>;

/**
 * Education levels the notice distinguishes. 高级技工学校 and 技师学院 count for level 3 条件(二) and
 * level 2 条件(二); 高职 (and vocational bachelor) programmes aimed at senior skills count for level 3
 * 条件(二) in a related major; 大专及以上 counts for level 3 条件(三).
 */
export const educationLevelSchema = z.enum([
  'secondary',
  'senior-technical-school',
  'technician-college',
  'higher-vocational',
  'junior-college',
  'vocational-bachelor',
  'bachelor',
  'postgraduate',
]);
export type EducationLevel = z.infer<typeof educationLevelSchema>;

export const certificateKindSchema = z.enum(['skill', 'preparatory-technician']);

export const certificateSchema = z.strictObject({
  /** 'skill': 职业资格/技能等级证书 of a level; 'preparatory-technician': 预备技师证书 (technician colleges). */
  kind: certificateKindSchema,
  occupation: trimmed(60),
  /** Level of a skill certificate; ignored for a preparatory-technician certificate. */
  level: levelSchema,
  date: isoDate,
  /** Whether the applicant declares the occupation this one or related (本职业或相关职业). */
  sameOrRelatedOccupation: z.boolean(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const educationSchema = z.strictObject({
  level: educationLevelSchema,
  major: trimmed(60),
  school: trimmed(80),
  /** Null with graduatingThisYear: 在校应届毕业生. */
  graduationDate: isoDate.nullable(),
  graduatingThisYear: z.boolean(),
});
export type Education = z.infer<typeof educationSchema>;

export const applicationFormSchema = z.strictObject({
  name: trimmed(40),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((s, ctx) => {
      const problem = idNumberProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: `invalid resident ID number (${problem})`, params: { key: 'registration.idNumber' } });
    }),
  phone: z.string().trim().regex(/^\+?[0-9-]{6,20}$/, 'phone number'),
  education: educationSchema,
  certificates: z.array(certificateSchema).max(10),
  /** Years of work in this or a related occupation (累计从事本职业或相关职业工作年限). */
  yearsOfWork: z.number().min(0).max(60),
  /** 专业技术人员: their path is a provincial document, so their case goes to manual review. */
  professionalTechnical: z.boolean(),
});
export type ApplicationForm = z.infer<typeof applicationFormSchema>;

export const applicationBodySchema = z.strictObject({
  planId: z.number().int().positive(),
  level: levelSchema,
  form: applicationFormSchema,
});
export type ApplicationBody = z.infer<typeof applicationBodySchema>;

/** One requirement of a condition, checked: a code the client translates, with its parameters. */
export const requirementResultSchema = z.object({
  code: z.string(),
  met: z.boolean(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type RequirementResult = z.infer<typeof requirementResultSchema>;

export const conditionResultSchema = z.object({
  ruleId: z.string(),
  /** e.g. "三级 条件(三): 大专及以上相关专业 + 四级证书后工作满2年" */
  labelZh: z.string(),
  labelEn: z.string(),
  met: z.boolean(),
  requirements: z.array(requirementResultSchema),
});
export type ConditionResult = z.infer<typeof conditionResultSchema>;

export const verdictOutcomeSchema = z.enum(['eligible', 'ineligible', 'manual_review']);
export type VerdictOutcome = z.infer<typeof verdictOutcomeSchema>;

export const verdictSchema = z.object({
  outcome: verdictOutcomeSchema,
  level: levelSchema,
  /** The condition met, when the outcome is eligible. */
  met: conditionResultSchema.nullable(),
  /** Every condition of the level, met or not, so the missing parts of each can be shown. */
  conditions: z.array(conditionResultSchema),
  /** Why the case goes to a person (manual_review). */
  reviewReasons: z.array(z.string()),
  evaluatedAt: z.number(),
});
export type Verdict = z.infer<typeof verdictSchema>;

export const applicationStatusSchema = z.enum(['submitted', 'approved', 'rejected']);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

/** `photo`: the applicant's photo, shown to the proctor at the identity check (人证核验, #17). */
export const documentKindSchema = z.enum(['id', 'diploma', 'certificate', 'photo', 'other']);
export type DocumentKind = z.infer<typeof documentKindSchema>;

export const documentSchema = z.object({
  id: z.number().int(),
  kind: documentKindSchema,
  fileName: z.string(),
  mimeType: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.number(),
});
export type ApplicationDocument = z.infer<typeof documentSchema>;

export const ticketSchema = z.object({
  ticketNo: z.string(),
  name: z.string(),
  idNumber: z.string(),
  level: levelSchema,
  occupationCode: z.string(),
  occupationName: z.string(),
  planTitle: z.string(),
  sittingName: z.string(),
  startsAt: z.number(),
  room: z.string(),
  seat: z.string(),
  parts: z.array(z.object({ kind: z.enum(['theory', 'skills', 'review']), durationMinutes: z.number().int() })),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const applicationViewSchema = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  planTitle: z.string(),
  registrationDeadline: z.number(),
  level: levelSchema,
  status: applicationStatusSchema,
  form: applicationFormSchema,
  verdict: verdictSchema,
  submittedAt: z.number(),
  decidedAt: z.number().nullable(),
  decisionReason: z.string().nullable(),
  documents: z.array(documentSchema),
  ticket: ticketSchema.nullable(),
});
export type ApplicationView = z.infer<typeof applicationViewSchema>;

export const applicationSummarySchema = z.object({
  id: z.number().int(),
  applicantName: z.string(),
  planTitle: z.string(),
  level: levelSchema,
  status: applicationStatusSchema,
  outcome: verdictOutcomeSchema,
  metLabelZh: z.string().nullable(),
  submittedAt: z.number(),
  documents: z.number().int(),
  ticketNo: z.string().nullable(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const openPlanSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  examDate: z.string(),
  registrationDeadline: z.number(),
  open: z.boolean(),
  levels: z.array(levelSchema),
});
export type OpenPlan = z.infer<typeof openPlanSchema>;

export const documentUploadQuerySchema = z.object({
  kind: documentKindSchema,
  fileName: z.string().trim().min(1).max(200),
});

export const decisionBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), sittingId: z.number().int().positive().optional(), reason: z.string().trim().max(500).optional() }),
  z.strictObject({ decision: z.literal('reject'), reason: z.string().trim().min(1).max(500) }),
]);
export type DecisionBody = z.infer<typeof decisionBodySchema>;

export const applicationQuerySchema = z.object({ status: applicationStatusSchema.optional() });

export const applicationDocParamsSchema = z.object({ id: z.coerce.number().int().positive(), docId: z.coerce.number().int().positive() });

export const sittingOptionSchema = z.object({ id: z.number().int(), name: z.string(), level: levelSchema, startsAt: z.number(), freeSeats: z.number().int() });
export type SittingOption = z.infer<typeof sittingOptionSchema>;

export const rosterQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** Check and report without changing anything. */
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** What is wrong with a roster row: a key the office page words (`errors.detail.<key>`), the English for API users. */
export const rosterRowProblemSchema = messageRefSchema.extend({ message: z.string() });
export type RosterRowProblem = z.infer<typeof rosterRowProblemSchema>;

export const rosterRowReportSchema = z.object({
  row: z.number().int(),
  status: z.enum(['imported', 'ok', 'error']),
  name: z.string(),
  idNumber: z.string(),
  level: z.string(),
  contact: z.string(),
  /** The 考试便利 cell as the file gave it ('' without the column); planned for the candidate when the row is imported. */
  accommodations: z.string(),
  errors: z.array(rosterRowProblemSchema),
  ticketNo: z.string().nullable(),
  room: z.string().nullable(),
  seat: z.string().nullable(),
  /** The initial password of an imported candidate: shown once, in this report, never stored in clear. */
  initialPassword: z.string().nullable(),
});
export const rosterReportSchema = z.object({
  dryRun: z.boolean(),
  imported: z.number().int(),
  ok: z.number().int(),
  errors: z.number().int(),
  rows: z.array(rosterRowReportSchema),
});
export type RosterReport = z.infer<typeof rosterReportSchema>;

/** Photos for the identity check as a zip, one image per candidate named by ID number or ticket number (e.g. 11010519491231002X.jpg). */
export const photoZipReportSchema = z.object({
  dryRun: z.boolean(),
  imported: z.number().int(),
  ok: z.number().int(),
  errors: z.number().int(),
  rows: z.array(
    z.object({
      entry: z.string(),
      status: z.enum(['imported', 'ok', 'error']),
      ticketNo: z.string().nullable(),
      name: z.string().nullable(),
      error: rosterRowProblemSchema.nullable(),
    }),
  ),
});
export type PhotoZipReport = z.infer<typeof photoZipReportSchema>;

export const adminPlanSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  examDate: z.string(),
  registrationDeadline: z.number(),
  sittings: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      level: levelSchema,
      startsAt: z.number(),
      candidates: z.number().int(),
      rooms: z.array(z.object({ id: z.number().int(), name: z.string(), seats: z.number().int() })),
      parts: z.array(
        z.object({
          id: z.number().int(),
          kind: z.enum(['theory', 'skills', 'review']),
          durationMinutes: z.number().int(),
          passScore: z.number(),
          paperId: z.number().int().nullable(),
          /** A candidate has started this part: its duration and pass line are fixed. */
          started: z.boolean(),
        }),
      ),
      /** The sitting's start time has come or a candidate has started: rooms can no longer be renamed. */
      started: z.boolean(),
    }),
  ),
});
export type AdminPlan = z.infer<typeof adminPlanSchema>;

export const roomBodySchema = z.strictObject({ name: z.string().trim().min(1).max(40), seats: z.number().int().min(1).max(500) });

const partSettingsSchema = z.strictObject({ durationMinutes: z.number().int().min(5).max(600), passScore: z.number().min(0).max(100) });
export const partSettingsBodySchema = partSettingsSchema;

/** One sitting of a plan: in a new plan's body, or added to an existing plan. */
export const sittingBodySchema = z.strictObject({
  level: levelSchema,
  name: z.string().trim().min(1).max(80),
  startsAt: z.number().int().positive(),
  rooms: z
    .array(roomBodySchema)
    .max(100)
    .refine((rooms) => new Set(rooms.map((r) => r.name)).size === rooms.length, { message: 'Two rooms of a sitting cannot share a name', params: { key: 'plan.roomNamesTwice' } })
    .default([]),
  /** Per part overrides of the defaults (90/120/20 minutes, pass at 60). */
  parts: z.partialRecord(z.enum(['theory', 'skills', 'review']), partSettingsSchema).optional(),
});
export type SittingBody = z.infer<typeof sittingBodySchema>;

export const planBodySchema = z
  .strictObject({
    title: z.string().trim().min(1).max(120),
    examDate: isoDate,
    registrationDeadline: z.number().int().positive(),
    sittings: z.array(sittingBodySchema).min(1).max(20),
  })
  .refine((p) => p.sittings.every((s) => s.startsAt > p.registrationDeadline), { message: 'Registration must close before every sitting starts', path: ['registrationDeadline'], params: { key: 'plan.sittingBeforeDeadline' } });
export type PlanBody = z.infer<typeof planBodySchema>;

/** Which admission tickets the exam office prints as one PDF: a candidate's, or a sitting's (one room of it). */
export const ticketPdfQuerySchema = z
  .object({
    ticketNo: z.string().trim().regex(/^\d{6,20}$/, 'an admission ticket number is digits only').optional(),
    sittingId: z.coerce.number().int().positive().optional(),
    room: z.string().trim().min(1).max(64).optional(),
  })
  .refine((q) => (q.ticketNo === undefined) !== (q.sittingId === undefined), { message: 'Give either ticketNo or sittingId (with an optional room)', path: ['sittingId'], params: { key: 'ticket.ticketOrSitting' } })
  .refine((q) => q.room === undefined || q.sittingId !== undefined, { message: 'room needs sittingId', path: ['room'], params: { key: 'ticket.roomNeedsSitting' } });
export type TicketPdfQuery = z.infer<typeof ticketPdfQuerySchema>;
