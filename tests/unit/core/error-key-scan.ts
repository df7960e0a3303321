/**
 * Reads TypeScript source for the server's errors and their message keys, without a parser: the
 * throws are written one way (`new XError(message, { key: … })`), and a key is a string literal
 * after `key:` (both branches of a `?:`, a template's `${…}` standing for any one segment).
 */
export type Table = { [key: string]: string | Table };

const ERROR_CLASSES = ['AppError', 'BadRequestError', 'UnauthenticatedError', 'ForbiddenError', 'NotFoundError', 'StateError', 'UploadRefusedError', 'UnavailableError'];
/** These carry a default key when constructed without arguments (core/errors.ts). */
const DEFAULT_KEYED = new Set(['UnauthenticatedError', 'ForbiddenError']);

/** Index just past the bracket that closes the one opened before `from`, skipping strings. */
function closing(text: string, from: number): number {
  let depth = 1;
  let quote: string | null = null;
  let i = from;
  for (; depth > 0 && i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
  }
  return i;
}

export type Throw = { cls: string; line: number; args: string; keyed: boolean };

export function keyedThrowsIn(text: string): Throw[] {
  const re = new RegExp(`new (${ERROR_CLASSES.join('|')})\\(`, 'g');
  return [...text.matchAll(re)].map((m) => {
    const start = m.index + m[0].length;
    const args = text.slice(start, closing(text, start) - 1);
    const keyed = /\bkey:/.test(args) || (args.trim() === '' && DEFAULT_KEYED.has(m[1]!));
    return { cls: m[1]!, line: text.slice(0, m.index).split('\n').length, args, keyed };
  });
}

/** The literal keys after each `key:`; `${…}` becomes `*`. Identifiers (`key: refusal.key`) name none. */
export function errorKeysIn(text: string): string[] {
  const keys: string[] = [];
  for (const m of text.matchAll(/\bkey:\s*/g)) {
    const start = m.index + m[0].length;
    // The expression runs to the next comma or closing bracket at its own depth.
    let depth = 0;
    let quote: string | null = null;
    let end = start;
    for (; end < text.length; end++) {
      const c = text[end]!;
      if (quote) {
        if (c === '\\') end++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === "'" || c === '"' || c === '`') quote = c;
      else if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    const expr = text.slice(start, end);
    for (const lit of expr.matchAll(/'([^']*)'|"([^"]*)"|`([^`]*)`/g)) {
      const value = (lit[1] ?? lit[2] ?? lit[3] ?? '').replace(/\$\{[^}]*\}/g, '*');
      // A key has an area and a name (`plan.noRoom`); other literals in the expression are values it tests.
      if (/^[A-Za-z*]+(\.[A-Za-z*]+)+$/.test(value)) keys.push(value);
    }
  }
  return keys;
}

/** Every string's dotted path in a message table. */
export function stringKeys(table: Table, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(table)) {
    if (typeof v === 'string') out.add(`${prefix}${k}`);
    else for (const inner of stringKeys(v, `${prefix}${k}.`)) out.add(inner);
  }
  return out;
}
