import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Ticket } from '@shared/registration.ts';
import { ManualClock } from '../../../server/src/core/clock.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import type { SessionUser } from '../../../server/src/core/session-user.ts';
import { asyncLogins } from '../../../server/src/features/auth/logins.ts';
import { createPlan } from '../../../server/src/features/planning/plan-setup.ts';
import { createPlans } from '../../../server/src/features/planning/plans.ts';
import { ticketPdfRoutes } from '../../../server/src/features/tickets/ticket-pdf-routes.ts';
import type { TicketPrinter } from '../../../server/src/features/tickets/ticket-printer.ts';
import { createTicketing, type TicketIssue } from '../../../server/src/features/tickets/ticketing.ts';
import { seatHolders } from '../../../server/src/features/tickets/seat-holders.ts';
import { seedOffice } from '../../helpers/planning-seed.ts';
import { startFeatureServer, type FeatureServer } from '../../helpers/feature-server.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const DAY = 86_400_000;

/**
 * Admission tickets (issue #16) on each store of the matrix: issuing inside the caller's
 * transaction, and the print routes. The PDF itself is the worker's (tests/integration/tickets/
 * ticket-pdf.test.ts renders it in the whole app on SQLite); here a stand-in printer lists the
 * tickets it was given, so the routes run without a CJK font.
 */
