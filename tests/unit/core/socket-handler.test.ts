import { expect, it } from 'vitest';
import { z } from 'zod';
import { BuiltOnSend, handle, type HandlerContext } from '../../../server/src/core/socket-handler.ts';
import type { AppSocket } from '../../../server/src/core/socket.ts';

/**
 * A reply built on send (issue #19): the handler's awaits are over before the reply exists, and the
 * browser receives the built value, not the builder.
 */
const socket = { id: 's1', data: { user: { userId: 1, role: 'candidate' } }, disconnect() {} } as unknown as AppSocket;
const ctx = { log: { error() {} }, isAuthorised: () => true } as unknown as HandlerContext;

it('builds a BuiltOnSend reply only once the handler is done, and acks the built value', async () => {
  const steps: string[] = [];
  const handler = handle(socket, ctx, { event: 'x', roles: ['candidate'], schema: z.object({ n: z.number() }) }, async (p) => {
    await Promise.resolve();
    steps.push('read');
    return new BuiltOnSend(() => {
      steps.push('built');
      return { doubled: p.n * 2 };
    });
  });
  const acked = new Promise((resolve) => void handler({ n: 21 }, (reply: unknown) => {
    steps.push('acked');
    resolve(reply);
  }));
  expect(await acked).toEqual({ ok: true, data: { doubled: 42 } });
  expect(steps).toEqual(['read', 'built', 'acked']);
});

it('acks a plain value as it is', async () => {
  const handler = handle(socket, ctx, { event: 'x', roles: ['candidate'], schema: z.object({}) }, () => ({ plain: true }));
  const acked = new Promise((resolve) => void handler({}, resolve));
  expect(await acked).toEqual({ ok: true, data: { plain: true } });
});

it('acks an error thrown while building as an error', async () => {
  const handler = handle(socket, ctx, { event: 'x', roles: ['candidate'], schema: z.object({}) }, () => new BuiltOnSend(() => { throw new Error('boom'); }));
  const acked = new Promise<{ ok: boolean }>((resolve) => void handler({}, resolve));
  expect((await acked).ok).toBe(false);
});
