import type { BankItem, Media } from '@shared/bank.ts';
import type { Level } from '@shared/domain.ts';
import { areaFromCategory, fail, finishItem, htmlToMarkdown, itemIdFor, nativeDefaults, msg, newEntry, optionIdAt, plainToMarkdown, warn } from './common.ts';
import type { ForeignFormat, ImportOptions, ImportReportEntry, ImportResult } from './types.ts';

/** Header and row mapping shared by the XLSX and CSV importers: one data row is one item. */

export type SheetRow = { number: number; cells: string[] };
export type RowImage = { extension: string; base64: string };

type Role = 'stem' | 'type' | 'answer' | 'options' | 'explanation' | 'points' | 'difficulty' | 'coefficient' | 'area' | 'levels' | 'screenshots' | 'ref';
// Roles that may come from several columns (the ExamStack template has 所属知识点, 知识类 and 知识点).
const multiRoles: Role[] = ['explanation', 'area'];

const roleByHeader = new Map<string, Role>(
  (
    [
      ['stem', ['题目', '题干', '试题内容', '题目内容', '试题题干', '试题', '问题内容', '问题', '题目名称', '试题名称', '题面']],
      ['type', ['类型', '题型', '试题类型', '题目类型', '问题类型', '题型代码', '类型代码']],
      ['answer', ['答案', '正确答案', '标准答案', '参考答案', '正确选项', '答案选项', '试题答案', '题目答案']],
      // One cell holding every option ("A. 防火墙|B. 路由器", one per line): read only without 选项A… columns.
      ['options', ['选项', '选项内容', '备选项', '备选答案', '试题选项', '题目选项', '所有选项', 'OPTIONS']],
      ['explanation', ['解析', '答案解析', '试题解析', '题目解析', '解释', '答案解释', '解答', '答题解析']],
      ['points', ['分值', '分数']],
      ['difficulty', ['难度', '难度等级', '难易度', '难易程度', '题目难度', '试题难度']],
      ['coefficient', ['难度系数', '难易系数', '试题难度系数', '题目难度系数']],
      ['area', ['知识点', '知识领域', '章节', '所属知识点', '知识类', '知识分类', '所属章节', '知识点名称', '题目分类', '试题分类']],
      ['levels', ['适用等级', '等级', '级别', '适用级别']],
      ['screenshots', ['截图数', '截图数量']],
      ['ref', ['编号', '题号', '序号', '试题编号', 'ID']],
    ] as const
  ).flatMap(([role, names]) => names.map((n) => [n, role] as [string, Role])),
);

export type Header = {
  row: number;
  columns: Map<Role, number[]>;
  options: { letter: string; col: number }[];
  unmapped: { name: string; col: number }[];
};

// Full-width to half-width (NFKC), no spaces, no "(必填)" notes or required-field stars.
const normHeader = (s: string) =>
  s.normalize('NFKC').replace(/\(.*?\)|【.*?】|\[.*?\]/g, '').replace(/[\s*]/g, '').toUpperCase();

function mapHeader(row: SheetRow, typeFromSheet: boolean): Header | null {
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
  // With 选项A… columns, a 选项 column is not split: an option text may hold "|" or a line break.
  const allInOne = header.columns.get('options');
  if (allInOne && header.options.length) {
    header.columns.delete('options');
    header.unmapped.push({ name: row.cells[allInOne[0]!]!.trim(), col: allInOne[0]! });
  }
  const has = (r: Role) => header.columns.has(r);
  return has('stem') && (has('type') || typeFromSheet) && has('answer') ? header : null;
}

/**
 * The header is the first of the first 20 rows that names the stem, type and answer columns; on a
 * sheet whose name is an item type ("单选题"), the type column may be missing.
 */
export function findHeader(rows: SheetRow[], typeFromSheet = false): Header | null {
  for (const row of rows.slice(0, 20)) {
    const header = mapHeader(row, typeFromSheet);
    if (header) return header;
  }
  return null;
}