await describeStores('admission tickets on the async data layer', (dialect) => {
  const clock = new ManualClock();
  let t: TestStore;
  let db: Db;
  let server: FeatureServer;
  const users: Record<string, SessionUser> = {};
  let sittingId = 0;
  /** 准考证号: year, level 03, sitting, sequence. */
  const ticketNo = (seq: number) => `202703${String(sittingId % 1000).padStart(3, '0')}${String(seq).padStart(3, '0')}`;
  const ticketing = () => createTicketing({ db, plansOf: (on) => createPlans(on, seatHolders), logins: asyncLogins });
  const printer = { pdf: async (tickets: readonly Ticket[]) => Buffer.from(JSON.stringify(tickets.map((k) => `${k.ticketNo} ${k.room} ${k.seat}`))), close: async () => {} } as TicketPrinter;
  const sitting = (id: number, name = '三级 上午场') => ({ id, level: 3, name });
  const issue = (p: Partial<TicketIssue> & { name: string }) =>
    db.transaction((tx) => ticketing().issue(tx, { examDate: '2027-03-01', planTitle: '准考证计划', sitting: sitting(sittingId), idNumber: '', passwordHash: 'x', now: clock.now(), ...p }));

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    users.admin = await seedOffice(db, clock);
    users.applicant = { userId: users.admin.userId + 1000, role: 'applicant', displayName: '报名者', ticketNo: null, candidateId: null };
    const plan = await createPlan(db, clock, {
      title: '准考证计划',
      examDate: '2027-03-01',
      registrationDeadline: clock.now() + DAY,
      sittings: [{ level: 3, name: '三级 上午场', startsAt: clock.now() + 5 * DAY, rooms: [{ name: 'A101', seats: 4 }, { name: 'A102', seats: 10 }] }],
    });
    sittingId = plan.sittingIds[0]!;
    const tickets = ticketing();
    server = await startFeatureServer({
      users,
      register: async (api) =>
        api.register(ticketPdfRoutes, {
          registration: { ownTicket: async (_userId, applicationId) => (await tickets.ticketOf(applicationId))! },
          tickets,
          printer,
          db,
          clock,
        }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('gives ten issues into one sitting at once ten seats and ten ticket numbers, each its own', async () => {
    // Ten transactions at once: on PostgreSQL they overlap, and without the sitting's row lock
    // two would read the same free seat and the same count (a duplicate, or a unique index refusing one).
    const issued = await Promise.all(Array.from({ length: 10 }, (_, i) => issue({ name: `考生${i + 1}` })));
    expect(new Set(issued.map((i) => i.ticketNo)).size).toBe(10);
    expect(new Set(issued.map((i) => `${i.room}/${i.seat}`)).size).toBe(10);
    expect(issued.map((i) => i.ticketNo).sort()).toEqual(Array.from({ length: 10 }, (_, i) => ticketNo(i + 1)));
    expect(issued.map((i) => `${i.room}/${i.seat}`).sort()).toEqual([...['01', '02', '03', '04'].map((s) => `A101/${s}`), ...['01', '02', '03', '04', '05', '06'].map((s) => `A102/${s}`)]);
    const { candidates, users: u } = tablesOf(db);
    expect(await db.select().from(candidates).where(eq(candidates.sittingId, sittingId))).toHaveLength(10);
    const logins = await db.select({ login: u.login }).from(u).where(eq(u.role, 'candidate'));
    expect(logins.map((l) => l.login).sort()).toEqual(issued.map((i) => i.ticketNo).sort());
  });

  it('skips a ticket number already taken as a login, and refuses a full sitting naming it', async () => {
    const { users: u } = tablesOf(db);
    // Logins are unique without regard to case and shared with staff: the number after the ten is someone's login already.
    await db.insert(u).values({ role: 'proctor', login: ticketNo(11), displayName: 'x', passwordHash: 'x', createdAt: clock.now() });
    const issued = [];
    for (const name of ['甲', '乙', '丙', '丁']) issued.push(await issue({ name }));
    expect(issued.map((i) => i.ticketNo)).toEqual([ticketNo(12), ticketNo(13), ticketNo(14), ticketNo(15)]);
    await expect(issue({ name: '满' })).rejects.toMatchObject({ detail: { key: 'registration.noFreeSeat', params: { sitting: expect.stringContaining('三级 上午场') } } });
  });

  it('prints a sitting in seating order, one room, or one ticket, audited; unknown ones are 404 with their keys', async () => {
    const admin = server.cookie('admin');
    const all = await server.http('GET', `/api/admin/tickets.pdf?sittingId=${sittingId}`, { cookie: admin });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/pdf');
    const printed = JSON.parse(all.text) as string[];
    expect(printed).toHaveLength(14);
    expect(printed.map((p) => p.split(' ').slice(1).join(' '))).toEqual([...['01', '02', '03', '04'].map((s) => `A101 ${s}`), ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((s) => `A102 ${s}`)]);
    const room = await server.http('GET', `/api/admin/tickets.pdf?sittingId=${sittingId}&room=A101`, { cookie: admin });
    expect(JSON.parse(room.text)).toHaveLength(4);
    const one = await server.http('GET', `/api/admin/tickets.pdf?ticketNo=${printed[5]!.split(' ')[0]}`, { cookie: admin });
    expect(JSON.parse(one.text)).toEqual([printed[5]]);
    expect((await server.http('GET', '/api/admin/tickets.pdf?ticketNo=999999999', { cookie: admin })).json.error.key).toBe('ticket.noHolder');
    expect((await server.http('GET', `/api/admin/tickets.pdf?sittingId=${sittingId + 1000}`, { cookie: admin })).json.error.key).toBe('ticket.noSitting');
    expect((await server.http('GET', `/api/admin/tickets.pdf?sittingId=${sittingId}&room=B9`, { cookie: admin })).json.error.key).toBe('ticket.roomEmpty');
    const { auditLog } = tablesOf(db);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'tickets.printed')).orderBy(auditLog.id);
    expect(audits.map((a) => JSON.parse(a.detailsJson).count)).toEqual([14, 4, 1]);
  });

  it('prints rooms in their planned order (not by name), rooms off the list last, each by seat number', async () => {
    // The candidates are tickets' rows and the rooms planning's: the print run orders by room name and
    // seat in SQL, then puts the rooms in their planned order in memory.
    const plan = await createPlan(db, clock, {
      title: '顺序计划',
      examDate: '2027-03-01',
      registrationDeadline: clock.now() + DAY,
      sittings: [{ level: 3, name: '三级 下午场', startsAt: clock.now() + 5 * DAY, rooms: [{ name: 'Z9', seats: 2 }, { name: 'A1', seats: 10 }] }],
    });
    const id = plan.sittingIds[0]!;
    for (let i = 0; i < 12; i++) await db.transaction((tx) => ticketing().issue(tx, { examDate: '2027-03-01', planTitle: '顺序计划', sitting: sitting(id, '三级 下午场'), name: `序${i}`, idNumber: '', passwordHash: 'x', now: clock.now() }));
    const { candidates } = tablesOf(db);
    // A room renamed behind planning's back (no such room planned): printed after the planned ones.
    await db.update(candidates).set({ room: 'B5' }).where(and(eq(candidates.sittingId, id), eq(candidates.room, 'Z9'), eq(candidates.seat, '01')));
    await db.update(candidates).set({ seat: '9' }).where(and(eq(candidates.sittingId, id), eq(candidates.room, 'A1'), eq(candidates.seat, '09')));
    const printed = JSON.parse((await server.http('GET', `/api/admin/tickets.pdf?sittingId=${id}`, { cookie: server.cookie('admin') })).text) as string[];
    expect(printed.map((p) => p.split(' ').slice(1).join(' '))).toEqual(['Z9 02', 'A1 9', ...['01', '02', '03', '04', '05', '06', '07', '08', '10'].map((s) => `A1 ${s}`), 'B5 01']);
  });

  it("gives the applicant their own ticket through registration's port", async () => {
    const { candidates } = tablesOf(db);
    const [first] = await db.select({ id: candidates.id, ticketNo: candidates.ticketNo }).from(candidates).orderBy(candidates.id).limit(1);
    const res = await server.http('GET', `/api/registration/applications/${first!.id}/ticket.pdf`, { cookie: server.cookie('applicant') });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)[0]).toMatch(new RegExp(`^${first!.ticketNo} `));
    expect((await server.http('GET', `/api/registration/applications/${first!.id}/ticket.pdf`, { cookie: server.cookie('admin') })).status).toBe(403);
  });
});
