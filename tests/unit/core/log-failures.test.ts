import { Writable } from 'node:stream';
import pino from 'pino';
import { expect, it } from 'vitest';
import { surviveLogFailures } from '../../../server/src/core/logging.ts';

/** A destination whose writes fail as the kernel's did in the 20,000-candidate bench. */
function failingDestination() {
  return new Writable({
    write(_chunk, _enc, done) {
      done(Object.assign(new Error('write ENOBUFS'), { code: 'ENOBUFS' }));
    },
  });
}

it('a failing log destination is said once on stderr and does not throw', async () => {
  const out = failingDestination();
  const said: string[] = [];
  surviveLogFailures(out, (text) => said.push(text));
  surviveLogFailures(out, (text) => said.push(`twice: ${text}`));
  const log = pino(out);
  for (let i = 0; i < 3; i++) log.info({ i }, 'a start');
  await new Promise((resolve) => setImmediate(resolve));
  expect(said).toEqual([expect.stringContaining('ENOBUFS')]);
});

it('without the guard the same failure is an unhandled error event (why it exists)', async () => {
  const out = failingDestination();
  const unhandled = new Promise<Error>((resolve) => {
    // An 'error' with no listener is thrown from the emit: caught here as the process would crash on it.
    const emit = out.emit.bind(out);
    out.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'error' && out.listenerCount('error') === 0) {
        resolve(args[0] as Error);
        return true;
      }
      return emit(event, ...args);
    }) as typeof out.emit;
  });
  pino(out).info('a start');
  expect((await unhandled).message).toContain('ENOBUFS');
});