const clean = (s: string | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();
const looksLikeHtml = (s: string) => /<\/?(p|br|div|span|img|b|i|u|strong|em|sub|sup|table|tr|td|ul|ol|li|font|pre|code|h[1-6])\b[^>]*>|&(nbsp|lt|gt|amp|quot);/i.test(s);

/** A cell as Markdown: HTML is converted (losses reported), plain text is escaped so it shows as typed. */
function markdownOf(s: string, entry: ImportReportEntry): string {
  return looksLikeHtml(s) ? htmlToMarkdown(s, (m) => warn(entry, m)) : plainToMarkdown(s);
}

/** Reference answers are shown to graders as written (not as Markdown): only HTML is converted. */
const referenceOf = (s: string, entry: ImportReportEntry) => (looksLikeHtml(s) ? htmlToMarkdown(s, (m) => warn(entry, m)) : s);

// 'choice': one or more correct letters decide between single and multiple (选择题, 不定项).
type Kind = BankItem['type'] | 'fill' | 'choice';
const kindByWord = new Map<string, Kind>(
  (
    [
      ['single', ['单选', '单项选择', '单选择', '单项', 'SINGLE', 'SINGLECHOICE', 'RADIO']],
      ['multi', ['多选', '多项选择', '多选择', '多项', 'MULTI', 'MULTIPLE', 'MULTIPLECHOICE', 'CHECKBOX']],
      ['choice', ['选择', '不定项', '不定项选择', 'CHOICE']],
      ['truefalse', ['判断', '是非', '对错', '正误', 'TRUEFALSE', 'TF', 'JUDGE', 'JUDGEMENT', 'JUDGMENT', 'BOOLEAN']],
      ['short-answer', ['简答', '问答', '论述', '分析', '案例分析', '主观', '名词解释', '计算', 'SHORTANSWER', 'ESSAY', 'SUBJECTIVE', 'QA']],
      ['fill', ['填空', '填空选择', 'FILL', 'FILLBLANK', 'FILLINBLANK', 'FILLINTHEBLANK', 'BLANK', 'COMPLETION']],
      ['practical', ['操作', '实操', '实际操作', '技能操作', 'PRACTICAL']],
    ] as const
  ).flatMap(([kind, words]) => words.map((w) => [w, kind] as [string, Kind])),
);
// "单选题", "判断题（20道）", "三、多项选择题", "Single choice": the word without numbering, notes and 题.
const typeWord = (raw: string) =>
  raw
    .normalize('NFKC')
    .replace(/\(.*?\)|【.*?】|\[.*?\]/g, '')
    .replace(/^[一二三四五六七八九十\d]+[、.]/, '')
    .replace(/[\s\-_/]/g, '')
    .toUpperCase()
    .replace(/(题|QUESTIONS?)$/, '');
export const kindOf = (raw: string) => kindByWord.get(typeWord(raw));

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

// Three-level templates say 低/中/高难度 (or easy/normal/hard): low and high are the ends of our scale, like 易 and 难.
const difficultyWords: Record<string, number> = {
  易: 1,
  容易: 1,
  简单: 1,
  低: 1,
  easy: 1,
  较易: 2,
  较简单: 2,
  中: 3,
  中等: 3,
  一般: 3,
  适中: 3,
  medium: 3,
  normal: 3,
  较难: 4,
  难: 5,
  困难: 5,
  高: 5,
  hard: 5,
};
// 中级 and 高级 are the 中级工 (四级) and 高级工 (三级) of the vocational levels; 初级 (五级) is no level of this certificate.
const levelWords: Record<string, Level> = { 1: 1, 一: 1, 高级技师: 1, 2: 2, 二: 2, 技师: 2, 3: 3, 三: 3, 高级工: 3, 高级: 3, 4: 4, 四: 4, 中级工: 4, 中级: 4 };
/** A certificate level written where a difficulty belongs (题目难度 "四级", "中级工"): no difficulty word. */
const isLevelWord = (raw: string) => /^(?:[1-5一二三四五]级|[初中高]级工?|(?:高级)?技师)$/.test(raw.normalize('NFKC').replace(/\s/g, ''));

const mimeByExtension: Record<string, Media['mimeType']> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

type Row = { get(role: Role): string; all(role: Role): string[] };

/** One option of a row: its letter and its cell's text ('' for an empty 选项C cell). */
type RowOption = { letter: string; text: string };

const LETTERS = 'ABCDEFGH';
// A letter that opens an option inside one cell: "A.", "B、", "(C)", "Ｄ：", at the start or after a separator.
const optionMark = (letter: string, first: boolean) =>
  new RegExp(`${first ? '^' : '(?:^|[\\s|｜;；,，])'}[(（]?[${letter}${String.fromCharCode(letter.charCodeAt(0) + 0xfee0)}]\\s*[.．、:：)）]\\s*`, first ? 'y' : 'g');

/**
 * A 选项 cell holding every option: "A. 防火墙|B. 路由器", "A、防火墙 B、路由器" (the letters, in
 * order from A, mark where each option starts), or without letters one option per line or between "|".
 */
export function splitOptionCell(cell: string): string[] {
  const text = cell.trim();
  const marks: { start: number; body: number }[] = [];
  for (const [i, letter] of [...LETTERS].entries()) {
    const re = optionMark(letter, i === 0);
    re.lastIndex = marks.length ? marks[marks.length - 1]!.body + 1 : 0;
    const m = re.exec(text);
    if (!m) break;
    marks.push({ start: m.index, body: m.index + m[0].length });
  }
  const tidy = (s: string) => s.replace(/^[\s|｜;；,，]+|[\s|｜;；,，]+$/g, '');
  if (marks.length >= 2) return marks.map((m, i) => tidy(text.slice(m.body, marks[i + 1]?.start ?? text.length)));
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length >= 2) return lines;
  return text.split(/[|｜]/).map((p) => p.trim()).filter(Boolean);
}

