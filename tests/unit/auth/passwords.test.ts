import { expect, it } from 'vitest';
import { dummyHash, hashPassword, verifyPassword } from '../../../server/src/features/auth/passwords.ts';

// A hash made before admission passwords got their own cost (issue #19): it must keep verifying.
const OLD_STANDARD = 'scrypt$16384$8$1$GVQEbZtLYLK6/uXPpCku4w==$aIo1pwQlhnPMdWyFKM82enQkqovIf9dAmTqZG8FKI6A=';

it('writes each hash with its own cost, and any of them verifies', async () => {
  const standard = await hashPassword('staff-pw-long');
  const admission = await hashPassword('k7mp2xqa', 'admission');
  expect(standard.split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
  expect(admission.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
  expect(await verifyPassword('staff-pw-long', standard)).toBe(true);
  expect(await verifyPassword('k7mp2xqa', admission)).toBe(true);
  expect(await verifyPassword('k7mp2xqb', admission)).toBe(false);
  expect(await verifyPassword('staff-pw-lonG', standard)).toBe(false);
  expect(await verifyPassword('anything', 'bcrypt$x')).toBe(false);
  expect((await dummyHash('admission')).split('$')[1]).toBe('1024');
  expect((await dummyHash()).split('$')[1]).toBe('16384');
  expect(dummyHash('admission')).toBe(dummyHash('admission'));
});

it('verifies a hash stored before the costs were split', async () => {
  expect(await verifyPassword('right-old-pw', OLD_STANDARD)).toBe(true);
  expect(await verifyPassword('wrong-old-pw', OLD_STANDARD)).toBe(false);
});

it('hashes off the event loop: a 5 ms timer fires while eight standard hashes are under way', async () => {
  let hashing = true;
  const hashes = Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(`pw-${i}`))).finally(() => (hashing = false));
  const timerFired = await new Promise<boolean>((resolve) => setTimeout(() => resolve(hashing), 5));
  expect(timerFired).toBe(true);
  await hashes;
});
