import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SessionView } from '@shared/events.ts';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { gif, png, realJpeg, realWebp, withBadCrc, withChunk, withIdat } from '../../helpers/images.ts';
import { describeStores } from '../../helpers/stores.ts';

const MIN = 60_000;

await describeStores('skills part: short answers and screenshot evidence', (dialect) => {
  let t: TestExam;
  beforeEach(async () => {
    t = await TestExam.start({ SCREENSHOTS_PER_TASK: '3', SCREENSHOT_MAX_MB: '0.05' }, { skills: true, store: dialect });
  });
  afterEach(async () => {
    await t.close();
  });

  async function startAs(index = 0) {
    const cookie = await t.loginCandidate(index);
    const socket = await t.socket(cookie);
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.skillsPartId }));
    return { cookie, socket, view };
  }
  const practical = (view: SessionView, n = 0) => view.items.filter((i) => i.type === 'practical')[n]!;
  const shortAnswer = (view: SessionView) => view.items.find((i) => i.type === 'short-answer')!;

  async function upload(cookie: string, sessionId: number, itemId: number, body: Buffer, opts: { name?: string; type?: string; caption?: string } = {}) {
    const form = new FormData();
    if (opts.caption !== undefined) form.append('caption', opts.caption);
    form.append('file', new Blob([new Uint8Array(body)], { type: opts.type ?? 'image/png' }), opts.name ?? 'shot.png');
    const res = await fetch(`${t.baseUrl}/api/candidate/sessions/${sessionId}/items/${itemId}/screenshots`, { method: 'POST', headers: { cookie }, body: form });
    return { status: res.status, json: (await res.json()) as any };
  }

  const rows = async () => (await t.query('select * from screenshots order by id')) as any[];
  const pixels = async (image: Buffer) => (await sharp(image).raw().toBuffer()).toString('base64');
  const evidenceFiles = () => {
    const root = path.join(t.dir, 'evidence');
    return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name)));
  };

  it('starts with 120 minutes; items carry rubric text and points and the screenshot count, never the reference answer', async () => {
    const { view } = await startAs();
    expect(view.kind).toBe('skills');
    expect(view.deadline).toBe(t.clock.now() + 120 * MIN);
    expect(view.items.map((i) => i.type).sort()).toEqual(['practical', 'practical', 'practical', 'short-answer', 'short-answer']);
    const task = practical(view);
    expect(task.skills!.rubric.length).toBeGreaterThan(0);
    expect(task.skills!.rubric.reduce((s, c) => s + c.points, 0)).toBeCloseTo(task.points);
    expect(task.skills!.acceptsEvidence).toBe(true);
    expect(shortAnswer(view).skills!.acceptsEvidence).toBe(false);
    expect(view.screenshotLimits).toEqual({ perTask: 3, maxBytes: Math.floor(0.05 * 1024 * 1024), maxWidth: 16384, maxHeight: 16384, maxPixels: 40_000_000 });
    const refs = ((await t.query('select detail_json from paper_items where paper_id = ?', [t.exam.skillsPaperId])) as { detail_json: string }[])
      .map((r) => JSON.parse(r.detail_json).referenceAnswer as string | undefined)
      .filter((r): r is string => !!r);
    expect(refs.length).toBeGreaterThan(0);
    const json = JSON.stringify(view);
    expect(json).not.toContain('referenceAnswer');
    for (const ref of refs) expect(json).not.toContain(ref.slice(0, 40));
  });

  it('autosaves short answers as text; choices are refused for them', async () => {
    const { socket, view } = await startAs();
    const item = shortAnswer(view);
    const saved = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { text: '第一行\r\n第二行' }, flagged: false, changeId: 'c1' }));
    expect(saved.response).toEqual({ text: '第一行\n第二行' });
    // A NUL pasted from a terminal saves on both stores (PostgreSQL's JSON cannot hold one): dropped, with other controls but tab.
    const pasted = unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { text: 'ip\u0000tables\t-L\u001b[0m' }, flagged: false, changeId: 'c3' }));
    expect(pasted.response).toEqual({ text: 'iptables\t-L[0m' });
    const resumed = unwrap(await emit(socket, 'session:resume', { sessionId: view.sessionId }));
    expect(resumed.answers).toEqual([expect.objectContaining({ itemId: item.id, response: { text: 'iptables\t-L[0m' } })]);
    const bad = await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: ['a'] }, flagged: false, changeId: 'c2' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('uploads PNG, JPEG and WebP, stores them by content hash and lists them', async () => {
    const { cookie, view } = await startAs();
    const task = practical(view);
    const a = await upload(cookie, view.sessionId, task.id, png(40, 30), { caption: '  sshd -T 输出  ' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ itemId: task.id, mimeType: 'image/png', width: 40, height: 30, caption: 'sshd -T 输出', uploadedAt: t.clock.now() });
    const b = await upload(cookie, view.sessionId, task.id, await realJpeg(80, 60), { name: 'b.jpg', type: 'image/jpeg' });
    const c = await upload(cookie, view.sessionId, practical(view, 1).id, await realWebp(9, 9), { name: 'c.webp', type: 'image/webp' });
    expect([b.status, c.status]).toEqual([201, 201]);
    expect(b.json).toMatchObject({ mimeType: 'image/jpeg', width: 80, height: 60 });
    // WebP is kept as a lossless PNG re-encoding of its pixels.
    expect(c.json).toMatchObject({ mimeType: 'image/png', width: 9, height: 9 });
    const list = await t.http('GET', `/api/candidate/sessions/${view.sessionId}/screenshots`, { cookie });
    expect(list.json.screenshots.map((s: any) => s.id)).toEqual([a.json.id, b.json.id, c.json.id]);
    const stored = (await rows());
    for (const r of stored) expect(evidenceFiles()).toContain(path.join(r.sha256.slice(0, 2), r.sha256));
    // The owner reads the stored copy back through the authorised route: the same pixels, freshly encoded.
    const file = await fetch(`${t.baseUrl}/api/screenshots/${a.json.id}/file`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    const served = Buffer.from(await file.arrayBuffer());
    expect(await pixels(served)).toEqual(await pixels(png(40, 30)));
    expect(await t.one("select count(*) as n from audit_log where action = 'screenshot.uploaded'")).toEqual({ n: 3 });
  });

  it('refuses wrong types, renamed non-images, mislabelled images and polyglots, keeping nothing', async () => {
    const { cookie, view } = await startAs();
    const task = practical(view);
    const refused: { code: string }[] = [];
    t.app.evidence.onUploadRefused((e) => refused.push(e));
    const cases = [
      await upload(cookie, view.sessionId, task.id, gif(), { name: 'x.gif', type: 'image/gif' }),
      await upload(cookie, view.sessionId, task.id, Buffer.from('#!/bin/sh\necho pwned\n'), { name: 'renamed.png', type: 'image/png' }),
      await upload(cookie, view.sessionId, task.id, png(), { name: 'x.jpg', type: 'image/jpeg' }),
      await upload(cookie, view.sessionId, task.id, Buffer.concat([png(), Buffer.from('PK\x03\x04zip')]), { name: 'poly.png' }),
    ];
    for (const r of cases) expect([r.status, r.json.error.code]).toEqual([415, 'UNSUPPORTED_IMAGE']);
    expect(await rows()).toHaveLength(0);
    expect(evidenceFiles()).toEqual([]);
    expect(refused.map((r) => r.code)).toEqual(['UNSUPPORTED_IMAGE', 'UNSUPPORTED_IMAGE', 'UNSUPPORTED_IMAGE', 'UNSUPPORTED_IMAGE']);
    // A generic declared type is judged by content alone.
    expect((await upload(cookie, view.sessionId, task.id, png(), { name: 'blob', type: 'application/octet-stream' })).status).toBe(201);
  });

  it('decodes every pixel before the ack: a bad CRC, text in IDAT and a ZIP in a private chunk are refused', async () => {
    const { cookie, view } = await startAs();
    const task = practical(view);
    const refused: { code: string; reason: string }[] = [];
    t.app.evidence.onUploadRefused((e) => refused.push(e));
    const good = png(40, 30, 5);
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(4000, 1)]);
    const cases = [
      await upload(cookie, view.sessionId, task.id, withBadCrc(good), { name: 'crc.png' }),
      await upload(cookie, view.sessionId, task.id, withIdat(good, Buffer.from('these are not pixels, just plain text')), { name: 'text.png' }),
      await upload(cookie, view.sessionId, task.id, withChunk(good, 'zpKg', zip), { name: 'zip.png' }),
    ];
    for (const r of cases) expect([r.status, r.json.error.code]).toEqual([415, 'UNSUPPORTED_IMAGE']);
    expect(cases.map((r) => r.json.error.key)).toEqual(['screenshotImage.undecodable', 'screenshotImage.undecodable', 'screenshotImage.hiddenData']);
    expect(refused).toHaveLength(3);
    expect(await rows()).toHaveLength(0);
    expect(evidenceFiles()).toEqual([]);
  });

  it('stores a clean re-encoded copy without text chunks or EXIF, and keeps the original hash in the audit log', async () => {
    const { cookie, view } = await startAs();
    const task = practical(view);
    const tagged = withChunk(png(32, 24, 9), 'tEXt', Buffer.from('Comment\0ticket T0001 考生甲', 'utf8'));
    const photo = await realJpeg(30, 20, { IFD0: { Artist: 'T0001', ImageDescription: 'ticket T0001' } });
    expect(photo.includes(Buffer.from('Exif'))).toBe(true);
    const a = await upload(cookie, view.sessionId, task.id, tagged);
    const b = await upload(cookie, view.sessionId, task.id, photo, { name: 'p.jpg', type: 'image/jpeg' });
    expect([a.status, b.status]).toEqual([201, 201]);
    for (const [shot, original] of [[a.json, tagged], [b.json, photo]] as const) {
      const stored = fs.readFileSync((await t.app.evidence.fileFor({ userId: 0, role: 'admin', displayName: '', ticketNo: null, candidateId: null }, shot.id)).path);
      expect(stored.includes(Buffer.from('T0001'))).toBe(false);
      expect(stored.includes(Buffer.from('tEXt'))).toBe(false);
      expect(stored.includes(Buffer.from('Exif'))).toBe(false);
      expect(shot.bytes).toBe(stored.length);
      const uploads = (await t.query<{ details_json: string }>("select details_json from audit_log where action = 'screenshot.uploaded'")).map((r) => JSON.parse(r.details_json));
      const details = uploads.find((d) => d.screenshotId === shot.id);
      expect(details.original.sha256).toBe(createHash('sha256').update(original).digest('hex'));
      expect(details.sha256).toBe(createHash('sha256').update(stored).digest('hex'));
    }
    expect(await pixels(fs.readFileSync((await t.app.evidence.fileFor({ userId: 0, role: 'admin', displayName: '', ticketNo: null, candidateId: null }, a.json.id)).path))).toEqual(await pixels(png(32, 24, 9)));
  });

  it('refuses an oversize file and a fourth screenshot for a task; a retried upload is the same screenshot', async () => {
    const { cookie, view } = await startAs();
    const task = practical(view);
    const big = png(200, 200, 1);
    const huge = Buffer.concat([big.subarray(0, 33), Buffer.alloc(80_000), big.subarray(33)]);
    const over = await upload(cookie, view.sessionId, task.id, huge);
    expect([over.status, over.json.error.code]).toEqual([413, 'TOO_LARGE']);
    const first = await upload(cookie, view.sessionId, task.id, png(4, 4, 1));
    const again = await upload(cookie, view.sessionId, task.id, png(4, 4, 1));
    expect(again.json.id).toBe(first.json.id);
    expect((await upload(cookie, view.sessionId, task.id, png(4, 4, 2))).status).toBe(201);
    expect((await upload(cookie, view.sessionId, task.id, png(4, 4, 3))).status).toBe(201);
    const fourth = await upload(cookie, view.sessionId, task.id, png(4, 4, 4));
    expect([fourth.status, fourth.json.error.code]).toEqual([409, 'LIMIT_REACHED']);
    // Removing one frees a place; the removed row stays for the record.
    expect((await t.http('DELETE', `/api/candidate/screenshots/${first.json.id}`, { cookie })).status).toBe(204);
    expect((await upload(cookie, view.sessionId, task.id, png(4, 4, 4))).status).toBe(201);
    expect((await rows()).filter((r) => r.removed_at !== null).map((r) => r.id)).toEqual([first.json.id]);
    // Short answers take no screenshots.
    expect((await upload(cookie, view.sessionId, shortAnswer(view).id, png())).status).toBe(400);
  });

  it("refuses someone else's session and screenshots as if they did not exist", async () => {
    const mine = await startAs(0);
    const other = await startAs(1);
    const task = practical(mine.view);
    const shot = await upload(mine.cookie, mine.view.sessionId, task.id, png());
    const intruder = await upload(other.cookie, mine.view.sessionId, task.id, png(3, 3));
    expect([intruder.status, intruder.json.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.http('GET', `/api/screenshots/${shot.json.id}/file`, { cookie: other.cookie })).status).toBe(404);
    expect((await t.http('DELETE', `/api/candidate/screenshots/${shot.json.id}`, { cookie: other.cookie })).status).toBe(404);
    expect((await t.http('PATCH', `/api/candidate/screenshots/${shot.json.id}`, { cookie: other.cookie, body: { caption: 'x' } })).status).toBe(404);
    expect((await t.http('GET', `/api/candidate/sessions/${mine.view.sessionId}/screenshots`, { cookie: other.cookie })).status).toBe(404);
    // Staff cannot upload; a logged-out request is refused before anything is read.
    const proctor = await t.loginStaff('proctor');
    expect((await upload(proctor, mine.view.sessionId, task.id, png())).status).toBe(403);
    expect((await upload('', mine.view.sessionId, task.id, png())).status).toBe(401);
    expect(await rows()).toHaveLength(1);
  });

  it('never lets a client file name reach the file system', async () => {
    const { cookie, view } = await startAs();
    const names = ['../../../../tmp/evil.png', '..\\..\\evil.png', '/etc/passwd', 'a\u0000b.png', `${'x'.repeat(5000)}.png`, 'con.png', '"; rm -rf / #.png'];
    for (const [i, name] of names.entries()) expect((await upload(cookie, view.sessionId, practical(view, i % 3).id, png(2, 2, i), { name })).status).toBe(201);
    const files = evidenceFiles();
    expect(files).toHaveLength(names.length);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{2}[/\\][0-9a-f]{64}$/);
    expect(fs.readdirSync(t.dir).sort()).toEqual(['evidence', 'test.sqlite', 'test.sqlite-shm', 'test.sqlite-wal'].filter((f) => fs.existsSync(path.join(t.dir, f))));
  });

  it('refuses an upload that starts after the deadline; accepts one that began before it and finished after', async () => {
    const { cookie, view } = await startAs();
    const task = practical(view);
    const user = { userId: 0, role: 'candidate' as const, displayName: '', ticketNo: null, candidateId: ((await t.one('select candidate_id from exam_sessions where id = ?', [view.sessionId])) as any).candidate_id };
    const startedAt = t.clock.now() + 120 * MIN - 1;
    t.clock.advance(120 * MIN - 1);
    // The request's headers arrived 1 ms before the deadline; the bytes finish after the part has ended.
    async function* parts() {
      await t.advance(1);
      await t.app.sessions.flushDeadlines();
      yield { type: 'file' as const, fieldname: 'file', mimetype: 'image/png', file: Readable.from([png(6, 6)]) };
    }
    const shot = await t.app.evidence.upload(user, view.sessionId, task.id, { startedAt, contentLength: undefined, parts: parts() });
    expect(shot.width).toBe(6);
    expect(await t.one('select status, end_reason from exam_sessions where id = ?', [view.sessionId])).toEqual({ status: 'ended', end_reason: 'deadline' });
    const late = await upload(cookie, view.sessionId, task.id, png(7, 7));
    expect([late.status, late.json.error.code]).toEqual([409, 'DEADLINE_PASSED']);
    // After the end, evidence is immutable and no longer served to the candidate; staff still see it.
    expect((await t.http('DELETE', `/api/candidate/screenshots/${shot.id}`, { cookie })).json.error.code).toBe('SESSION_ENDED');
    expect((await t.http('GET', `/api/screenshots/${shot.id}/file`, { cookie })).status).toBe(409);
    expect((await t.http('GET', `/api/screenshots/${shot.id}/file`, { cookie: await t.loginStaff('proctor') })).status).toBe(200);
    // Only the proctors of the candidate's room: another room's proctor is refused.
    (await t.query("insert into users (role, login, display_name, password_hash, created_at) values ('proctor', 'other.proctor', '其他考场', (select password_hash from users where login = 'proctor'), 0)"));
    const otherProctor = await t.http('POST', '/api/auth/staff/login', { body: { username: 'other.proctor', password: 'proctor-pw' } });
    expect(otherProctor.status).toBe(200);
    const otherCookie = otherProctor.headers.get('set-cookie')!.split(';')[0]!;
    expect((await t.http('GET', `/api/screenshots/${shot.id}/file`, { cookie: otherCookie })).status).toBe(403);
    // Graders see screenshots only through the anonymous grading route.
    expect((await t.http('GET', `/api/screenshots/${shot.id}/file`, { cookie: await t.loginStaff('grader') })).status).toBe(403);
    expect(await rows()).toHaveLength(1);
  });

  it('ends without a machine score, whether submitted or at the deadline', async () => {
    const a = await startAs(0);
    unwrap(await emit(a.socket, 'session:submit', { sessionId: a.view.sessionId }));
    const after = await upload(a.cookie, a.view.sessionId, practical(a.view).id, png());
    expect([after.status, after.json.error.code]).toEqual([409, 'SESSION_ENDED']);
    const b = await startAs(1);
    await t.advance(120 * MIN);
    await t.app.sessions.flushDeadlines();
    const ended = (await t.query('select id, status from exam_sessions order by id'));
    expect(ended).toEqual([{ id: a.view.sessionId, status: 'ended' }, { id: b.view.sessionId, status: 'ended' }]);
    expect(await t.one('select count(*) as n from scores')).toEqual({ n: 0 });
  });

  it('restores answers, screenshots and captions after a reconnect', async () => {
    const { cookie, socket, view } = await startAs();
    const item = shortAnswer(view);
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { text: 'iptables -L -n' }, flagged: true, changeId: 'x' }));
    const shot = await upload(cookie, view.sessionId, practical(view).id, png());
    const captioned = await t.http('PATCH', `/api/candidate/screenshots/${shot.json.id}`, { cookie, body: { caption: '防火墙规则' } });
    expect(captioned.json.caption).toBe('防火墙规则');
    socket.disconnect();
    await t.restart({ SCREENSHOTS_PER_TASK: '3' });
    const again = await t.socket(cookie);
    const restored = unwrap(await emit(again, 'session:resume', { sessionId: view.sessionId }));
    expect(restored.answers).toEqual([expect.objectContaining({ itemId: item.id, response: { text: 'iptables -L -n' }, flagged: true })]);
    expect(restored.screenshots).toEqual([expect.objectContaining({ id: shot.json.id, caption: '防火墙规则', mimeType: 'image/png' })]);
  });
});

