import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Ticket } from '@shared/registration.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { createLocalFileStore } from '../../../server/src/core/file-store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { asyncLogins } from '../../../server/src/features/auth/logins.ts';
import { applicantPasswordHash } from '../../../server/src/features/auth/applicant-password.ts';
import { createUserDirectory } from '../../../server/src/features/auth/user-directory.ts';
import { createCandidateDirectory } from '../../../server/src/features/tickets/candidate-directory.ts';
import { createRegistrationService, type IssueTicket, type RegistrationPlans } from '../../../server/src/features/registration/registration-service.ts';
import { registrationRoutes } from '../../../server/src/features/registration/routes.ts';
import { reviewRoutes } from '../../../server/src/features/registration/review-routes.ts';
import { createDocumentViews } from '../../../server/src/features/registration/identity-docs.ts';
import { ELIGIBLE_FORM } from '../../helpers/application-form.ts';
import { PNG_1X1 } from '../../helpers/documents.ts';
import { waitForBlockedOrAnswered } from '../../helpers/lock-waits.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const DAY = 86_400_000;
const FORM = ELIGIBLE_FORM;

/** Planning's port, read through the store under test (planning converts on its own branch). */
function plansOn(db: Db): RegistrationPlans {
  const { examPlans, sittings, rooms, candidates } = tablesOf(db);
  const seatsOf = async (sittingId: number) => (await db.select({ n: sql<number>`coalesce(sum(${rooms.seats}), 0)`.mapWith(Number) }).from(rooms).where(eq(rooms.sittingId, sittingId)))[0]?.n ?? 0;
  return {
    plans: () => db.select().from(examPlans).orderBy(desc(examPlans.registrationDeadline)),
    plan: async (id) => (await db.select().from(examPlans).where(eq(examPlans.id, id)))[0],
    planLevels: async (planId) => (await db.selectDistinct({ level: sittings.level }).from(sittings).where(eq(sittings.planId, planId)).orderBy(desc(sittings.level))).map((r) => r.level),
    sittingsOf: (planId, level) => db.select().from(sittings).where(and(eq(sittings.planId, planId), eq(sittings.level, level))).orderBy(asc(sittings.startsAt), asc(sittings.id)),
    sitting: async (id) => (await db.select().from(sittings).where(eq(sittings.id, id)))[0],
    freeSeats: async (sittingId) => (await seatsOf(sittingId)) - ((await db.select({ n: count() }).from(candidates).where(eq(candidates.sittingId, sittingId)))[0]?.n ?? 0),
  } as RegistrationPlans;
}

/**
 * Registration (issue #16) on each store of the matrix, through its routes: applications, documents,
 * decisions, and the races a cluster makes possible. (tests/integration/registration/*.test.ts run
 * the same routes inside the whole app on SQLite, with the real planning and tickets.)
 *
 * The races are made deterministic on PostgreSQL: the first approval's ticket issuing waits on a
 * gate while it holds its transaction, and the gate opens once the competing requests are waiting
 * on a lock (pg_stat_activity) or have been answered. SQLite runs the same requests at once; its
 * transactions never overlap, so it checks the outcome only.
 */
