import type { ExamOwners } from '../../server/src/features/exam/ports.ts';
import { createPaperContents } from '../../server/src/features/papers/paper-contents.ts';
import { createSittingParts } from '../../server/src/features/planning/sitting-parts.ts';
import { createCandidates } from '../../server/src/features/tickets/candidates.ts';

/** The owners exam reads through, as app.ts wires them: for tests that build the engine alone. */
export const examOwners: ExamOwners = { planning: createSittingParts, candidates: createCandidates, papers: createPaperContents };
