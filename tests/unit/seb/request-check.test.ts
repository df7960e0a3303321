import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyHash, requestUrl, verifyJsKeys, verifyKeyHashes, withoutFragment, type SebPolicy } from '../../../server/src/features/seb/request-check.ts';

const CONFIG_KEY = '65ff7a3b8aec80e58fbe2e7968826c33cbf0ac444a748055ebe665829cbf4201';
const BEK_WIN = 'a'.repeat(64);
const BEK_MAC = 'b'.repeat(64);
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const URL_ = 'https://exam.example.cn/api/candidate/overview?x=1';

describe('keyHash', () => {
  it('is hex(SHA-256(URL without fragment + key)), as SEB sends it', () => {
    expect(keyHash(URL_, CONFIG_KEY)).toBe(sha(URL_ + CONFIG_KEY));
    expect(keyHash(`${URL_}#item-3`, CONFIG_KEY)).toBe(sha(URL_ + CONFIG_KEY));
    expect(withoutFragment('https://a/b#c#d')).toBe('https://a/b');
  });
});

describe('requestUrl', () => {
  it('writes the origin as a browser does and keeps the path and query as sent', () => {
    expect(requestUrl('http', '192.168.10.5:3000', '/exam/part/3?lang=zh-CN')).toBe('http://192.168.10.5:3000/exam/part/3?lang=zh-CN');
    expect(requestUrl('https', 'Exam.Example.CN:443', '/')).toBe('https://exam.example.cn/');
    expect(requestUrl('http', 'exam.example.cn:80', '/a%20b/%E8%80%83')).toBe('http://exam.example.cn/a%20b/%E8%80%83');
    expect(requestUrl('http', 'exam.example.cn', 'http://exam.example.cn/abs?x#f')).toBe('http://exam.example.cn/abs?x');
    expect(requestUrl('http', '', '/')).toBeNull();
  });
});

describe('verifyKeyHashes', () => {
  const only: SebPolicy = { configKey: CONFIG_KEY, browserExamKeys: [], quitUrl: null };
  const withBeks: SebPolicy = { configKey: CONFIG_KEY, browserExamKeys: [BEK_WIN, BEK_MAC], quitUrl: null };

  it('accepts the right Config Key hash (any case, surrounding spaces), refuses a wrong one or one for another URL', () => {
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: keyHash(URL_, CONFIG_KEY) })).toBe('ok');
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: ` ${keyHash(URL_, CONFIG_KEY).toUpperCase()} ` })).toBe('ok');
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: keyHash(URL_, 'f'.repeat(64)) })).toBe('mismatch');
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: keyHash('https://exam.example.cn/other', CONFIG_KEY) })).toBe('mismatch');
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: 'not-a-hash' })).toBe('mismatch');
  });

  it('says missing without the header, and ignores a request hash when no Browser Exam Key is listed', () => {
    expect(verifyKeyHashes(only, [URL_], {})).toBe('missing');
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: '' })).toBe('missing');
    expect(verifyKeyHashes(only, [URL_], { configKeyHash: keyHash(URL_, CONFIG_KEY), requestHash: 'junk' })).toBe('ok');
  });

  it('with Browser Exam Keys listed, needs a request hash that fits one of them', () => {
    const ck = keyHash(URL_, CONFIG_KEY);
    expect(verifyKeyHashes(withBeks, [URL_], { configKeyHash: ck, requestHash: keyHash(URL_, BEK_MAC) })).toBe('ok');
    expect(verifyKeyHashes(withBeks, [URL_], { configKeyHash: ck, requestHash: keyHash(URL_, BEK_WIN) })).toBe('ok');
    expect(verifyKeyHashes(withBeks, [URL_], { configKeyHash: ck })).toBe('missing');
    expect(verifyKeyHashes(withBeks, [URL_], { configKeyHash: ck, requestHash: keyHash(URL_, 'c'.repeat(64)) })).toBe('mismatch');
    expect(verifyKeyHashes(withBeks, [URL_], { configKeyHash: keyHash(URL_, 'c'.repeat(64)), requestHash: keyHash(URL_, BEK_MAC) })).toBe('mismatch');
  });
});

describe('verifyJsKeys (SafeExamBrowser.security.configKey / browserExamKey)', () => {
  const policy: SebPolicy = { configKey: CONFIG_KEY, browserExamKeys: [BEK_WIN], quitUrl: null };
  const page = 'http://192.168.10.5:3000/exam/part/3';
  const origin = 'http://192.168.10.5:3000';

  it('accepts keys hashed with a page of this server, its fragment aside', () => {
    const keys = { url: `${page}#q7`, configKey: keyHash(page, CONFIG_KEY), browserExamKey: keyHash(page, BEK_WIN) };
    expect(verifyJsKeys(policy, origin, keys)).toBe('ok');
  });

  it('refuses keys for another page or another server, and says missing without the listed BEK', () => {
    expect(verifyJsKeys(policy, origin, { url: page, configKey: keyHash(`${page}x`, CONFIG_KEY), browserExamKey: keyHash(page, BEK_WIN) })).toBe('mismatch');
    const elsewhere = 'http://evil.example/exam/part/3';
    expect(verifyJsKeys(policy, origin, { url: elsewhere, configKey: keyHash(elsewhere, CONFIG_KEY), browserExamKey: keyHash(elsewhere, BEK_WIN) })).toBe('mismatch');
    expect(verifyJsKeys(policy, origin, { url: 'not a url', configKey: keyHash(page, CONFIG_KEY) })).toBe('mismatch');
    expect(verifyJsKeys(policy, origin, { url: page, configKey: keyHash(page, CONFIG_KEY) })).toBe('missing');
  });
});
