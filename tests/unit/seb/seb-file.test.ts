import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultSebOptions, sebOptionsSchema, type SebOptions } from '@shared/seb.ts';
import { configKeyOf } from '../../../server/src/features/seb/config-key.ts';
import { rncryptorEncrypt } from '../../../server/src/features/seb/rncryptor.ts';
import { sebFile } from '../../../server/src/features/seb/seb-file.ts';
import { plistXml, sebPasswordHash, sebPlist, urlFilterExpressions } from '../../../server/src/features/seb/seb-plist.ts';
import { readSebFile, rncryptorDecrypt } from '../../helpers/seb-file-reader.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** RNCryptor-Spec vectors/v3/password (github.com/RNCryptor/RNCryptor-Spec). */
const VECTORS = [
  {
    title: 'One byte',
    password: 'thepassword',
    random: { encryptionSalt: hex('0001020304050607'), hmacSalt: hex('0102030405060708'), iv: hex('02030405060708090a0b0c0d0e0f0001') },
    plaintext: hex('01'),
    ciphertext: hex('03010001 02030405 06070102 03040506 07080203 04050607 08090a0b 0c0d0e0f 0001a1f8 730e0bf4 80eb7b70 f690abf2 1e029514 164ad3c4 74a51b30 c7eaa1ca 545b7de3 de5b010a cbad0a9a 13857df6 96a8'),
  },
  {
    title: 'Exactly one block',
    password: 'thepassword',
    random: { encryptionSalt: hex('0102030405060700'), hmacSalt: hex('0203040506070801'), iv: hex('030405060708090a0b0c0d0e0f000102') },
    plaintext: hex('0123456789abcdef'),
    ciphertext: hex('03010102 03040506 07000203 04050607 08010304 05060708 090a0b0c 0d0e0f00 01020e43 7fe80930 9c03fd53 a475131e 9a1978b8 eaef576f 60adb8ce 2320849b a32d7429 00438ba8 97d22210 c76c35c8 49df'),
  },
  {
    title: 'Multibyte password',
    password: '中文密码',
    random: { encryptionSalt: hex('0304050607000102'), hmacSalt: hex('0405060708010203'), iv: hex('05060708090a0b0c0d0e0f0001020304') },
    plaintext: hex('23456789abcdef 0123456701'),
    ciphertext: hex('03010304 05060700 01020405 06070801 02030506 0708090a 0b0c0d0e 0f000102 03048a9e 08bdec1c 4bfe13e8 1fb85f00 9ab3ddb9 1387e809 c4ad86d9 e8a60145 57716657 bd317d4b b6a76446 15b3de40 2341'),
  },
];

describe('RNCryptor v3 (password)', () => {
  for (const v of VECTORS) {
    it(`encrypts the spec's vector "${v.title}" byte for byte, and our reader opens it`, async () => {
      const encrypted = await rncryptorEncrypt(v.plaintext, v.password, v.random);
      expect(encrypted.toString('hex')).toBe(v.ciphertext.toString('hex'));
      expect((await rncryptorDecrypt(encrypted, v.password)).toString('hex')).toBe(v.plaintext.toString('hex'));
    });
  }

  it('uses fresh salts and IV each time, and refuses a wrong password or an altered byte', async () => {
    const text = Buffer.from('网络与信息安全管理员');
    const a = await rncryptorEncrypt(text, 'correct horse');
    const b = await rncryptorEncrypt(text, 'correct horse');
    expect(a.subarray(2, 34).equals(b.subarray(2, 34))).toBe(false);
    await expect(rncryptorDecrypt(a, 'wrong horse')).rejects.toThrow(/HMAC/);
    const altered = Buffer.from(a);
    altered[40] = altered[40]! ^ 1;
    await expect(rncryptorDecrypt(altered, 'correct horse')).rejects.toThrow(/HMAC/);
  });
});

const options: SebOptions = { ...defaultSebOptions('https://exam.example.cn/'), quitUrl: 'https://exam.example.cn/seb-quit', urlFilterAllow: ['docs.example.cn/manual/*'] };

