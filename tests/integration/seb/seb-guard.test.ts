import Fastify, { type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { SEB_JS_HEADERS } from '@shared/seb.ts';
import { registerErrorHandling } from '../../../server/src/core/error-handler.ts';
import { keyHash, SEB_HEADERS, type SebPolicy } from '../../../server/src/features/seb/request-check.ts';
import { createSebGuard, sebPreHandler, sebSocketMiddleware, type HandshakeLike, type SebRefused } from '../../../server/src/features/seb/seb-guard.ts';

const CONFIG_KEY = '4fa9af8ec8759eb7c680752ef4ee5eaf1a860628608fccae2715d519849f9292';
const BEK = 'e'.repeat(64);
/** Sitting 1 requires SEB, sitting 2 also a listed Browser Exam Key, sitting 3 nothing. */
const POLICIES: Record<number, SebPolicy | null> = { 1: { configKey: CONFIG_KEY, browserExamKeys: [], quitUrl: null }, 2: { configKey: CONFIG_KEY, browserExamKeys: [BEK], quitUrl: 'https://exam.example.cn/seb-quit' }, 3: null };

/** A tiny app: one candidate-like route behind the preHandler, and a Socket.IO server behind the middleware. */
async function tinyApp(trustProxy: boolean) {
  const refused: SebRefused<unknown>[] = [];
  const guard = createSebGuard({ policyOf: async (id) => POLICIES[id] ?? null, trustProxy });
  const app = Fastify({ trustProxy });
  registerErrorHandling(app);
  const guarded = sebPreHandler(guard, { sittingOf: (request) => Number(request.headers['x-test-sitting']), onRefused: (r) => refused.push(r) });
  app.get('/api/candidate/overview', { preHandler: guarded }, async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const io = new Server(app.server);
  io.use(sebSocketMiddleware<{ handshake: HandshakeLike }>(guard, { sittingOf: (socket) => Number(socket.handshake.auth.sitting), onRefused: (r) => refused.push(r) }));
  const port = (app.server.address() as { port: number }).port;
  return { app, io, guard, refused, base: `http://127.0.0.1:${port}`, port };
}

let current: Awaited<ReturnType<typeof tinyApp>> | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  if (current) {
    current.io.disconnectSockets(true);
    await current.io.close();
    await current.app.close();
    current = undefined;
  }
});

async function get(app: Awaited<ReturnType<typeof tinyApp>>, sitting: number, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.base}/api/candidate/overview?lang=zh-CN`, { headers: { 'x-test-sitting': String(sitting), ...headers } });
  return { status: res.status, json: (await res.json()) as any };
}

describe('sebPreHandler over HTTP', () => {
  it('lets through the right Config Key hash, refuses a wrong or missing one with a keyed 403', async () => {
    const app = (current = await tinyApp(false));
    const url = `${app.base}/api/candidate/overview?lang=zh-CN`;
    expect(await get(app, 1, { [SEB_HEADERS.configKeyHash]: keyHash(url, CONFIG_KEY) })).toEqual({ status: 200, json: { ok: true } });

    const wrong = await get(app, 1, { [SEB_HEADERS.configKeyHash]: keyHash(url, 'f'.repeat(64)) });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatchObject({ code: 'FORBIDDEN', key: 'seb.mismatch' });
    const otherUrl = await get(app, 1, { [SEB_HEADERS.configKeyHash]: keyHash(`${app.base}/api/candidate/overview`, CONFIG_KEY) });
    expect(otherUrl.json.error.key).toBe('seb.mismatch');

    const missing = await get(app, 1);
    expect(missing.status).toBe(403);
    expect(missing.json.error).toMatchObject({ code: 'FORBIDDEN', key: 'seb.missing' });
    expect(app.refused.map((r) => [r.sittingId, r.verdict])).toEqual([
      [1, 'mismatch'],
      [1, 'mismatch'],
      [1, 'missing'],
    ]);
  });

  it('needs a request hash fitting a listed Browser Exam Key, and nothing for a sitting without SEB', async () => {
    const app = (current = await tinyApp(false));
    const url = `${app.base}/api/candidate/overview?lang=zh-CN`;
    const ck = { [SEB_HEADERS.configKeyHash]: keyHash(url, CONFIG_KEY) };
    expect((await get(app, 2, { ...ck, [SEB_HEADERS.requestHash]: keyHash(url, BEK) })).status).toBe(200);
    expect((await get(app, 2, ck)).json.error.key).toBe('seb.missing');
    expect((await get(app, 2, { ...ck, [SEB_HEADERS.requestHash]: keyHash(url, 'd'.repeat(64)) })).json.error.key).toBe('seb.mismatch');
    expect((await get(app, 3)).status).toBe(200);
  });

  it('without SEB headers, checks the JavaScript API keys the client sends for its page (SEB for macOS/iOS)', async () => {
    const app = (current = await tinyApp(false));
    const page = `${app.base}/exam/part/3`;
    const js = (url: string, configKey: string, bek?: string) => ({ [SEB_JS_HEADERS.url]: url, [SEB_JS_HEADERS.configKey]: configKey, ...(bek ? { [SEB_JS_HEADERS.browserExamKey]: bek } : {}) });
    expect((await get(app, 2, js(`${page}#q1`, keyHash(page, CONFIG_KEY), keyHash(page, BEK)))).status).toBe(200);
    expect((await get(app, 2, js(page, keyHash(page, CONFIG_KEY)))).json.error.key).toBe('seb.missing');
    expect((await get(app, 1, js(page, keyHash(page, 'f'.repeat(64))))).json.error.key).toBe('seb.mismatch');
    const elsewhere = 'http://other.example/exam/part/3';
    expect((await get(app, 1, js(elsewhere, keyHash(elsewhere, CONFIG_KEY)))).json.error.key).toBe('seb.mismatch');
  });

  it('rebuilds the URL from the forwarded scheme and host only with TRUST_PROXY', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'exam.example.cn' };
    const hashed = { ...forwarded, [SEB_HEADERS.configKeyHash]: keyHash('https://exam.example.cn/api/candidate/overview?lang=zh-CN', CONFIG_KEY) };
    const trusting = (current = await tinyApp(true));
    expect((await get(trusting, 1, hashed)).status).toBe(200);
    await trusting.io.close();
    await trusting.app.close();
    const direct = (current = await tinyApp(false));
    // Without TRUST_PROXY anyone could claim another address: the URL is the one this server was asked.
    expect((await get(direct, 1, hashed)).json.error.key).toBe('seb.mismatch');
  });
});

