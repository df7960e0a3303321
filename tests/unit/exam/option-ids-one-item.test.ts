import { describe, expect, it, vi } from 'vitest';

// Every buffer the version 2 cipher is handed, to see what a save's derivation costs.
const inputs = vi.hoisted(() => [] as Buffer[]);
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    createCipheriv: (...args: Parameters<typeof crypto.createCipheriv>) => {
      const cipher = crypto.createCipheriv(...args);
      const update = cipher.update.bind(cipher) as (data: Buffer) => Buffer;
      return Object.assign(cipher, { update: (data: Buffer) => (inputs.push(data), update(data)) });
    },
  };
});
const { createOptionIds } = await import('../../../server/src/features/exam/option-ids.ts');

describe('option ids of one item (a save maps its item in and back out)', () => {
  it('are one cipher call over that item\'s 64 bytes, in a buffer reused by every save: no paper\'s blocks copied or kept per call', () => {
    const forCandidate = createOptionIds(() => Buffer.alloc(32, 7));
    const items = [1, 2, 3].map((id) => ({ id, options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o })) }));
    inputs.length = 0;
    const ids = items.map((item, k) => forCandidate(1, 10 + k, 2).idsOf(item));
    expect(inputs.map((b) => b.length)).toEqual([64, 64, 64]);
    expect(new Set(inputs).size).toBe(1);
    // The same ids as the paper prepared at once (a start) gives: the fixed vectors are in option-ids.test.ts.
    items.forEach((item, k) => {
      const paper = forCandidate(1, 10 + k, 2);
      paper.prepare(items);
      expect(paper.idsOf(item)).toEqual(ids[k]);
    });
  });
});
