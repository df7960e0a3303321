import type { Db } from './core/db/store.ts';
import type { AuditPorts } from './features/audit/ports.ts';
import { createUserDirectory } from './features/auth/user-directory.ts';
import { createBankTitles } from './features/banks/bank-titles.ts';
import { createPartSessions } from './features/exam/part-sessions.ts';
import { createReviewSessions } from './features/exam/review-sessions.ts';
import { createPaperItems } from './features/papers/paper-items.ts';
import { createPlanningNames } from './features/planning/planning-names.ts';
import { createSittingParts } from './features/planning/sitting-parts.ts';
import { createApplicationOwners } from './features/registration/application-owners.ts';
import type { ResultsPorts } from './features/results/ports.ts';
import type { ReviewPorts } from './features/review/ports.ts';
import { createCandidateDirectory } from './features/tickets/candidate-directory.ts';

/**
 * Wiring of the reporting features (results, the review panel, the audit log), which read what other features own (issue #16, core/db/owners.ts):
 * each port is the owner's implementation. Part of app.ts's composition, kept apart so app.ts stays
 * short and the features' store-matrix tests wire them the same way.
 */
export function resultsPorts(db: Db): ResultsPorts {
  return { planning: createSittingParts(db), candidates: createCandidateDirectory(db), sessions: createPartSessions(db), papers: createPaperItems(db) };
}

export function reviewPorts(db: Db): ReviewPorts {
  return {
    users: createUserDirectory(db),
    planning: createSittingParts(db),
    candidates: createCandidateDirectory(db),
    sessions: { ...createReviewSessions(db), ofParts: createPartSessions(db).ofParts },
  };
}

export function auditPorts(db: Db): AuditPorts {
  const users = createUserDirectory(db);
  return {
    actors: users,
    subjects: {
      users,
      candidates: createCandidateDirectory(db),
      applications: createApplicationOwners(db),
      planning: createPlanningNames(db),
      sessions: createPartSessions(db),
      banks: createBankTitles(db),
      paperItems: createPaperItems(db),
    },
  };
}