/** The row's options: its 选项A… cells, or (without such columns) its 选项 cell split, lettered A, B… in order. */
function rowOptions(row: SheetRow, header: Header, entry: ImportReportEntry): RowOption[] {
  const col = header.columns.get('options')?.[0];
  if (col === undefined) return header.options.map((o) => ({ letter: o.letter, text: clean(row.cells[o.col]) }));
  const cell = clean(row.cells[col]);
  if (!cell) return [];
  const texts = splitOptionCell(cell).slice(0, LETTERS.length);
  if (texts.length > 1) warn(entry, msg('sheet.optionsSplit', { count: texts.length }));
  return texts.map((text, i) => ({ letter: LETTERS[i]!, text }));
}

function choiceBody(kind: 'single' | 'multi', rowOpts: RowOption[], answer: string, entry: ImportReportEntry) {
  const letters = lettersOf(answer);
  if (!letters) return fail(entry, msg('sheet.answerNotLetters', { answer }));
  const unique = [...new Set(letters)].sort();
  if (unique.length < letters.length) warn(entry, msg('sheet.answerRepeated', { answer }));
  const filled = rowOpts.filter((o) => o.text);
  const idByLetter = new Map(filled.map((o, i) => [o.letter, optionIdAt(i)]));
  const gap = rowOpts.find((o, i) => !o.text && rowOpts.slice(i + 1).some((later) => later.text));
  if (gap) warn(entry, msg('sheet.optionEmpty', { letter: gap.letter }));
  const missing = unique.filter((l) => !idByLetter.has(l));
  if (missing.length) return fail(entry, msg('sheet.answerMissingOption', { letters: missing.join(', ') }));
  if (kind === 'single' && unique.length > 1) return fail(entry, msg('sheet.singleManyAnswers', { answer: unique.join(', ') }));
  if (kind === 'multi' && unique.length < 2) return fail(entry, msg('sheet.multiOneAnswer', { answer: unique.join('') }));
  // Exports that repeat each option's letter in its cell ("A. $-2$", "B、2", "(C) 8"): when every
  // filled option starts with its own letter, the letters go, or candidates would read "A. A. $-2$".
  const ownLetter = (letter: string) => new RegExp(`^[(（]?${letter}\\s*[.．、:：)）]\\s*(?=\\S)`);
  const prefixed = filled.length > 1 && filled.every((o) => ownLetter(o.letter).test(o.text));
  if (prefixed) warn(entry, msg('sheet.optionLettersRemoved'));
  const optionText = (o: RowOption) => (prefixed ? o.text.replace(ownLetter(o.letter), '') : o.text);
  const options = filled.map((o, i) => ({ id: optionIdAt(i), text: markdownOf(optionText(o), entry) }));
  const ids = unique.map((l) => idByLetter.get(l)!);
  return { type: kind, options, answer: kind === 'single' ? ids[0] : ids };
}

