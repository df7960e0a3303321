import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { stringify } from 'yaml';
import { knowledgeAreaSchema, type BankFile } from '@shared/bank.ts';
import { typeCodesSchema } from '@shared/banks-api.ts';
import { levelSchema, OCCUPATION_CODE } from '@shared/domain.ts';
import { BankFileError, loadBankFile } from '../features/banks/load-bank.ts';
import { bankStats } from '../features/banks/stats.ts';
import { exportBank, exportFormats, foreignFormats, type ExportFormat, type ForeignFormat } from '../features/banks/formats/index.ts';
import { assertImportSize, DEFAULT_IMPORT_LIMITS, parseInWorker } from '../features/banks/import-jobs.ts';
import { BoundedJobError } from '../core/bounded-worker.ts';
import type { MessageRef } from '@shared/errors.ts';
import type { ImportReportEntry } from '../features/banks/formats/types.ts';

/** `npm run bank -- validate|import|export|stats <file>`: exit 0 on success, 1 on bad input, 3 on a partial import. */

const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const err = (text: string): void => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

function parseLevels(value: string) {
  const levels = value.split(',').map((v) => levelSchema.safeParse(Number(v.trim())));
  if (levels.some((l) => !l.success)) throw new InvalidArgumentError('levels are 1, 2, 3 or 4, comma-separated');
  return levels.map((l) => l.data!);
}

function parseArea(value: string) {
  const area = knowledgeAreaSchema.safeParse(value);
  if (!area.success) throw new InvalidArgumentError(`one of ${knowledgeAreaSchema.options.join(', ')}`);
  return area.data;
}

function parsePositive(value: string) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number');
  return n;
}

function parseDifficulty(value: string) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new InvalidArgumentError('an integer from 1 to 5');
  return n;
}

function parseTypeCodes(value: string) {
  const codes = typeCodesSchema.safeParse(value);
  if (!codes.success) throw new InvalidArgumentError('code=type pairs, e.g. 0=单选,1=多选,2=判断');
  return codes.data;
}

/** A report line for the terminal: its key (importMessages.<key> in the UI's tables) and its values. */
function lineText(m: MessageRef): string {
  return m.params && Object.keys(m.params).length > 0 ? `${m.key} ${JSON.stringify(m.params)}` : m.key;
}

export function formatReport(report: ImportReportEntry[]): string {
  const lines = report.map((e) => {
    const ref = e.sourceRef ? ` (${e.sourceRef})` : '';
    const msgs = e.messages.length > 0 ? `: ${e.messages.map(lineText).join('; ')}` : '';
    return `${e.status.padEnd(8)} #${e.index}${ref} -> ${e.itemId ?? '-'}${msgs}`;
  });
  const count = (s: ImportReportEntry['status']) => report.filter((e) => e.status === s).length;
  lines.push(`${count('imported')} imported, ${count('warning')} with warnings, ${count('error')} errors`);
  return lines.join('\n');
}

function writeOrPrint(text: string, file: string | undefined) {
  if (file) fs.writeFileSync(file, text);
  else out(text);
}

