import fs from 'node:fs';
import { sqliteStoreFor } from '../../../server/src/core/db/sqlite-store.ts';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/src/app.ts';
import { systemClock } from '../../../server/src/core/clock.ts';
import { loadConfig } from '../../../server/src/core/config.ts';
import { openDatabase, type Db } from '../../../server/src/core/db/connection.ts';

/** A built client as Vite leaves it: hashed assets with their .gz/.br copies and a hidden source map. */
function fakeClient(dir: string) {
  const js = Buffer.from(`console.log(${JSON.stringify('考场 '.repeat(400))});`);
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.vite'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-Abc123.js"></script>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-Abc123.js'), js);
  fs.writeFileSync(path.join(dir, 'assets', 'index-Abc123.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(path.join(dir, 'assets', 'index-Abc123.js.br'), zlib.brotliCompressSync(js));
  fs.writeFileSync(path.join(dir, 'assets', 'index-Abc123.js.map'), '{"version":3,"sources":["secret.ts"]}');
  fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{"index.html":{"file":"assets/index-Abc123.js"}}');
  return js;
}

describe('serving the client over the LAN', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-deploy-'));
  const clientDir = path.join(dir, 'client');
  let js: Buffer;
  let db: Db;
  const apps: FastifyInstance[] = [];

  async function app(env: Record<string, string> = {}) {
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: dir, SEED_DEMO: 'false', ...env });
    const a = await buildApp({ config, clock: systemClock, store: sqliteStoreFor(db.$client), clientDir });
    apps.push(a);
    return a;
  }

  beforeAll(() => {
    js = fakeClient(clientDir);
    db = openDatabase(path.join(dir, 'kaochang.sqlite'));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('over plain HTTP sends no HTTPS-only directive: no upgrade-insecure-requests, no HSTS', async () => {
    const res = await (await app()).inject({ url: '/exam/part/3', headers: { host: 'exam-server:3000' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('served over HTTPS (PUBLIC_URL https, or COOKIE_SECURE) turns them on', async () => {
    for (const env of [{ PUBLIC_URL: 'https://exam.example.edu.cn' }, { COOKIE_SECURE: 'true' }] as Record<string, string>[]) {
      const res = await (await app(env)).inject({ url: '/' });
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
    }
  });

  it('sends the pre-compressed copy the browser accepts, cached for a year', async () => {
    const a = await app();
    const br = await a.inject({ url: '/assets/index-Abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload)).toEqual(js);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);

    // What Chromium offers over plain HTTP to a LAN host: no brotli.
    const gz = await a.inject({ url: '/assets/index-Abc123.js', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload)).toEqual(js);
    expect(gz.rawPayload.length).toBeLessThan(js.length / 4);

    const plain = await a.inject({ url: '/assets/index-Abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload).toEqual(js);
  });

  it('revalidates index.html on every load and never serves source maps or the build manifest', async () => {
    const a = await app();
    for (const url of ['/', '/exam', '/admin/plans']) {
      const res = await a.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toContain('<div id="root">');
    }
    expect((await a.inject({ url: '/assets/index-Abc123.js.map' })).statusCode).toBe(404);
    expect((await a.inject({ url: '/assets/index-Gone99.js' })).statusCode).toBe(404);
    const manifest = await a.inject({ url: '/.vite/manifest.json' });
    expect(manifest.body).not.toContain('"file"');
  });
});
