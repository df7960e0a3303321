import type { PartKind } from '@shared/domain.ts';
import type { ExamRules } from '@shared/proctor.ts';
import { acceptsEvidence, type Screenshot, type ScreenshotLimitsView } from '@shared/evidence.ts';
import type { CandidateItem, SessionView } from '@shared/events.ts';
import type { SkillsItemDetail } from '@shared/paper-item.ts';
import type { SessionRow } from './exam-dal.ts';
import type { LoadedPaper } from './paper-cache.ts';
import { orderForCandidate } from './ordering.ts';
import type { CandidateOptionIds } from './option-ids.ts';
import { parseStoredResponse, toClientResponse } from './responses.ts';
import type { answers } from '../../core/db/schema.ts';

const LABELS = 'ABCDEFGHIJKL';

type ItemLike = {
  id: number;
  type: CandidateItem['type'];
  stem: string;
  points: number;
  options: readonly { id: string; text: string }[];
  detail?: SkillsItemDetail | null;
};

/** Rubric criteria by text and points, field by field: the reference answer is never copied. */
function candidateSkills(item: ItemLike): CandidateItem['skills'] {
  if (!item.detail) return undefined;
  return {
    rubric: item.detail.rubric.map((c) => ({ id: c.id, text: c.text, points: c.points })),
    screenshots: item.detail.screenshots,
    acceptsEvidence: acceptsEvidence(item.type),
  };
}

/**
 * The allow-list of what a candidate may see of one item, options in the given order (bank ids) and
 * named by `clientIds` (bank ids in bank order → the ids this browser knows them by).
 */
export function toCandidateItem(item: ItemLike, number: number, optionOrder: readonly string[] = item.options.map((o) => o.id), clientIds: readonly string[] = item.options.map((o) => o.id)): CandidateItem {
  const out: CandidateItem = { id: item.id, number, type: item.type, stem: item.stem, points: item.points, options: optionOrder.map((bankId, i) => candidateOption(item, bankId, i, clientIds)) };
  if (item.detail) out.skills = candidateSkills(item);
  return out;
}

/** One option as shown (a start maps every option of the paper: one lookup, no closures). */
function candidateOption(item: ItemLike, bankId: string, shownAt: number, clientIds: readonly string[]): CandidateItem['options'][number] {
  let at = 0;
  while (at < item.options.length && item.options[at]!.id !== bankId) at++;
  const option = item.options[at];
  return { id: (option ? clientIds[at] : undefined) ?? bankId, label: LABELS[shownAt] ?? String(shownAt + 1), text: option?.text ?? '' };
}

/**
 * The only shape of a paper that goes to a candidate. It is built field by field from an
 * allow-list, so the answer key cannot ride along by accident.
 */
export function buildSessionView(input: {
  session: SessionRow;
  kind: PartKind;
  paper: LoadedPaper;
  answers: (typeof answers.$inferSelect)[];
  now: number;
  /** The candidate's own option ids (option-ids.ts). */
  optionIds: CandidateOptionIds;
  rules: ExamRules;
  /** Skills part only. */
  evidence?: { screenshots: Screenshot[]; limits: ScreenshotLimitsView };
  durationMinutes?: number;
}): SessionView {
  const { session, paper } = input;
  const ordered = orderForCandidate(paper.items, paper.seed, session.candidateId);
  input.optionIds.prepare(paper.items);
  const items = ordered.map(({ item, optionOrder }, index) => toCandidateItem(item, index + 1, optionOrder, item.options.length > 0 ? input.optionIds.idsOf(item) : []));
  return {
    sessionId: session.id,
    kind: input.kind,
    title: paper.title,
    status: session.status,
    startedAt: session.startedAt,
    deadline: session.deadline,
    endedAt: session.endedAt,
    endReason: session.endReason,
    pausedAt: session.status === 'in_progress' ? session.pausedAt : null,
    serverNow: input.now,
    items,
    answers: input.answers.map((a) => ({
      itemId: a.paperItemId,
      response: toClientResponse(paper.byId.get(a.paperItemId), parseStoredResponse(a.responseJson), input.optionIds),
      flagged: a.flagged,
      revision: a.revision,
      receivedAt: a.receivedAt,
    })),
    ...(input.evidence ? { screenshots: input.evidence.screenshots, screenshotLimits: input.evidence.limits } : {}),
    rules: input.rules,
    ...(input.durationMinutes !== undefined ? { timing: { durationMinutes: input.durationMinutes, plannedExtraMinutes: session.plannedExtraMinutes, incidentExtraMinutes: session.incidentExtraMinutes } } : {}),
  };
}
