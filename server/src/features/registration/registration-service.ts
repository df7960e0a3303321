import type { Readable } from 'node:stream';
import type { Level } from '@shared/domain.ts';
import {
  applicationFormSchema,
  verdictSchema,
  type ApplicationBody,
  type ApplicationSummary,
  type ApplicationView,
  type DecisionBody,
  type DocumentKind,
  type OpenPlan,
  type SittingOption,
  type Ticket,
} from '@shared/registration.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import type { FileStore } from '../../core/file-store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { checkDocument, UnacceptableFileError, UploadTooLargeError } from '../../core/uploads/index.ts';
import { appendAudit } from '../../core/audit.ts';
import { evaluateEligibility } from './eligibility.ts';
import type { IdentityDocs, IdentityViewer } from './identity-docs.ts';
import { createRegistrationDal, type ApplicationRow } from './registration-dal.ts';
import type { Plans } from '../planning/plans.ts';
import type { Ticketing, TicketIssue } from '../tickets/ticketing.ts';

/** What registration reads of planning's plans and seats; planning may answer later (it converts on its own). */
export type RegistrationPlans = { [K in 'plans' | 'plan' | 'planLevels' | 'sittingsOf' | 'sitting' | 'freeSeats']: (...args: Parameters<Plans[K]>) => MaybePromise<ReturnType<Plans[K]>> };

/**
 * The tickets feature's issuing, inside the approval's transaction `tx`: seats the person and creates
 * their exam-day login (ticket number as login).
 */
export type IssueTicket = (tx: Db, p: TicketIssue) => MaybePromise<{ candidateId: number; ticketNo: string; room: string; seat: string }>;

/** Auth's accounts and tickets' candidates by ids (their directories): the review queue names applicants and tickets. */
export type QueueNames = {
  users: { byIds(ids: readonly number[]): MaybePromise<{ id: number; displayName: string }[]> };
  candidates: { byIds(ids: readonly number[]): MaybePromise<{ id: number; ticketNo: string }[]> };
};

export type RegistrationDeps = {
  /** The async data layer (docs/cluster.md §1). */
  db: Db;
  clock: Clock;
  /** Auth's: the applicant's password hash, which the exam-day login takes over on approval. */
  applicantPasswordHash: (db: Db, userId: number) => MaybePromise<string | undefined>;
  names: QueueNames;
  /** Where uploaded files are kept, by content (shared with identity-docs.ts). */
  documents: FileStore;
  /** EXAM_TIME_ZONE, the zone of the calendar dates eligibility is judged on. */
  timeZone: string;
  /** Told of every document shown, so views of photos and ID scans are audited (identity-docs.ts). */
  documentViewed?: (...args: Parameters<IdentityDocs['documentViewed']>) => MaybePromise<void>;
  /** Planning's plans and seats (a port, wired in app.ts). */
  plans: RegistrationPlans;
  /** The tickets feature: issuing a ticket on approval, reading the applicant's own (ports, wired in app.ts). */
  tickets: { issue: IssueTicket; ticketOf(candidateId: number | null): MaybePromise<ReturnType<Ticketing['ticketOf']>> };
};

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS = 10;

const deadlineText = (at: number) => new Date(at).toISOString();

const decidedNoDocuments = () => new StateError('CONFLICT', 'The application has been decided: documents can no longer change', { key: 'registration.decidedNoDocuments' });
const appliedAlready = () => new StateError('CONFLICT', 'You have applied for this exam plan already', { key: 'registration.appliedAlready' });

