import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ProctorActionRequest } from '@shared/proctor.ts';
import { hashPassword } from '../../../server/src/features/auth/passwords.ts';
import { png } from '../../helpers/images.ts';
import { emit, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

const ROOM = '测试考场';
const DAY = 24 * 3600_000;

/** 人证核验 (#17 part 2): the check before admitting, who may see photos, and their retention. */
await describeStores('identity at the door', (dialect) => {
  let t: TestExam;
  let proctor: ClientSocket;
  let candidateIds: number[];

  beforeEach(async () => {
    t = await TestExam.start({ IDENTITY_RETENTION_DAYS: '30' }, { store: dialect });
    candidateIds = ((await t.query('select id from candidates order by id')) as { id: number }[]).map((r) => r.id);
    proctor = await t.socket(await t.loginStaff('proctor'));
  });
  afterEach(async () => {
    await t.close();
  });

  const ref = () => ({ sittingId: t.exam.sittingId, room: ROOM });
  const act = (action: ProctorActionRequest['action'], reason = 'at the door') => emit(proctor, 'proctor:action', { ...ref(), sittingPartId: t.exam.theoryPartId, action, reason });
  const requireCheck = async () =>
    unwrap(await emit(proctor, 'proctor:settings', { ...ref(), settings: { admissionRequired: true, identityCheckRequired: true, signalPolicy: 'warn', pauseAfter: 5 }, reason: 'identity check at the door' }));
  const auditOf = async (action: string) => (await t.query('select actor_user_id, entity_id, details_json from audit_log where action = ? order by id', [action])) as { actor_user_id: number | null; entity_id: string; details_json: string }[];

  async function uploadPhoto(candidateId: number, bytes: Buffer = png(8, 8, candidateId)) {
    const admin = await t.loginStaff('admin');
    const res = await fetch(`${t.baseUrl}/api/admin/candidates/${candidateId}/photo`, { method: 'PUT', headers: { cookie: admin, 'content-type': 'image/png' }, body: new Uint8Array(bytes) });
    return { status: res.status, json: (await res.json()) as any };
  }

  it('refuses to admit without a passed check where the sitting requires it; the candidate cannot start until then', async () => {
    await requireCheck();
    const [first, second] = candidateIds as [number, number];
    expect(await act({ type: 'admit', candidateId: first })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'identity.checkRequired' } });

    const candidate = await t.socket(await t.loginCandidate(0));
    expect(await emit(candidate, 'session:start', { sittingPartId: t.exam.theoryPartId })).toMatchObject({ ok: false, error: { code: 'AWAITING_ADMISSION' } });

    // Passed with a note needs the note; a refusal keeps the candidate out.
    expect(await act({ type: 'identity_check', candidateId: first, outcome: 'passed_with_note', method: 'photo' })).toMatchObject({ ok: false, error: { key: 'identity.noteRequired' } });
    unwrap(await act({ type: 'identity_check', candidateId: second, outcome: 'refused', method: 'id_card' }, 'ID card does not match'));
    expect(await act({ type: 'admit', candidateId: second })).toMatchObject({ ok: false, error: { key: 'identity.checkRefused' } });

    unwrap(await act({ type: 'identity_check', candidateId: first, outcome: 'passed_with_note', method: 'photo', note: '发型与照片不同，核对身份证号一致' }));
    // The whole room: only those whose check passed are admitted.
    expect(unwrap(await act({ type: 'admit' }, 'start the room'))).toEqual({ affected: 1 });
    const admitted = (await t.query('select candidate_id from admissions')) as { candidate_id: number }[];
    expect(admitted.map((r) => r.candidate_id)).toEqual([first]);
    unwrap(await emit(candidate, 'session:start', { sittingPartId: t.exam.theoryPartId }));

    const checks = (await auditOf('proctor.identity_check')).map((a) => JSON.parse(a.details_json));
    expect(checks.map((d) => [d.candidateId, d.outcome, d.method])).toEqual([
      [second, 'refused', 'id_card'],
      [first, 'passed_with_note', 'photo'],
    ]);
    const snapshot = unwrap(await emit(proctor, 'proctor:watch', { ...ref(), sittingPartId: t.exam.theoryPartId }));
    expect(snapshot.rows.map((r) => r.identity?.outcome ?? null)).toEqual(['passed_with_note', 'refused']);
    expect(snapshot.settings.identityCheckRequired).toBe(true);
  });

  it('admits without a check when the sitting does not require it', async () => {
    expect(unwrap(await act({ type: 'admit', candidateId: candidateIds[0]! }))).toEqual({ affected: 1 });
  });

  it('shows photos only to the room’s proctors and admins, and audits every view', async () => {
    const [first] = candidateIds as [number];
    expect((await uploadPhoto(first)).status).toBe(200);
    expect((await uploadPhoto(first, Buffer.from('not an image at all'))).status).toBe(400);

    const snapshot = unwrap(await emit(proctor, 'proctor:watch', { ...ref(), sittingPartId: t.exam.theoryPartId }));
    expect(snapshot.rows.map((r) => r.hasPhoto)).toEqual([true, false]);

    // A second proctor, assigned to no room.
    const other = (await t.one("insert into users (role, login, display_name, password_hash, created_at) values ('proctor', 'proctor2', 'Proctor 2', ?, ?) returning id", [await hashPassword('proctor2-pw'), t.clock.now()])) as { id: number };
    const otherCookie = await (async () => {
      const res = await t.http('POST', '/api/auth/staff/login', { body: { username: 'proctor2', password: 'proctor2-pw' } });
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    })();

    // Bodies are read to the end: a response left in flight would hold the server's close.
    const photo = async (cookie?: string, id = first) => {
      const res = await fetch(`${t.baseUrl}/api/proctor/candidates/${id}/photo`, { headers: cookie ? { cookie } : {} });
      await res.arrayBuffer();
      return res;
    };
    const assigned = await photo(await t.loginStaff('proctor'));
    expect(assigned.status).toBe(200);
    expect(assigned.headers.get('content-type')).toBe('image/png');
    expect(assigned.headers.get('cache-control')).toBe('private, no-store');
    expect((await photo(await t.loginStaff('admin'))).status).toBe(200);
    expect((await photo(otherCookie)).status).toBe(404);
    expect((await photo(await t.loginStaff('proctor'), 999)).status).toBe(404);
    expect((await photo(await t.loginStaff('grader'))).status).toBe(403);
    expect((await photo(await t.loginCandidate(0))).status).toBe(403);
    expect((await photo()).status).toBe(401);
    expect((await photo(await t.loginStaff('admin'), candidateIds[1])).status).toBe(404);

    const views = (await auditOf('identity.document_viewed'));
    expect(views.map((v) => [v.actor_user_id, JSON.parse(v.details_json).via])).toHaveLength(2);
    expect(views.every((v) => v.entity_id === String(first))).toBe(true);
    expect(views.some((v) => v.actor_user_id === other.id)).toBe(false);
  });

  it('audits views of application photos and ID scans by the office', async () => {
    const [first] = candidateIds as [number];
    const { docId, appId } = await seedApplicationDocs(t, first);
    const admin = await t.loginStaff('admin');
    const view = async (id: number) => {
      const res = await fetch(`${t.baseUrl}/api/admin/applications/${appId}/documents/${id}`, { headers: { cookie: admin } });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await view(docId.id)).toBe(200);
    expect(await view(docId.diploma)).toBe(200);
    expect((await auditOf('identity.document_viewed')).map((v) => JSON.parse(v.details_json))).toEqual([{ via: 'admin', candidateId: first, applicationId: appId, documentId: docId.id, kind: 'id' }]);
    // The application's photo is the one the proctor sees.
    const snapshot = unwrap(await emit(proctor, 'proctor:watch', { ...ref(), sittingPartId: t.exam.theoryPartId }));
    expect(snapshot.rows[0]!.hasPhoto).toBe(true);
  });

  it('deletes photos and ID scans the set number of days after results are released, at start and daily, audited', async () => {
    const [first, second] = candidateIds as [number, number];
    const { docId } = await seedApplicationDocs(t, first);
    expect((await uploadPhoto(second)).status).toBe(200);
    const files = () => (fs.readdirSync(path.join(t.dir, 'documents'), { recursive: true }) as string[]).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(f))).length;
    expect(files()).toBe(4);
    const docKinds = async () => ((await t.query('select kind from application_documents order by id')) as { kind: string }[]).map((r) => r.kind);

    // Nothing is due before every part's results are out, however long it waits.
    await t.advance(40 * DAY);
    expect(await docKinds()).toEqual(['photo', 'id', 'diploma']);

    const releasedAt = t.clock.now();
    (await t.query('update sitting_parts set results_released_at = ? where sitting_id = ?', [releasedAt, t.exam.sittingId]));
    await t.advance(29 * DAY);
    expect(await docKinds()).toEqual(['photo', 'id', 'diploma']);

    // The daily run on the injected clock, 30 days after the release.
    await t.advance(1 * DAY);
    expect(await docKinds()).toEqual(['diploma']);
    expect(await t.one('select count(*) as n from candidate_photos')).toEqual({ n: 0 });
    expect(files()).toBe(1);
    const purged = (await auditOf('identity.documents_purged'));
    expect(purged).toHaveLength(1);
    expect(purged[0]!.actor_user_id).toBeNull();
    expect(JSON.parse(purged[0]!.details_json)).toEqual({ releasedAt, retentionDays: 30, photos: 1, idScans: 1, rosterPhotos: 1 });
    const admin = await t.loginStaff('admin');
    const gone = await fetch(`${t.baseUrl}/api/proctor/candidates/${second}/photo`, { headers: { cookie: admin } });
    await gone.arrayBuffer();
    expect(gone.status).toBe(404);
    expect(docId.diploma).toBeGreaterThan(0);

    // At start and on later days: nothing left to delete, nothing more audited.
    await t.restart({ IDENTITY_RETENTION_DAYS: '30' });
    await t.advance(2 * DAY);
    expect(await auditOf('identity.documents_purged')).toHaveLength(1);
  });
});