function trueFalseBody(rowOpts: RowOption[], answer: string, entry: ImportReportEntry) {
  let value = tfOf(answer);
  // Some systems store 判断 as a two-option choice: answer "A" with 选项A "正确" (or "A. 正确").
  const letter = lettersOf(answer);
  const option = letter?.length === 1 ? rowOpts.find((o) => o.letter === letter[0]) : undefined;
  const optionValue = option ? tfOf(option.text.replace(new RegExp(`^[(（]?${option.letter}\\s*[.．、:：)）]\\s*`), '').replace(/[。.!！]$/, '')) : null;
  const fromOption = value === null && optionValue !== null;
  if (fromOption) value = optionValue;
  // Others give no options at all and answer A or B, meaning 正确 or 错误: read so, and said.
  const bare = answer.normalize('NFKC').trim().toUpperCase();
  if (value === null && rowOpts.every((o) => !o.text) && (bare === 'A' || bare === 'B')) {
    value = bare === 'A';
    warn(entry, msg('sheet.trueFalseLetterAssumed', { answer: answer.trim() }));
  }
  if (value === null) return fail(entry, msg('sheet.trueFalseAnswer', { answer }));
  if (!fromOption) ignoreOptions(rowOpts, entry);
  return { type: 'truefalse', answer: value };
}

function ignoreOptions(rowOpts: RowOption[], entry: ImportReportEntry) {
  const filled = rowOpts.filter((o) => o.text).map((o) => o.letter);
  if (filled.length) warn(entry, msg('sheet.optionsIgnored', { letters: filled.join(', ') }));
}

function rubricPoints(row: Row, entry: ImportReportEntry): number {
  const raw = row.get('points');
  const n = Number(raw.normalize('NFKC').replace(/分$/, ''));
  if (raw && n > 0 && n <= 100) return n;
  if (raw) warn(entry, msg('sheet.pointsInvalid', { points: raw, used: 10 }));
  return 10;
}

