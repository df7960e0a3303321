import { z } from 'zod';

/**
 * Stable error codes shared by HTTP responses and socket acks, so the client can
 * translate them and tests can assert them.
 */
export const errorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DEADLINE_PASSED',
  'SESSION_ENDED',
  'SESSION_NOT_STARTED',
  'SESSION_PAUSED',
  'AWAITING_ADMISSION',
  'RATE_LIMITED',
  /** Uploads: not an accepted image (by content), too large, or the task's limit is reached. */
  'UNSUPPORTED_IMAGE',
  'TOO_LARGE',
  'LIMIT_REACHED',
  /** The server lacks something it needs for this request (e.g. a CJK font for PDF tickets). */
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Values a message names (a room, a count, a limit); the client puts them into its own wording. */
export const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type MessageParams = z.infer<typeof messageParamsSchema>;

/**
 * What exactly went wrong, as a key of the client's message table (`errors.detail.<key>`) with its
 * values. The server's English `message` is for logs and API users; screens word the key.
 */
export const messageRefSchema = z.object({ key: z.string(), params: messageParamsSchema.optional() });
export type MessageRef = z.infer<typeof messageRefSchema>;

export const errorIssueSchema = z.object({ path: z.string(), message: z.string(), key: z.string().optional(), params: messageParamsSchema.optional() });
export type ErrorIssue = z.infer<typeof errorIssueSchema>;

/**
 * A validation problem as the API sends it: its code's key (`zod.too_small`…) with the bounds, so the
 * client can word it. Shared so a form checking with the server's own schema shows the server's words.
 */
export function issueOf(path: string, code: string, message: string, bounds: Record<string, unknown>): ErrorIssue {
  const params: MessageParams = {};
  for (const name of ['minimum', 'maximum'] as const) {
    const v = bounds[name];
    if (typeof v === 'number' || typeof v === 'bigint') params[name] = Number(v);
  }
  if (typeof bounds.origin === 'string') params.origin = bounds.origin;
  // A refinement in a shared schema names its own message key: `refine(fn, { params: { key } })`.
  const own = (bounds.params as { key?: unknown } | undefined)?.key;
  if (typeof own === 'string') return { path, message, key: own, params };
  // An empty text where one is needed reads "required", not "too short (at least 1)".
  const empty = code === 'too_small' && params.minimum === 1 && params.origin === 'string';
  return { path, message, key: empty ? 'zod.required' : `zod.${code}`, params };
}

/** Every issue of a failed zod parse, its path joined with dots as the API sends it (`form.certificates.0.date`). */
export const zodIssuesOf = (err: z.ZodError): ErrorIssue[] => err.issues.map((i) => issueOf(i.path.join('.'), i.code, i.message, i as unknown as Record<string, unknown>));

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    key: z.string().optional(),
    params: messageParamsSchema.optional(),
    requestId: z.string().optional(),
    issues: z.array(errorIssueSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
