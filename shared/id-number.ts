/**
 * Resident identity number (公民身份号码) per GB 11643-1999: 6-digit region, 8-digit birth date,
 * 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'birth-date' | 'check-digit';

/** Why an ID number is invalid, or null when it is valid. Lower-case x is accepted and normalised by callers. */
export function idNumberProblem(raw: string): IdNumberProblem | null {
  const value = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return 'format';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birth-date';
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return 'check-digit';
  return null;
}

export const isValidIdNumber = (raw: string) => idNumberProblem(raw) === null;
