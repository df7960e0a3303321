import type { BankItem, Media } from '@shared/bank.ts';
import type { Level } from '@shared/domain.ts';
import { areaFromCategory, fail, finishItem, htmlToMarkdown, itemIdFor, nativeDefaults, newEntry, optionIdAt, warn } from './common.ts';
import type { ForeignFormat, ImportOptions, ImportReportEntry, ImportResult } from './types.ts';

/** Header and row mapping shared by the XLSX and CSV importers: one data row is one item. */

export type SheetRow = { number: number; cells: string[] };
export type RowImage = { extension: string; base64: string };

type Role = 'stem' | 'type' | 'answer' | 'explanation' | 'points' | 'difficulty' | 'area' | 'levels' | 'screenshots' | 'ref';
// Roles that may come from several columns (the ExamStack template has 所属知识点, 知识类 and 知识点).
const multiRoles: Role[] = ['explanation', 'area'];

const roleByHeader = new Map<string, Role>(
  (
    [
      ['stem', ['题目', '题干', '试题内容', '题目内容', '试题题干', '试题']],
      ['type', ['类型', '题型', '试题类型', '题目类型']],
      ['answer', ['答案', '正确答案', '标准答案', '参考答案']],
      ['explanation', ['解析', '答案解析', '试题解析', '题目解析']],
      ['points', ['分值', '分数']],
      ['difficulty', ['难度', '难度等级', '难易度', '难易程度']],
      ['area', ['知识点', '知识领域', '章节', '所属知识点', '知识类', '知识分类', '所属章节']],
      ['levels', ['适用等级', '等级', '级别', '适用级别']],
      ['screenshots', ['截图数', '截图数量']],
      ['ref', ['编号', '题号', '序号', '试题编号', 'ID']],
    ] as const
  ).flatMap(([role, names]) => names.map((n) => [n, role] as [string, Role])),
);

export const expectedColumns = '题目 (or 题干/试题内容), 类型 (or 题型/试题类型), 答案 (or 正确答案), 选项A…选项F';

export type Header = {
  row: number;
  columns: Map<Role, number[]>;
  options: { letter: string; col: number }[];
  unmapped: { name: string; col: number }[];
};

// Full-width to half-width (NFKC), no spaces, no "(必填)" notes or required-field stars.
const normHeader = (s: string) =>
  s.normalize('NFKC').replace(/\(.*?\)|【.*?】|\[.*?\]/g, '').replace(/[\s*]/g, '').toUpperCase();

function mapHeader(row: SheetRow): Header | null {
  const header: Header = { row: row.number, columns: new Map(), options: [], unmapped: [] };
  row.cells.forEach((raw, col) => {
    const name = normHeader(raw);
    if (!name) return;
    const letter = /^(?:选项|OPTION)?([A-H])$/.exec(name)?.[1];
    const role = roleByHeader.get(name);
    if (letter && !header.options.some((o) => o.letter === letter)) header.options.push({ letter, col });
    else if (role && (!header.columns.has(role) || multiRoles.includes(role))) header.columns.set(role, [...(header.columns.get(role) ?? []), col]);
    else header.unmapped.push({ name: raw.trim(), col });
  });
  header.options.sort((a, b) => a.letter.localeCompare(b.letter));
  const has = (r: Role) => header.columns.has(r);
  return has('stem') && has('type') && has('answer') ? header : null;
}

/** The header is the first of the first 20 rows that names the stem, type and answer columns. */
export function findHeader(rows: SheetRow[]): Header | null {
  for (const row of rows.slice(0, 20)) {
    const header = mapHeader(row);
    if (header) return header;
  }
  return null;
}