describe('.seb file', () => {
  it('plain: gzip("plnd" + gzip(xml)), and SEB reads back the settings whose Config Key we check', async () => {
    const settings = sebPlist(options, sebPasswordHash('proctor-2026'));
    const file = await sebFile(plistXml(settings));
    const outer = gunzipSync(file);
    expect(outer.subarray(0, 4).toString('ascii')).toBe('plnd');
    expect(gunzipSync(outer.subarray(4)).toString('utf8')).toContain('<key>startURL</key>');
    const read = await readSebFile(file);
    expect(read.settings).toEqual(settings);
    expect(configKeyOf(read.settings)).toBe(configKeyOf(settings));
  });

  it('encrypted: gzip("pswd" + RNCryptor(gzip(xml))), opened only with the password', async () => {
    const settings = sebPlist(options, null);
    const file = await sebFile(plistXml(settings), 'file-password-1');
    expect(gunzipSync(file).subarray(0, 4).toString('ascii')).toBe('pswd');
    expect(gunzipSync(file).includes(Buffer.from('startURL'))).toBe(false);
    const read = await readSebFile(file, 'file-password-1');
    expect(read.prefix).toBe('pswd');
    expect(configKeyOf(read.settings)).toBe(configKeyOf(settings));
    await expect(readSebFile(file, 'not-the-password')).rejects.toThrow(/HMAC/);
  });
});

describe('settings dictionary', () => {
  it('writes the options under the keys SEB for Windows and macOS read', () => {
    const d = sebPlist({ ...options, clipboard: 'block', allowDownloads: false, allowUploads: true, allowScreenCapture: false }, sebPasswordHash('test'));
    expect(d).toMatchObject({
      sebConfigPurpose: 0,
      sendBrowserExamKey: true,
      startURL: 'https://exam.example.cn/',
      quitURL: 'https://exam.example.cn/seb-quit',
      hashedQuitPassword: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      clipboardPolicy: 1,
      enablePrivateClipboard: true,
      allowUploads: true,
      allowDownloads: false,
      allowDownUploads: true,
      enablePrintScreen: false,
      URLFilterEnable: true,
    });
    expect(d.URLFilterRules).toEqual([
      { action: 1, active: true, expression: 'exam.example.cn', regex: false },
      { action: 1, active: true, expression: 'docs.example.cn/manual/*', regex: false },
    ]);
  });

  it('leaves out what is not set, so the Config Key covers only what the file holds', () => {
    const d = sebPlist({ ...options, quitUrl: '', urlFilter: false }, null);
    expect(d).not.toHaveProperty('quitURL');
    expect(d).not.toHaveProperty('hashedQuitPassword');
    expect(d).not.toHaveProperty('URLFilterRules');
    expect(d.URLFilterEnable).toBe(false);
  });

  it('allows the start and quit servers with their ports, once each', () => {
    expect(urlFilterExpressions({ ...options, startUrl: 'http://192.168.10.5:3000/', quitUrl: 'http://192.168.10.5:3000/seb-quit', urlFilterAllow: [] })).toEqual(['192.168.10.5:3000']);
  });

  it('changes the Config Key with any option', () => {
    const base = configKeyOf(sebPlist(options, null));
    expect(configKeyOf(sebPlist({ ...options, allowPrint: true }, null))).not.toBe(base);
    expect(configKeyOf(sebPlist(options, sebPasswordHash('x')))).not.toBe(base);
    expect(configKeyOf(sebPlist({ ...options }, null))).toBe(base);
  });

  it('refuses options SEB could not carry unchanged', () => {
    const bad = (patch: Partial<Record<keyof SebOptions, unknown>>) => sebOptionsSchema.safeParse({ ...options, ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ startUrl: 'ftp://exam.example.cn/' })).toBe(false);
    expect(bad({ startUrl: 'https://exam.example.cn/"x' })).toBe(false);
    expect(bad({ startUrl: 'exam.example.cn' })).toBe(false);
    expect(bad({ quitUrl: '' })).toBe(true);
    expect(bad({ urlFilterAllow: ['a b'] })).toBe(false);
    expect(bad({ urlFilterAllow: ['exam\\.cn'] })).toBe(false);
  });
});
