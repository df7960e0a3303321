import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'plist';
import { describe, expect, it } from 'vitest';
import { configKeyOf, formatNumber, sebJson, type PlistDict } from '../../../server/src/features/seb/config-key.ts';

const fixture = (name: string) => parse(fs.readFileSync(fileURLToPath(new URL(`../../fixtures/seb/${name}`, import.meta.url)), 'utf8')) as PlistDict;

/**
 * Known settings / Config Key pairs. The two .seb files were saved by SEB itself and are copied
 * from Moodle's quizaccess_seb test fixtures (GPL v3, see tests/fixtures/seb/README.md); their keys
 * are the ones Moodle's tests assert.
 */
describe('Config Key against published vectors', () => {
  it('a file saved by SEB 2.1.4 for macOS (nested dictionary, empty arrays, <data>, a path with /)', () => {
    // moodle mod/quiz/accessrule/seb/tests/config_key_test.php, real_ck_hash_provider 'unencrypted_mac2.1.4'
    expect(configKeyOf(fixture('unencrypted_mac_001.seb'))).toBe('4fa9af8ec8759eb7c680752ef4ee5eaf1a860628608fccae2715d519849f9292');
  });

  it('a file saved by SEB for Windows (arrays of dictionaries, a nested dictionary, self-closing elements)', () => {
    // This fixture is Moodle's tests/phpunit/sample_data/unencrypted_win_223.seb (commit 79f6212);
    // moodle tests/phpunit/config_key_test.php (commit 192a43f), real_ck_hash_provider 'unencrypted_win2.2.3',
    // asserts this key for it. (Moodle later replaced the file and its key together.)
    expect(configKeyOf(fixture('unencrypted_win_223.seb'))).toBe('fc6f4ea5922717760f4d6d536c23b8d19bf20b52aa97940f5427a76e20f49026');
  });

  it('settings as Moodle generates them for a quiz (an array of dictionaries, a URL with / ? =)', () => {
    // moodle tests/quiz_settings_test.php: test_config_key_is_created_from_quiz_settings and
    // test_config_key_is_updated_from_quiz_settings (cmid 1, quit password "test", site www.example.com/moodle).
    const quiz = (filterEmbedded: boolean): PlistDict => ({
      showTaskBar: true,
      allowWlan: false,
      showReloadButton: true,
      showTime: false,
      showInputLanguage: true,
      allowQuit: true,
      quitURLConfirm: true,
      audioControlEnabled: true,
      audioMute: false,
      allowSpellCheck: false,
      browserWindowAllowReload: true,
      URLFilterEnable: true,
      URLFilterEnableContentFilter: filterEmbedded,
      hashedQuitPassword: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      URLFilterRules: [{ action: 1, active: true, expression: 'test.com', regex: false }],
      startURL: 'https://www.example.com/moodle/mod/quiz/view.php?id=1',
      sendBrowserExamKey: true,
      browserWindowWebView: 3,
      examSessionClearCookiesOnStart: false,
      allowPreferencesWindow: false,
    });
    expect(configKeyOf(quiz(false))).toBe('65ff7a3b8aec80e58fbe2e7968826c33cbf0ac444a748055ebe665829cbf4201');
    expect(configKeyOf(quiz(true))).toBe('d975b8a2ec4472495a8be7c64d7c8cc960dbb62472d5e88a8847ac0e5d77e533');
  });

  it('non-ASCII text and backslashes go unescaped (expected SEB-JSON written out by hand, hashed with sha256sum)', () => {
    const settings: PlistDict = {
      URLFilterRules: [{ regex: true, expression: 'exam\\.example\\.cn/.*', active: true, action: 1 }],
      startURL: 'https://考场.example.cn/登录?场次=3',
      examTitle: '网络与信息安全管理员（四级）',
      allowQuit: false,
      originatorVersion: 'SEB_Win_3.8.0',
    };
    expect(sebJson(settings)).toBe(
      '{"allowQuit":false,"examTitle":"网络与信息安全管理员（四级）","startURL":"https://考场.example.cn/登录?场次=3","URLFilterRules":[{"action":1,"active":true,"expression":"exam\\.example\\.cn/.*","regex":true}]}',
    );
    expect(configKeyOf(settings)).toBe('0706604fbfdc1a182c4d0d8cc0e6eefe03f767307a78a408d57f7226ce088b38');
  });
});

describe('SEB-JSON rules', () => {
  it('leaves out originatorVersion at every level, so it never changes the key', () => {
    const mac = fixture('unencrypted_mac_001.seb');
    const { originatorVersion: _dropped, ...without } = mac;
    expect(configKeyOf(without)).toBe(configKeyOf(mac));
    expect(sebJson({ a: 1, sub: { originatorVersion: 'x', b: 2 } })).toBe('{"a":1,"sub":{"b":2}}');
  });

  it('sorts keys without regard to case, lowercase spelling first, recursively and inside arrays', () => {
    expect(sebJson({ b: 1, allowWLAN: true, allowWlan: false, A: 0 })).toBe('{"A":0,"allowWlan":false,"allowWLAN":true,"b":1}');
    expect(sebJson({ URLFilterRules: [{ regex: false, action: 1 }], urlFilterRegex: true })).toBe('{"urlFilterRegex":true,"URLFilterRules":[{"action":1,"regex":false}]}');
    expect(sebJson({ enableF2: true, enableF10: true, enableF1: true })).toBe('{"enableF1":true,"enableF10":true,"enableF2":true}');
  });

  it('drops an empty dictionary value but keeps empty arrays and dictionaries inside arrays', () => {
    expect(sebJson({ proxies: {}, keep: [], list: [{}], n: 0 })).toBe('{"keep":[],"list":[{}],"n":0}');
  });

  it('writes <data> as Base64 (empty data as "") and <date> as ISO 8601', () => {
    expect(sebJson({ salt: Buffer.from([0xe2, 0x22, 0xce]), empty: new Uint8Array(0), at: new Date(Date.UTC(2026, 11, 5, 8, 30, 0)) })).toBe(
      '{"at":"2026-12-05T08:30:00+00:00","empty":"","salt":"4iLO"}',
    );
  });

  it('prints reals as SEB for Windows prints a double (G15) and integers as they are', () => {
    expect([1, 0, -3, 1.5, 0.1, 0.0001, 0.00001, 1e15, -2.5e-7, 1 / 3].map(formatNumber)).toEqual(['1', '0', '-3', '1.5', '0.1', '0.0001', '1E-05', '1E+15', '-2.5E-07', '0.333333333333333']);
    expect(() => formatNumber(Number.NaN)).toThrow(RangeError);
  });
});