export function createRegistrationService(deps: RegistrationDeps) {
  const dal = createRegistrationDal(deps.db);
  const { db, documents, plans } = deps;

  async function planOrThrow(id: number) {
    const plan = await plans.plan(id);
    if (!plan) throw new NotFoundError('No such exam plan', { key: 'registration.noPlan' });
    return plan;
  }

  function refuseAfterDeadline(deadline: number) {
    if (deps.clock.now() > deadline) throw new StateError('DEADLINE_PASSED', `Registration closed at ${deadlineText(deadline)} (报名截止时间已过)`, { key: 'registration.closed', params: { at: deadline } });
  }

  async function view(app: ApplicationRow): Promise<ApplicationView> {
    const [plan, docs, ticket] = await Promise.all([planOrThrow(app.planId), dal.documents(app.id), deps.tickets.ticketOf(app.candidateId)]);
    return {
      id: app.id,
      planId: plan.id,
      planTitle: plan.title,
      registrationDeadline: plan.registrationDeadline,
      level: app.level as Level,
      status: app.status,
      form: applicationFormSchema.parse(JSON.parse(app.formJson)),
      verdict: verdictSchema.parse(JSON.parse(app.verdictJson)),
      submittedAt: app.submittedAt,
      decidedAt: app.decidedAt,
      decisionReason: app.decisionReason,
      documents: docs.map(({ id, kind, fileName, mimeType, bytes, uploadedAt }) => ({ id, kind, fileName, mimeType, bytes, uploadedAt })),
      ticket,
    };
  }

  /** An applicant sees only their own applications: anyone else's id is simply not found. */
  async function storedDocument(app: ApplicationRow | undefined, docId: number, viewer?: IdentityViewer) {
    const doc = app ? await dal.document(app.id, docId) : undefined;
    if (!app || !doc) throw new NotFoundError('No such document', { key: 'registration.noDocument' });
    if (viewer) await deps.documentViewed?.(viewer, { applicationId: app.id, docId, kind: doc.kind, candidateId: app.candidateId });
    return { file: documents.pathOf(doc.sha256), mimeType: doc.mimeType, fileName: doc.fileName, bytes: doc.bytes };
  }

  async function ownApplication(userId: number, id: number): Promise<ApplicationRow> {
    const app = await dal.application(id);
    if (!app || app.userId !== userId) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
    return app;
  }

  async function sittingOptions(app: ApplicationRow): Promise<SittingOption[]> {
    const sittings = await plans.sittingsOf(app.planId, app.level);
    return Promise.all(
      sittings.map(async (s) => ({
        id: s.id,
        name: s.name,
        level: s.level as Level,
        startsAt: s.startsAt,
        freeSeats: await plans.freeSeats(s.id),
      })),
    );
  }

  /**
   * The applicant's change to a waiting application's documents, in one transaction that locks the
   * application: a decision under way finishes first, and then the change is refused.
   */
  function whileWaiting<T>(app: ApplicationRow, change: (tx: Db) => Promise<T>): Promise<T> {
    return db.transaction(async (tx) => {
      const locked = await createRegistrationDal(tx).lockedApplication(app.id);
      if (locked?.status !== 'submitted') throw decidedNoDocuments();
      return change(tx);
    });
  }

  return {
    async plans(): Promise<OpenPlan[]> {
      const now = deps.clock.now();
      return Promise.all(
        (await plans.plans()).map(async (p) => ({
          id: p.id,
          title: p.title,
          examDate: p.examDate,
          registrationDeadline: p.registrationDeadline,
          open: now <= p.registrationDeadline,
          levels: (await plans.planLevels(p.id)) as Level[],
        })),
      );
    },

    async submit(userId: number, body: ApplicationBody): Promise<ApplicationView> {
      const plan = await planOrThrow(body.planId);
      refuseAfterDeadline(plan.registrationDeadline);
      if (!(await plans.planLevels(plan.id)).includes(body.level)) throw new BadRequestError(`Level ${body.level} is not offered in this exam plan`, { key: 'registration.levelNotOffered', params: { level: body.level } });
      if (await dal.applicationOf(userId, plan.id)) throw appliedAlready();
      const now = deps.clock.now();
      const verdict = evaluateEligibility(body.form, body.level, now, { timeZone: deps.timeZone });
      const app = await db.transaction(async (tx) => {
        // Two submissions at once (a double click, two tabs) both pass the check above: the unique index keeps one.
        const row = await createRegistrationDal(tx).insertApplication({
          userId,
          planId: plan.id,
          level: body.level,
          status: 'submitted',
          formJson: JSON.stringify(body.form),
          verdictJson: JSON.stringify(verdict),
          outcome: verdict.outcome,
          submittedAt: now,
        });
        if (!row) throw appliedAlready();
        await appendAudit(tx, { at: now, actorUserId: userId, action: 'application.submitted', entity: 'application', entityId: row.id, details: { planId: plan.id, level: body.level, outcome: verdict.outcome, met: verdict.met?.ruleId ?? null } });
        return row;
      });
      return view(app);
    },

    async mine(userId: number): Promise<ApplicationView[]> {
      return Promise.all((await dal.applicationsOfUser(userId)).map(view));
    },

    async ownView(userId: number, id: number): Promise<ApplicationView> {
      return view(await ownApplication(userId, id));
    },

    /** The applicant takes a document back while the application waits for review and registration is open. */
    async removeDocument(userId: number, id: number, docId: number): Promise<void> {
      const app = await ownApplication(userId, id);
      if (app.status !== 'submitted') throw decidedNoDocuments();
      refuseAfterDeadline((await planOrThrow(app.planId)).registrationDeadline);
      const now = deps.clock.now();
      await whileWaiting(app, async (tx) => {
        const row = await createRegistrationDal(tx).deleteDocument(app.id, docId);
        if (!row) throw new NotFoundError('No such document', { key: 'registration.noDocument' });
        await appendAudit(tx, { at: now, actorUserId: userId, action: 'application.document_removed', entity: 'application', entityId: app.id, details: { documentId: row.id, kind: row.kind, fileName: row.fileName, sha256: row.sha256 } });
      });
    },

    async upload(userId: number, id: number, kind: DocumentKind, fileName: string, body: Readable) {
      const app = await ownApplication(userId, id);
      if (app.status !== 'submitted') throw decidedNoDocuments();
      refuseAfterDeadline((await planOrThrow(app.planId)).registrationDeadline);
      const tooMany = () => new StateError('CONFLICT', `At most ${MAX_DOCUMENTS} documents per application`, { key: 'registration.tooManyDocuments', params: { max: MAX_DOCUMENTS } });
      // Checked before the file is read (a full application need not send it) and again under the lock.
      if ((await dal.documentCount(app.id)) >= MAX_DOCUMENTS) throw tooMany();
      let stored;
      try {
        stored = await documents.receive(body, MAX_DOCUMENT_BYTES);
      } catch (err) {
        if (err instanceof UploadTooLargeError) throw new BadRequestError(err.message, { key: 'registration.documentTooLarge' });
        throw err;
      }
      let sniffed;
      try {
        // Parsed in a bounded worker: an uploaded file never runs on the exam's event loop.
        sniffed = await checkDocument(stored.tmpPath);
      } catch (err) {
        documents.discard(stored.tmpPath);
        if (err instanceof UnacceptableFileError) throw new BadRequestError(err.message, { key: err.key });
        throw err;
      }
      // The file is kept before the transaction (no file work inside one); if the row is then refused, the
      // file stays unreferenced, like any content no row points at (content-addressed, never overwritten).
      documents.commit(stored.tmpPath, stored.sha256);
      const now = deps.clock.now();
      const doc = await whileWaiting(app, async (tx) => {
        const txDal = createRegistrationDal(tx);
        if ((await txDal.documentCount(app.id)) >= MAX_DOCUMENTS) throw tooMany();
        const row = await txDal.insertDocument({ applicationId: app.id, kind, fileName, mimeType: sniffed.mimeType, bytes: stored.bytes, sha256: stored.sha256, uploadedAt: now });
        await appendAudit(tx, { at: now, actorUserId: userId, action: 'application.document_uploaded', entity: 'application', entityId: app.id, details: { documentId: row.id, kind, mimeType: sniffed.mimeType, bytes: stored.bytes, sha256: stored.sha256 } });
        return row;
      });
      return { id: doc.id, kind: doc.kind, fileName: doc.fileName, mimeType: doc.mimeType, bytes: doc.bytes, uploadedAt: doc.uploadedAt };
    },

    /** The stored file of a document, for its owner (userId) or for an admin (userId null). */
    async documentFile(userId: number | null, id: number, docId: number, viewer?: IdentityViewer) {
      const app = userId === null ? await dal.application(id) : await ownApplication(userId, id);
      return storedDocument(app, docId, viewer ?? (userId === null ? undefined : { userId, via: 'applicant' }));
    },

    /** The application materials of an admitted candidate, for the review panel (综合评审); null when they were not registered online. */
    async materialsOf(candidateId: number): Promise<ApplicationView | null> {
      const app = await dal.applicationOfCandidate(candidateId);
      return app ? view(app) : null;
    },

    async materialDocumentFile(candidateId: number, docId: number, viewer?: IdentityViewer) {
      return storedDocument(await dal.applicationOfCandidate(candidateId), docId, viewer);
    },

    async ownTicket(userId: number, id: number): Promise<Ticket> {
      const ticket = await deps.tickets.ticketOf((await ownApplication(userId, id)).candidateId);
      if (!ticket) throw new NotFoundError('No admission ticket yet', { key: 'registration.noTicket' });
      return ticket;
    },

    async queue(status?: ApplicationRow['status']): Promise<ApplicationSummary[]> {
      const rows = await dal.queue(status);
      const names = new Map((await deps.names.users.byIds(rows.map((r) => r.app.userId))).map((u) => [u.id, u.displayName]));
      const plansById = new Map((await plans.plans()).map((p) => [p.id, p.title]));
      const tickets = new Map((await deps.names.candidates.byIds(rows.flatMap((r) => (r.app.candidateId === null ? [] : [r.app.candidateId])))).map((c) => [c.id, c.ticketNo]));
      // As the inner joins did: an application whose account or plan is gone is left out.
      return rows.flatMap(({ app, documents }) => {
        const applicantName = names.get(app.userId);
        const planTitle = plansById.get(app.planId);
        if (applicantName === undefined || planTitle === undefined) return [];
        return [
          {
            id: app.id,
            applicantName,
            planTitle,
            level: app.level as Level,
            status: app.status,
            outcome: app.outcome,
            metLabelZh: verdictSchema.parse(JSON.parse(app.verdictJson)).met?.labelZh ?? null,
            submittedAt: app.submittedAt,
            documents,
            ticketNo: app.candidateId === null ? null : (tickets.get(app.candidateId) ?? null),
          },
        ];
      });
    },

    async adminView(id: number): Promise<ApplicationView & { sittings: SittingOption[] }> {
      const app = await dal.application(id);
      if (!app) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
      const [shown, sittings] = await Promise.all([view(app), sittingOptions(app)]);
      return { ...shown, sittings };
    },

    /**
     * One transaction locks the application, checks it still waits, and decides it (approval issues
     * the ticket in it): two admins deciding at once take turns, and the second hears that it was decided.
     */
    async decide(adminUserId: number, id: number, body: DecisionBody): Promise<ApplicationView> {
      const app = await dal.application(id);
      if (!app) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
      const decidedAlready = (status: string) => new StateError('CONFLICT', `The application is ${status} already`, { key: 'registration.decidedAlready' });
      if (app.status !== 'submitted') throw decidedAlready(app.status);
      const now = deps.clock.now();
      const decidedMeanwhile = () => new StateError('CONFLICT', 'The application was decided meanwhile', { key: 'registration.decidedMeanwhile' });
      /** The application, locked for this transaction; refused unless it still waits. */
      const waiting = async (tx: Db) => {
        const locked = await createRegistrationDal(tx).lockedApplication(app.id);
        if (!locked) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
        if (locked.status !== 'submitted') throw decidedAlready(locked.status);
        return locked;
      };
      if (body.decision === 'reject') {
        await db.transaction(async (tx) => {
          await waiting(tx);
          if (!(await createRegistrationDal(tx).decide(app.id, { status: 'rejected', decidedAt: now, decidedBy: adminUserId, decisionReason: body.reason, candidateId: null }))) throw decidedMeanwhile();
          await appendAudit(tx, { at: now, actorUserId: adminUserId, action: 'application.rejected', entity: 'application', entityId: app.id, details: { reason: body.reason } });
        });
        return view((await dal.application(app.id)) ?? app);
      }
      // Overriding the engine is allowed (documents may show what the form did not), never silently.
      if (app.outcome !== 'eligible' && !body.reason) throw new BadRequestError('Approving against the eligibility verdict needs a reason', { key: 'registration.overrideNeedsReason' });
      const options = await sittingOptions(app);
      const sittingId = body.sittingId ?? (options.length === 1 ? options[0]!.id : undefined);
      if (sittingId === undefined) throw new BadRequestError(options.length === 0 ? 'This plan has no sitting of this level' : 'Choose the sitting', { key: options.length === 0 ? 'registration.noSittingOfLevel' : 'registration.chooseSitting' });
      // What the ticket prints is read before the transaction: its body awaits only the database.
      const [sitting, plan, passwordHash] = await Promise.all([plans.sitting(sittingId), planOrThrow(app.planId), deps.applicantPasswordHash(db, app.userId)]);
      if (!sitting || sitting.planId !== app.planId || sitting.level !== app.level) throw new BadRequestError('The sitting is not of this application’s plan and level', { key: 'registration.sittingMismatch' });
      if (passwordHash === undefined) throw new NotFoundError('The applicant account is gone', { key: 'registration.applicantGone' });
      await db.transaction(async (tx) => {
        const locked = await waiting(tx);
        const form = applicationFormSchema.parse(JSON.parse(locked.formJson));
        // The exam-day login: ticket number as login, the applicant's own password.
        const { candidateId, ...seat } = await deps.tickets.issue(tx, { examDate: plan.examDate, planTitle: plan.title, sitting, name: form.name, idNumber: form.idNumber, passwordHash, now });
        await appendAudit(tx, { at: now, actorUserId: adminUserId, action: 'ticket.issued', entity: 'candidate', entityId: candidateId, details: { applicationId: app.id, sittingId: sitting.id, ...seat } });
        if (!(await createRegistrationDal(tx).decide(app.id, { status: 'approved', decidedAt: now, decidedBy: adminUserId, decisionReason: body.reason ?? null, candidateId }))) throw decidedMeanwhile();
        await appendAudit(tx, { at: now, actorUserId: adminUserId, action: 'application.approved', entity: 'application', entityId: app.id, details: { sittingId, candidateId, reason: body.reason ?? null, outcome: app.outcome } });
      });
      const decided = await dal.application(app.id);
      if (!decided) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
      return view(decided);
    },
  };
}
export type RegistrationService = ReturnType<typeof createRegistrationService>;
