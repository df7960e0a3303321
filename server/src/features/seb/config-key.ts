import { createHash } from 'node:crypto';

/** A value of a SEB settings property list, as the `plist` library parses and builds it. */
export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | PlistDict;
export type PlistDict = { [key: string]: PlistValue };

/**
 * SEB's Config Key, as SEB for Windows, macOS and iOS compute it over the settings they opened
 * (safeexambrowser.org/developer/seb-config-key.html): the plist as "SEB-JSON", SHA-256, lowercase hex.
 * An exam system that generates the settings computes the same key and so needs no key typed in.
 */
export function configKeyOf(settings: PlistDict): string {
  return createHash('sha256').update(sebJson(settings), 'utf8').digest('hex');
}

/**
 * The SEB-JSON text of a settings dictionary:
 * - `originatorVersion` left out (it only names the SEB version that saved the file), at every level as SEB does;
 * - dictionary keys sorted without regard to case, recursively, dictionaries inside arrays too;
 * - a dictionary value that is empty left out with its key (one inside an array stays, as `{}`, as in SEB's clients);
 * - no whitespace and no escaping at all: `/`, `\` and non-ASCII text go as they are (UTF-8);
 * - `<data>` as Base64, `<date>` as an ISO 8601 string, reals as SEB's clients print doubles.
 */
export function sebJson(value: PlistValue): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof Date) return `"${isoDate(value)}"`;
  if (value instanceof Uint8Array) return `"${Buffer.from(value).toString('base64')}"`;
  if (Array.isArray(value)) return `[${value.map(sebJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => key !== 'originatorVersion' && !isEmptyDict(value[key]!))
    .sort(compareKeys)
    .map((key) => `"${key}":${sebJson(value[key]!)}`);
  return `{${entries.join(',')}}`;
}

// Unicode collation of the root order: letters compare without regard to case, a lowercase
// spelling before an uppercase one of the same word (allowWlan before allowWLAN, as SEB's
// description asks), like .NET's invariant culture in SEB for Windows and Moodle's Collator('root').
// 'en' because it has no tailoring of the root order, and because V8 resolves 'und' to the
// machine's own locale, which would make the key depend on where the server runs.
const keyCollator = new Intl.Collator('en', { usage: 'sort', sensitivity: 'variant', caseFirst: 'false', numeric: false, ignorePunctuation: false });
const compareKeys = (a: string, b: string) => keyCollator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

function isEmptyDict(value: PlistValue): boolean {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array) && Object.keys(value).length === 0;
}

/**
 * Integers as they are; other numbers as SEB for Windows prints a double (.NET "G15") and SEB for
 * macOS mirrors it (`%.15g`, uppercase E): 15 significant digits, fixed notation for exponents from
 * -4 to 14, otherwise scientific with a signed two-digit exponent.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`A SEB setting cannot hold ${n}`);
  if (n === 0) return '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const [mantissa = '', exp = '0'] = n.toExponential(14).split('e');
  const exponent = Number(exp);
  if (exponent >= -4 && exponent < 15) return String(Number(n.toPrecision(15)));
  const digits = mantissa.replace(/\.?0+$/, '');
  return `${digits}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Plist dates have whole seconds; written like Moodle's SEB plugin (PHP's `c` format, UTC). */
function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
