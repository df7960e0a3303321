import { randomBytes } from 'node:crypto';
import { blueprintFitProblems, blueprintSchema, type Blueprint } from '@shared/blueprint.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import type { BanksService } from '../banks/banks-service.ts';
import type { PartForPaper, PartPapers } from '../exam/part-papers.ts';
import { assemblePaper, checkBlueprint } from './assemble.ts';
import { insertPaper } from './papers-dal.ts';

/** `parts`: the sitting parts papers are drawn for (the exam feature's). */
export function createPapersService(deps: { db: Db; clock: Clock; banks: BanksService; parts: PartPapers }) {
  const { db, parts } = deps;

  function partOf(sittingPartId: number): PartForPaper {
    const part = parts.part(sittingPartId);
    if (!part) throw new NotFoundError('No such part', { key: 'paper.noPart' });
    return part;
  }
  const fitOf = (blueprint: Blueprint, part: PartForPaper) => blueprintFitProblems(blueprint, { kind: part.part, level: part.level });

  return {
    check(bankId: number, blueprint: Blueprint, sittingPartId?: number) {
      const parsed = blueprintSchema.parse(blueprint);
      const problems = checkBlueprint(parsed, deps.banks.bankItems(bankId));
      const fit = sittingPartId === undefined ? [] : fitOf(parsed, partOf(sittingPartId)).map(({ key, params }) => ({ key, params }));
      return {
        problems,
        fit,
        totalPoints: Math.round(parsed.sections.reduce((s, x) => s + x.count * x.points, 0) * 100) / 100,
        itemCount: parsed.sections.reduce((s, x) => s + x.count, 0),
      };
    },

    /**
     * Draws the sitting's one paper ahead of the start, so a storm of candidates pressing start costs
     * nothing. Once anyone has started the part, its paper can no longer change.
     */
    assembleForPart(sittingPartId: number, input: { bankId: number; blueprint: Blueprint; seed?: string }, actorUserId: number) {
      const blueprint = blueprintSchema.parse(input.blueprint);
      const part = partOf(sittingPartId);
      const [misfit] = fitOf(blueprint, part);
      if (misfit) throw new BadRequestError(misfit.message, { key: misfit.key, params: misfit.params });
      if (parts.paperInUse(sittingPartId)) throw new StateError('CONFLICT', 'Candidates have started this part: its paper can no longer change', { key: 'paper.partStarted' });
      const bank = deps.banks.bankItems(input.bankId);
      const problems = checkBlueprint(blueprint, bank);
      if (problems.length > 0) throw new BadRequestError('The bank cannot satisfy this blueprint', { key: 'paper.blueprintUnsatisfiable', issues: problems.map((p) => ({ path: 'blueprint', message: p })) });
      const seed = input.seed ?? randomBytes(8).toString('hex');
      const items = assemblePaper(blueprint, bank, seed);
      const now = deps.clock.now();
      const title = `${blueprint.title ?? `${blueprint.level}级 ${blueprint.part}`}（${part.sittingName}）`;
      const paperId = insertPaper(db, { title, part: blueprint.part, multiRule: blueprint.multiRule, seed, createdAt: now }, items);
      db.transaction((tx) => {
        parts.assignPaper(tx, sittingPartId, paperId);
        appendAuditSync(tx, { at: now, actorUserId, action: 'paper.assembled', entity: 'sitting_part', entityId: sittingPartId, details: { paperId, bankId: input.bankId, seed, blueprint } });
      });
      return { paperId, sittingPartId, items: items.length, seed };
    },
  };
}
export type PapersService = ReturnType<typeof createPapersService>;
