import { csvDocument, defuseFormula } from '../../core/csv.ts';
import ExcelJS from 'exceljs';
import type { Level } from '@shared/domain.ts';
import type { PartCell, SittingResults } from '@shared/results.ts';

/** The columns a centre reports to the national registry, in the registry's language. */

// The registry's columns first; then the extra time of each part, planned (accommodation) and incident (proctor), kept apart.
export const EXPORT_HEADER = ['姓名', '证件号码', '准考证号', '职业编码', '职业名称', '等级', '理论知识成绩', '技能考核成绩', '综合评审成绩', '结果', '理论计划延时(分钟)', '理论临时延时(分钟)', '技能计划延时(分钟)', '技能临时延时(分钟)'] as const;

const LEVEL_LABEL: Record<Level, string> = { 4: '四级/中级工', 3: '三级/高级工', 2: '二级/技师', 1: '一级/高级技师' };
const RESULT_LABEL = { certified: '合格', not_certified: '不合格', absent: '缺考', violation: '违纪', pending: '待定' } as const;
const OCCUPATION_NAME = '网络与信息安全管理员';

function cell(part: PartCell | null): string | number {
  if (!part) return '';
  if (part.outcome === 'absent') return '缺考';
  if (part.outcome === 'violation') return '违纪';
  if (part.outcome === 'not_started') return '未开始';
  if (part.outcome === 'in_progress') return '进行中';
  return part.score ?? '待评';
}

export function exportRows(results: SittingResults): (string | number)[][] {
  return results.rows.map((r) => [
    r.name,
    r.idNumber ?? '',
    r.ticketNo,
    results.occupationCode,
    OCCUPATION_NAME,
    LEVEL_LABEL[results.level],
    cell(r.theory),
    cell(r.skills),
    cell(r.review),
    RESULT_LABEL[r.result],
    r.theory.extraTime?.planned ?? 0,
    r.theory.extraTime?.incident ?? 0,
    r.skills.extraTime?.planned ?? 0,
    r.skills.extraTime?.incident ?? 0,
  ]);
}

/** The registry export as CSV (BOM, formula-safe). */
export function toCsv(results: SittingResults): string {
  return csvDocument([[...EXPORT_HEADER], ...exportRows(results)]);
}

export async function toXlsx(results: SittingResults): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('成绩');
  sheet.addRow([...EXPORT_HEADER]).font = { bold: true };
  // ID numbers and tickets are text: as numbers, Excel would round 18-digit ID numbers.
  for (const row of exportRows(results)) sheet.addRow(row.map((v) => (typeof v === 'string' ? defuseFormula(v) : v)));
  for (const col of [2, 3]) sheet.getColumn(col).numFmt = '@';
  sheet.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await book.xlsx.writeBuffer());
}
