import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/src/core/config.ts';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, seedDemo: true, env: 'development', cookieSecure: false });
    expect(c.dbFile.endsWith('data/kaochang.sqlite')).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('stops on a bad value with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ SEED_DEMO: 'yes please' })).toThrow(/SEED_DEMO.*yes please/s);
  });

  it('takes the sweep interval and its grace past a deadline (docs/cluster.md §6)', () => {
    expect(loadConfig({})).toMatchObject({ examSweepMs: 250, examSweepGraceMs: 300, examCommitSpacingMs: 20 });
    expect(loadConfig({ EXAM_SWEEP_GRACE_MS: '0' }).examSweepGraceMs).toBe(0);
    expect(() => loadConfig({ EXAM_SWEEP_GRACE_MS: '-1' })).toThrow(/EXAM_SWEEP_GRACE_MS/);
    expect(() => loadConfig({ EXAM_SWEEP_GRACE_MS: 'half a second' })).toThrow(/EXAM_SWEEP_GRACE_MS/);
  });

  it('decides HTTPS-only headers and the Secure cookie from PUBLIC_URL or COOKIE_SECURE', () => {
    expect(loadConfig({})).toMatchObject({ publicUrl: null, servedOverHttps: false, cookieSecure: false });
    expect(loadConfig({ PUBLIC_URL: 'http://exam-server:3000/' })).toMatchObject({ publicUrl: 'http://exam-server:3000', servedOverHttps: false, cookieSecure: false });
    expect(loadConfig({ PUBLIC_URL: 'https://exam.example.edu.cn' })).toMatchObject({ servedOverHttps: true, cookieSecure: true });
    expect(loadConfig({ COOKIE_SECURE: 'true' })).toMatchObject({ servedOverHttps: true, cookieSecure: true });
    expect(() => loadConfig({ PUBLIC_URL: 'http://exam-server:3000', COOKIE_SECURE: 'true' })).toThrow(/COOKIE_SECURE.*HTTPS.*PUBLIC_URL/s);
    expect(() => loadConfig({ PUBLIC_URL: 'exam-server:3000' })).toThrow(/PUBLIC_URL/);
  });

  it('parses lists and booleans', () => {
    const c = loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example', COOKIE_SECURE: 'true', SEED_DEMO: '0' });
    expect(c.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.cookieSecure).toBe(true);
    expect(c.seedDemo).toBe(false);
  });

  it('checks the exam time zone and resolves the ticket font path', () => {
    expect(loadConfig({}).examTimeZone).toBe('Asia/Shanghai');
    expect(() => loadConfig({ EXAM_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/EXAM_TIME_ZONE.*Mars/s);
    const c = loadConfig({ TICKET_FONT: 'fonts/simhei.ttf', TICKET_FONT_FACE: 'SimHei' });
    expect(c.ticketFont).toEqual({ file: path.resolve('fonts/simhei.ttf'), face: 'SimHei' });
  });
});
