import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The PostgreSQL mirror of schema.ts (whose comments document the tables): same table, column,
 * index and constraint names, same TypeScript row types. tests/unit/core/schema-parity.test.ts
 * fails with a diff when the two drift, and schema-parity.ts fails `tsc` when a row type differs.
 *
 * Mapping rules: `integer … autoIncrement` → `integer … generatedByDefaultAsIdentity()`; epoch
 * milliseconds (columns named *_at, at, *deadline) → `bigint({ mode: 'number' })`, since they
 * overflow int4; `integer({ mode: 'boolean' })` → `boolean`; `real` → `doublePrecision`; JSON stays
 * `text` (parsed by zod in code, as on SQLite); enums stay `text({ enum })`.
 */

export const occupations = pgTable('occupations', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

export const levels = pgTable(
  'levels',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    occupationId: integer('occupation_id').notNull().references(() => occupations.id),
    level: integer('level').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [uniqueIndex('levels_occupation_level').on(t.occupationId, t.level)],
);

export const examPlans = pgTable('exam_plans', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  occupationId: integer('occupation_id').notNull().references(() => occupations.id),
  title: text('title').notNull(),
  examDate: text('exam_date').notNull(),
  registrationDeadline: bigint('registration_deadline', { mode: 'number' }).notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const sittings = pgTable('sittings', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  planId: integer('plan_id').notNull().references(() => examPlans.id),
  level: integer('level').notNull(),
  name: text('name').notNull(),
  startsAt: bigint('starts_at', { mode: 'number' }).notNull(),
});

export const papers = pgTable('papers', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  title: text('title').notNull(),
  part: text('part', { enum: ['theory', 'skills', 'review'] }).notNull(),
  multiRule: text('multi_rule', { enum: ['all-or-nothing', 'partial'] }).notNull().default('all-or-nothing'),
  seed: text('seed').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const paperItems = pgTable(
  'paper_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    paperId: integer('paper_id').notNull().references(() => papers.id),
    position: integer('position').notNull(),
    bankItemId: text('bank_item_id').notNull(),
    type: text('type', { enum: ['single', 'multi', 'truefalse', 'short-answer', 'practical'] }).notNull(),
    stem: text('stem').notNull(),
    optionsJson: text('options_json').notNull(),
    answerKeyJson: text('answer_key_json').notNull(),
    points: doublePrecision('points').notNull(),
    detailJson: text('detail_json').notNull().default('{}'),
  },
  (t) => [uniqueIndex('paper_items_position').on(t.paperId, t.position)],
);

export const sittingParts = pgTable(
  'sitting_parts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    part: text('part', { enum: ['theory', 'skills', 'review'] }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    passScore: doublePrecision('pass_score').notNull().default(60),
    paperId: integer('paper_id').references(() => papers.id),
    resultsReleasedAt: bigint('results_released_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('sitting_parts_part').on(t.sittingId, t.part)],
);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    role: text('role', { enum: ['candidate', 'proctor', 'grader', 'admin', 'applicant'] }).notNull(),
    login: text('login').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('users_login_nocase').on(sql`lower(${t.login})`)],
);

export const authSessions = pgTable(
  'auth_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('auth_sessions_user').on(t.userId)],
);

export const candidates = pgTable(
  'candidates',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id').notNull().unique().references(() => users.id),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    ticketNo: text('ticket_no').notNull().unique(),
    name: text('name').notNull(),
    idNumber: text('id_number'),
    room: text('room').notNull(),
    seat: text('seat').notNull(),
  },
  (t) => [index('candidates_sitting').on(t.sittingId), uniqueIndex('candidates_seat').on(t.sittingId, t.room, t.seat)],
);

export const examSessions = pgTable(
  'exam_sessions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    candidateId: integer('candidate_id').notNull().references(() => candidates.id),
    sittingPartId: integer('sitting_part_id').notNull().references(() => sittingParts.id),
    status: text('status', { enum: ['not_started', 'in_progress', 'ended'] }).notNull(),
    startedAt: bigint('started_at', { mode: 'number' }),
    deadline: bigint('deadline', { mode: 'number' }),
    endedAt: bigint('ended_at', { mode: 'number' }),
    endReason: text('end_reason', { enum: ['submitted', 'deadline', 'force_submitted', 'violation', 'absent'] }),
    pausedAt: bigint('paused_at', { mode: 'number' }),
    lateSyncAt: bigint('late_sync_at', { mode: 'number' }),
    /** Planned extra time (an accommodation) included in the deadline at start. */
    plannedExtraMinutes: integer('planned_extra_minutes').notNull().default(0),
    /** Extra time given by proctors during the part, added to the deadline as given; kept apart from the planned. */
    incidentExtraMinutes: integer('incident_extra_minutes').notNull().default(0),
    /**
     * How this session's option ids are derived (exam/option-ids.ts): 1 for sessions started before
     * version 2 existed, whose pages and journals speak those ids; new running sessions get 2.
     */
    optionIdsVersion: integer('option_ids_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('exam_sessions_candidate_part').on(t.candidateId, t.sittingPartId),
    index('exam_sessions_status_deadline').on(t.status, t.deadline),
  ],
);

