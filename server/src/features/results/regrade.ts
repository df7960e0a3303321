import { theoryItemTypes, type ItemType } from '@shared/domain.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { choicesOf, parseStoredResponse } from '../exam/responses.ts';
import { scorePart } from '../exam/scoring.ts';
import type { ResultsPorts } from './ports.ts';
import { sessionsByPart } from './sitting-results.ts';

/**
 * Corrects a theory item's answer key and rescores every scored session of every part that uses
 * the paper, in one transaction; each session's old and new score goes to the audit log. The item's
 * row is locked and its key read again inside: two corrections at once take turns, each auditing
 * the key it replaced.
 */
export async function correctKeyAndRegrade(
  db: Db,
  { papers, planning, sessions }: ResultsPorts,
  clock: Clock,
  args: { actorUserId: number; paperItemId: number; key: string[] },
): Promise<{ paperId: number; rescored: number; changed: number }> {
  const item = await papers.item(args.paperItemId);
  if (!item) throw new NotFoundError('No such paper item', { key: 'results.noPaperItem' });
  if (!(theoryItemTypes as readonly ItemType[]).includes(item.type)) throw new BadRequestError('Only machine-graded items have an answer key', { key: 'results.notMachineGraded' });
  const optionIds = (JSON.parse(item.optionsJson) as { id: string }[]).map((o) => o.id);
  const key = [...new Set(args.key)];
  const unknown = key.filter((k) => !optionIds.includes(k));
  if (unknown.length > 0) throw new BadRequestError(`Not options of this item: ${unknown.join(', ')}`, { key: 'results.notOptions', params: { options: unknown.join('、') } });
  if (item.type !== 'multi' && key.length !== 1) throw new BadRequestError('This item type has exactly one correct option', { key: 'results.oneCorrect' });
  const unchanged = (json: string) => [...(JSON.parse(json) as string[])].sort().join() === [...key].sort().join();
  if (unchanged(item.answerKeyJson)) throw new StateError('CONFLICT', 'The key is unchanged', { key: 'results.keyUnchanged' });
  const paper = await papers.paper(item.paperId);
  if (!paper) throw new NotFoundError('No such paper', { key: 'results.noPaper' });
  const now = clock.now();

  return db.transaction(async (tx) => {
    // Every read and write below goes through `tx`: the owners' ports take the caller's transaction.
    const locked = await papers.lockItem(tx, item.id);
    if (!locked) throw new NotFoundError('No such paper item', { key: 'results.noPaperItem' });
    if (unchanged(locked.answerKeyJson)) throw new StateError('CONFLICT', 'The key is unchanged', { key: 'results.keyUnchanged' });
    const oldKey = JSON.parse(locked.answerKeyJson) as string[];
    await papers.setKey(tx, item.id, key);
    await appendAudit(tx, { at: now, actorUserId: args.actorUserId, action: 'paper_item.key_corrected', entity: 'paper_item', entityId: item.id, details: { oldKey, newKey: key } });
    const items = await papers.itemsOf(tx, paper.id);
    const gradable = items.map((i) => ({ id: i.id, type: i.type, points: i.points, key: JSON.parse(i.answerKeyJson) as string[] }));
    const parts = await planning.partsUsingPaper(tx, paper.id);
    const byPart = await sessionsByPart(sessions, tx, parts);
    let rescored = 0;
    let changed = 0;
    for (const part of parts) {
      const scored = (byPart.get(part.id) ?? []).filter((r) => r.status === 'ended' && r.score !== null).map((r) => ({ id: r.sessionId, score: r.score! }));
      const answers = await sessions.answersOf(tx, scored.map((s) => s.id));
      for (const s of scored) {
        const answered = new Map((answers.get(s.id) ?? []).map((a) => [a.paperItemId, { choices: choicesOf(parseStoredResponse(a.responseJson)), revision: a.revision }]));
        const result = scorePart(gradable, answered, paper.multiRule, part.passScore);
        await sessions.updateScore(tx, s.id, { rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, detailJson: JSON.stringify(result.items), scoredAt: now });
        rescored += 1;
        if (result.score !== s.score.score) changed += 1;
        await appendAudit(tx, {
          at: now,
          actorUserId: args.actorUserId,
          action: 'session.rescored',
          entity: 'exam_session',
          entityId: s.id,
          details: { paperItemId: item.id, old: { score: s.score.score, passed: s.score.passed, rawPoints: s.score.rawPoints }, new: { score: result.score, passed: result.passed, rawPoints: result.rawPoints } },
        });
      }
    }
    return { paperId: paper.id, rescored, changed };
  });
}
