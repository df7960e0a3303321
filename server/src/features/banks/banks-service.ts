import fs from 'node:fs';
import path from 'node:path';
import type { BankItem } from '@shared/bank.ts';
import type { ImportJob, ImportResponse } from '@shared/banks-api.ts';
import type { MessageParams } from '@shared/errors.ts';
import type { ParsedBlueprint } from '@shared/blueprint.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { AppError, BadRequestError, NotFoundError, StateError, UploadRefusedError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { toCandidateItem } from '../exam/session-view.ts';
import { TRUE_FALSE_OPTIONS } from '../papers/assemble.ts';
import { createBanksDal, type ItemFilter } from './banks-dal.ts';
import { ImportFileError } from './formats/import-error.ts';
import type { ImportedFile, ImportRequest } from './import-file.ts';
import { createImportJobs, DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-jobs.ts';
import { loadBlueprintFile, parseBank } from './load-bank.ts';

/** A refused file as a keyed 400 (413 for size, 409 when too many imports run) that saves nothing. */
export function importErrorOf(error: { key: string; params?: MessageParams; message: string; issues?: { path: string; message: string }[] }): AppError {
  if (error.key === 'invalidFile') return new BadRequestError('The bank file is invalid', { key: 'bank.invalidFile', issues: error.issues ?? [] });
  const params = error.params ? { params: error.params } : {};
  if (error.key === 'input.tooLarge') return new UploadRefusedError('TOO_LARGE', error.message, { key: `bankImport.${error.key}`, ...params });
  if (error.key === 'job.busy') return new StateError('CONFLICT', error.message, { key: `bankImport.${error.key}`, ...params });
  return new BadRequestError(error.message, { key: `bankImport.${error.key}`, ...params });
}

function jobError(job: ImportJob): AppError {
  return importErrorOf(job.error ?? { key: 'job.failed', message: 'the import failed' });
}

export function createBanksService(deps: { db: Db; clock: Clock; banksDir: string; importLimits?: ImportLimits }) {
  const dal = createBanksDal(deps.db);

  function startJob(content: Buffer, request: ImportRequest, actorUserId: number | null): ImportJob {
    try {
      return jobs.start(content, request, actorUserId);
    } catch (err) {
      if (err instanceof ImportFileError) throw importErrorOf({ key: err.key, params: err.params, message: err.message });
      throw err;
    }
  }

  /**
   * Saves a bank the import worker parsed (import-jobs.ts); nothing here reads the uploaded file, so
   * the transaction holds database work only. The bank, its items and the audit entry commit together.
   */
  async function save(file: ImportedFile, request: ImportRequest, actorUserId: number | null): Promise<ImportResponse> {
    const { format, bank, report } = file;
    if (bank.items.length === 0) return { format, bank: null, report };
    const now = deps.clock.now();
    const counts = { imported: 0, warning: 0, error: 0 };
    for (const e of report) counts[e.status]++;
    const saved = await deps.db.transaction(async (tx) => {
      const txDal = createBanksDal(tx);
      const id = await txDal.insertBank(bank, { sourceFormat: format, sourceName: request.fileName, importedAt: now, importedBy: actorUserId });
      await appendAudit(tx, { at: now, actorUserId, action: 'bank.imported', entity: 'bank', entityId: id, details: { format, fileName: request.fileName, ...counts } });
      const [summary] = await txDal.listBanks(id);
      return summary ?? null;
    });
    return { format, bank: saved, report };
  }

  const jobs = createImportJobs({ limits: deps.importLimits ?? DEFAULT_IMPORT_LIMITS, now: () => deps.clock.now(), save });

  return {
    jobs,

    /** Imports a file and waits for it: the file is parsed in the import worker all the same. */
    async import(content: Buffer, request: ImportRequest, actorUserId: number | null): Promise<ImportResponse> {
      const job = await jobs.wait(startJob(content, request, actorUserId).id)!;
      if (job.state === 'done' && job.result) return job.result;
      throw jobError(job);
    },

    startImport: (content: Buffer, request: ImportRequest, actorUserId: number | null) => startJob(content, request, actorUserId),

    /** Puts a native bank file in the database (the demo bank at seeding time). */
    async importNativeFile(file: string, actorUserId: number | null): Promise<number> {
      const bank = parseBank(await fs.promises.readFile(file, 'utf8'), path.basename(file));
      const meta = { sourceFormat: 'native', sourceName: path.basename(file), importedAt: deps.clock.now(), importedBy: actorUserId };
      return deps.db.transaction((tx) => createBanksDal(tx).insertBank(bank, meta));
    },

    list: () => dal.listBanks(),

    async items(bankId: number, filter: ItemFilter, page: number, pageSize: number) {
      if (!(await dal.bank(bankId))) throw new NotFoundError('No such bank', { key: 'bank.noBank' });
      const rows = (await dal.items(bankId, filter, page, pageSize)).map(({ levelsJson, ...r }) => ({ ...r, levels: JSON.parse(levelsJson) as (1 | 2 | 3 | 4)[] }));
      return { total: await dal.countItems(bankId, filter), page, pageSize, items: rows };
    },

    async itemDetail(bankId: number, id: number) {
      const item = await dal.item(bankId, id);
      if (!item) throw new NotFoundError('No such item', { key: 'bank.noItem' });
      return { item, preview: previewOf(id, item) };
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