export const answers = pgTable(
  'answers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    responseJson: text('response_json'),
    flagged: boolean('flagged').notNull().default(false),
    revision: integer('revision').notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('answers_session_item').on(t.sessionId, t.paperItemId)],
);

export const scores = pgTable('scores', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  sessionId: integer('session_id').notNull().unique().references(() => examSessions.id),
  rawPoints: doublePrecision('raw_points').notNull(),
  maxPoints: doublePrecision('max_points').notNull(),
  score: doublePrecision('score').notNull(),
  passed: boolean('passed').notNull(),
  detailJson: text('detail_json').notNull(),
  scoredAt: bigint('scored_at', { mode: 'number' }).notNull(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorUserId: integer('actor_user_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    detailsJson: text('details_json').notNull().default('{}'),
  },
  (t) => [index('audit_log_entity').on(t.entity, t.entityId)],
);

export const banks = pgTable('banks', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  bankKey: text('bank_key').notNull(),
  title: text('title').notNull(),
  version: integer('version').notNull(),
  sourceFormat: text('source_format').notNull(),
  sourceName: text('source_name').notNull(),
  importedAt: bigint('imported_at', { mode: 'number' }).notNull(),
  importedBy: integer('imported_by').references(() => users.id),
});

export const bankItems = pgTable(
  'bank_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    bankId: integer('bank_id').notNull().references(() => banks.id),
    itemKey: text('item_key').notNull(),
    type: text('type', { enum: ['single', 'multi', 'truefalse', 'short-answer', 'practical'] }).notNull(),
    area: text('area').notNull(),
    difficulty: integer('difficulty').notNull(),
    levelsJson: text('levels_json').notNull(),
    stem: text('stem').notNull(),
    itemJson: text('item_json').notNull(),
  },
  (t) => [uniqueIndex('bank_items_key').on(t.bankId, t.itemKey), index('bank_items_type_area').on(t.bankId, t.type, t.area)],
);

export const screenshots = pgTable(
  'screenshots',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    mimeType: text('mime_type', { enum: ['image/png', 'image/jpeg', 'image/webp'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    caption: text('caption'),
    uploadedAt: bigint('uploaded_at', { mode: 'number' }).notNull(),
    removedAt: bigint('removed_at', { mode: 'number' }),
  },
  (t) => [index('screenshots_session_item').on(t.sessionId, t.paperItemId)],
);

export const proctorAssignments = pgTable(
  'proctor_assignments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id').notNull().references(() => users.id),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    room: text('room').notNull(),
  },
  (t) => [uniqueIndex('proctor_assignments_unique').on(t.userId, t.sittingId, t.room), index('proctor_assignments_room').on(t.sittingId, t.room)],
);

export const proctorSettings = pgTable('proctor_settings', {
  sittingId: integer('sitting_id').primaryKey().references(() => sittings.id),
  admissionRequired: boolean('admission_required').notNull(),
  signalPolicy: text('signal_policy', { enum: ['record', 'warn', 'pause'] }).notNull(),
  pauseAfter: integer('pause_after').notNull(),
  textPaste: text('text_paste', { enum: ['block', 'allow'] }).notNull().default('block'),
  parallelParts: boolean('parallel_parts').notNull().default(false),
  identityCheckRequired: boolean('identity_check_required').notNull().default(false),
});

export const identityChecks = pgTable('identity_checks', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  outcome: text('outcome', { enum: ['passed', 'passed_with_note', 'refused'] }).notNull(),
  method: text('method', { enum: ['id_card', 'photo', 'other'] }).notNull(),
  note: text('note'),
  checkedAt: bigint('checked_at', { mode: 'number' }).notNull(),
  checkedBy: integer('checked_by').notNull().references(() => users.id),
});

export const admissions = pgTable('admissions', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  admittedAt: bigint('admitted_at', { mode: 'number' }).notNull(),
  admittedBy: integer('admitted_by').notNull().references(() => users.id),
});

export const incidents = pgTable(
  'incidents',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    room: text('room').notNull(),
    candidateId: integer('candidate_id').notNull().references(() => candidates.id),
    at: bigint('at', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    detailsJson: text('details_json').notNull().default('{}'),
  },
  (t) => [index('incidents_room').on(t.sittingId, t.room, t.at), index('incidents_candidate').on(t.candidateId)],
);

export const proctorMessages = pgTable(
  'proctor_messages',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    messageId: text('message_id').notNull(),
    candidateId: integer('candidate_id').notNull().references(() => candidates.id),
    senderUserId: integer('sender_user_id').notNull().references(() => users.id),
    at: bigint('at', { mode: 'number' }).notNull(),
    text: text('text').notNull(),
    dismissedAt: bigint('dismissed_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('proctor_messages_unique').on(t.messageId, t.candidateId), index('proctor_messages_pending').on(t.candidateId, t.dismissedAt)],
);

export const rooms = pgTable(
  'rooms',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    name: text('name').notNull(),
    seats: integer('seats').notNull(),
  },
  (t) => [uniqueIndex('rooms_sitting_name').on(t.sittingId, t.name)],
);

