import { createUserDirectory } from './features/auth/user-directory.ts';
import { createScriptEvidence } from './features/evidence/script-evidence.ts';
import { createPartScores } from './features/exam/part-scores.ts';
import { createPartSessions } from './features/exam/part-sessions.ts';
import type { GradingOwners } from './features/grading/ports.ts';
import { createPaperItems } from './features/papers/paper-items.ts';
import { createSittingParts } from './features/planning/sitting-parts.ts';

/**
 * The owners of the tables grading reads and writes (issue #16, core/db/owners.ts), each made from
 * grading's db or transaction. Part of app.ts's composition, kept apart so app.ts stays short and
 * grading's store-matrix test wires the same.
 */
export const gradingOwners: GradingOwners = {
  papers: createPaperItems,
  planning: createSittingParts,
  sessions: createPartSessions,
  scores: createPartScores,
  evidence: createScriptEvidence,
  users: createUserDirectory,
};
