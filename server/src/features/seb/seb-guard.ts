import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { SEB_JS_HEADERS, sebJsKeysSchema } from '@shared/seb.ts';
import type { MessageParams } from '@shared/errors.ts';
import { ForbiddenError } from '../../core/errors.ts';
import { requestUrl, SEB_HEADERS, singleHeader, verifyJsKeys, verifyKeyHashes, type SebPolicy, type SebVerdict } from './request-check.ts';

/** A sitting's policy, or null when it does not require SEB. May be asynchronous. */
export type SebPolicyLookup = (sittingId: number) => SebPolicy | null | Promise<SebPolicy | null>;

/** What the guard reads of a Socket.IO handshake (`socket.handshake`). */
export type HandshakeLike = { headers: IncomingHttpHeaders; url: string; secure: boolean; auth: Record<string, unknown> };

export type SebGuard = ReturnType<typeof createSebGuard>;

/**
 * The port through which candidate routes, the exam page and the socket handshake ask whether a
 * request comes from SEB with the sitting's settings. A sitting that does not require SEB always
 * answers 'ok'. `trustProxy` as Fastify's: the scheme and host a reverse proxy forwarded count.
 */
export function createSebGuard({ policyOf, trustProxy }: { policyOf: SebPolicyLookup; trustProxy: boolean }) {
  async function judge(sittingId: number, check: (policy: SebPolicy) => SebVerdict): Promise<SebVerdict> {
    const policy = await policyOf(sittingId);
    return policy ? check(policy) : 'ok';
  }

  return {
    async required(sittingId: number): Promise<boolean> {
      return (await policyOf(sittingId)) !== null;
    },

    /** The address that ends SEB, for the link after submission: null when SEB is not required or none is set. */
    async quitUrl(sittingId: number): Promise<string | null> {
      return (await policyOf(sittingId))?.quitUrl ?? null;
    },

    /**
     * An HTTP request: SEB's headers against the URL rebuilt with Fastify's protocol and host
     * (TRUST_PROXY honoured); without them, the JavaScript API keys the client sent in SEB_JS_HEADERS.
     */
    checkRequest(request: Pick<FastifyRequest, 'protocol' | 'host' | 'url' | 'headers'>, sittingId: number): Promise<SebVerdict> {
      return judge(sittingId, (policy) => {
        const url = requestUrl(request.protocol, request.host, request.url);
        if (!url) return 'mismatch';
        const given = headerHashes(request.headers);
        const page = singleHeader(request.headers[SEB_JS_HEADERS.url]);
        if (given.configKeyHash === undefined && given.requestHash === undefined && page !== undefined) {
          const keys = { url: page, configKey: singleHeader(request.headers[SEB_JS_HEADERS.configKey]), browserExamKey: singleHeader(request.headers[SEB_JS_HEADERS.browserExamKey]) };
          const parsed = sebJsKeysSchema.safeParse(keys);
          return parsed.success ? verifyJsKeys(policy, new URL(url).origin, parsed.data) : 'mismatch';
        }
        return verifyKeyHashes(policy, [url], given);
      });
    },

    /** Keys the page read from SEB's JavaScript API and posted (`origin`: this server's, from the request carrying them). */
    checkJsKeys(sittingId: number, origin: string, keys: unknown): Promise<SebVerdict> {
      return judge(sittingId, (policy) => {
        if (keys === undefined || keys === null) return 'missing';
        const parsed = sebJsKeysSchema.safeParse(keys);
        return parsed.success ? verifyJsKeys(policy, origin, parsed.data) : 'mismatch';
      });
    },

    /**
     * The Socket.IO handshake: SEB's headers on the handshake request when it sent them, otherwise
     * the JavaScript API keys the page put in `auth.seb`.
     */
    checkHandshake(handshake: HandshakeLike, sittingId: number): Promise<SebVerdict> {
      return judge(sittingId, (policy) => {
        const given = headerHashes(handshake.headers);
        const { protocol, host } = handshakeOrigin(handshake, trustProxy);
        if (given.configKeyHash !== undefined || given.requestHash !== undefined) {
          const url = requestUrl(protocol, host, handshake.url);
          if (!url) return 'mismatch';
          // A WebSocket-only client's handshake is the upgrade request, which a browser names ws(s)://.
          const ws = url.replace(/^http/, 'ws');
          return verifyKeyHashes(policy, [url, ws], given);
        }
        const keys = handshake.auth.seb;
        if (keys === undefined) return 'missing';
        const origin = requestUrl(protocol, host, '/');
        const parsed = sebJsKeysSchema.safeParse(keys);
        return origin && parsed.success ? verifyJsKeys(policy, new URL(origin).origin, parsed.data) : 'mismatch';
      });
    },
  };
}