/** 填空 answers: one accepted answer per blank or per alternative, split at the separators templates use. */
const acceptedAnswers = (answer: string) =>
  answer
    .split(/\s*(?:[|｜;；\n]|\$\$|#{1,3})\s*/)
    .map((a) => a.trim())
    .filter(Boolean);

function freeTextBody(kind: 'short-answer' | 'fill' | 'practical', row: Row, rowOpts: RowOption[], answer: string, entry: ImportReportEntry) {
  const points = rubricPoints(row, entry);
  warn(entry, msg('import.rubricCreated', { points }));
  if (!row.get('points')) warn(entry, msg('sheet.pointsEmpty'));
  ignoreOptions(rowOpts, entry);
  if (kind !== 'practical') {
    if (kind === 'fill') {
      warn(entry, msg('import.fillAsShortAnswer'));
      return { type: 'short-answer', rubric: [{ id: 'a', text: '按参考答案评分', points }], referenceAnswer: acceptedAnswers(answer).map((a) => referenceOf(a, entry)).join('\n') };
    }
    return { type: 'short-answer', rubric: [{ id: 'a', text: '按参考答案评分', points }], referenceAnswer: referenceOf(answer, entry) };
  }
  const shots = row.get('screenshots');
  const screenshots = Number(shots.normalize('NFKC'));
  const validShots = shots !== '' && Number.isInteger(screenshots) && screenshots >= 0 && screenshots <= 20;
  if (!validShots) warn(entry, shots ? msg('sheet.screenshotsInvalid', { value: shots }) : msg('sheet.screenshotsMissing'));
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
  if (unknown.length) warn(entry, msg(known.length ? 'sheet.levelsUnknownLeftOut' : 'sheet.levelsUnknown', { levels: unknown.join(', '), used: options.levels.join(', ') }));
  return known.length ? known : options.levels;
}

function difficultyOf(raw: string, options: ImportOptions, entry: ImportReportEntry): number {
  if (!raw) return options.difficulty;
  const s = raw.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  const n = difficultyWords[s] ?? difficultyWords[s.replace(/难度$/, '')] ?? Number(s);
  if (Number.isInteger(n) && n >= 1 && n <= 5) return n;
  warn(entry, msg('sheet.difficultyInvalid', { value: raw, used: options.difficulty }));
  return options.difficulty;
}

/**
 * A 难度系数 is, in Chinese test statistics, the share of candidates who answer right (P, 0 to 1):
 * the higher, the easier. Read in bands of 0.2 (0.8 and up is 1, under 0.2 is 5), and said in the
 * report, since some templates mean it the other way round. A whole number from 2 to 5 is a template
 * that names its 1–5 column so; 1 is the easiest either way.
 */
function difficultyOfCoefficient(raw: string, options: ImportOptions, entry: ImportReportEntry): number {
  const s = raw.normalize('NFKC').replace(/\s/g, '');
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(s);
  const p = percent ? Number(percent[1]) / 100 : /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
  if (Number.isInteger(p) && p >= 1 && p <= 5) return p;
  if (!(p >= 0 && p <= 1)) {
    warn(entry, msg('sheet.coefficientInvalid', { value: raw, used: options.difficulty }));
    return options.difficulty;
  }
  const difficulty = p >= 0.8 ? 1 : p >= 0.6 ? 2 : p >= 0.4 ? 3 : p >= 0.2 ? 4 : 5;
  warn(entry, msg('sheet.coefficientRead', { value: raw, used: difficulty }));
  return difficulty;
}

/**
 * Templates put certificate levels in their 难度 column (题目难度: 四级, 中级): those are the item's
 * levels, unless a levels column says otherwise, and the difficulty is the default, as the report says.
 */
function levelsAndDifficulty(row: Row, options: ImportOptions, entry: ImportReportEntry): { levels: Level[]; difficulty: number } {
  const difficulty = row.get('difficulty');
  const coefficient = row.get('coefficient');
  if (!difficulty && coefficient) return { levels: levelsOf(row.get('levels'), options, entry), difficulty: difficultyOfCoefficient(coefficient, options, entry) };
  if (!isLevelWord(difficulty) || row.get('levels')) return { levels: levelsOf(row.get('levels'), options, entry), difficulty: difficultyOf(difficulty, options, entry) };
  warn(entry, msg('sheet.difficultyIsLevel', { value: difficulty, used: options.difficulty }));
  return { levels: levelsOf(difficulty, options, entry), difficulty: options.difficulty };
}

function imageMedia(images: RowImage[], itemId: string, entry: ImportReportEntry): Media[] {
  const media: Media[] = [];
  images.forEach((image, i) => {
    const mimeType = mimeByExtension[image.extension.toLowerCase()];
    if (!mimeType) return warn(entry, msg('sheet.imageType', { n: i + 1, type: image.extension }));
    media.push({ name: `${itemId}-${i + 1}.${image.extension.toLowerCase()}`, mimeType, base64: image.base64 });
  });
  return media;
}

/**
 * The item type of a row: its type cell (a word, or a numeric code the person importing mapped),
 * else the sheet's name. Codes without a mapping are errors: 0 is 单选 in one system and 判断 in another.
 */
function rowKind(typeText: string, sheetKind: Kind | null, options: ImportOptions, entry: ImportReportEntry): Kind | null {
  if (!typeText) {
    if (sheetKind) return sheetKind;
    fail(entry, msg('sheet.noType'));
    return null;
  }
  const code = typeText.normalize('NFKC').trim();
  if (/^\d{1,3}$/.test(code)) {
    const mapped = options.typeCodes?.[code];
    if (mapped === undefined) fail(entry, msg('sheet.typeCodeUnmapped', { code }));
    else if (!kindOf(mapped)) fail(entry, msg('sheet.typeCodeUnknownWord', { code, type: mapped }));
    return mapped === undefined ? null : (kindOf(mapped) ?? null);
  }
  const kind = kindOf(typeText) ?? null;
  if (!kind) fail(entry, msg('sheet.unknownType', { type: typeText }));
  return kind;
}

type Place = { options: ImportOptions; entry: ImportReportEntry; id: string; sheetKind: Kind | null };

function buildItem(sheetRow: SheetRow, header: Header, place: Place, images: RowImage[]): BankItem | null {
  const { options, entry, id } = place;
  const cell = (col: number) => clean(sheetRow.cells[col]);
  const row: Row = {
    get: (role) => cell(header.columns.get(role)?.[0] ?? -1),
    all: (role) => (header.columns.get(role) ?? []).map(cell).filter(Boolean),
  };
  const stem = row.get('stem');
  const answer = row.get('answer');
  if (!stem) {
    fail(entry, msg('import.noStem'));
    return null;
  }
  const kind = rowKind(row.get('type'), place.sheetKind, options, entry);
  // A practical task may come without a reference answer; everything else needs one.
  if (kind && !answer && kind !== 'practical') fail(entry, msg('sheet.noAnswer'));
  if (!kind || entry.status === 'error') return null;

  const choiceKind = kind === 'choice' ? ((lettersOf(answer)?.length ?? 0) > 1 ? 'multi' : 'single') : kind;
  const rowOpts = rowOptions(sheetRow, header, entry);
  const body =
    choiceKind === 'single' || choiceKind === 'multi'
      ? choiceBody(choiceKind, rowOpts, answer, entry)
      : choiceKind === 'truefalse'
        ? trueFalseBody(rowOpts, answer, entry)
        : freeTextBody(choiceKind, row, rowOpts, answer, entry);
  if (!body) return null;
  if ((choiceKind === 'single' || choiceKind === 'multi' || kind === 'truefalse') && row.get('points')) warn(entry, msg('sheet.pointsIgnored', { points: row.get('points') }));

  const areas = row.all('area');
  const category = areas.find((a) => areaFromCategory(a)) ?? (areas.length ? [...new Set(areas)].join(' / ') : null);
  const defaults = nativeDefaults(options, entry, category);
  const explanation = [...new Set(row.all('explanation').map((e) => markdownOf(e, entry)))].join('\n\n');
  const ignored = header.unmapped.filter((u) => cell(u.col)).map((u) => u.name);
  if (ignored.length) warn(entry, msg('sheet.columnsIgnored', { columns: ignored.join(', ') }));
  const media = imageMedia(images, id, entry);
  const refs = media.map((m) => `![](media:${m.name})`);
  return finishItem(
    {
      id,
      ...defaults,
      ...levelsAndDifficulty(row, options, entry),
      stem: [markdownOf(stem, entry), ...refs].join('\n\n'),
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
    const item = buildItem(row, header, { options, entry, id: itemIdFor(options, row.number), sheetKind: null }, imagesByRow.get(row.number) ?? []);
    if (item) items.push(item);
  }
  return { format, items, report };
}

export type Sheet = { name: string; rows: SheetRow[]; images?: Map<number, RowImage[]> };

/**
 * A workbook: every sheet with a question header is read. One sheet of questions keeps row numbers
 * as report indexes; with one sheet per item type ("单选题", "多选题"…, the sheet name giving the
 * type of rows that have none), items are numbered through the workbook and the source names the
 * sheet and row. Null when no sheet has a header.
 */
export function importSheets(sheets: Sheet[], options: ImportOptions, format: ForeignFormat): ImportResult | null {
  const read = sheets.map((sheet) => {
    const sheetKind = kindOf(sheet.name) ?? null;
    return { sheet, sheetKind, header: findHeader(sheet.rows, sheetKind !== null) };
  });
  const found = read.filter((s): s is typeof s & { header: Header } => s.header !== null);
  // A sheet named for an item type holds questions: one whose header we cannot read is reported,
  // not passed over like an instructions sheet (a template's 判断 sheet headed 对/错 vanished).
  const unread = read.filter((s) => s.header === null && s.sheetKind !== null && s.sheet.rows.some((r) => r.cells.some((c) => c.trim())));
  if (found.length === 0) return null;
  if (found.length === 1 && found[0]!.sheetKind === null && unread.length === 0) return importRows(found[0]!.sheet.rows, found[0]!.header, options, format, found[0]!.sheet.images);
  const items: BankItem[] = [];
  const report: ImportReportEntry[] = [];
  for (const { sheet, sheetKind, header } of read) {
    if (!header) {
      if (sheetKind === null || !unread.some((u) => u.sheet === sheet)) continue;
      const entry = newEntry(report.length + 1, sheet.name);
      fail(entry, msg('sheet.sheetWithoutHeader', { sheet: sheet.name }));
      report.push(entry);
      continue;
    }
    for (const row of sheet.rows) {
      if (row.number <= header.row || row.cells.every((c) => !c.trim())) continue;
      const ref = clean(row.cells[header.columns.get('ref')?.[0] ?? -1]);
      const entry = newEntry(report.length + 1, `${sheet.name}!${row.number}${ref ? ` ${ref}` : ''}`);
      report.push(entry);
      const place = { options, entry, id: itemIdFor(options, entry.index), sheetKind };
      const item = buildItem(row, header, place, sheet.images?.get(row.number) ?? []);
      if (item) items.push(item);
    }
  }
  return { format, items, report };
}