describe('sebSocketMiddleware on the Socket.IO handshake', () => {
  function open(app: Awaited<ReturnType<typeof tinyApp>>, opts: { headers?: Record<string, string>; auth: Record<string, unknown> }) {
    const socket = connect(app.base, { transports: ['websocket'], extraHeaders: opts.headers ?? {}, auth: opts.auth, reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise<{ connected: true } | { connected: false; message: string; data: any }>((resolve) => {
      socket.once('connect', () => resolve({ connected: true }));
      socket.once('connect_error', (err: Error & { data?: unknown }) => resolve({ connected: false, message: err.message, data: err.data }));
    });
  }
  // socket.io-client's WebSocket handshake asks for this URL; SEB may name it ws:// or http://.
  const handshakePath = '/socket.io/?EIO=4&transport=websocket';

  it('accepts SEB headers hashed with the handshake URL, under either scheme', async () => {
    const app = (current = await tinyApp(false));
    for (const scheme of ['ws', 'http']) {
      const hash = keyHash(`${scheme}://127.0.0.1:${app.port}${handshakePath}`, CONFIG_KEY);
      expect(await open(app, { headers: { [SEB_HEADERS.configKeyHash]: hash }, auth: { sitting: 1 } }), scheme).toEqual({ connected: true });
    }
  });

  it('refuses a wrong hash and a handshake without any SEB key, with the key for the client', async () => {
    const app = (current = await tinyApp(false));
    const wrong = await open(app, { headers: { [SEB_HEADERS.configKeyHash]: keyHash(`ws://127.0.0.1:${app.port}${handshakePath}`, 'f'.repeat(64)) }, auth: { sitting: 1 } });
    expect(wrong).toMatchObject({ connected: false, data: { code: 'FORBIDDEN', key: 'seb.mismatch' } });
    const missing = await open(app, { auth: { sitting: 1 } });
    expect(missing).toMatchObject({ connected: false, data: { code: 'FORBIDDEN', key: 'seb.missing' } });
    expect(await open(app, { auth: { sitting: 3 } })).toEqual({ connected: true });
    expect(app.refused.map((r) => r.verdict)).toEqual(['mismatch', 'missing']);
  });

  it('accepts the JavaScript API keys of a page of this server in auth.seb, and refuses others', async () => {
    const app = (current = await tinyApp(false));
    const page = `${app.base}/exam/part/3`;
    const right = { url: `${page}#top`, configKey: keyHash(page, CONFIG_KEY), browserExamKey: keyHash(page, BEK) };
    expect(await open(app, { auth: { sitting: 2, seb: right } })).toEqual({ connected: true });
    expect(await open(app, { auth: { sitting: 2, seb: { ...right, browserExamKey: keyHash(page, 'd'.repeat(64)) } } })).toMatchObject({ connected: false, data: { key: 'seb.mismatch' } });
    const elsewhere = 'http://other.example/exam/part/3';
    expect(await open(app, { auth: { sitting: 1, seb: { url: elsewhere, configKey: keyHash(elsewhere, CONFIG_KEY) } } })).toMatchObject({ connected: false, data: { key: 'seb.mismatch' } });
    expect(await open(app, { auth: { sitting: 1, seb: { url: page, configKey: 'zz' } } })).toMatchObject({ connected: false, data: { key: 'seb.mismatch' } });
  });
});

describe('checkJsKeys (keys a page posts over HTTP)', () => {
  it('checks against the given origin and says missing without keys', async () => {
    const guard = createSebGuard({ policyOf: (id) => POLICIES[id] ?? null, trustProxy: false });
    const page = 'https://exam.example.cn/exam/part/9';
    expect(await guard.checkJsKeys(1, 'https://exam.example.cn', { url: page, configKey: keyHash(page, CONFIG_KEY) })).toBe('ok');
    expect(await guard.checkJsKeys(1, 'https://exam.example.cn', undefined)).toBe('missing');
    expect(await guard.checkJsKeys(1, 'https://other.example.cn', { url: page, configKey: keyHash(page, CONFIG_KEY) })).toBe('mismatch');
    expect(await guard.checkJsKeys(3, 'https://exam.example.cn', undefined)).toBe('ok');
    expect(await guard.required(1)).toBe(true);
    expect(await guard.required(3)).toBe(false);
    expect([await guard.quitUrl(1), await guard.quitUrl(2), await guard.quitUrl(3)]).toEqual([null, 'https://exam.example.cn/seb-quit', null]);
  });
});