function headerHashes(headers: IncomingHttpHeaders) {
  return { configKeyHash: singleHeader(headers[SEB_HEADERS.configKeyHash]), requestHash: singleHeader(headers[SEB_HEADERS.requestHash]) };
}

/** The scheme and host a handshake was made with, as Fastify works them out for a request. */
export function handshakeOrigin(handshake: Pick<HandshakeLike, 'headers' | 'secure'>, trustProxy: boolean): { protocol: string; host: string } {
  const forwarded = (name: string) => (trustProxy ? lastEntry(singleHeader(handshake.headers[name])) : undefined);
  return {
    protocol: forwarded('x-forwarded-proto') ?? (handshake.secure ? 'https' : 'http'),
    host: forwarded('x-forwarded-host') ?? handshake.headers.host ?? '',
  };
}

/** A proxy appends to a forwarded header: the last entry is the one the nearest (trusted) proxy wrote. */
function lastEntry(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.slice(value.lastIndexOf(',') + 1).trim() || undefined;
}

/**
 * The error a refused request or handshake carries: a key the client words as the refusal page.
 * SEB with other settings is locked down with no way out but its quit URL: the refusal hands it on.
 */
export function sebRefusal(verdict: Exclude<SebVerdict, 'ok'>, quitUrl: string | null = null): ForbiddenError {
  return verdict === 'missing'
    ? new ForbiddenError('This sitting must be taken in Safe Exam Browser', { key: 'seb.missing' })
    : new ForbiddenError('Safe Exam Browser is not using the settings of this sitting', { key: 'seb.mismatch', ...(quitUrl ? { params: { quitUrl } } : {}) });
}

const quitUrlFor = async (guard: SebGuard, verdict: Exclude<SebVerdict, 'ok'>, sittingId: number) => (verdict === 'mismatch' ? guard.quitUrl(sittingId) : null);

export type SebRefused<T> = { sittingId: number; verdict: Exclude<SebVerdict, 'ok'>; source: T };

/**
 * A Fastify preHandler for candidate routes and the exam page: `sittingOf` names the sitting the
 * request is for (null: nothing to check, e.g. not a candidate). A refusal is a 403 with key
 * seb.missing or seb.mismatch; `onRefused` lets the wiring raise a proctor incident or pause.
 */
export function sebPreHandler(guard: SebGuard, opts: { sittingOf: (request: FastifyRequest) => number | null | Promise<number | null>; onRefused?: (refused: SebRefused<FastifyRequest>) => void }) {
  return async (request: FastifyRequest): Promise<void> => {
    const sittingId = await opts.sittingOf(request);
    if (sittingId === null) return;
    const verdict = await guard.checkRequest(request, sittingId);
    if (verdict === 'ok') return;
    opts.onRefused?.({ sittingId, verdict, source: request });
    throw sebRefusal(verdict, await quitUrlFor(guard, verdict, sittingId));
  };
}

/** A socket.io connect error the client can word: `err.data.key` is seb.missing or seb.mismatch. */
export type SebConnectError = Error & { data: { code: 'FORBIDDEN'; key: string; params?: MessageParams } };

/** Socket.IO middleware (`io.use`) refusing a handshake that fails the check, after authentication set the user. */
export function sebSocketMiddleware<S extends { handshake: HandshakeLike }>(
  guard: SebGuard,
  opts: { sittingOf: (socket: S) => number | null | Promise<number | null>; onRefused?: (refused: SebRefused<S>) => void },
) {
  return (socket: S, next: (err?: Error) => void): void => {
    void (async () => {
      const sittingId = await opts.sittingOf(socket);
      if (sittingId === null) return next();
      const verdict = await guard.checkHandshake(socket.handshake, sittingId);
      if (verdict === 'ok') return next();
      opts.onRefused?.({ sittingId, verdict, source: socket });
      const refusal = sebRefusal(verdict, await quitUrlFor(guard, verdict, sittingId));
      next(Object.assign(new Error(refusal.message), { data: { code: 'FORBIDDEN' as const, key: refusal.detail.key!, ...(refusal.detail.params ? { params: refusal.detail.params } : {}) } }) satisfies SebConnectError);
    })().catch((err: unknown) => next(err instanceof Error ? err : new Error(String(err))));
  };
}
