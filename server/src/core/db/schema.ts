import { sqliteTable, integer, text, real, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

/** Times are epoch milliseconds from the injected clock; JSON columns hold zod-validated shapes. */

export const occupations = sqliteTable('occupations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

export const levels = sqliteTable(
  'levels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    occupationId: integer('occupation_id').notNull().references(() => occupations.id),
    level: integer('level').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [uniqueIndex('levels_occupation_level').on(t.occupationId, t.level)],
);

export const examPlans = sqliteTable('exam_plans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  occupationId: integer('occupation_id').notNull().references(() => occupations.id),
  title: text('title').notNull(),
  examDate: text('exam_date').notNull(),
  registrationDeadline: integer('registration_deadline').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const sittings = sqliteTable('sittings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  planId: integer('plan_id').notNull().references(() => examPlans.id),
  level: integer('level').notNull(),
  name: text('name').notNull(),
  startsAt: integer('starts_at').notNull(),
});

export const papers = sqliteTable('papers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  part: text('part', { enum: ['theory', 'skills', 'review'] }).notNull(),
  multiRule: text('multi_rule', { enum: ['all-or-nothing', 'partial'] }).notNull().default('all-or-nothing'),
  /** Seed from which every candidate's item and option order is derived. */
  seed: text('seed').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const paperItems = sqliteTable(
  'paper_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    paperId: integer('paper_id').notNull().references(() => papers.id),
    position: integer('position').notNull(),
    bankItemId: text('bank_item_id').notNull(),
    type: text('type', { enum: ['single', 'multi', 'truefalse', 'short-answer', 'practical'] }).notNull(),
    stem: text('stem').notNull(),
    /** [{ id, text }] in bank order; the candidate sees them shuffled. */
    optionsJson: text('options_json').notNull(),
    /** Correct option ids. Never leaves the server towards a candidate. */
    answerKeyJson: text('answer_key_json').notNull(),
    points: real('points').notNull(),
    /**
     * Skills items only (shared/paper-item.ts skillsItemDetailSchema): rubric, required screenshot
     * count, reference answer. The rubric's criterion texts may be shown to the candidate; the
     * reference answer goes to graders only. '{}' for theory items.
     */
    detailJson: text('detail_json').notNull().default('{}'),
  },
  (t) => [uniqueIndex('paper_items_position').on(t.paperId, t.position)],
);

export const sittingParts = sqliteTable(
  'sitting_parts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    part: text('part', { enum: ['theory', 'skills', 'review'] }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    passScore: real('pass_score').notNull().default(60),
    paperId: integer('paper_id').references(() => papers.id),
    resultsReleasedAt: integer('results_released_at'),
  },
  (t) => [uniqueIndex('sitting_parts_part').on(t.sittingId, t.part)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  role: text('role', { enum: ['candidate', 'proctor', 'grader', 'admin'] }).notNull(),
  /** Staff username, or the admission ticket number for candidates. */
  login: text('login').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const authSessions = sqliteTable(
  'auth_sessions',
  {
    /** sha256 of the cookie token, so a leaked database does not leak live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('auth_sessions_user').on(t.userId)],
);

export const candidates = sqliteTable(
  'candidates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().unique().references(() => users.id),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    ticketNo: text('ticket_no').notNull().unique(),
    name: text('name').notNull(),
    idNumber: text('id_number'),
    room: text('room').notNull(),
    seat: text('seat').notNull(),
  },
  (t) => [index('candidates_sitting').on(t.sittingId)],
);

export const examSessions = sqliteTable(
  'exam_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    candidateId: integer('candidate_id').notNull().references(() => candidates.id),
    sittingPartId: integer('sitting_part_id').notNull().references(() => sittingParts.id),
    status: text('status', { enum: ['not_started', 'in_progress', 'ended'] }).notNull(),
    startedAt: integer('started_at'),
    deadline: integer('deadline'),
    endedAt: integer('ended_at'),
    endReason: text('end_reason', { enum: ['submitted', 'deadline', 'force_submitted', 'violation', 'absent'] }),
    /** Set while a proctor has paused the session; the deadline moves by the paused time on resume. */
    pausedAt: integer('paused_at'),
  },
  (t) => [
    uniqueIndex('exam_sessions_candidate_part').on(t.candidateId, t.sittingPartId),
    index('exam_sessions_status_deadline').on(t.status, t.deadline),
  ],
);

export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    responseJson: text('response_json'),
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    revision: integer('revision').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('answers_session_item').on(t.sessionId, t.paperItemId)],
);

export const scores = sqliteTable('scores', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sessionId: integer('session_id').notNull().unique().references(() => examSessions.id),
  rawPoints: real('raw_points').notNull(),
  maxPoints: real('max_points').notNull(),
  score: real('score').notNull(),
  passed: integer('passed', { mode: 'boolean' }).notNull(),
  /** Per-item points, so every score can be traced back to the answers that produced it. */
  detailJson: text('detail_json').notNull(),
  scoredAt: integer('scored_at').notNull(),
});

