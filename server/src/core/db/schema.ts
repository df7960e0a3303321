import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, real, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';

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

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    role: text('role', { enum: ['candidate', 'proctor', 'grader', 'admin', 'applicant'] }).notNull(),
    /** Staff username, the admission ticket number for candidates, or the applicant's chosen login. */
    login: text('login').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Set when the exam office disables a staff account: it cannot log in until re-enabled. */
    disabledAt: integer('disabled_at'),
  },
  // `Admin` may not sit beside `admin`: logins are unique without regard to case.
  (t) => [uniqueIndex('users_login_nocase').on(sql`lower(${t.login})`)],
);

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
  // One candidate per seat: every seating path checks first, the database makes sure.
  (t) => [index('candidates_sitting').on(t.sittingId), uniqueIndex('candidates_seat').on(t.sittingId, t.room, t.seat)],
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
    /** When a proctor accepted answers made offline before the deadline (late sync); results show it. */
    lateSyncAt: integer('late_sync_at'),
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

/** Proctor ↔ room of a sitting (candidates.room names the room). Issue #7 may replace this with rooms and seats. */
export const proctorAssignments = sqliteTable(
  'proctor_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    room: text('room').notNull(),
  },
  (t) => [uniqueIndex('proctor_assignments_unique').on(t.userId, t.sittingId, t.room), index('proctor_assignments_room').on(t.sittingId, t.room)],
);

/** Per-sitting proctoring policy; a sitting without a row uses the defaults in proctor-rules.ts. */
export const proctorSettings = sqliteTable('proctor_settings', {
  sittingId: integer('sitting_id').primaryKey().references(() => sittings.id),
  admissionRequired: integer('admission_required', { mode: 'boolean' }).notNull(),
  signalPolicy: text('signal_policy', { enum: ['record', 'warn', 'pause'] }).notNull(),
  pauseAfter: integer('pause_after').notNull(),
  /** Pasting text into answer fields: blocked (and reported as a signal) or allowed. */
  textPaste: text('text_paste', { enum: ['block', 'allow'] }).notNull().default('block'),
  /** Whether a candidate may have theory and skills running at once (normally one part at a time). */
  parallelParts: integer('parallel_parts', { mode: 'boolean' }).notNull().default(false),
  /** The proctor must record a passed identity check (人证核验) before admitting, and before a start (#17). */
  identityCheckRequired: integer('identity_check_required', { mode: 'boolean' }).notNull().default(false),
});

/**
 * The proctor's identity check at the door (证件核验): the latest per candidate (every one is in the
 * audit log). How the identity was checked, never anything biometric.
 */
export const identityChecks = sqliteTable('identity_checks', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  outcome: text('outcome', { enum: ['passed', 'passed_with_note', 'refused'] }).notNull(),
  method: text('method', { enum: ['id_card', 'photo', 'other'] }).notNull(),
  note: text('note'),
  checkedAt: integer('checked_at').notNull(),
  checkedBy: integer('checked_by').notNull().references(() => users.id),
});

/** A candidate admitted by a proctor after the identity check (or by starting the room). */
export const admissions = sqliteTable('admissions', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  admittedAt: integer('admitted_at').notNull(),
  admittedBy: integer('admitted_by').notNull().references(() => users.id),
});

/** What happened in a room: browser signals, second logins, disconnects, refused uploads. Append-only. */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    room: text('room').notNull(),
    candidateId: integer('candidate_id').notNull().references(() => candidates.id),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    detailsJson: text('details_json').notNull().default('{}'),
  },
  (t) => [index('incidents_room').on(t.sittingId, t.room, t.at), index('incidents_candidate').on(t.candidateId)],
);

/**
 * A proctor's message to one candidate, kept until the candidate dismisses it, so one sent while the
 * candidate was offline (or before a reload) is shown when they are back.
 */
export const proctorMessages = sqliteTable(
  'proctor_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Shared by every candidate a room-wide message went to; the client knows it by this. */
    messageId: text('message_id').notNull(),
    candidateId: integer('candidate_id').notNull().references(() => candidates.id),
    senderUserId: integer('sender_user_id').notNull().references(() => users.id),
    at: integer('at').notNull(),
    text: text('text').notNull(),
    dismissedAt: integer('dismissed_at'),
  },
  (t) => [uniqueIndex('proctor_messages_unique').on(t.messageId, t.candidateId), index('proctor_messages_pending').on(t.candidateId, t.dismissedAt)],
);

/** Rooms of a sitting with their seat count; candidates.room/seat keep the assigned names as text. */
export const rooms = sqliteTable(
  'rooms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sittingId: integer('sitting_id').notNull().references(() => sittings.id),
    name: text('name').notNull(),
    seats: integer('seats').notNull(),
  },
  (t) => [uniqueIndex('rooms_sitting_name').on(t.sittingId, t.name)],
);

