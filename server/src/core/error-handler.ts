import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { issueOf, zodIssuesOf, type ErrorBody, type ErrorCode, type ErrorIssue, type MessageParams } from '@shared/errors.ts';
import type { Ack } from '@shared/events.ts';
import { unstorableText } from './db/dialect.ts';
import { AppError } from './errors.ts';
import { noteRefusal } from './logging.ts';

type Mapped = { statusCode: number; code: ErrorCode; message: string; key?: string; params?: MessageParams; issues?: ErrorIssue[] };


/** The optional parts of a mapped error, left out when absent so bodies stay small. */
const detailOf = (m: Mapped) => ({ ...(m.key ? { key: m.key } : {}), ...(m.params ? { params: m.params } : {}), ...(m.issues ? { issues: m.issues } : {}) });

/** One place that turns anything thrown into a status, a stable code and a safe message. */
export function mapError(err: unknown): Mapped {
  if (err instanceof AppError) return { statusCode: err.statusCode, code: err.code, message: err.message, ...err.detail };
  if (err instanceof ZodError) return { statusCode: 400, code: 'BAD_REQUEST', message: 'Invalid input', key: 'invalidInput', issues: zodIssuesOf(err) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    return {
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'Invalid input',
      key: 'invalidInput',
      issues: err.validation.map((v) => issueOf(v.instancePath.replace(/^\//, '').replaceAll('/', '.'), v.keyword, v.message ?? 'invalid', v.params)),
    };
  }
  const fe = err as Partial<FastifyError>;
  if (fe.statusCode === 429) return { statusCode: 429, code: 'RATE_LIMITED', message: fe.message ?? 'Too many requests' };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: bad JSON, body too large, unsupported media type.
    return { statusCode: fe.statusCode, code: fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: fe.message ?? 'Bad request' };
  }
  if (unstorableText(err)) return { statusCode: 400, code: 'BAD_REQUEST', message: 'Invalid input', key: 'invalidInput' };
  return { statusCode: 500, code: 'INTERNAL', message: 'Internal error' };
}

export function toAckError(err: unknown): Ack<never> {
  const m = mapError(err);
  return { ok: false, error: { code: m.code, message: m.message, ...(m.key ? { key: m.key } : {}), ...(m.params ? { params: m.params } : {}) } };
}

export function errorBody(code: ErrorCode, message: string, requestId?: string): ErrorBody {
  return { error: { code, message, ...(requestId ? { requestId } : {}) } };
}

export function notFoundBody(method: string, url: string, requestId: string): ErrorBody {
  return errorBody('NOT_FOUND', `No route ${method} ${url.split('?')[0]}`, requestId);
}

/** Node's HTTP parser refused the request (headers too large, malformed): answer in our envelope. */
export function writeClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(errorBody('BAD_REQUEST', status === 431 ? 'Request headers or URL too large' : 'Malformed HTTP request'));
  socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const m = mapError(err);
    if (m.statusCode >= 500) request.log.error({ err }, 'request failed');
    else noteRefusal(request, m.code, m.message);
    const body: ErrorBody = { error: { code: m.code, message: m.message, requestId: request.id, ...detailOf(m) } };
    void reply.status(m.statusCode).send(body);
  });
}
