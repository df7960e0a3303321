import { randomBytes } from 'node:crypto';
import { blueprintFitProblems, blueprintSchema, type Blueprint } from '@shared/blueprint.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { BankItems } from '../banks/bank-items.ts';
import type { PartPapers, PartForPaper } from '../exam/part-papers.ts';
import { assemblePaper, checkBlueprint } from './assemble.ts';
import { insertPaper } from './papers-dal.ts';

const partStarted = () => new StateError('CONFLICT', 'Candidates have started this part: its paper can no longer change', { key: 'paper.partStarted' });

/** `db`: the async data layer; `banks`: a bank's items; `parts`: the sitting parts papers are drawn for (the exam feature's). */
export function createPapersService(deps: { db: Db; clock: Clock; banks: BankItems; parts: PartPapers }) {
  const { db, parts } = deps;

  async function partOf(sittingPartId: number): Promise<PartForPaper> {
    const part = await parts.part(sittingPartId);
    if (!part) throw new NotFoundError('No such part', { key: 'paper.noPart' });
    return part;
  }
  const fitOf = (blueprint: Blueprint, part: PartForPaper) => blueprintFitProblems(blueprint, { kind: part.part, level: part.level });

  return {
    async check(bankId: number, blueprint: Blueprint, sittingPartId?: number) {
      const parsed = blueprintSchema.parse(blueprint);
      const problems = checkBlueprint(parsed, await deps.banks.bankItems(bankId));
      const fit = sittingPartId === undefined ? [] : fitOf(parsed, await partOf(sittingPartId)).map(({ key, params }) => ({ key, params }));
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
    async assembleForPart(sittingPartId: number, input: { bankId: number; blueprint: Blueprint; seed?: string }, actorUserId: number) {
      const blueprint = blueprintSchema.parse(input.blueprint);
      const part = await partOf(sittingPartId);
      const [misfit] = fitOf(blueprint, part);
      if (misfit) throw new BadRequestError(misfit.message, { key: misfit.key, params: misfit.params });
      // Checked again, with the part's row locked, where the paper is assigned: this only spares the work.
      if (await parts.paperInUse(sittingPartId)) throw partStarted();
      const bank = await deps.banks.bankItems(input.bankId);
      const problems = checkBlueprint(blueprint, bank);
      if (problems.length > 0) throw new BadRequestError('The bank cannot satisfy this blueprint', { key: 'paper.blueprintUnsatisfiable', issues: problems.map((p) => ({ path: 'blueprint', message: p })) });
      const seed = input.seed ?? randomBytes(8).toString('hex');
      const items = assemblePaper(blueprint, bank, seed);
      const now = deps.clock.now();
      const title = `${blueprint.title ?? `${blueprint.level}级 ${blueprint.part}`}（${part.sittingName}）`;
      // One transaction: a paper refused at the last moment leaves no orphan paper behind.
      const paperId = await db.transaction(async (tx) => {
        const id = await insertPaper(tx, { title, part: blueprint.part, multiRule: blueprint.multiRule, seed, createdAt: now }, items);
        if (!(await parts.assignPaper(tx, sittingPartId, id))) throw partStarted();
        await appendAudit(tx, { at: now, actorUserId, action: 'paper.assembled', entity: 'sitting_part', entityId: sittingPartId, details: { paperId: id, bankId: input.bankId, seed, blueprint } });
        return id;
      });
      return { paperId, sittingPartId, items: items.length, seed };
    },
  };
}
export type PapersService = ReturnType<typeof createPapersService>;
