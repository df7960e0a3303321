import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { Config } from './config.ts';

/**
 * Logs people can read and may keep: JSON in production (one object a line, for a collector),
 * pino-pretty in development when it is installed (a dev dependency) and writing to a terminal.
 * One line per request, with its id; static files and health probes are not logged (debug).
 * Secrets never reach a line: cookies and authorization headers, any password field, and ID
 * numbers (身份证号) wherever they appear, fields or text.
 */

const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'initialPassword', 'passwordHash', 'idNumber', 'token', 'cookie', 'authorization'];

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
];

/** 18-character resident ID numbers (GB 11643: 17 digits and a check digit or X), not longer digit runs. */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

export const scrubIdNumbers = (line: string) => line.replace(ID_NUMBER, '[ID number]');

/**
 * Every serialized line passes here on its way out, so an ID number is caught wherever it hides:
 * an error message, a URL, a library's text. Cheaper and surer than walking every logged object.
 */
function scrubbing(out: { write(chunk: string): unknown }): DestinationStream {
  return { write: (line: string) => void out.write(scrubIdNumbers(line)) };
}

/** pino-pretty as a stream (no worker thread), when it is installed: it is a dev dependency. */
function prettyStream(): { write(chunk: string): unknown } | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (opts: object) => { write(chunk: string): unknown };
    return pretty({ singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res,responseTime', colorize: true });
  } catch {
    return null;
  }
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

const guarded = new WeakSet<object>();

/**
 * A log destination that fails must not end an exam: the pipe to a collector closed (EPIPE), or the
 * kernel out of buffers in a 20,000-candidate storm (ENOBUFS, seen in the bench) make the stream
 * emit 'error', which with no listener crashes the process. Said once on stderr; the lines are lost.
 */
export function surviveLogFailures(out: NodeJS.WritableStream, say: (text: string) => void = (text) => void process.stderr.write(text)): void {
  if (guarded.has(out)) return;
  guarded.add(out);
  let said = false;
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (said) return;
    said = true;
    try {
      say(`kaochang: log output failed (${err.code ?? err.message}); log lines are being lost, the server goes on\n`);
    } catch {
      // stderr may be the same broken pipe: nothing more to do.
    }
  });
}

export function loggerServerOptions(config: Pick<Config, 'env' | 'logLevel' | 'trustProxy'>, stream?: DestinationStream): Pick<FastifyServerOptions, 'logger' | 'logController' | 'genReqId' | 'requestIdHeader'> {
  const pretty = !stream && config.env === 'development' && process.stdout.isTTY ? prettyStream() : null;
  if (!stream && !pretty) surviveLogFailures(process.stdout);
  const logger: LoggerOptions & { stream: DestinationStream } = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    stream: scrubbing(stream ?? pretty ?? process.stdout),
  };
  return {
    logger,
    logController: new OneLinePerRequest(),
    // A proxy's X-Request-Id is kept when it is trusted, so its lines and ours match.
    requestIdHeader: config.trustProxy ? 'x-request-id' : false,
    genReqId: (req: IncomingMessage) => {
      const incoming = config.trustProxy ? req.headers['x-request-id'] : undefined;
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  };
}

const isQuiet = (url: string) => url.startsWith('/assets/') || url === '/api/health' || url === '/favicon.ico';

const refusals = new WeakMap<FastifyRequest, { code: string; message: string }>();

/** A refused request (4xx) says why on its one line rather than on a line of its own. */
export function noteRefusal(request: FastifyRequest, code: string, message: string): void {
  refusals.set(request, { code, message });
}

/** Fastify writes a line when a request comes in and one when it is done; one line, when done, is enough. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const line = { req: request, res: { statusCode: reply.statusCode }, responseTime: ms, ...(error ? { err: error } : {}), ...(refusals.has(request) ? { refused: refusals.get(request) } : {}) };
    const msg = `${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${ms} ms`;
    if (error) request.log.error(line, msg);
    else if (isQuiet(request.url)) request.log.debug(line, msg);
    else request.log.info(line, msg);
  }
}

/** The request id goes back to the browser (X-Request-Id), so a report from an exam room finds its log line. */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
}
