import type { PartKind } from '@shared/domain.ts';
import type { CandidateItem, SessionView } from '@shared/events.ts';
import type { SessionRow } from './exam-dal.ts';
import type { LoadedPaper } from './paper-cache.ts';
import { orderForCandidate } from './ordering.ts';
import { parseStoredResponse } from './responses.ts';
import type { answers } from '../../core/db/schema.ts';

const LABELS = 'ABCDEFGHIJKL';

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
}): SessionView {
  const { session, paper } = input;
  const ordered = orderForCandidate(paper.items, paper.seed, session.candidateId);
  const items: CandidateItem[] = ordered.map(({ item, optionOrder }, index) => ({
    id: item.id,
    number: index + 1,
    type: item.type,
    stem: item.stem,
    points: item.points,
    options: optionOrder.map((id, i) => ({ id, label: LABELS[i] ?? String(i + 1), text: item.options.find((o) => o.id === id)?.text ?? '' })),
  }));
  return {
    sessionId: session.id,
    kind: input.kind,
    title: paper.title,
    status: session.status,
    startedAt: session.startedAt,
    deadline: session.deadline,
    endedAt: session.endedAt,
    endReason: session.endReason,
    serverNow: input.now,
    items,
    answers: input.answers.map((a) => ({
      itemId: a.paperItemId,
      response: parseStoredResponse(a.responseJson),
      flagged: a.flagged,
      revision: a.revision,
      receivedAt: a.receivedAt,
    })),
  };
}
