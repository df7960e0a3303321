import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApplicationForm } from '@shared/registration.ts';
import { createPlan } from '../../../server/src/features/planning/plan-setup.ts';
import { ELIGIBLE_FORM } from '../../helpers/application-form.ts';
import { constraintViolation } from '../../../server/src/core/db/dialect.ts';
import { JPEG_2X3, PDF_WITH_JS, PNG_1X1, pdf } from '../../helpers/documents.ts';
import { TestExam } from '../../helpers/test-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { pdfPageTexts } from '../../helpers/pdf-text.ts';
import { describeStores } from '../../helpers/stores.ts';

const DAY = 86_400_000;

const FORM = ELIGIBLE_FORM;
const INELIGIBLE: ApplicationForm = { ...FORM, certificates: [], yearsOfWork: 0 };

await describeStores('registration, review and admission tickets', (dialect) => {
  let t: TestExam;
  let admin: string;
  let planId: number;
  let sittingId: number;
  let closedPlanId: number;
  let planDeadline: number;

  async function applicant(n: string) {
    return t.loginApplicant({ username: `user-${n}`, password: `password-${n}`, displayName: `报名者${n}` });
  }
  async function apply(cookie: string, body: object) {
    return t.http('POST', '/api/registration/applications', { cookie, body });
  }
  async function upload(cookie: string, id: number, content: Buffer, fileName = 'scan.png', kind = 'id') {
    const res = await fetch(`${t.baseUrl}/api/registration/applications/${id}/documents?kind=${kind}&fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(content),
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  beforeAll(async () => {
    t = await TestExam.start({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' }, { store: dialect });
    admin = await t.loginStaff('admin');
    const open = await createPlan(t.store.db, t.clock, {
      title: '2027年第一期',
      examDate: '2027-01-10',
      registrationDeadline: (planDeadline = t.clock.now() + 10 * DAY),
      sittings: [
        { level: 3, name: '三级 第1场', startsAt: t.clock.now() + 20 * DAY, rooms: [{ name: '第1考场', seats: 2 }] },
        { level: 4, name: '四级 第1场', startsAt: t.clock.now() + 20 * DAY, rooms: [] },
      ],
    });
    planId = open.planId;
    sittingId = open.sittingIds[0]!;
    closedPlanId = (await createPlan(t.store.db, t.clock, { title: '已截止', examDate: '2026-01-01', registrationDeadline: t.clock.now() - 1, sittings: [{ level: 3, name: 'x', startsAt: t.clock.now(), rooms: [] }] })).planId;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists plans with their deadline and whether registration is open', async () => {
    const res = await t.http('GET', '/api/registration/plans', { cookie: await applicant('a') });
    expect(res.status).toBe(200);
    const byId = new Map((res.json as { id: number; open: boolean; levels: number[] }[]).map((p) => [p.id, p]));
    expect(byId.get(planId)).toMatchObject({ open: true, levels: [4, 3] });
    expect(byId.get(closedPlanId)).toMatchObject({ open: false });
  });

  it('refuses an all-digit login (reserved for tickets) and a taken one', async () => {
    expect((await t.http('POST', '/api/auth/applicant/register', { body: { username: '13800000000', password: 'long-enough', displayName: 'x' } })).status).toBe(400);
    await applicant('b');
    const taken = await t.http('POST', '/api/auth/applicant/register', { body: { username: 'user-b', password: 'long-enough', displayName: 'x' } });
    expect(taken.status).toBe(409);
    // Another case of a taken login, a staff login included, is the same login.
    for (const username of ['USER-B', 'Admin']) {
      const res = await t.http('POST', '/api/auth/applicant/register', { body: { username, password: 'long-enough', displayName: 'x' } });
      expect([username, res.status, res.json.error.code]).toEqual([username, 409, 'CONFLICT']);
    }
    // The database holds the line too, whatever path a login comes by.
    await expect(t.query("insert into users (role, login, display_name, password_hash, created_at) values ('grader', 'PROCTOR', 'x', 'x', 0)")).rejects.toSatisfy((e) => constraintViolation(e) === 'unique');
  });

  it('seats one candidate per seat, enforced by the database as well', async () => {
    const taken = (await t.one('select user_id, sitting_id, room, seat from candidates limit 1')) as { sitting_id: number; room: string; seat: string };
    const user = (await t.one("insert into users (role, login, display_name, password_hash, created_at) values ('candidate', '990000000001', 'x', 'x', 0) returning id")) as { id: number };
    await expect(
      t.query('insert into candidates (user_id, sitting_id, ticket_no, name, room, seat) values (?, ?, ?, ?, ?, ?)', [user.id, taken.sitting_id, '990000000001', '重座', taken.room, taken.seat]),
    ).rejects.toSatisfy((e) => constraintViolation(e) === 'unique');
  });

  it('evaluates eligibility on submission and names the condition met', async () => {
    const res = await apply(await applicant('a'), { planId, level: 3, form: FORM });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.status).toBe('submitted');
    expect(res.json.verdict.outcome).toBe('eligible');
    expect(res.json.verdict.met.labelZh).toBe('三级 条件(一): 四级证书后工作满4年');
    expect(res.json.ticket).toBeNull();
  });

  it('refuses a second application to the same plan, a level not offered, a bad ID number, and changes nothing', async () => {
    const cookie = await applicant('a');
    const before = await snapshot(t);
    expect((await apply(cookie, { planId, level: 3, form: FORM })).status).toBe(409);
    const c = await applicant('c');
    const before2 = await snapshot(t);
    const notOffered = await apply(c, { planId, level: 1, form: FORM });
    expect(notOffered.status).toBe(400);
    const badId = await apply(c, { planId, level: 3, form: { ...FORM, idNumber: '110105194912310021' } });
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.json.error.issues)).toContain('check-digit');
    expect((await apply(c, { planId: 99999, level: 3, form: FORM })).status).toBe(404);
    expect(await snapshot(t)).toEqual(before2);
    expect(before.applications).toEqual(before2.applications);
  });

  it('accepts PDF, PNG and JPEG by content and refuses anything else', async () => {
    const cookie = await applicant('a');
    const [mine] = (await t.http('GET', '/api/registration/applications', { cookie })).json;
    for (const [content, type] of [[PNG_1X1, 'image/png'], [JPEG_2X3, 'image/jpeg'], [pdf(), 'application/pdf']] as const) {
      const res = await upload(cookie, mine.id, content, 'whatever.bin');
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.mimeType).toBe(type);
    }
    const before = await snapshot(t);
    for (const bad of [Buffer.from('not an image'), PDF_WITH_JS, PNG_1X1.subarray(0, 20)]) {
      const res = await upload(cookie, mine.id, bad, 'photo.png');
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('BAD_REQUEST');
    }
    expect((await t.http('POST', `/api/registration/applications/${mine.id}/documents?kind=id&fileName=x.png`, { cookie, body: {} })).status).toBe(400);
    expect(await snapshot(t)).toEqual(before);
    const docs = (await t.http('GET', `/api/registration/applications/${mine.id}`, { cookie })).json.documents;
    const file = await fetch(`${t.baseUrl}/api/registration/applications/${mine.id}/documents/${docs[0].id}`, { headers: { cookie } });
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG_1X1)).toBe(true);
  });

  it('lets the applicant remove a document before review, audited; not another applicant', async () => {
    const cookie = await applicant('a');
    const [mine] = (await t.http('GET', '/api/registration/applications', { cookie })).json;
    const added = await upload(cookie, mine.id, PNG_1X1, 'wrong.png', 'other');
    expect(added.status).toBe(200);
    const other = await applicant('b');
    expect((await t.http('DELETE', `/api/registration/applications/${mine.id}/documents/${added.json.id}`, { cookie: other })).status).toBe(404);
    expect((await t.http('DELETE', `/api/registration/applications/${mine.id}/documents/${added.json.id}`, { cookie })).status).toBe(204);
    const docs = (await t.http('GET', `/api/registration/applications/${mine.id}`, { cookie })).json.documents as { id: number }[];
    expect(docs.map((d) => d.id)).not.toContain(added.json.id);
    expect((await t.http('DELETE', `/api/registration/applications/${mine.id}/documents/${added.json.id}`, { cookie })).status).toBe(404);
    const audit = (await t.query("select details_json from audit_log where action = 'application.document_removed'")) as { details_json: string }[];
    expect(audit.map((r) => JSON.parse(r.details_json))).toEqual([expect.objectContaining({ documentId: added.json.id, fileName: 'wrong.png', kind: 'other' })]);
  });

  it('keeps applications private: another applicant, a candidate and staff get nothing', async () => {
    const a = await applicant('a');
    const [mine] = (await t.http('GET', '/api/registration/applications', { cookie: a })).json;
    const docId = mine.documents[0].id;
    const other = await applicant('d');
    expect((await t.http('GET', `/api/registration/applications/${mine.id}`, { cookie: other })).status).toBe(404);
    expect((await t.http('GET', `/api/registration/applications/${mine.id}/documents/${docId}`, { cookie: other })).status).toBe(404);
    expect((await t.http('GET', `/api/registration/applications/${mine.id}/ticket`, { cookie: other })).status).toBe(404);
    expect((await t.http('GET', `/api/registration/applications/${mine.id}/ticket.pdf`, { cookie: other })).status).toBe(404);
    expect((await upload(other, mine.id, PNG_1X1)).status).toBe(404);
    expect((await t.http('GET', '/api/registration/applications', { cookie: other })).json).toEqual([]);
    expect((await t.http('GET', `/api/admin/applications/${mine.id}`, { cookie: a })).status).toBe(403);
    expect((await t.http('POST', `/api/admin/applications/${mine.id}/decision`, { cookie: a, body: { decision: 'approve' } })).status).toBe(403);
    for (const role of ['proctor', 'grader'] as const) {
      expect((await t.http('POST', `/api/admin/applications/${mine.id}/decision`, { cookie: await t.loginStaff(role), body: { decision: 'approve' } })).status).toBe(403);
    }
    expect((await t.http('GET', `/api/registration/applications/${mine.id}`, { cookie: await t.loginCandidate(0) })).status).toBe(403);
    // An applicant account is not an exam login.
    expect((await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: 'user-a', password: 'password-a' } })).status).toBe(401);
  });

  it('shows the admin the queue, the verdict and the documents; approval issues a ticket the candidate can log in with', async () => {
    const queue = (await t.http('GET', '/api/admin/applications?status=submitted', { cookie: admin })).json;
    const entry = queue.find((q: { applicantName: string }) => q.applicantName === '报名者a');
    expect(entry).toMatchObject({ outcome: 'eligible', documents: 3, status: 'submitted', ticketNo: null });
    const detail = (await t.http('GET', `/api/admin/applications/${entry.id}`, { cookie: admin })).json;
    expect(detail.sittings).toEqual([expect.objectContaining({ id: sittingId, freeSeats: 2 })]);
    const doc = await fetch(`${t.baseUrl}/api/admin/applications/${entry.id}/documents/${detail.documents[2].id}`, { headers: { cookie: admin } });
    expect(doc.headers.get('content-type')).toBe('application/pdf');

    const approved = await t.http('POST', `/api/admin/applications/${entry.id}/decision`, { cookie: admin, body: { decision: 'approve' } });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json.ticket).toMatchObject({ name: '赵六', room: '第1考场', seat: '01', level: 3, idNumber: '11010519491231002X' });
    expect(approved.json.ticket.ticketNo).toMatch(/^2027030\d{2}001$/);
    expect(approved.json.ticket.parts.map((p: { kind: string }) => p.kind)).toEqual(['theory', 'skills']);

    const a = await applicant('a');
    const ticket = await t.http('GET', `/api/registration/applications/${entry.id}/ticket`, { cookie: a });
    expect(ticket.json).toEqual(approved.json.ticket);
    const pdf = await fetch(`${t.baseUrl}/api/registration/applications/${entry.id}/ticket.pdf`, { headers: { cookie: a } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const [page, ...more] = await pdfPageTexts(new Uint8Array(await pdf.arrayBuffer()));
    expect(more).toEqual([]);
    expect(page).toContain(`准考证号 ${ticket.json.ticketNo}`);
    expect(page).toContain('姓名 赵六');
    const login = await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: ticket.json.ticketNo, password: 'password-a' } });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ role: 'candidate', ticketNo: ticket.json.ticketNo });

    expect((await t.http('POST', `/api/admin/applications/${entry.id}/decision`, { cookie: admin, body: { decision: 'reject', reason: 'x' } })).status).toBe(409);
    expect((await upload(a, entry.id, PNG_1X1)).status).toBe(409);

    // Levels 2 and 1: the review panel (综合评审) reads the application materials of the sitting's candidates.
    const candidateId = ((await t.one('select id from candidates where ticket_no = ?', [ticket.json.ticketNo])) as { id: number }).id;
    const reviewPartId = (await t.one("insert into sitting_parts (sitting_id, part, duration_minutes, pass_score) values (?, 'review', 20, 60) returning id", [sittingId])).id as number;
    expect((await t.http('PUT', '/api/admin/review/panel', { cookie: admin, body: { sittingPartId: reviewPartId, chairLogin: 'grader', memberLogins: ['grader'] } })).status).toBe(204);
    const grader = await t.loginStaff('grader');
    const panelId = (await t.http('GET', '/api/review/panels', { cookie: grader })).json[0].panelId;
    const materials = await t.http('GET', `/api/review/panels/${panelId}/candidates/${candidateId}/materials`, { cookie: grader });
    expect(materials.json.application).toMatchObject({ id: entry.id, form: { name: '赵六' }, documents: detail.documents });
    const scan = await fetch(`${t.baseUrl}/api/review/panels/${panelId}/candidates/${candidateId}/documents/${detail.documents[2].id}`, { headers: { cookie: grader } });
    expect(scan.headers.get('content-type')).toBe('application/pdf');
    // Someone else's document id under this candidate, and a grader off the panel, get nothing.
    expect((await t.http('GET', `/api/review/panels/${panelId}/candidates/${candidateId}/documents/999999`, { cookie: grader })).status).toBe(404);
    expect((await t.http('GET', `/api/review/panels/${panelId}/candidates/${candidateId}/materials`, { cookie: await t.loginStaff('proctor') })).status).toBe(403);
    const actions = ((await t.query("select action from audit_log where entity in ('application', 'candidate') order by id")) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['application.submitted', 'application.document_uploaded', 'ticket.issued', 'application.approved']));
  });

  it('needs a reason to approve against the verdict, tells the applicant a rejection and its reason, and stops at a full sitting', async () => {
    const e = await applicant('e');
    const ineligible = (await apply(e, { planId, level: 3, form: INELIGIBLE })).json;
    expect(ineligible.verdict.outcome).toBe('ineligible');
    expect(ineligible.verdict.conditions).toHaveLength(4);
    expect((await t.http('POST', `/api/admin/applications/${ineligible.id}/decision`, { cookie: admin, body: { decision: 'approve' } })).status).toBe(400);
    const rejected = await t.http('POST', `/api/admin/applications/${ineligible.id}/decision`, { cookie: admin, body: { decision: 'reject', reason: '不符合报考条件' } });
    expect(rejected.status).toBe(200);
    const seen = (await t.http('GET', `/api/registration/applications/${ineligible.id}`, { cookie: e })).json;
    expect(seen).toMatchObject({ status: 'rejected', decisionReason: '不符合报考条件', ticket: null });

    const f = (await apply(await applicant('f'), { planId, level: 3, form: INELIGIBLE })).json;
    const override = await t.http('POST', `/api/admin/applications/${f.id}/decision`, { cookie: admin, body: { decision: 'approve', reason: '证书原件核验通过' } });
    expect(override.json.ticket.seat).toBe('02');
    const g = (await apply(await applicant('g'), { planId, level: 3, form: FORM })).json;
    const before = await snapshot(t);
    const full = await t.http('POST', `/api/admin/applications/${g.id}/decision`, { cookie: admin, body: { decision: 'approve' } });
    expect(full.status).toBe(409);
    expect(full.json.error.message).toContain('No free seat');
    // The full sitting is named with its plan, as the approval's sitting list names it.
    const [plan] = (await t.query('select title from exam_plans where id = ?', [planId])) as { title: string }[];
    expect(full.json.error).toMatchObject({ key: 'registration.noFreeSeat', params: { sitting: expect.stringMatching(new RegExp(`^${plan!.title} · `)) } });
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses applications and uploads after the deadline, saying when it was', async () => {
    await applicant('h');
    const g = (await t.http('GET', '/api/registration/applications', { cookie: await applicant('g') })).json[0];
    t.clock.set(planDeadline + 1);
    // Ten days on, the earlier logins have expired.
    const h = await applicant('h');
    const late = await apply(h, { planId, level: 4, form: FORM });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('DEADLINE_PASSED');
    expect(late.json.error.message).toContain(new Date(planDeadline).toISOString());
    expect((await upload(await applicant('g'), g.id, PNG_1X1)).json.error.code).toBe('DEADLINE_PASSED');
    expect((await apply(h, { planId: closedPlanId, level: 3, form: FORM })).json.error.code).toBe('DEADLINE_PASSED');
  });
});
