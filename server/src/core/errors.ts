import type { ErrorCode, ErrorIssue, MessageParams } from '@shared/errors.ts';

/**
 * What the client needs to word an error in the UI's language: a key of its message table with the
 * values it names, and for a 400 the fields in error. The English message stays for logs and API users.
 */
export type ErrorDetail = { key?: string; params?: MessageParams; issues?: ErrorIssue[] };

/** The few error classes the app throws; one handler maps them to HTTP responses and socket acks. */
/**
 * Why a pure rule refuses a change: the key (and values) the client words it by, and the English for
 * logs and API users. Rules return this instead of a sentence so no English reaches a screen.
 */
export type Refusal = { message: string; key: string; params?: MessageParams };

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, detail?: ErrorDetail) {
    super(400, 'BAD_REQUEST', message, detail);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Log in first', detail: ErrorDetail = { key: 'auth.loginFirst' }) {
    super(401, 'UNAUTHENTICATED', message, detail);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed for your role', detail: ErrorDetail = { key: 'auth.roleRefused' }) {
    super(403, 'FORBIDDEN', message, detail);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found', detail?: ErrorDetail) {
    super(404, 'NOT_FOUND', message, detail);
  }
}
/** The request is well formed but the exam's state forbids it (deadline passed, session ended…). */
export class StateError extends AppError {
  constructor(code: Extract<ErrorCode, 'CONFLICT' | 'DEADLINE_PASSED' | 'SESSION_ENDED' | 'SESSION_NOT_STARTED' | 'SESSION_PAUSED' | 'AWAITING_ADMISSION'>, message: string, detail?: ErrorDetail) {
    super(409, code, message, detail);
  }
}

/** An upload refused for what it is: not an accepted image, too large, or one too many. */
export class UploadRefusedError extends AppError {
  constructor(code: Extract<ErrorCode, 'UNSUPPORTED_IMAGE' | 'TOO_LARGE' | 'LIMIT_REACHED'>, message: string, detail?: ErrorDetail) {
    super(code === 'UNSUPPORTED_IMAGE' ? 415 : code === 'TOO_LARGE' ? 413 : 409, code, message, detail);
  }
}

/** The server cannot do this until it is set up for it (a missing font, for instance); nothing changed. */
export class UnavailableError extends AppError {
  constructor(message: string, detail?: ErrorDetail) {
    super(503, 'UNAVAILABLE', message, detail);
  }
}