await describeStores('registration on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  let dir: string;
  let planId = 0;
  let sittingId = 0;
  const users: Record<string, SessionUser> = {};
  /** Calls of the ticket issuer, and the gate the first call of a race waits on (PostgreSQL only). */
  let issueCalls = 0;
  let gate: Promise<void> | null = null;

  const issue: IssueTicket = async (tx, p) => {
    issueCalls++;
    if (gate) await gate;
    const { users: u, candidates } = tablesOf(tx);
    const [row] = await tx.select({ n: count() }).from(candidates).where(eq(candidates.sittingId, p.sitting.id));
    let seq = (row?.n ?? 0) + 1;
    while (await asyncLogins.taken(tx, `T${p.sitting.id}-${seq}`)) seq++;
    const ticketNo = `T${p.sitting.id}-${seq}`;
    const [user] = await tx.insert(u).values({ role: 'candidate', login: ticketNo, displayName: p.name, passwordHash: p.passwordHash, createdAt: p.now }).returning({ id: u.id });
    const [candidate] = await tx.insert(candidates).values({ userId: user!.id, sittingId: p.sitting.id, ticketNo, name: p.name, idNumber: p.idNumber, room: 'R1', seat: String(seq) }).returning({ id: candidates.id });
    return { candidateId: candidate!.id, ticketNo, room: 'R1', seat: String(seq) };
  };
  const ticketOf = async (candidateId: number | null): Promise<Ticket | null> => {
    if (candidateId === null) return null;
    const { candidates } = tablesOf(db);
    const [c] = await db.select().from(candidates).where(eq(candidates.id, candidateId));
    return c ? { ticketNo: c.ticketNo, name: c.name, idNumber: c.idNumber ?? '', level: 3, occupationCode: 'X-01', occupationName: '测试', planTitle: '计划', sittingName: '三级', startsAt: 0, room: c.room, seat: c.seat, parts: [] } : null;
  };

  /** Opens a gate the next ticket issuing waits on; returns its opener. */
  const closeGate = () => {
    let open!: () => void;
    gate = new Promise<void>((r) => (open = r));
    return () => {
      gate = null;
      open();
    };
  };
  const tracked = <T,>(p: Promise<T>, done: { n: number }) => p.finally(() => done.n++);

  const addUser = async (name: string, role: SessionUser['role']) => {
    const tb = tablesOf(db);
    const [row] = await db.insert(tb.users).values({ role, login: name, displayName: name, passwordHash: `hash-${name}`, createdAt: clock.now() }).returning({ id: tb.users.id });
    users[name] = { userId: row!.id, role, displayName: name, ticketNo: null, candidateId: null };
    return server.cookie(name);
  };
  const apply = (cookie: string) => server.http('POST', '/api/registration/applications', { cookie, body: { planId, level: 3, form: FORM } });
  const decide = (admin: string, id: number, body: object) => server.http('POST', `/api/admin/applications/${id}/decision`, { cookie: server.cookie(admin), body });
  const upload = async (cookie: string, id: number) => {
    const res = await fetch(`${server.baseUrl}/api/registration/applications/${id}/documents?kind=id&fileName=scan.png`, { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: new Uint8Array(PNG_1X1) });
    return { status: res.status, json: (await res.json()) as any };
  };
  const audits = async (action: string, entityId?: number) => {
    const { auditLog } = tablesOf(db);
    return db.select().from(auditLog).where(and(eq(auditLog.action, action), entityId === undefined ? undefined : eq(auditLog.entityId, String(entityId))));
  };
  const candidatesOfSitting = async () => {
    const { candidates } = tablesOf(db);
    return db.select().from(candidates).where(eq(candidates.sittingId, sittingId));
  };

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-registration-'));
    const tb = tablesOf(db);
    const now = clock.now();
    const [occ] = await db.insert(tb.occupations).values({ code: 'X-01', nameZh: '测试', nameEn: 'Test' }).returning({ id: tb.occupations.id });
    const [plan] = await db.insert(tb.examPlans).values({ occupationId: occ!.id, title: '计划', examDate: '2027-03-01', registrationDeadline: now + 10 * DAY, createdAt: now }).returning({ id: tb.examPlans.id });
    planId = plan!.id;
    const [sitting] = await db.insert(tb.sittings).values({ planId, level: 3, name: '三级', startsAt: now + 20 * DAY }).returning({ id: tb.sittings.id });
    sittingId = sitting!.id;
    await db.insert(tb.rooms).values({ sittingId, name: 'R1', seats: 50 });
    const registration = createRegistrationService({ db, clock, applicantPasswordHash, names: { users: createUserDirectory(db), candidates: createCandidateDirectory(db) }, documents: createLocalFileStore(dir), timeZone: 'Asia/Shanghai', plans: plansOn(db), tickets: { issue, ticketOf }, documentViewed: createDocumentViews({ db, clock }) });
    server = await startFeatureServer({
      users,
      register: async (api) => {
        await api.register(registrationRoutes, { prefix: '/registration', registration });
        await api.register(reviewRoutes, { prefix: '/admin', registration });
      },
    });
    for (const a of ['admin1', 'admin2', 'admin3']) await addUser(a, 'admin');
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes an application with a document through review to a ticket, audited', async () => {
    const cookie = await addUser('applicant-a', 'applicant');
    const plans = await server.http('GET', '/api/registration/plans', { cookie });
    expect(plans.json).toEqual([expect.objectContaining({ id: planId, open: true, levels: [3] })]);
    const submitted = await apply(cookie);
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ status: 'submitted', verdict: { outcome: 'eligible' }, ticket: null });
    const id = submitted.json.id as number;
    const doc = await upload(cookie, id);
    expect(doc.status).toBe(200);
    const queue = await server.http('GET', '/api/admin/applications?status=submitted', { cookie: server.cookie('admin1') });
    expect(queue.json).toEqual([expect.objectContaining({ id, documents: 1, ticketNo: null })]);
    const detail = await server.http('GET', `/api/admin/applications/${id}`, { cookie: server.cookie('admin1') });
    expect(detail.json.sittings).toEqual([expect.objectContaining({ id: sittingId, freeSeats: 50 })]);
    const file = await server.http('GET', `/api/registration/applications/${id}/documents/${doc.json.id}`, { cookie });
    expect(file.status).toBe(200);
    expect((await server.http('GET', `/api/admin/applications/${id}/documents/${doc.json.id}`, { cookie: server.cookie('admin1') })).status).toBe(200);
    // An ID scan: each view is audited, with who looked and through which page.
    const views = (await audits('identity.document_viewed')).map((a) => [a.actorUserId, JSON.parse(a.detailsJson)]);
    expect(views).toEqual([
      [users['applicant-a']!.userId, { via: 'applicant', candidateId: null, applicationId: id, documentId: doc.json.id, kind: 'id' }],
      [users.admin1!.userId, { via: 'admin', candidateId: null, applicationId: id, documentId: doc.json.id, kind: 'id' }],
    ]);
    const approved = await decide('admin1', id, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', ticket: { ticketNo: `T${sittingId}-1`, room: 'R1', seat: '1' } });
    expect((await server.http('GET', `/api/registration/applications/${id}/ticket`, { cookie })).json).toMatchObject({ ticketNo: `T${sittingId}-1` });
    // The exam-day login takes over the applicant's password (auth's port), and the queue joins in memory
    // what three other features own: the applicant's name, the plan's title and the ticket number.
    const { users: u } = tablesOf(db);
    expect((await db.select({ hash: u.passwordHash }).from(u).where(eq(u.login, `T${sittingId}-1`)))[0]?.hash).toBe('hash-applicant-a');
    const decided = await server.http('GET', '/api/admin/applications?status=approved', { cookie: server.cookie('admin1') });
    expect(decided.json).toEqual([expect.objectContaining({ id, applicantName: 'applicant-a', planTitle: '计划', documents: 1, ticketNo: `T${sittingId}-1` })]);
    expect(await audits('application.submitted', id)).toHaveLength(1);
    expect(await audits('application.document_uploaded', id)).toHaveLength(1);
    expect(await audits('application.approved', id)).toHaveLength(1);
    expect((await upload(cookie, id)).json.error.key).toBe('registration.decidedNoDocuments');
  });

  it('keeps one application when an applicant submits twice at once', async () => {
    const cookie = await addUser('applicant-b', 'applicant');
    const { applications } = tablesOf(db);
    const userId = users['applicant-b']!.userId;
    let replies: { status: number; json: any }[];
    if (dialect === 'pg') {
      // The other submission is inserted but not committed when this one checks and inserts.
      let commit!: () => void;
      const committed = new Promise<void>((r) => (commit = r));
      let inserted!: () => void;
      const insertedP = new Promise<void>((r) => (inserted = r));
      const other = db.transaction(async (tx) => {
        await tx.insert(applications).values({ userId, planId, level: 3, status: 'submitted', formJson: JSON.stringify(FORM), verdictJson: '{}', outcome: 'eligible', submittedAt: clock.now() });
        inserted();
        await committed;
      });
      await insertedP;
      const done = { n: 0 };
      const reply = tracked(apply(cookie), done);
      await waitForBlockedOrAnswered(db, 1, () => done.n);
      commit();
      await other;
      replies = [await reply];
    } else {
      replies = await Promise.all([apply(cookie), apply(cookie), apply(cookie)]);
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      replies = replies.filter((r) => r.status !== 200);
    }
    // Without onConflictDoNothing on the unique index, PostgreSQL's loser was a 500.
    for (const r of replies) expect([r.status, r.json.error.key]).toEqual([409, 'registration.appliedAlready']);
    expect(await db.select().from(applications).where(eq(applications.userId, userId))).toHaveLength(1);
  });

  it('lets one of three admins deciding at once decide, with one ticket; the others hear it was decided', async () => {
    const cookie = await addUser('applicant-c', 'applicant');
    const id = (await apply(cookie)).json.id as number;
    const before = (await candidatesOfSitting()).length;
    issueCalls = 0;
    let replies: { status: number; json: any }[];
    if (dialect === 'pg') {
      const open = closeGate();
      const first = decide('admin1', id, { decision: 'approve' });
      while (issueCalls === 0) await new Promise((r) => setTimeout(r, 10));
      const done = { n: 0 };
      const others = [tracked(decide('admin2', id, { decision: 'approve' }), done), tracked(decide('admin3', id, { decision: 'reject', reason: '材料不全' }), done)];
      await waitForBlockedOrAnswered(db, 2, () => done.n);
      open();
      replies = [await first, ...(await Promise.all(others))];
      // The first holds the application's lock: the others wait for it and never issue a ticket.
      expect(replies.map((r) => r.status)).toEqual([200, 409, 409]);
      expect(issueCalls).toBe(1);
    } else {
      replies = await Promise.all([decide('admin1', id, { decision: 'approve' }), decide('admin2', id, { decision: 'approve' }), decide('admin3', id, { decision: 'reject', reason: '材料不全' })]);
    }
    const won = replies.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of replies.filter((x) => x.status !== 200)) expect([r.status, r.json.error.key]).toEqual([409, 'registration.decidedAlready']);
    const status = won[0]!.json.status as string;
    const approvals = (await audits('application.approved', id)).length;
    const rejections = (await audits('application.rejected', id)).length;
    expect([approvals, rejections]).toEqual(status === 'approved' ? [1, 0] : [0, 1]);
    const issued = (await candidatesOfSitting()).length - before;
    expect(issued).toBe(status === 'approved' ? 1 : 0);
    expect((await audits('ticket.issued')).filter((a) => JSON.parse(a.detailsJson).applicationId === id)).toHaveLength(issued);
  });

  it('refuses the applicant’s document changes once an admin decides, even while the decision is under way', async () => {
    const cookie = await addUser('applicant-d', 'applicant');
    const id = (await apply(cookie)).json.id as number;
    const doc = (await upload(cookie, id)).json;
    let replies: { status: number; json: any }[];
    if (dialect === 'pg') {
      // The applicant read the application as waiting; the approval is under way (not committed).
      const open = closeGate();
      issueCalls = 0;
      const approval = decide('admin1', id, { decision: 'approve' });
      while (issueCalls === 0) await new Promise((r) => setTimeout(r, 10));
      const done = { n: 0 };
      const changes = [tracked(server.http('DELETE', `/api/registration/applications/${id}/documents/${doc.id}`, { cookie }), done), tracked(upload(cookie, id), done)];
      await waitForBlockedOrAnswered(db, 2, () => done.n);
      
      open();
      expect((await approval).status).toBe(200);
      replies = await Promise.all(changes);
    } else {
      const [approval, ...changes] = await Promise.all([decide('admin1', id, { decision: 'approve' }), server.http('DELETE', `/api/registration/applications/${id}/documents/${doc.id}`, { cookie }), upload(cookie, id)]);
      expect(approval.status).toBe(200);
      // SQLite never overlaps transactions: a change that came first is allowed, one after the decision refused.
      replies = changes.filter((r) => r.status >= 400);
    }
    // Without the application's row lock in the change's transaction, PostgreSQL removed and added documents of an approved application.
    for (const r of replies) expect([r.status, r.json.error.key]).toEqual([409, 'registration.decidedNoDocuments']);
    if (dialect === 'pg') {
      const view = await server.http('GET', `/api/registration/applications/${id}`, { cookie });
      expect(view.json.documents.map((d: { id: number }) => d.id)).toEqual([doc.id]);
      expect(await audits('application.document_removed', id)).toHaveLength(0);
    }
  });
});
