/**
 * RFC 4180 CSV for every export (audit log, proctor room logs, results). Text that a spreadsheet
 * would run as a formula (= + - @, tab, CR at the start) gets an apostrophe: candidates' names,
 * answers and messages end up in these files. Numbers stay numbers.
 */
export const defuseFormula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const s = defuseFormula(typeof value === 'object' ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (fields: readonly unknown[]) => `${fields.map(csvField).join(',')}\r\n`;

/** A whole file; the BOM makes Excel read it as UTF-8, so Chinese text survives. */
export const csvDocument = (rows: readonly (readonly unknown[])[]) => `\uFEFF${rows.map(csvLine).join('')}`;
