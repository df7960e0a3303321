import type { ErrorCode } from '@shared/errors.ts';

/** The few error classes the app throws; one handler maps them to HTTP responses and socket acks. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, readonly issues?: { path: string; message: string }[]) {
    super(400, 'BAD_REQUEST', message);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Log in first') {
    super(401, 'UNAUTHENTICATED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed for your role') {
    super(403, 'FORBIDDEN', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'NOT_FOUND', message);
  }
}
/** The request is well formed but the exam's state forbids it (deadline passed, session ended…). */
export class StateError extends AppError {
  constructor(code: Extract<ErrorCode, 'CONFLICT' | 'DEADLINE_PASSED' | 'SESSION_ENDED' | 'SESSION_NOT_STARTED' | 'SESSION_PAUSED' | 'AWAITING_ADMISSION'>, message: string) {
    super(409, code, message);
  }
}

/** An upload refused for what it is: not an accepted image, too large, or one too many. */
export class UploadRefusedError extends AppError {
  constructor(code: Extract<ErrorCode, 'UNSUPPORTED_IMAGE' | 'TOO_LARGE' | 'LIMIT_REACHED'>, message: string) {
    super(code === 'UNSUPPORTED_IMAGE' ? 415 : code === 'TOO_LARGE' ? 413 : 409, code, message);
  }
}

/** The server cannot do this until it is set up for it (a missing font, for instance); nothing changed. */
export class UnavailableError extends AppError {
  constructor(message: string) {
    super(503, 'UNAVAILABLE', message);
  }
}
