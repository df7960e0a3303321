import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdf } from '../../helpers/documents.ts';
import { png, pngClaiming } from '../../helpers/images.ts';
import { TestExam } from '../../helpers/test-exam.ts';
import { writeZip } from '../../helpers/zip-writer.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

/** #17: the exam office uploads, replaces and views a candidate's photo from the seating list. */
await describeStores('candidate photos from the seating list', (dialect) => {
  let t: TestExam;
  let admin: string;
  let first: number;

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    first = ((await t.one("select id from candidates where ticket_no = 'T0001'")) as { id: number }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (bytes: Buffer, cookie = admin, id = first) => {
    const res = await fetch(`${t.baseUrl}/api/admin/candidates/${id}/photo`, { method: 'PUT', headers: { cookie, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const seating = async () => (await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/seating`, { cookie: admin })).json.candidates as { ticketNo: string; hasPhoto: boolean }[];
  const audit = async (action: string) => (await t.query('select entity_id, details_json from audit_log where action = ? order by id', [action])) as { entity_id: string; details_json: string }[];

  it('says per candidate whether a photo exists, and an upload turns it on', async () => {
    expect((await seating()).map((c) => [c.ticketNo, c.hasPhoto])).toEqual([
      ['T0001', false],
      ['T0002', false],
    ]);
    const done = await upload(png(12, 16, 1));
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json).toMatchObject({ candidateId: first, mimeType: 'image/png' });
    expect((await seating()).map((c) => c.hasPhoto)).toEqual([true, false]);
  });

  it('refuses what is not a usable photo with a worded key, and keeps the photo it had', async () => {
    const before = (await t.http('GET', `/api/admin/candidates/${first}/photo`, { cookie: admin })).status;
    expect(before).toBe(200);
    const cases: [Buffer, string][] = [
      [Buffer.from('not an image at all'), 'identity.photoType'],
      [pdf(), 'identity.photoType'],
      [pngClaiming(100_000, 100_000), 'image.dimensions'],
      [Buffer.alloc(5 * 1024 * 1024 + 1, 1), 'identity.photoTooLarge'],
    ];
    for (const [bytes, key] of cases) {
      const res = await upload(bytes);
      expect(res.status, key).toBe(400);
      expect(res.json.error.key, key).toBe(key);
    }
    expect((await upload(png(), admin, 99_999)).json.error.key).toBe('identity.noCandidate');
    expect((await upload(png(), await t.loginStaff('proctor'))).status).toBe(403);
    expect(await audit('identity.photo_uploaded')).toHaveLength(1);
  });

  it('replaces the photo, audited as a replacement, and shows it to the office with the view audited', async () => {
    const replacement = png(10, 10, 7);
    expect((await upload(replacement)).status).toBe(200);
    const uploads = (await audit('identity.photo_uploaded')).map((a) => JSON.parse(a.details_json).replaced);
    expect(uploads).toEqual([false, true]);
    const res = await fetch(`${t.baseUrl}/api/admin/candidates/${first}/photo`, { headers: { cookie: admin } });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(replacement)).toBe(true);
    const views = (await audit('identity.document_viewed')).map((a) => [a.entity_id, JSON.parse(a.details_json).via]);
    expect(views.at(-1)).toEqual([String(first), 'admin']);
    const none = await fetch(`${t.baseUrl}/api/admin/candidates/${first + 1}/photo`, { headers: { cookie: admin } });
    expect(((await none.json()) as any).error.key).toBe('identity.noPhoto');
  });
});

/** #17: photos brought with the roster, as a zip named by ID number or ticket number. */
await describeStores('a zip of photos for a plan', (dialect) => {
  let t: TestExam;
  let admin: string;
  let planId: number;

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    admin = await t.loginStaff('admin');
    planId = ((await t.one('select plan_id from sittings where id = ?', [t.exam.sittingId])) as { plan_id: number }).plan_id;
    (await t.query("update candidates set id_number = '11010519491231002X' where ticket_no = 'T0001'"));
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = async (zip: Buffer, dryRun: boolean) => {
    const res = await fetch(`${t.baseUrl}/api/admin/plans/${planId}/photos?fileName=photos.zip&dryRun=${dryRun}`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/zip' }, body: new Uint8Array(zip) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const ZIP = writeZip([
    { name: '照片/11010519491231002x.JPG', data: png(6, 8, 3) },
    { name: '照片/T0002.png', data: Buffer.from('not an image') },
    { name: '照片/T0001.png', data: png(6, 8, 4) },
    { name: '照片/T9999.png', data: png(6, 8, 5) },
    { name: '__MACOSX/照片/._T0002.png', data: 'resource fork' },
  ]);

  it('checks every photo, reports per file with keys, and keeps nothing on a check', async () => {
    const before = await snapshot(t);
    const res = await send(ZIP, true);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, ok: 1, errors: 3 });
    expect(res.json.rows.map((r: { entry: string; status: string; ticketNo: string | null; error: { key: string } | null }) => [r.entry, r.status, r.ticketNo, r.error?.key ?? null])).toEqual([
      ['照片/11010519491231002x.JPG', 'ok', 'T0001', null],
      ['照片/T0001.png', 'error', 'T0001', 'plan.photoRow.twice'],
      ['照片/T0002.png', 'error', 'T0002', 'identity.photoType'],
      ['照片/T9999.png', 'error', null, 'plan.photoRow.noCandidate'],
    ]);
    expect(await snapshot(t)).toEqual(before);
    expect(fs.readdirSync(path.join(t.dir, 'documents'), { recursive: true }).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(String(f))))).toEqual([]);
  });

  it('keeps the good photos for the seating list and the proctor, audited per candidate and for the zip', async () => {
    const res = await send(ZIP, false);
    expect(res.json).toMatchObject({ dryRun: false, imported: 1, errors: 3 });
    const seating = (await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/seating`, { cookie: admin })).json.candidates as { ticketNo: string; hasPhoto: boolean }[];
    expect(seating.map((c) => [c.ticketNo, c.hasPhoto])).toEqual([
      ['T0001', true],
      ['T0002', false],
    ]);
    const uploads = (await t.query("select details_json from audit_log where action = 'identity.photo_uploaded'")) as { details_json: string }[];
    expect(uploads.map((u) => JSON.parse(u.details_json).source)).toEqual(['zip']);
    expect(await t.one("select count(*) as n from audit_log where action = 'identity.photos_imported'")).toEqual({ n: 1 });
    expect((await send(Buffer.from('not a zip'), false)).json.error.key).toBe('plan.photoZipUnreadable');
  });
});
