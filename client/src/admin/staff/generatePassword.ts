// No 0/O, 1/l/I: the password is read out or copied by hand at the exam office.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password made in the browser, so the server never has to send one back. */
export function generatePassword(length = 12, random: (n: number) => Uint32Array = (n) => crypto.getRandomValues(new Uint32Array(n))): string {
  // 2^32 is not a multiple of the alphabet size: drop the values that would favour the first letters.
  const limit = Math.floor(0x1_0000_0000 / ALPHABET.length) * ALPHABET.length;
  let out = '';
  while (out.length < length) {
    for (const v of random(length)) if (v < limit && out.length < length) out += ALPHABET[v % ALPHABET.length];
  }
  return out;
}