/** Append-only: triggers in the migration refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorUserId: integer('actor_user_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    detailsJson: text('details_json').notNull().default('{}'),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId)],
);

/** Question banks imported into the server; items keep their bank id and their full native shape. */
export const banks = sqliteTable('banks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  bankKey: text('bank_key').notNull(),
  title: text('title').notNull(),
  version: integer('version').notNull(),
  sourceFormat: text('source_format').notNull(),
  sourceName: text('source_name').notNull(),
  importedAt: integer('imported_at').notNull(),
  importedBy: integer('imported_by').references(() => users.id),
});

export const bankItems = sqliteTable(
  'bank_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bankId: integer('bank_id').notNull().references(() => banks.id),
    itemKey: text('item_key').notNull(),
    type: text('type', { enum: ['single', 'multi', 'truefalse', 'short-answer', 'practical'] }).notNull(),
    area: text('area').notNull(),
    difficulty: integer('difficulty').notNull(),
    levelsJson: text('levels_json').notNull(),
    stem: text('stem').notNull(),
    /** The whole item as validated by shared/bank.ts. */
    itemJson: text('item_json').notNull(),
  },
  (t) => [uniqueIndex('bank_items_key').on(t.bankId, t.itemKey), index('bank_items_type_area').on(t.bankId, t.type, t.area)],
);

/**
 * Screenshot evidence for skills tasks. The file lives content-addressed at
 * <DATA_DIR>/evidence/<sha256[0..2]>/<sha256>; the row is what makes it part of a session.
 * removedAt marks a screenshot the candidate removed while the session was running.
 */
export const screenshots = sqliteTable(
  'screenshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    mimeType: text('mime_type', { enum: ['image/png', 'image/jpeg', 'image/webp'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    caption: text('caption'),
    uploadedAt: integer('uploaded_at').notNull(),
    removedAt: integer('removed_at'),
  },
  (t) => [index('screenshots_session_item').on(t.sessionId, t.paperItemId)],
);

/**
 * Grading (阅卷). A script is one skills session's answer to one paper item. Graders see a random
 * marking code per session instead of who wrote it; the code is stored so it stays stable.
 */
export const markingCodes = sqliteTable('marking_codes', {
  sessionId: integer('session_id').primaryKey().references(() => examSessions.id),
  code: text('code').notNull().unique(),
});

/** Per-task marking settings; a task without a row is single-marked with the default threshold. */
export const gradingTasks = sqliteTable('grading_tasks', {
  paperItemId: integer('paper_item_id').primaryKey().references(() => paperItems.id),
  doubleMarking: integer('double_marking', { mode: 'boolean' }).notNull().default(false),
  /** Largest allowed difference between two graders' totals, in points; null = 15% of the item's points. */
  thresholdPoints: real('threshold_points'),
  /** A grader granted arbitration for this task (admins may always arbitrate). */
  arbitratorUserId: integer('arbitrator_user_id').references(() => users.id),
});

/** A script being scored is locked to one grader until it is marked, released or the claim expires. */
export const scriptClaims = sqliteTable(
  'script_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    graderUserId: integer('grader_user_id').notNull().references(() => users.id),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [uniqueIndex('script_claims_script').on(t.sessionId, t.paperItemId)],
);

/** One grader's mark of a script; kind says which slot of single/double marking or arbitration it fills. */
export const marks = sqliteTable(
  'marks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    graderUserId: integer('grader_user_id').notNull().references(() => users.id),
    kind: text('kind', { enum: ['first', 'second', 'arbitration'] }).notNull(),
    total: real('total').notNull(),
    /** [{ id, awarded, comment? }] per rubric criterion (shared/grading.ts). */
    criteriaJson: text('criteria_json').notNull(),
    comment: text('comment'),
    markedAt: integer('marked_at').notNull(),
  },
  (t) => [uniqueIndex('marks_script_kind').on(t.sessionId, t.paperItemId, t.kind), index('marks_grader').on(t.graderUserId)],
);

/**
 * Review panel (综合评审) of a review part: graders assigned to it, one of them the chair who runs
 * the timed sessions; each member scores 0–100 once per candidate.
 */
export const reviewPanels = sqliteTable('review_panels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sittingPartId: integer('sitting_part_id').notNull().unique().references(() => sittingParts.id),
  chairUserId: integer('chair_user_id').notNull().references(() => users.id),
  createdAt: integer('created_at').notNull(),
});

export const reviewPanelMembers = sqliteTable(
  'review_panel_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    panelId: integer('panel_id').notNull().references(() => reviewPanels.id),
    userId: integer('user_id').notNull().references(() => users.id),
  },
  (t) => [uniqueIndex('review_panel_members_member').on(t.panelId, t.userId)],
);

export const reviewScores = sqliteTable(
  'review_scores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    memberUserId: integer('member_user_id').notNull().references(() => users.id),
    score: real('score').notNull(),
    scoredAt: integer('scored_at').notNull(),
  },
  (t) => [uniqueIndex('review_scores_member').on(t.sessionId, t.memberUserId)],
);
