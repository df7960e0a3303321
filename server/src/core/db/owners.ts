import { dialectOf, tablesOf, type Db, type Tables } from './store.ts';

/**
 * Every table has one owner (issue #16, seams): only the owning feature's data access reads or writes
 * it; what another feature needs of it is a port the owner implements and app.ts hands in. `core`
 * tables are written by core/ only (secrets). The map is exhaustive by type: a new table without an
 * owner does not compile. tests/unit/core/table-ownership.test.ts keeps features to their own.
 */
export const TABLE_OWNERS = {
  users: 'auth',
  authSessions: 'auth',
  occupations: 'planning',
  levels: 'planning',
  examPlans: 'planning',
  sittings: 'planning',
  sittingParts: 'planning',
  rooms: 'planning',
  accommodations: 'planning',
  candidates: 'tickets',
  papers: 'papers',
  paperItems: 'papers',
  examSessions: 'exam',
  answers: 'exam',
  scores: 'exam',
  lateSyncRequests: 'exam',
  auditLog: 'audit',
  banks: 'banks',
  bankItems: 'banks',
  screenshots: 'evidence',
  proctorAssignments: 'proctor',
  proctorSettings: 'proctor',
  identityChecks: 'proctor',
  admissions: 'proctor',
  incidents: 'proctor',
  proctorMessages: 'proctor',
  applications: 'registration',
  applicationDocuments: 'registration',
  candidatePhotos: 'registration',
  markingCodes: 'grading',
  gradingTasks: 'grading',
  scriptClaims: 'grading',
  marks: 'grading',
  gradingTaskGraders: 'grading',
  reviewPanels: 'review',
  reviewPanelMembers: 'review',
  reviewScores: 'review',
  sebSettings: 'seb',
  serverSecrets: 'core',
} as const satisfies Record<keyof Tables, string>;

export type TableOwner = (typeof TABLE_OWNERS)[keyof Tables];

/** The tables `owner` may touch, and only those (another's is a type error). */
export type OwnTables<F extends TableOwner> = {
  [K in keyof Tables as (typeof TABLE_OWNERS)[K] extends F ? K : never]: Tables[K];
};

/** This store's tables that `owner` owns: what a feature's data access destructures. */
export function tablesFor<F extends TableOwner>(db: Db, owner: F): OwnTables<F> {
  const key = `${dialectOf(db)}:${owner}`;
  let own = picked.get(key);
  if (!own) {
    own = Object.fromEntries(Object.entries(tablesOf(db)).filter(([name]) => TABLE_OWNERS[name as keyof Tables] === owner));
    picked.set(key, own);
  }
  return own as OwnTables<F>;
}

// Data access calls this per query (hot paths included), so each owner's pick is made once per dialect.
const picked = new Map<string, Record<string, unknown>>();
