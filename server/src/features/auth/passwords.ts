import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * How costly a new hash is. Every hash names its own parameters (below), so changing a cost never
 * breaks a stored hash: each verifies with the cost it was made with.
 *
 * - `standard` (scrypt N=16384, r=8, p=1: 16 MiB, ~50 ms of one core): passwords people choose
 *   and keep (staff, applicants).
 * - `admission` (scrypt N=1024, r=8, p=1: 1 MiB, ~3 ms): candidates' admission passwords, which the
 *   roster import generates (8 characters of a 31-letter alphabet, ~40 bits) and prints on the
 *   admission ticket for one exam day. A sitting's candidates log in within minutes (issue #19:
 *   at least 200 logins/s on two cores); the randomness, not the cost, is what protects these.
 */
export type PasswordCost = 'standard' | 'admission';

// scrypt is in Node's standard library, so no native add-on has to build on exam-room servers.
const PARAMS: Record<PasswordCost, { N: number; r: number; p: number; keylen: number }> = {
  standard: { N: 16384, r: 8, p: 1, keylen: 32 },
  admission: { N: 1024, r: 8, p: 1, keylen: 32 },
};

// The asynchronous scrypt runs on libuv's thread pool: hashing never holds the event loop.
function derive(password: string, salt: Buffer, opts: ScryptOptions & { keylen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, opts.keylen, { N: opts.N, r: opts.r, p: opts.p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Format: scrypt$N$r$p$salt$hash (base64), so parameters can change without breaking old hashes. */
export async function hashPassword(password: string, cost: PasswordCost = 'standard'): Promise<string> {
  const params = PARAMS[cost];
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), keylen: expected.length });
  return timingSafeEqual(key, expected);
}

const dummies = new Map<PasswordCost, Promise<string>>();
/**
 * A hash of a random password at the cost a form's accounts use, verified against when the login is
 * unknown (or belongs to another form), so timing does not reveal which logins exist.
 */
export function dummyHash(cost: PasswordCost = 'standard'): Promise<string> {
  let hash = dummies.get(cost);
  if (!hash) dummies.set(cost, (hash = hashPassword(randomBytes(12).toString('hex'), cost)));
  return hash;
}