/** An approved application of the candidate with a photo, an ID scan and a diploma, stored as registration stores them. */
async function seedApplicationDocs(t: TestExam, candidateId: number) {
  const userId = ((await t.one("insert into users (role, login, display_name, password_hash, created_at) values ('applicant', ?, '报名者', 'x', 0) returning id", [`applicant-${candidateId}`])) as { id: number }).id;
  const planId = ((await t.one('select plan_id from sittings where id = ?', [t.exam.sittingId])) as { plan_id: number }).plan_id;
  const appId = (
    (await t.one("insert into applications (user_id, plan_id, level, status, form_json, verdict_json, outcome, submitted_at, candidate_id) values (?, ?, 4, 'approved', '{}', '{}', 'eligible', 0, ?) returning id", [userId, planId, candidateId])) as { id: number }
  ).id;
  const store = async (kind: string, bytes: Buffer) => {
    const sha = createHashHex(bytes);
    const file = path.join(t.dir, 'documents', sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return (
      (await t.one('insert into application_documents (application_id, kind, file_name, mime_type, bytes, sha256, uploaded_at) values (?, ?, ?, ?, ?, ?, 0) returning id', [appId, kind, `${kind}.png`, 'image/png', bytes.length, sha])) as { id: number }
    ).id;
  };
  const docId = { photo: await store('photo', png(6, 6, 1)), id: await store('id', png(6, 6, 2)), diploma: await store('diploma', png(6, 6, 3)) };
  return { appId, docId };
}

function createHashHex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
