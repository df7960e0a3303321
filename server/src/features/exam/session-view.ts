import type { PartKind } from '@shared/domain.ts';
import type { ExamRules } from '@shared/proctor.ts';
import type { Screenshot, ScreenshotLimitsView } from '@shared/evidence.ts';
import type { CandidateItem, SessionView } from '@shared/events.ts';
import { LAYOUT_SEPARATOR, SESSION_VIEW_WIRE, optionLabel, type CompactSessionView } from '@shared/session-view-wire.ts';
import type { SessionRow } from './exam-dal.ts';
import type { LoadedPaper } from './paper-cache.ts';
import { orderForCandidate, orderIndexesForCandidate } from './ordering.ts';
import { MAX_ID_BYTES, writeAscii, type CandidateOptionIds } from './option-ids.ts';
import { parseStoredResponse, toClientResponse } from './responses.ts';
import { paperContentOf } from './paper-content.ts';
import { candidateSkills, type ItemLike } from './candidate-allow-list.ts';
import type { answers } from '../../core/db/schema.ts';

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
  return { id: (option ? clientIds[at] : undefined) ?? bankId, label: optionLabel(shownAt), text: option?.text ?? '' };
}

type ViewInput = {
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
};

/**
 * The only shape of a paper that goes to a candidate. It is built field by field from an
 * allow-list, so the answer key cannot ride along by accident.
 */
export function buildSessionView(input: ViewInput): SessionView {
  const { session, paper } = input;
  const ordered = orderForCandidate(paper.items, paper.seed, session.candidateId);
  input.optionIds.prepare(paper.items);
  const items = ordered.map(({ item, optionOrder }, index) => toCandidateItem(item, index + 1, optionOrder, item.options.length > 0 ? input.optionIds.idsOf(item) : []));
  const { before, after } = viewFields(input);
  return { ...before, items, ...after };
}

/**
 * The same view in the compact wire format (shared/session-view-wire.ts): the paper's content as the
 * bytes built once per paper (paper-content.ts), and this candidate's layout pointing into it.
 * Content first: Socket.IO's look for binary in a reply stops at the first it finds.
 */
export function buildCompactSessionView(input: ViewInput): CompactSessionView {
  const { session, paper } = input;
  const content = paperContentOf(paper);
  const ordered = orderIndexesForCandidate(paper.items, paper.seed, session.candidateId);
  input.optionIds.prepare(paper.items);
  // Sized up front (arrays grown by push are reallocated as they grow, per start).
  const items = new Array<number>(ordered.length);
  // The tokens of all options, item after item, written as bytes into one scratch buffer and read
  // out as one string: a string per id, per token and a join of them were most of a start's garbage.
  const out = scratchFor(content.optionCount * (MAX_TOKEN_START_BYTES + MAX_ID_BYTES + LAYOUT_SEPARATOR.length));
  let at = 0;
  for (let k = 0; k < ordered.length; k++) {
    const { item, optionOrder } = ordered[k]!;
    items[k] = content.itemAt(item);
    const starts = content.optionTokens(item);
    for (const bankAt of optionOrder) {
      if (at > 0) out[at++] = SEPARATOR_CODE;
      at = writeAscii(starts[bankAt]!, out, at);
      at = input.optionIds.writeId(item, bankAt, out, at);
    }
  }
  const layout = { items, options: out.toString('latin1', 0, at) };
  const { before, after } = viewFields(input);
  return { content: content.bytes, view: SESSION_VIEW_WIRE, layout, ...before, ...after };
}

/** A token's start: one base-36 character (layoutToken), an item having at most a dozen options (option-ids.ts). */
const MAX_TOKEN_START_BYTES = 1;
const SEPARATOR_CODE = LAYOUT_SEPARATOR.charCodeAt(0);
/** Reused by every start: the layout is written and read out in one synchronous go. */
let scratch = Buffer.alloc(4096);
function scratchFor(bytes: number): Buffer {
  if (scratch.length < bytes) scratch = Buffer.alloc(bytes);
  return scratch;
}

/** Everything of a view but its items, in today's field order around them. */
function viewFields(input: ViewInput) {
  const { session, paper } = input;
  const before = {
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
  };
  const after = {
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
  return { before, after };
}