/**
 * An applicant's application (报名) for a level in an exam plan. The form and the engine's verdict
 * are kept as submitted; approval creates the ticket-bearing candidate (candidateId).
 */
export const applications = sqliteTable(
  'applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    planId: integer('plan_id').notNull().references(() => examPlans.id),
    level: integer('level').notNull(),
    status: text('status', { enum: ['submitted', 'approved', 'rejected'] }).notNull(),
    formJson: text('form_json').notNull(),
    verdictJson: text('verdict_json').notNull(),
    outcome: text('outcome', { enum: ['eligible', 'ineligible', 'manual_review'] }).notNull(),
    submittedAt: integer('submitted_at').notNull(),
    decidedAt: integer('decided_at'),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionReason: text('decision_reason'),
    candidateId: integer('candidate_id').references(() => candidates.id),
  },
  (t) => [uniqueIndex('applications_user_plan').on(t.userId, t.planId), index('applications_status').on(t.status)],
);

/** Supporting documents; the file lives content-addressed under <DATA_DIR>/documents. */
export const applicationDocuments = sqliteTable(
  'application_documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id').notNull().references(() => applications.id),
    kind: text('kind', { enum: ['id', 'diploma', 'certificate', 'photo', 'other'] }).notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type', { enum: ['application/pdf', 'image/png', 'image/jpeg'] }).notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedAt: integer('uploaded_at').notNull(),
  },
  (t) => [index('application_documents_application').on(t.applicationId)],
);

/**
 * A candidate's photo uploaded by the exam office with the roster (for candidates who did not apply
 * online); content-addressed under <DATA_DIR>/documents like application documents. Deleted with
 * them by the retention job once results are out (#17).
 */
export const candidatePhotos = sqliteTable('candidate_photos', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  mimeType: text('mime_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
  bytes: integer('bytes').notNull(),
  sha256: text('sha256').notNull(),
  uploadedAt: integer('uploaded_at').notNull(),
  uploadedBy: integer('uploaded_by').notNull().references(() => users.id),
});

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

/**
 * Graders named to mark a skills task (人员安排). A task with nobody named is open to every grader;
 * once graders are named only they see, claim and mark it (grading/rules.ts graderAccess).
 */
export const gradingTaskGraders = sqliteTable(
  'grading_task_graders',
  {
    paperItemId: integer('paper_item_id').notNull().references(() => paperItems.id),
    userId: integer('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.paperItemId, t.userId] }), index('grading_task_graders_user').on(t.userId)],
);

/**
 * Safe Exam Browser settings of a sitting (feature seb). The options are shared/seb.ts SebOptions;
 * the quit password is kept only as SEB's own hash; the Config Key is computed from these, never stored.
 */
export const sebSettings = sqliteTable('seb_settings', {
  sittingId: integer('sitting_id').primaryKey().references(() => sittings.id),
  required: integer('required', { mode: 'boolean' }).notNull(),
  optionsJson: text('options_json').notNull(),
  hashedQuitPassword: text('hashed_quit_password'),
  browserExamKeysJson: text('browser_exam_keys_json').notNull().default('[]'),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').notNull().references(() => users.id),
});

/** Secrets the server makes for itself on first use (e.g. the key of per-candidate option ids); never sent anywhere. */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Answers made offline before a deadline that passed while the candidate was disconnected (late
 * sync, exam feature): held here until a proctor accepts (applies the entries made before the
 * deadline and re-scores) or refuses them. `entries_json` is shared/latesync.ts JournalEntry[].
 */
export const lateSyncRequests = sqliteTable(
  'late_sync_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id').notNull().references(() => examSessions.id),
    source: text('source', { enum: ['socket', 'file'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'refused'] }).notNull(),
    receivedAt: integer('received_at').notNull(),
    entriesJson: text('entries_json').notNull(),
    decidedAt: integer('decided_at'),
    decidedBy: integer('decided_by').references(() => users.id),
    reason: text('reason'),
    applied: integer('applied'),
  },
  (t) => [index('late_sync_requests_session').on(t.sessionId), index('late_sync_requests_status').on(t.status)],
);

/**
 * Accommodations planned for a candidate before the sitting (owned by registration; the exam
 * reads them through a port). extraTimeJson: { theory?, skills? } each { unit: 'minutes' | 'percent', value }.
 */
export const accommodations = sqliteTable('accommodations', {
  candidateId: integer('candidate_id').primaryKey().references(() => candidates.id),
  extraTimeJson: text('extra_time_json').notNull().default('{}'),
  separateRoom: integer('separate_room', { mode: 'boolean' }).notNull().default(false),
  largePrint: integer('large_print', { mode: 'boolean' }).notNull().default(false),
  screenReader: integer('screen_reader', { mode: 'boolean' }).notNull().default(false),
  other: text('other'),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
});
