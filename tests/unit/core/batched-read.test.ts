import { describe, expect, it } from 'vitest';
import { batchedRead } from '../../../server/src/core/db/batched-read.ts';

/** A stand-in query whose answers the test releases, recording the keys of each call. */
function slowQuery() {
  const calls: number[][] = [];
  const release: (() => void)[] = [];
  const readMany = (keys: readonly number[]) =>
    new Promise<Map<number, string>>((resolve) => {
      calls.push([...keys]);
      release.push(() => resolve(new Map(keys.filter((k) => k > 0).map((k) => [k, `row ${k}`]))));
    });
  /** Answers every query, including those the answers let start, until a few turns pass without one. */
  const settle = async () => {
    for (let idle = 0; idle < 5; idle++) {
      await new Promise((r) => setImmediate(r));
      if (release.length > 0) {
        release.shift()!();
        idle = 0;
      }
    }
  };
  return { readMany, calls, settle };
}

describe('reads batched across callers (core/db/batched-read.ts)', () => {
  it('serves reads of one turn with one query, each with its own row or nothing', async () => {
    const q = slowQuery();
    const read = batchedRead(q.readMany);
    const reads = Promise.all([read(1), read(2), read(-3), read(2)]);
    await new Promise((r) => setImmediate(r));
    await q.settle();
    expect(await reads).toEqual(['row 1', 'row 2', undefined, 'row 2']);
    expect(q.calls).toEqual([[1, 2, -3]]);
  });

  it('puts reads arriving while a query runs into the next one, and caps a query at max keys', async () => {
    const q = slowQuery();
    const read = batchedRead(q.readMany, { max: 2 });
    const first = read(1);
    await new Promise((r) => setImmediate(r));
    const later = Promise.all([read(2), read(3), read(4)]);
    expect(q.calls).toEqual([[1]]);
    await q.settle();
    expect([await first, ...(await later)]).toEqual(['row 1', 'row 2', 'row 3', 'row 4']);
    expect(q.calls).toEqual([[1], [2, 3], [4]]);
  });

  it('rejects the reads of a failed query only, and goes on with the next', async () => {
    let fail = true;
    const read = batchedRead(async (keys: readonly number[]) => {
      if (fail) throw new Error('connection lost');
      return new Map(keys.map((k) => [k, k * 10]));
    });
    const failed = Promise.allSettled([read(1), read(2)]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await read(3)).toBe(30);
  });
});