const clean = (s: string | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();
const looksLikeHtml = (s: string) => /<\/?(p|br|div|span|img|b|i|u|strong|em|sub|sup|table|tr|td|ul|ol|li|font|pre|code|h[1-6])\b[^>]*>|&(nbsp|lt|gt|amp|quot);/i.test(s);
const markdown = (s: string) => (looksLikeHtml(s) ? htmlToMarkdown(s) : s);

type Kind = BankItem['type'] | 'fill';
const kindByWord = new Map<string, Kind>(
  (
    [
      ['single', ['单选', '单项选择', '单选择', 'SINGLE', 'SINGLECHOICE']],
      ['multi', ['多选', '多项选择', '多选择', 'MULTI', 'MULTIPLE', 'MULTIPLECHOICE']],
      ['truefalse', ['判断', '是非', 'TRUEFALSE', 'TF']],
      ['short-answer', ['简答', '问答', '论述', '分析', '案例分析', 'SHORTANSWER', 'ESSAY']],
      ['fill', ['填空']],
      ['practical', ['操作', '实操', '实际操作', '技能操作', 'PRACTICAL']],
    ] as const
  ).flatMap(([kind, words]) => words.map((w) => [w, kind] as [string, Kind])),
);
const kindOf = (raw: string) => kindByWord.get(raw.normalize('NFKC').replace(/[\s\-_/]/g, '').toUpperCase().replace(/题$/, ''));

const trueWords = new Set(['对', '正确', '√', '✓', '✔', 'T', 'TRUE', '是', 'Y', 'YES', '1']);
const falseWords = new Set(['错', '错误', '×', '✗', '✘', 'X', 'F', 'FALSE', '否', 'N', 'NO', '0']);
const tfOf = (raw: string) => {
  const w = raw.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  return trueWords.has(w) ? true : falseWords.has(w) ? false : null;
};

/** "B", "ACD", "A,C,D", "A、C" (full-width too); null when it is not a list of letters. */
function lettersOf(raw: string): string[] | null {
  const s = raw.normalize('NFKC').toUpperCase().replace(/[\s,、;|/.]+/g, '');
  return /^[A-H]+$/.test(s) ? [...s] : null;
}

const difficultyWords: Record<string, number> = { 易: 1, 容易: 1, 简单: 1, 较易: 2, 较简单: 2, 中: 3, 中等: 3, 一般: 3, 适中: 3, 较难: 4, 难: 5, 困难: 5 };
const levelWords: Record<string, Level> = { 1: 1, 一: 1, 高级技师: 1, 2: 2, 二: 2, 技师: 2, 3: 3, 三: 3, 高级工: 3, 4: 4, 四: 4, 中级工: 4 };

const mimeByExtension: Record<string, Media['mimeType']> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

type Row = { get(role: Role): string; all(role: Role): string[] };

function choiceBody(kind: 'single' | 'multi', row: SheetRow, header: Header, answer: string, entry: ImportReportEntry) {
  const letters = lettersOf(answer);
  if (!letters) return fail(entry, `answer "${answer}" is not a list of option letters`);
  const unique = [...new Set(letters)].sort();
  if (unique.length < letters.length) warn(entry, `answer "${answer}" names an option twice; counted once`);
  const filled = header.options.filter((o) => clean(row.cells[o.col]));
  const idByLetter = new Map(filled.map((o, i) => [o.letter, optionIdAt(i)]));
  const gap = header.options.find((o, i) => !clean(row.cells[o.col]) && header.options.slice(i + 1).some((later) => clean(row.cells[later.col])));
  if (gap) warn(entry, `option ${gap.letter} is empty: the options after it move up one letter`);
  const missing = unique.filter((l) => !idByLetter.has(l));
  if (missing.length) return fail(entry, `answer names option ${missing.join(', ')}, which the row does not have`);
  if (kind === 'single' && unique.length > 1) return fail(entry, `a single-choice item has one answer, not ${unique.join(', ')}`);
  if (kind === 'multi' && unique.length < 2) return fail(entry, `a multiple-choice item needs two or more correct options (answer is ${unique.join('')})`);
  const options = filled.map((o, i) => ({ id: optionIdAt(i), text: markdown(clean(row.cells[o.col])) }));
  const ids = unique.map((l) => idByLetter.get(l)!);
  return { type: kind, options, answer: kind === 'single' ? ids[0] : ids };
}

function trueFalseBody(row: SheetRow, header: Header, answer: string, entry: ImportReportEntry) {
  let value = tfOf(answer);
  // Some systems store 判断 as a two-option choice: answer "A" with 选项A "正确".
  const letter = lettersOf(answer);
  const option = letter?.length === 1 ? header.options.find((o) => o.letter === letter[0]) : undefined;
  const optionValue = option ? tfOf(clean(row.cells[option.col])) : null;
  const fromOption = value === null && optionValue !== null;
  if (fromOption) value = optionValue;
  if (value === null) return fail(entry, `true/false answer "${answer}" is not one of 对/错, 正确/错误, √/×, T/F, 是/否`);
  if (!fromOption) ignoreOptions(row, header, entry, 'a true/false item');
  return { type: 'truefalse', answer: value };
}

function ignoreOptions(row: SheetRow, header: Header, entry: ImportReportEntry, what: string) {
  const filled = header.options.filter((o) => clean(row.cells[o.col])).map((o) => o.letter);
  if (filled.length) warn(entry, `options ${filled.join(', ')} ignored: ${what} has no options`);
}

function rubricPoints(row: Row, entry: ImportReportEntry): number {
  const raw = row.get('points');
  const n = Number(raw.normalize('NFKC').replace(/分$/, ''));
  if (raw && n > 0 && n <= 100) return n;
  if (raw) warn(entry, `分值 "${raw}" is not a number of points above 0 and at most 100: 10 used`);
  return 10;
}

function freeTextBody(kind: 'short-answer' | 'fill' | 'practical', row: Row, sheetRow: SheetRow, header: Header, answer: string, entry: ImportReportEntry) {
  const points = rubricPoints(row, entry);
  warn(entry, `the source has no rubric: created one criterion "按参考答案评分" worth ${points} points${row.get('points') ? '' : ' (分值 is empty)'}`);
  ignoreOptions(sheetRow, header, entry, kind === 'practical' ? 'a practical task' : 'a free-text item');
  if (kind !== 'practical') {
    if (kind === 'fill') warn(entry, 'fill-in-the-blank (填空) imported as short-answer: the answer is the reference answer and people will grade it');
    return { type: 'short-answer', rubric: [{ id: 'a', text: '按参考答案评分', points }], referenceAnswer: markdown(answer) };
  }
  const shots = row.get('screenshots');
  const screenshots = Number(shots.normalize('NFKC'));
  const validShots = shots !== '' && Number.isInteger(screenshots) && screenshots >= 0 && screenshots <= 20;
  if (!validShots) warn(entry, `${shots ? `截图数 "${shots}" is not 0–20` : 'no 截图数'}: the task asks for 1 screenshot`);
  // A practical task has no reference-answer field: graders see the answer in the rubric.
  const text = answer ? `按参考答案评分：${answer}` : '按参考答案评分';
  return { type: 'practical', screenshots: validShots ? screenshots : 1, rubric: [{ id: 'a', text, points }] };
}

function levelsOf(raw: string, options: ImportOptions, entry: ImportReportEntry): Level[] {
  if (!raw) return options.levels;
  const tokens = raw.normalize('NFKC').split(/[\s,、;/和及]+/).filter(Boolean);
  const levels = tokens.map((t) => levelWords[t.replace(/^(\d|[一二三四五])级$/, '$1').replace(/^LEVEL/i, '')]);
  const unknown = tokens.filter((_, i) => levels[i] === undefined);
  const known = [...new Set(levels.filter((l): l is Level => l !== undefined))].sort((a, b) => a - b);
  if (unknown.length) warn(entry, `等级 ${unknown.join(', ')} is not a level of this certification (四级 to 一级)${known.length ? ' and was left out' : `: levels set to ${options.levels.join(', ')}`}`);
  return known.length ? known : options.levels;
}

function difficultyOf(raw: string, options: ImportOptions, entry: ImportReportEntry): number {
  if (!raw) return options.difficulty;
  const s = raw.normalize('NFKC').replace(/\s/g, '');
  const n = difficultyWords[s] ?? Number(s);
  if (Number.isInteger(n) && n >= 1 && n <= 5) return n;
  warn(entry, `难度 "${raw}" is not 1–5 or 易/较易/中等/较难/难: difficulty set to ${options.difficulty}`);
  return options.difficulty;
}

function imageMedia(images: RowImage[], itemId: string, entry: ImportReportEntry): Media[] {
  const media: Media[] = [];
  images.forEach((image, i) => {
    const mimeType = mimeByExtension[image.extension.toLowerCase()];
    if (!mimeType) return warn(entry, `image ${i + 1} (${image.extension}) left out: only PNG, JPEG, GIF and WebP are kept`);
    media.push({ name: `${itemId}-${i + 1}.${image.extension.toLowerCase()}`, mimeType, base64: image.base64 });
  });
  return media;
}

function buildItem(sheetRow: SheetRow, header: Header, options: ImportOptions, entry: ImportReportEntry, images: RowImage[]): BankItem | null {
  const cell = (col: number) => clean(sheetRow.cells[col]);
  const row: Row = {
    get: (role) => cell(header.columns.get(role)?.[0] ?? -1),
    all: (role) => (header.columns.get(role) ?? []).map(cell).filter(Boolean),
  };
  const stem = row.get('stem');
  const typeText = row.get('type');
  const kind = kindOf(typeText);
  const answer = row.get('answer');
  if (!stem) fail(entry, 'the row has no 题目 (stem)');
  else if (!kind) fail(entry, typeText ? `unknown type "${typeText}" (expected 单选, 多选, 判断, 简答 or 操作)` : 'the row has no 类型 (type)');
  // A practical task may come without a reference answer; everything else needs one.
  else if (!answer && kind !== 'practical') fail(entry, 'the row has no 答案 (answer)');
  if (!kind || entry.status === 'error') return null;

  const body =
    kind === 'single' || kind === 'multi'
      ? choiceBody(kind, sheetRow, header, answer, entry)
      : kind === 'truefalse'
        ? trueFalseBody(sheetRow, header, answer, entry)
        : freeTextBody(kind, row, sheetRow, header, answer, entry);
  if (!body) return null;
  if ((kind === 'single' || kind === 'multi' || kind === 'truefalse') && row.get('points')) {
    warn(entry, `分值 ${row.get('points')} ignored: the paper sets the points of choice and true/false items`);
  }

  const id = itemIdFor(options, sheetRow.number);
  const areas = row.all('area');
  const category = areas.find((a) => areaFromCategory(a)) ?? (areas.length ? [...new Set(areas)].join(' / ') : null);
  const defaults = nativeDefaults(options, entry, category);
  const explanation = [...new Set(row.all('explanation').map(markdown))].join('\n\n');
  const ignored = header.unmapped.filter((u) => cell(u.col)).map((u) => u.name);
  if (ignored.length) warn(entry, `columns ignored (the bank has no place for them): ${ignored.join(', ')}`);
  const media = imageMedia(images, id, entry);
  const refs = media.map((m) => `![](media:${m.name})`);
  return finishItem(
    {
      id,
      ...defaults,
      levels: levelsOf(row.get('levels'), options, entry),
      difficulty: difficultyOf(row.get('difficulty'), options, entry),
      stem: [markdown(stem), ...refs].join('\n\n'),
      ...(explanation ? { explanation } : {}),
      ...(media.length ? { media } : {}),
      ...body,
    },
    entry,
  );
}

/** Maps every non-empty row below the header; the report index is the row number users see. */
export function importRows(
  rows: SheetRow[],
  header: Header,
  options: ImportOptions,
  format: ForeignFormat,
  imagesByRow: Map<number, RowImage[]> = new Map(),
): ImportResult {
  const items: BankItem[] = [];
  const report: ImportReportEntry[] = [];
  for (const row of rows) {
    if (row.number <= header.row || row.cells.every((c) => !c.trim())) continue;
    const ref = clean(row.cells[header.columns.get('ref')?.[0] ?? -1]);
    const entry = newEntry(row.number, ref || null);
    report.push(entry);
    const item = buildItem(row, header, options, entry, imagesByRow.get(row.number) ?? []);
    if (item) items.push(item);
  }
  return { format, items, report };
}
