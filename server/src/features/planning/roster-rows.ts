import { isCellProblem, NO_ACCOMMODATIONS, parseAccommodationsCell, type Accommodations } from '@shared/accommodations.ts';
import type { Level } from '@shared/domain.ts';
import { idNumberProblem, type IdNumberProblem } from '@shared/id-number.ts';
import type { RosterRowProblem } from '@shared/registration.ts';

/** Roster rows (name, ID number, level, contact, accommodations) from any table: header found by name, each row checked. */
export type TableRow = { number: number; cells: string[] };
export type RosterEntry = { name: string; idNumber: string; level: Level; contact: string; accommodations: Accommodations };
export type RosterRaw = { name: string; idNumber: string; level: string; contact: string; accommodations: string };
export type RosterRow = { row: number; entry: RosterEntry | null; errors: RosterRowProblem[]; raw: RosterRaw };

const HEADERS = {
  name: ['姓名', 'name', '考生姓名'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'id', 'idnumber', 'id number', 'id_number'],
  level: ['等级', '报考等级', '申报等级', 'level'],
  contact: ['联系方式', '联系电话', '电话', '手机', '手机号', 'contact', 'phone'],
  accommodations: ['考试便利', '便利安排', '考试便利安排', '特殊安排', 'accommodations', 'accommodation'],
} as const;
type Column = keyof typeof HEADERS;

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/[\s*:：]/g, '');

const LEVEL_WORDS: Record<string, Level> = { 四级: 4, 中级工: 4, 三级: 3, 高级工: 3, 二级: 2, 技师: 2, 一级: 1, 高级技师: 1 };

/** "3", "三级", "三级/高级工", "高级工", "Level 3" → 3. */
export function parseLevel(raw: string): Level | null {
  const s = norm(raw).replace(/^level/, '');
  if (/^[1-4]$/.test(s)) return Number(s) as Level;
  const first = s.split('/')[0] ?? '';
  return LEVEL_WORDS[first] ?? LEVEL_WORDS[s] ?? null;
}

/** The header row among the first ten: the one naming at least name, ID number and level. */
export function findRosterHeader(rows: readonly TableRow[]): { index: number; columns: Record<Column, number> } | null {
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const cells = rows[i]!.cells.map(norm);
    const col = (c: Column) => cells.findIndex((cell) => (HEADERS[c] as readonly string[]).map(norm).includes(cell));
    const columns = { name: col('name'), idNumber: col('idNumber'), level: col('level'), contact: col('contact'), accommodations: col('accommodations') };
    if (columns.name >= 0 && columns.idNumber >= 0 && columns.level >= 0) return { index: i, columns };
  }
  return null;
}

const ID_PROBLEMS: Record<IdNumberProblem, RosterRowProblem> = {
  format: { key: 'plan.rosterRow.idFormat', message: 'id number: invalid (format)' },
  'birth-date': { key: 'plan.rosterRow.idBirthDate', message: 'id number: invalid (birth-date)' },
  'check-digit': { key: 'plan.rosterRow.idCheckDigit', message: 'id number: invalid (check-digit)' },
};

function accommodationsOf(cell: string): Accommodations | RosterRowProblem {
  if (cell === '') return NO_ACCOMMODATIONS;
  const parsed = parseAccommodationsCell(cell);
  if (!isCellProblem(parsed)) return parsed;
  return parsed.problem === 'extraTimeRange'
    ? { key: 'plan.rosterRow.extraTimeRange', params: { entry: parsed.entry }, message: `accommodations: "${parsed.entry}" is not 1 to 240 minutes or 1 to 200 %` }
    : { key: 'plan.rosterRow.accommodationsUnreadable', params: { entry: parsed.entry }, message: `accommodations: "${parsed.entry}" is not understood` };
}

export function parseRosterRows(rows: readonly TableRow[]): { rows: RosterRow[] } | { headerMissing: true } {
  const header = findRosterHeader(rows);
  if (!header) return { headerMissing: true };
  const seen = new Map<string, number>();
  const out: RosterRow[] = [];
  for (const r of rows.slice(header.index + 1)) {
    const get = (c: Column) => (header.columns[c] >= 0 ? (r.cells[header.columns[c]] ?? '').trim() : '');
    const raw = { name: get('name'), idNumber: get('idNumber').toUpperCase(), level: get('level'), contact: get('contact'), accommodations: get('accommodations') };
    if (!raw.name && !raw.idNumber && !raw.level && !raw.contact && !raw.accommodations) continue;
    const errors: RosterRowProblem[] = [];
    if (!raw.name) errors.push({ key: 'plan.rosterRow.nameMissing', message: 'name: missing' });
    else if (raw.name.length > 40) errors.push({ key: 'plan.rosterRow.nameTooLong', params: { max: 40 }, message: 'name: longer than 40 characters' });
    const idProblem = idNumberProblem(raw.idNumber);
    if (idProblem) errors.push(ID_PROBLEMS[idProblem]);
    const level = parseLevel(raw.level);
    if (!level) errors.push({ key: 'plan.rosterRow.levelUnknown', params: { level: raw.level }, message: `level: "${raw.level}" is not 1 to 4` });
    if (raw.contact.length > 40) errors.push({ key: 'plan.rosterRow.contactTooLong', params: { max: 40 }, message: 'contact: longer than 40 characters' });
    const accommodations = accommodationsOf(raw.accommodations);
    if ('key' in accommodations) errors.push(accommodations);
    const dup = seen.get(raw.idNumber);
    if (!idProblem && dup !== undefined) errors.push({ key: 'plan.rosterRow.idSameAs', params: { row: dup }, message: `id number: same as row ${dup}` });
    if (!idProblem && dup === undefined) seen.set(raw.idNumber, r.number);
    const entry = errors.length === 0 && level && !('key' in accommodations) ? { name: raw.name, idNumber: raw.idNumber, level, contact: raw.contact, accommodations } : null;
    out.push({ row: r.number, raw, errors, entry });
  }
  return { rows: out };
}
