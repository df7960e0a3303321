import { describe, expect, it } from 'vitest';
import { createNewestOnly } from '../../../server/src/features/exam/start-coalescing.ts';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('newest ask only, per connection', () => {
  it('answers the newest of two asks in flight and refuses the older in a few bytes', async () => {
    const newestOnly = createNewestOnly();
    const shared = deferred<string>();
    const older = newestOnly('start:1', () => shared.promise);
    const newer = newestOnly('start:1', () => shared.promise);
    shared.resolve('view');
    await expect(older).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(newer).resolves.toBe('view');
  });

  it('answers asks one after the other, and asks of different keys, each with its result', async () => {
    const newestOnly = createNewestOnly();
    expect(await newestOnly('start:1', async () => 'a')).toBe('a');
    expect(await newestOnly('start:1', async () => 'b')).toBe('b');
    const [x, y] = await Promise.all([newestOnly('start:1', async () => 'x'), newestOnly('resume:9', async () => 'y')]);
    expect([x, y]).toEqual(['x', 'y']);
  });
});
