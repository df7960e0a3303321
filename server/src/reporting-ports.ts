import type { Db } from './core/db/store.ts';
import { createUserDirectory } from './features/auth/user-directory.ts';
import { createPartSessions } from './features/exam/part-sessions.ts';
import { createReviewSessions } from './features/exam/review-sessions.ts';
import { createPaperItems } from './features/papers/paper-items.ts';
import { createSittingParts } from './features/planning/sitting-parts.ts';
import type { ResultsPorts } from './features/results/ports.ts';
import type { ReviewPorts } from './features/review/ports.ts';
import { createCandidateDirectory } from './features/tickets/candidate-directory.ts';

/**
 * Wiring of the reporting features, which read what other features own (issue #16, core/db/owners.ts):
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