await describeStores('images in task instructions', (dialect) => {
  it('serves a task\'s media:<name> image to the candidate sitting it, and nothing else', async () => {
    const t = await TestExam.start({}, { skills: true, store: dialect });
    try {
      const task = (await t.one("select id, bank_item_id, stem from paper_items where paper_id = ? and type = 'practical' order by position limit 1", [t.exam.skillsPaperId])) as { id: number; bank_item_id: string; stem: string };
      (await t.query('update paper_items set stem = ? where id = ?', [`${task.stem}\n\n![拓扑图](media:topo.png)`, task.id]));
      const [bank] = await t.query("insert into banks (bank_key, title, version, source_format, source_name, imported_at) values ('b', 'b', 1, 'native', 'b.yaml', 0) returning id");
      const image = png(10, 10);
      const item = {
        id: task.bank_item_id, type: 'practical', levels: [4], area: 'os-hardening', difficulty: 3, screenshots: 1,
        stem: '![拓扑图](media:topo.png)', rubric: [{ id: 'r1', text: '完成', points: 10 }],
        media: [{ name: 'topo.png', mimeType: 'image/png', base64: image.toString('base64') }, { name: 'other.png', mimeType: 'image/png', base64: image.toString('base64') }],
      };
      (await t.query("insert into bank_items (bank_id, item_key, type, area, difficulty, levels_json, stem, item_json) values (?, ?, 'practical', 'os-hardening', 3, '[4]', 's', ?)", [bank.id, task.bank_item_id, JSON.stringify(item)]));
      const cookie = await t.loginCandidate(0);
      const socket = await t.socket(cookie);
      const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.skillsPartId }));
      const base = `/api/candidate/sessions/${view.sessionId}/items/${task.id}/media`;
      const res = await fetch(`${t.baseUrl}${base}/topo.png`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);
      // Media the stem does not refer to, a name that is a path, and another candidate: all missing.
      expect((await t.http('GET', `${base}/other.png`, { cookie })).status).toBe(404);
      expect((await t.http('GET', `${base}/..%2F..%2Fkaochang.sqlite`, { cookie })).status).toBe(400);
      expect((await t.http('GET', `${base}/topo.png`, { cookie: await t.loginCandidate(1) })).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
