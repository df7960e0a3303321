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
