import { createAuditEntries } from '../../server/src/features/audit/audit-entries.ts';
import { createUserDirectory } from '../../server/src/features/auth/user-directory.ts';
import type { ExamOwners } from '../../server/src/features/exam/ports.ts';
import { createSessionReads } from '../../server/src/features/exam/session-reads.ts';
import type { ProctorOwners } from '../../server/src/features/proctor/ports.ts';
import { createPaperItems } from '../../server/src/features/papers/paper-items.ts';
import { createSittingParts } from '../../server/src/features/planning/sitting-parts.ts';
import { createCandidates } from '../../server/src/features/tickets/candidates.ts';

/** The owners exam reads through, as app.ts wires them: for tests that build the engine alone. */
export const examOwners: ExamOwners = { planning: createSittingParts, candidates: createCandidates, papers: createPaperItems };

/** The owners the proctor console and staffing read through, as app.ts wires them. */
export const proctorOwners: ProctorOwners = { candidates: createCandidates, planning: createSittingParts, sessions: createSessionReads, audit: createAuditEntries, accounts: createUserDirectory };
