import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapError, toAckError } from '../../../server/src/core/error-handler.ts';
import { BadRequestError, StateError } from '../../../server/src/core/errors.ts';
import { errorDetailZhCN, errorIssueZhCN } from '../../../client/src/i18n/errors.zh-CN.ts';

/** Errors travel as codes and keys with values; the client words them (errors.detail / errors.issue). */
describe('error mapping', () => {
  it('carries a thrown error key, its values and its field issues', () => {
    const m = mapError(new BadRequestError('Registration must close before every sitting starts', { key: 'plan.sittingBeforeDeadline', params: { n: 2 }, issues: [{ path: 'startsAt', message: 'x' }] }));
    expect(m).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', key: 'plan.sittingBeforeDeadline', params: { n: 2 }, issues: [{ path: 'startsAt' }] });
  });

  it('gives a socket ack the same key and values', () => {
    expect(toAckError(new StateError('DEADLINE_PASSED', 'Time is up', { key: 'exam.timeUp', params: { at: 5 } }))).toEqual({ ok: false, error: { code: 'DEADLINE_PASSED', message: 'Time is up', key: 'exam.timeUp', params: { at: 5 } } });
  });

  it('keys zod issues by their code with the bounds they name', () => {
    const parsed = z.object({ name: z.string().min(3), seats: z.number().max(99) }).safeParse({ name: 'a', seats: 120 });
    const m = mapError(parsed.error);
    expect(m.key).toBe('invalidInput');
    expect(m.issues).toEqual([
      expect.objectContaining({ path: 'name', key: 'zod.too_small', params: expect.objectContaining({ minimum: 3 }) }),
      expect.objectContaining({ path: 'seats', key: 'zod.too_big', params: expect.objectContaining({ maximum: 99 }) }),
    ]);
  });

  it('words an empty required text as required, not as too short', () => {
    const parsed = z.object({ name: z.string().trim().min(1), tags: z.array(z.string()).min(1) }).safeParse({ name: '  ', tags: [] });
    expect(mapError(parsed.error).issues).toEqual([expect.objectContaining({ path: 'name', key: 'zod.required' }), expect.objectContaining({ path: 'tags', key: 'zod.too_small' })]);
    expect(errorIssueZhCN.zod.required).toBe('必填');
  });

  it('takes a refinement\'s own key from its params', () => {
    const schema = z.object({ a: z.number(), b: z.number() }).refine((v) => v.b > v.a, { message: 'b after a', path: ['b'], params: { key: 'plan.sittingBeforeDeadline' } });
    expect(mapError(schema.safeParse({ a: 2, b: 1 }).error).issues).toEqual([expect.objectContaining({ path: 'b', key: 'plan.sittingBeforeDeadline' })]);
  });

  it('has Chinese wording for every zod issue key the server sends and for the generic invalid input', () => {
    expect(errorDetailZhCN.invalidInput).toMatch(/[\u4e00-\u9fff]/);
    for (const code of ['too_small', 'too_big', 'invalid_type', 'invalid_format', 'invalid_value', 'unrecognized_keys', 'custom']) {
      expect(errorIssueZhCN.zod[code as keyof typeof errorIssueZhCN.zod]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('hides the details of an unexpected failure', () => {
    expect(mapError(new Error('SQLITE_CORRUPT at /data/x'))).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal error' });
  });
});
