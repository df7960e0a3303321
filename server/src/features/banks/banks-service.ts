import fs from 'node:fs';
import path from 'node:path';
import { OCCUPATION_CODE } from '@shared/domain.ts';
import type { BankFile, BankItem } from '@shared/bank.ts';
import type { ImportFormat, ImportResponse } from '@shared/banks-api.ts';
import type { ParsedBlueprint } from '@shared/blueprint.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, NotFoundError } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit-dal.ts';
import { toCandidateItem } from '../exam/session-view.ts';
import { TRUE_FALSE_OPTIONS } from '../papers/assemble.ts';
import { createBanksDal } from './banks-dal.ts';
import { importBank, UnknownFormatError } from './formats/index.ts';
import type { ImportOptions } from './formats/types.ts';
import { BankFileError, formatProblem, loadBlueprintFile, parseBank } from './load-bank.ts';

const looksNative = (content: Buffer, fileName: string) => /\.ya?ml$/i.test(fileName) && /^bank:/m.test(content.toString('utf8', 0, 4096));

/** Turns any problem with the uploaded file into a 400 that says what is wrong, and saves nothing. */
function asBadRequest(err: unknown): never {
  if (err instanceof BankFileError) throw new BadRequestError('The bank file is invalid', { key: 'bank.invalidFile', issues: err.problems.map((p) => ({ path: p.itemId ?? p.field, message: formatProblem(p) })) });
  if (err instanceof UnknownFormatError) throw new BadRequestError(err.message, { key: 'bank.unknownFormat' });
  if (err instanceof Error) throw new BadRequestError(`The file could not be read: ${err.message}`, { key: 'bank.unreadable' });
  throw err;
}

export function createBanksService(deps: { db: Db; clock: Clock; banksDir: string }) {
  const dal = createBanksDal(deps.db);

  async function toNative(content: Buffer, options: ImportOptions, format: ImportFormat | undefined, title: string | undefined) {
    if (format === 'native' || (!format && looksNative(content, options.fileName))) {
      const bank = parseBank(content.toString('utf8'), options.fileName);
      const report = bank.items.map((item, i) => ({ index: i + 1, sourceRef: item.id, itemId: item.id, status: 'imported' as const, messages: [] }));
      return { format: 'native' as const, bank, report };
    }
    const result = await importBank(content, options, format);
    const bank: BankFile = {
      bank: { id: options.idPrefix.toLowerCase(), title: title ?? options.fileName, occupation: OCCUPATION_CODE, version: 1, language: 'zh-CN' },
      items: result.items,
    };
    return { format: result.format, bank, report: result.report };
  }

  return {
    async import(content: Buffer, options: ImportOptions & { format?: ImportFormat; title?: string }, actorUserId: number | null): Promise<ImportResponse> {
      const { format, bank, report } = await toNative(content, options, options.format, options.title).catch(asBadRequest);
      if (bank.items.length === 0) return { format, bank: null, report };
      const now = deps.clock.now();
      const id = dal.insertBank(bank, { sourceFormat: format, sourceName: options.fileName, importedAt: now, importedBy: actorUserId });
      const counts = { imported: 0, warning: 0, error: 0 };
      for (const e of report) counts[e.status]++;
      appendAudit(deps.db, { at: now, actorUserId, action: 'bank.imported', entity: 'bank', entityId: id, details: { format, fileName: options.fileName, ...counts } });
      return { format, bank: dal.listBanks().find((b) => b.id === id) ?? null, report };
    },

    /** Puts a native bank file in the database (the demo bank at seeding time). */
    importNativeFile(file: string, actorUserId: number | null): number {
      const bank = parseBank(fs.readFileSync(file, 'utf8'), path.basename(file));
      return dal.insertBank(bank, { sourceFormat: 'native', sourceName: path.basename(file), importedAt: deps.clock.now(), importedBy: actorUserId });
    },

    list: () => dal.listBanks(),

    items(bankId: number, filter: Parameters<typeof dal.items>[1], page: number, pageSize: number) {
      if (!dal.bank(bankId)) throw new NotFoundError('No such bank', { key: 'bank.noBank' });
      const rows = dal.items(bankId, filter, page, pageSize).map(({ levelsJson, ...r }) => ({ ...r, levels: JSON.parse(levelsJson) as (1 | 2 | 3 | 4)[] }));
      return { total: dal.countItems(bankId, filter), page, pageSize, items: rows };
    },

    itemDetail(bankId: number, id: number) {
      const item = dal.item(bankId, id);
      if (!item) throw new NotFoundError('No such item', { key: 'bank.noItem' });
      return { item, preview: previewOf(id, item) };
    },

    bankItems(bankId: number): BankItem[] {
      if (!dal.bank(bankId)) throw new NotFoundError('No such bank', { key: 'bank.noBank' });
      return dal.allItems(bankId);
    },

    /** The blueprints shipped in question-banks/blueprints/. */
    blueprints(): ParsedBlueprint[] {
      const dir = path.join(deps.banksDir, 'blueprints');
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => loadBlueprintFile(path.join(dir, f)));
    },
  };
}
export type BanksService = ReturnType<typeof createBanksService>;

function previewOf(id: number, item: BankItem) {
  const options = item.type === 'single' || item.type === 'multi' ? item.options : item.type === 'truefalse' ? TRUE_FALSE_OPTIONS : [];
  const points = 'rubric' in item ? item.rubric.reduce((sum, c) => sum + c.points, 0) : 1;
  return toCandidateItem({ id, type: item.type, stem: item.stem, points, options }, 1);
}
