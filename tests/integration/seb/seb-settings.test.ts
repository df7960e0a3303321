import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultSebOptions, type SebSettings } from '@shared/seb.ts';
import { configKeyOf } from '../../../server/src/features/seb/config-key.ts';
import { keyHash, SEB_HEADERS } from '../../../server/src/features/seb/request-check.ts';
import { sebPasswordHash } from '../../../server/src/features/seb/seb-plist.ts';
import { readSebFile } from '../../helpers/seb-file-reader.ts';
import { TestExam } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const QUIT_PASSWORD = 'proctor-quit-2026';
const BEK = 'AB'.repeat(32);

await describeStores('SEB settings of a sitting (/api/admin/sittings/:id/seb)', (dialect) => {
  let t: TestExam;
  let admin: string;
  let sittingId: number;
  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    sittingId = t.exam.sittingId;
  });
  afterAll(async () => {
    await t.close();
  });

  const path = (id = sittingId) => `/api/admin/sittings/${id}/seb`;
  const rows = async () => (await t.query('select * from seb_settings')) as Record<string, unknown>[];
  const audits = async (action: string) => ((await t.query('select details_json as d from audit_log where action = ? order by id', [action])) as { d: string }[]).map((r) => JSON.parse(r.d));
  const options = () => ({ ...defaultSebOptions(`${t.baseUrl}/`), quitUrl: `${t.baseUrl}/seb-quit`, urlFilterAllow: ['docs.example.cn/manual/*'] });
  async function download(password?: string) {
    const res = await fetch(`${t.baseUrl}${path()}/file`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify(password ? { password } : {}) });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  }

  it('offers safe defaults starting at the login page the admin reaches, with the Config Key they would have', async () => {
    const res = await t.http('GET', path(), { cookie: admin });
    expect(res.status).toBe(200);
    const s = res.json as SebSettings;
    expect(s).toMatchObject({ sittingId, required: false, saved: false, quitPasswordSet: false, browserExamKeys: [], updatedAt: null });
    expect(s.options).toEqual(defaultSebOptions(`${t.baseUrl}/`));
    expect(s.configKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is for admins only, and names an unknown sitting', async () => {
    for (const role of ['proctor', 'grader'] as const) expect((await t.http('GET', path(), { cookie: await t.loginStaff(role) })).status).toBe(403);
    expect((await t.http('GET', path(), { cookie: await t.loginCandidate() })).status).toBe(403);
    const missing = await t.http('GET', path(99_999), { cookie: admin });
    expect(missing.status).toBe(404);
    expect(missing.json.error.key).toBe('seb.sittingNotFound');
  });

  it('will not make a file before the settings are saved', async () => {
    const { res, body } = await download();
    expect(res.status).toBe(409);
    expect(JSON.parse(body.toString()).error).toMatchObject({ code: 'CONFLICT', key: 'seb.notSaved' });
  });

  it('refuses bad settings with 400 and keeps nothing', async () => {
    const good = { required: true, options: options(), browserExamKeys: [] };
    const bad: unknown[] = [
      {},
      { ...good, options: { ...good.options, startUrl: 'javascript:alert(1)' } },
      { ...good, options: { ...good.options, startUrl: `${t.baseUrl}/"><x` } },
      { ...good, options: { ...good.options, clipboard: 'shared' } },
      { ...good, options: { ...good.options, extra: true } },
      { ...good, browserExamKeys: ['123'] },
      { ...good, quitPassword: 'short' },
      { ...good, options: { ...good.options, urlFilterAllow: ['has space'] } },
    ];
    for (const body of bad) {
      const res = await t.http('PUT', path(), { cookie: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('BAD_REQUEST');
    }
    const keyed = await t.http('PUT', path(), { cookie: admin, body: { ...good, browserExamKeys: ['xyz'] } });
    expect(keyed.json.error.issues[0]).toMatchObject({ path: 'browserExamKeys.0', key: 'seb.browserExamKey' });
    expect(await rows()).toEqual([]);
    expect(await audits('seb.settings_saved')).toEqual([]);
  });

  it('saves the settings with the quit password only as SEB’s hash, audited without it', async () => {
    const res = await t.http('PUT', path(), { cookie: admin, body: { required: true, options: options(), browserExamKeys: [BEK, BEK.toLowerCase()], quitPassword: QUIT_PASSWORD } });
    expect(res.status).toBe(200);
    const s = res.json as SebSettings;
    expect(s).toMatchObject({ required: true, saved: true, quitPasswordSet: true, browserExamKeys: [BEK.toLowerCase()], updatedAt: t.clock.now() });
    expect(JSON.stringify(s)).not.toContain(sebPasswordHash(QUIT_PASSWORD));
    expect(await rows()).toEqual([expect.objectContaining({ sitting_id: sittingId, required: 1, hashed_quit_password: sebPasswordHash(QUIT_PASSWORD) })]);
    const [entry] = (await audits('seb.settings_saved'));
    expect(entry).toMatchObject({ required: true, quitPassword: 'set', browserExamKeys: { count: 1, added: 1 }, configKey: { to: s.configKey } });
    expect(JSON.stringify(await audits('seb.settings_saved'))).not.toMatch(new RegExp(`${QUIT_PASSWORD}|${sebPasswordHash(QUIT_PASSWORD)}`));
    expect((await t.http('GET', path(), { cookie: admin })).json).toEqual(s);
  });

  it('downloads a plain .seb whose settings SEB reads back with the same Config Key, audited', async () => {
    const settings = (await t.http('GET', path(), { cookie: admin })).json as SebSettings;
    const { res, body } = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/seb');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="kaochang-sitting-${sittingId}.seb"`);
    expect(res.headers.get('x-seb-config-key')).toBe(settings.configKey);
    const read = await readSebFile(body);
    expect(read.prefix).toBe('plnd');
    expect(read.settings).toMatchObject({ startURL: `${t.baseUrl}/`, quitURL: `${t.baseUrl}/seb-quit`, hashedQuitPassword: sebPasswordHash(QUIT_PASSWORD), sendBrowserExamKey: true });
    expect(configKeyOf(read.settings)).toBe(settings.configKey);
    expect((await audits('seb.file_downloaded')).at(-1)).toEqual({ encrypted: false, configKey: settings.configKey });
  });

  it('downloads a password-encrypted .seb that opens only with that password', async () => {
    const { res, body } = await download('exam-room-file-pw');
    expect(res.status).toBe(200);
    const read = await readSebFile(body, 'exam-room-file-pw');
    expect(read.prefix).toBe('pswd');
    expect(configKeyOf(read.settings)).toBe(res.headers.get('x-seb-config-key'));
    await expect(readSebFile(body, 'another-password')).rejects.toThrow(/HMAC/);
    expect((await audits('seb.file_downloaded')).at(-1)).toMatchObject({ encrypted: true });
    expect(JSON.stringify(await audits('seb.file_downloaded'))).not.toContain('exam-room-file-pw');
  });

  it('feeds the guard: a request with the key of the saved settings passes, the old key fails after a change', async () => {
    const before = (await t.http('GET', path(), { cookie: admin })).json as SebSettings;
    const url = 'http://exam.example.cn/api/candidate/overview';
    const request = (configKey: string) => ({
      protocol: 'http' as const,
      host: 'exam.example.cn',
      url: '/api/candidate/overview',
      headers: { [SEB_HEADERS.configKeyHash]: keyHash(url, configKey), [SEB_HEADERS.requestHash]: keyHash(url, BEK.toLowerCase()) },
    });
    expect(await t.app.sebGuard.checkRequest(request(before.configKey), sittingId)).toBe('ok');
    expect(await t.app.sebGuard.quitUrl(sittingId)).toBe(`${t.baseUrl}/seb-quit`);

    // Keeping the quit password (absent from the body) and changing one option: a new key.
    const changed = await t.http('PUT', path(), { cookie: admin, body: { required: true, options: { ...options(), allowPrint: true }, browserExamKeys: [BEK] } });
    expect(changed.json).toMatchObject({ quitPasswordSet: true });
    expect(changed.json.configKey).not.toBe(before.configKey);
    expect(await t.app.sebGuard.checkRequest(request(before.configKey), sittingId)).toBe('mismatch');
    expect(await t.app.sebGuard.checkRequest(request(changed.json.configKey), sittingId)).toBe('ok');
    expect((await audits('seb.settings_saved')).at(-1)).toMatchObject({ options: { allowPrint: { from: false, to: true } }, configKey: { from: before.configKey, to: changed.json.configKey } });

    // SEB no longer required, quit password removed: every request passes, the audit says so.
    const off = await t.http('PUT', path(), { cookie: admin, body: { required: false, options: options(), browserExamKeys: [], quitPassword: null } });
    expect(off.json).toMatchObject({ required: false, quitPasswordSet: false });
    expect(await t.app.sebGuard.required(sittingId)).toBe(false);
    expect(await t.app.sebGuard.quitUrl(sittingId)).toBeNull();
    expect(await t.app.sebGuard.checkRequest({ ...request('0'.repeat(64)), headers: {} }, sittingId)).toBe('ok');
    expect((await audits('seb.settings_saved')).at(-1)).toMatchObject({ required: false, quitPassword: 'removed' });
  });
});
