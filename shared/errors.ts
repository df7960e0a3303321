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

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    requestId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
