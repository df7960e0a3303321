import { createHash, timingSafeEqual } from 'node:crypto';
import type { SebJsKeys } from '@shared/seb.ts';

/**
 * What a sitting that requires SEB accepts: its Config Key, and the Browser Exam Keys the office
 * listed (none: any SEB build); with the quit URL the exam page links to after submission.
 */
export type SebPolicy = Readonly<{ configKey: string; browserExamKeys: readonly string[]; quitUrl: string | null }>;

/** ok: SEB with the sitting's settings; missing: no SEB keys sent (another browser); mismatch: keys that do not fit. */
export type SebVerdict = 'ok' | 'missing' | 'mismatch';

/** The headers SEB adds to every request (sendBrowserExamKey); Node lowercases header names. */
export const SEB_HEADERS = { configKeyHash: 'x-safeexambrowser-configkeyhash', requestHash: 'x-safeexambrowser-requesthash' } as const;

export type KeyHashes = { configKeyHash?: string | undefined; requestHash?: string | undefined };

/** hex(SHA-256(absolute URL without its fragment + key)): what SEB sends for a key and a URL. */
export function keyHash(url: string, key: string): string {
  return createHash('sha256').update(withoutFragment(url) + key, 'utf8').digest('hex');
}

export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * The absolute URL as the browser requested it, from the scheme and Host it used (behind a trusted
 * proxy, the forwarded ones) and the request target as sent. The origin is written the way browsers
 * write it (lowercase host, no default port); the path and query are left exactly as they came.
 */
export function requestUrl(protocol: string, host: string, target: string): string | null {
  try {
    if (!target.startsWith('/')) return withoutFragment(new URL(target).href); // absolute-form request target
    return new URL(`${protocol}://${host}`).origin + withoutFragment(target);
  } catch {
    return null;
  }
}

/**
 * Checks SEB's hashes against one of the URLs the request may have been hashed with. The Config
 * Key hash is always needed; the request hash too once the office lists Browser Exam Keys, and it
 * must fit one of them.
 */
export function verifyKeyHashes(policy: SebPolicy, urls: readonly string[], given: KeyHashes): SebVerdict {
  const configKeyHash = given.configKeyHash?.trim().toLowerCase();
  const requestHash = given.requestHash?.trim().toLowerCase();
  const needsBek = policy.browserExamKeys.length > 0;
  if (!configKeyHash || (needsBek && !requestHash)) return 'missing';
  const fits = (hash: string, key: string) => urls.some((url) => sameHex(hash, keyHash(url, key)));
  if (!fits(configKeyHash, policy.configKey)) return 'mismatch';
  if (needsBek && !policy.browserExamKeys.some((bek) => fits(requestHash!, bek))) return 'mismatch';
  return 'ok';
}

/**
 * The JavaScript API variant: the page read `SafeExamBrowser.security.configKey` / `browserExamKey`
 * (already hashed with its own URL) and sent them with that URL. The URL must be a page of this
 * server (`origin`, rebuilt from the request that carries the keys), so keys made for another site
 * do not pass.
 */
export function verifyJsKeys(policy: SebPolicy, origin: string, keys: SebJsKeys): SebVerdict {
  let page: URL;
  try {
    page = new URL(keys.url);
  } catch {
    return 'mismatch';
  }
  if (page.origin !== origin || page.username || page.password) return 'mismatch';
  return verifyKeyHashes(policy, [withoutFragment(keys.url)], { configKeyHash: keys.configKey, requestHash: keys.browserExamKey });
}

function sameHex(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given, 'utf8'), Buffer.from(expected, 'utf8'));
}

/** A header that may be repeated (Node gives an array for some): only a single value counts. */
export function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