export function buildCli(): Command {
  const program = new Command('bank').description('Validate, convert and describe question banks').exitOverride();

  program
    .command('validate')
    .argument('<file>', 'native bank (YAML)')
    .action((file: string) => {
      const bank = loadBankFile(file);
      out(`${path.basename(file)}: valid, ${bank.items.length} items`);
    });

  program
    .command('stats')
    .argument('<file>', 'native bank (YAML)')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) => {
      const stats = bankStats(loadBankFile(file));
      if (opts.json) {
        out(JSON.stringify(stats, null, 2));
        return;
      }
      const table = (title: string, counts: Record<string, number>) =>
        [`${title}:`, ...Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k.padEnd(26)} ${n}`)].join('\n');
      out([`items: ${stats.items}`, table('type', stats.byType), table('area', stats.byArea), table('difficulty', stats.byDifficulty), table('level', stats.byLevel)].join('\n'));
    });

  program
    .command('import')
    .argument('<file>', 'a foreign bank file')
    .addOption(new Option('--format <format>', 'source format (detected from content when left out)').choices(foreignFormats))
    .option('--out <file>', 'write the native YAML here instead of standard output')
    .option('--bank-id <id>', 'id of the new bank', 'imported')
    .option('--title <title>', 'title of the new bank', 'Imported bank')
    .option('--id-prefix <prefix>', 'prefix of the new item ids', 'IMP')
    .option('--levels <levels>', 'levels the items are for, e.g. 4,3', parseLevels, [4, 3])
    .option('--area <area>', 'knowledge area when the source has no matching category', parseArea, 'network-basics')
    .option('--difficulty <n>', 'difficulty 1-5 for items without one', parseDifficulty, 3)
    .option('--type-codes <pairs>', 'what numeric type codes in a spreadsheet mean, e.g. 0=单选,1=多选,2=判断 (never guessed)', parseTypeCodes)
    .option('--max-mb <n>', 'refuse files larger than this', parsePositive, DEFAULT_IMPORT_LIMITS.maxBytes / 1024 / 1024)
    .option('--timeout <seconds>', 'stop the import after this long', parsePositive, DEFAULT_IMPORT_LIMITS.timeoutMs / 1000)
    .action(async (file: string, opts: { format?: ForeignFormat; out?: string; bankId: string; title: string; idPrefix: string; levels: (1 | 2 | 3 | 4)[]; area: ReturnType<typeof parseArea>; difficulty: number; typeCodes?: Record<string, string>; maxMb: number; timeout: number }) => {
      const limits = { ...DEFAULT_IMPORT_LIMITS, maxBytes: Math.floor(opts.maxMb * 1024 * 1024), timeoutMs: Math.floor(opts.timeout * 1000) };
      // The size is checked before the file is read, then the file is parsed in a bounded worker, as on the server.
      assertImportSize(fs.statSync(file).size, limits);
      const request = { fileName: path.basename(file), idPrefix: opts.idPrefix, levels: opts.levels, area: opts.area, difficulty: opts.difficulty, format: opts.format, ...(opts.typeCodes ? { typeCodes: opts.typeCodes } : {}) };
      const run = parseInWorker(fs.readFileSync(file), request, limits, (p) => {
        if (process.stderr.isTTY && p.stage === 'items') err(`documents: ${p.done}/${p.total}`);
      });
      const stop = () => run.cancel();
      process.once('SIGINT', stop);
      const result = await run.promise.finally(() => process.off('SIGINT', stop));
      err(`format: ${result.format}`);
      err(formatReport(result.report));
      if (result.bank.items.length === 0) {
        process.exitCode = 1;
        return;
      }
      const bank: BankFile = { bank: { id: opts.bankId, title: opts.title, occupation: OCCUPATION_CODE, version: 1, language: 'zh-CN' }, items: result.bank.items };
      writeOrPrint(stringify(bank, { lineWidth: 0 }), opts.out);
      if (result.report.some((e) => e.status === 'error')) process.exitCode = 3;
    });

  program
    .command('export')
    .argument('<file>', 'native bank (YAML)')
    .addOption(new Option('--format <format>', 'target format').choices(exportFormats).makeOptionMandatory())
    .option('--out <path>', 'a file for moodle-xml, a folder for qti3 (default: standard output for moodle-xml)')
    .action((file: string, opts: { format: ExportFormat; out?: string }) => {
      const files = exportBank(loadBankFile(file), opts.format);
      if (opts.format === 'moodle-xml') return writeOrPrint(files[0]?.content ?? '', opts.out);
      if (!opts.out) throw new Error('qti3 is a package of several files: give a folder with --out');
      for (const f of files) {
        const target = path.join(opts.out, f.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, f.content);
      }
      err(`wrote ${files.length} files to ${opts.out}`);
    });

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof BankFileError) err(e.message);
    else if (e instanceof BoundedJobError && e.issues) err([e.message, ...e.issues.map((i) => i.message)].join('\n'));
    else if (e && typeof e === 'object' && 'exitCode' in e && 'code' in e) return Number((e as { exitCode: number }).exitCode) || (String((e as { code: string }).code).startsWith('commander.help') ? 0 : 1);
    else err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