export const applications = pgTable(
  'applications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id').notNull().references(() => users.id),
    planId: integer('plan_id').notNull().references(() => examPlans.id),
    level: integer('level').notNull(),
    status: text('status', { enum: ['submitted', 'approved', 'rejected'] }).notNull(),
    formJson: text('form_json').notNull(),
    verdictJson: text('verdict_json').notNull(),
    outcome: text('outcome', { enum: ['eligible', 'ineligible', 'manual_review'] }).notNull(),
    submittedAt: bigint('submitted_at', { mode: 'number' }).notNull(),
    decidedAt: bigint('decided_at', { mode: 'number' }),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionReason: text('decision_reason'),
    candidateId: integer('candidate_id').references(() => candidates.id),
  },
  (t) => [uniqueIndex('applications_user_plan').on(t.userId, t.planId), index('applications_status').on(t.status)],
);

export const applicationDocuments = pgTable(
  'application_documents',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    applicationId: integer('application_id').notNull().references(() => applications.id),
    kind: text('kind', { enum: ['id', 'diploma', 'certificate', 'photo', 'other'] }).notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type', { enum: ['application/pdf', 'image/png', 'image/jpeg'] }).notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedAt: bigint('uploaded_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('application_documents_application').on(t.applicationId)],
);

export const candidatePhotos = pgTable('candidate_photos', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  mimeType: text('mime_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
  bytes: integer('bytes').notNull(),
  sha256: text('sha256').notNull(),
  uploadedAt: bigint('uploaded_at', { mode: 'number' }).notNull(),
  uploadedBy: integer('uploaded_by').notNull().references(() => users.id),
});

export const markingCodes = pgTable('marking_codes', {
  sessionId: integer('session_id').primaryKey().references(() => examSessions.id),
  code: text('code').notNull().unique(),
});

export const gradingTasks = pgTable('grading_tasks', {
  paperItemId: integer('paper_item_id').primaryKey().references(() => paperItems.id),
  doubleMarking: boolean('double_marking').notNull().default(false),
  thresholdPoints: doublePrecision('threshold_points'),
  arbitratorUserId: integer('arbitrator_user_id').references(() => users.id),
});

export const scriptClaims = pgTable(
  'script_claims',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    graderUserId: integer('grader_user_id').notNull().references(() => users.id),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('script_claims_script').on(t.sessionId, t.paperItemId)],
);

export const marks = pgTable(
  'marks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    graderUserId: integer('grader_user_id').notNull().references(() => users.id),
    kind: text('kind', { enum: ['first', 'second', 'arbitration'] }).notNull(),
    total: doublePrecision('total').notNull(),
    criteriaJson: text('criteria_json').notNull(),
    comment: text('comment'),
    markedAt: bigint('marked_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('marks_script_kind').on(t.sessionId, t.paperItemId, t.kind), index('marks_grader').on(t.graderUserId)],
);

export const reviewPanels = pgTable('review_panels', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  sittingPartId: integer('sitting_part_id').notNull().unique().references(() => sittingParts.id),
  chairUserId: integer('chair_user_id').notNull().references(() => users.id),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const reviewPanelMembers = pgTable(
  'review_panel_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    panelId: integer('panel_id').notNull().references(() => reviewPanels.id),
    userId: integer('user_id').notNull().references(() => users.id),
  },
  (t) => [uniqueIndex('review_panel_members_member').on(t.panelId, t.userId)],
);

export const reviewScores = pgTable(
  'review_scores',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    memberUserId: integer('member_user_id').notNull().references(() => users.id),
    score: doublePrecision('score').notNull(),
    scoredAt: bigint('scored_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('review_scores_member').on(t.sessionId, t.memberUserId)],
);

export const gradingTaskGraders = pgTable(
  'grading_task_graders',
  {
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    userId: integer('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.paperItemId, t.userId] }), index('grading_task_graders_user').on(t.userId)],
);

export const sebSettings = pgTable('seb_settings', {
  sittingId: integer('sitting_id').primaryKey().references(() => sittings.id),
  required: boolean('required').notNull(),
  optionsJson: text('options_json').notNull(),
  hashedQuitPassword: text('hashed_quit_password'),
  browserExamKeysJson: text('browser_exam_keys_json').notNull().default('[]'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: integer('updated_by').notNull().references(() => users.id),
});

export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

export const lateSyncRequests = pgTable(
  'late_sync_requests',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    source: text('source', { enum: ['socket', 'file'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'refused'] }).notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    entriesJson: text('entries_json').notNull(),
    decidedAt: bigint('decided_at', { mode: 'number' }),
    decidedBy: integer('decided_by').references(() => users.id),
    reason: text('reason'),
    applied: integer('applied'),
  },
  (t) => [index('late_sync_requests_session').on(t.sessionId), index('late_sync_requests_status').on(t.status)],
);
export const accommodations = pgTable('accommodations', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  extraTimeJson: text('extra_time_json').notNull().default('{}'),
  separateRoom: boolean('separate_room').notNull().default(false),
  largePrint: boolean('large_print').notNull().default(false),
  screenReader: boolean('screen_reader').notNull().default(false),
  other: text('other'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
});
