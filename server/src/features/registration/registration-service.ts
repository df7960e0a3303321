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
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import type { FileStore } from '../../core/file-store.ts';
import { checkDocument, UnacceptableFileError, UploadTooLargeError } from '../../core/uploads/index.ts';
import { appendAuditSync } from '../../core/audit.ts';
import { evaluateEligibility } from './eligibility.ts';
import type { IdentityDocs, IdentityViewer } from './identity-docs.ts';
import { createRegistrationDal, type ApplicationRow } from './registration-dal.ts';
import type { Logins } from '../auth/logins.ts';
import type { Plans } from '../planning/plans.ts';
import type { Ticketing } from '../tickets/ticketing.ts';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS = 10;

const deadlineText = (at: number) => new Date(at).toISOString();

/** `timeZone`: EXAM_TIME_ZONE, the zone of the calendar dates eligibility is judged on. */
/** `documentViewed`: told of every document shown, so views of photos and ID scans are audited (identity-docs.ts). */
/** `documents`: where uploaded files are kept, by content (shared with identity-docs.ts). */
/** `plans`, `tickets`: planning's plans and seats, and the tickets feature's issuing and reading of tickets (ports, wired in app.ts). */
export function createRegistrationService(deps: { db: Db; clock: Clock; logins: Pick<Logins, 'taken'>; documents: FileStore; timeZone: string; documentViewed?: IdentityDocs['documentViewed']; plans: Plans; tickets: Pick<Ticketing, 'issue' | 'ticketOf'> }) {
  const dal = createRegistrationDal(deps.db);
  const { documents, plans } = deps;

  function planOrThrow(id: number) {
    const plan = plans.plan(id);
    if (!plan) throw new NotFoundError('No such exam plan', { key: 'registration.noPlan' });
    return plan;
  }

  function refuseAfterDeadline(deadline: number) {
    if (deps.clock.now() > deadline) throw new StateError('DEADLINE_PASSED', `Registration closed at ${deadlineText(deadline)} (报名截止时间已过)`, { key: 'registration.closed', params: { at: deadline } });
  }


  function view(app: ApplicationRow): ApplicationView {
    const plan = planOrThrow(app.planId);
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
      documents: dal.documents(app.id).map(({ id, kind, fileName, mimeType, bytes, uploadedAt }) => ({ id, kind, fileName, mimeType, bytes, uploadedAt })),
      ticket: deps.tickets.ticketOf(app.candidateId),
    };
  }

  /** An applicant sees only their own applications: anyone else's id is simply not found. */
  function storedDocument(app: ApplicationRow | undefined, docId: number, viewer?: IdentityViewer) {
    const doc = app ? dal.document(app.id, docId) : undefined;
    if (!doc) throw new NotFoundError('No such document', { key: 'registration.noDocument' });
    if (viewer) deps.documentViewed?.(viewer, { applicationId: app!.id, docId, kind: doc.kind, candidateId: app!.candidateId });
    return { file: documents.pathOf(doc.sha256), mimeType: doc.mimeType, fileName: doc.fileName, bytes: doc.bytes };
  }

  function ownApplication(userId: number, id: number): ApplicationRow {
    const app = dal.application(id);
    if (!app || app.userId !== userId) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
    return app;
  }

  function sittingOptions(app: ApplicationRow): SittingOption[] {
    return plans.sittingsOf(app.planId, app.level).map((s) => ({
      id: s.id,
      name: s.name,
      level: s.level as Level,
      startsAt: s.startsAt,
      freeSeats: plans.freeSeats(s.id),
    }));
  }

  /** Creates the exam-day login: ticket number as login, the applicant's own password. */
  function issueTicket(app: ApplicationRow, sittingId: number, actorUserId: number, now: number): number {
    const sitting = plans.sitting(sittingId);
    if (!sitting || sitting.planId !== app.planId || sitting.level !== app.level) throw new BadRequestError('The sitting is not of this application’s plan and level', { key: 'registration.sittingMismatch' });
    const plan = planOrThrow(app.planId);
    const form = applicationFormSchema.parse(JSON.parse(app.formJson));
    const applicant = dal.user(app.userId);
    if (!applicant) throw new NotFoundError('The applicant account is gone', { key: 'registration.applicantGone' });
    const { candidateId, ...seat } = deps.tickets.issue({ examDate: plan.examDate, planTitle: plan.title, sitting, name: form.name, idNumber: form.idNumber, passwordHash: applicant.passwordHash, now }, (login) => deps.logins.taken(deps.db, login));
    appendAuditSync(deps.db, { at: now, actorUserId, action: 'ticket.issued', entity: 'candidate', entityId: candidateId, details: { applicationId: app.id, sittingId: sitting.id, ...seat } });
    return candidateId;
  }

  return {
    plans(): OpenPlan[] {
      const now = deps.clock.now();
      return plans.plans().map((p) => ({
        id: p.id,
        title: p.title,
        examDate: p.examDate,
        registrationDeadline: p.registrationDeadline,
        open: now <= p.registrationDeadline,
        levels: plans.planLevels(p.id) as Level[],
      }));
    },

    submit(userId: number, body: ApplicationBody): ApplicationView {
      const plan = planOrThrow(body.planId);
      refuseAfterDeadline(plan.registrationDeadline);
      if (!plans.planLevels(plan.id).includes(body.level)) throw new BadRequestError(`Level ${body.level} is not offered in this exam plan`, { key: 'registration.levelNotOffered', params: { level: body.level } });
      if (dal.applicationOf(userId, plan.id)) throw new StateError('CONFLICT', 'You have applied for this exam plan already', { key: 'registration.appliedAlready' });
      const now = deps.clock.now();
      const verdict = evaluateEligibility(body.form, body.level, now, { timeZone: deps.timeZone });
      const app = deps.db.transaction(() => {
        const row = dal.insertApplication({
          userId,
          planId: plan.id,
          level: body.level,
          status: 'submitted',
          formJson: JSON.stringify(body.form),
          verdictJson: JSON.stringify(verdict),
          outcome: verdict.outcome,
          submittedAt: now,
        });
        appendAuditSync(deps.db, { at: now, actorUserId: userId, action: 'application.submitted', entity: 'application', entityId: row.id, details: { planId: plan.id, level: body.level, outcome: verdict.outcome, met: verdict.met?.ruleId ?? null } });
        return row;
      });
      return view(app);
    },

    mine(userId: number): ApplicationView[] {
      return dal.applicationsOfUser(userId).map(view);
    },

    ownView(userId: number, id: number): ApplicationView {
      return view(ownApplication(userId, id));
    },

    /** The applicant takes a document back while the application waits for review and registration is open. */
    removeDocument(userId: number, id: number, docId: number): void {
      const app = ownApplication(userId, id);
      if (app.status !== 'submitted') throw new StateError('CONFLICT', 'The application has been decided: documents can no longer change', { key: 'registration.decidedNoDocuments' });
      refuseAfterDeadline(planOrThrow(app.planId).registrationDeadline);
      const now = deps.clock.now();
      deps.db.transaction(() => {
        const row = dal.deleteDocument(app.id, docId);
        if (!row) throw new NotFoundError('No such document', { key: 'registration.noDocument' });
        appendAuditSync(deps.db, { at: now, actorUserId: userId, action: 'application.document_removed', entity: 'application', entityId: app.id, details: { documentId: row.id, kind: row.kind, fileName: row.fileName, sha256: row.sha256 } });
      });
    },

    async upload(userId: number, id: number, kind: DocumentKind, fileName: string, body: Readable) {
      const app = ownApplication(userId, id);
      if (app.status !== 'submitted') throw new StateError('CONFLICT', 'The application has been decided: documents can no longer change', { key: 'registration.decidedNoDocuments' });
      refuseAfterDeadline(planOrThrow(app.planId).registrationDeadline);
      if (dal.documents(app.id).length >= MAX_DOCUMENTS) throw new StateError('CONFLICT', `At most ${MAX_DOCUMENTS} documents per application`, { key: 'registration.tooManyDocuments', params: { max: MAX_DOCUMENTS } });
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
      documents.commit(stored.tmpPath, stored.sha256);
      const now = deps.clock.now();
      const doc = deps.db.transaction(() => {
        const row = dal.insertDocument({ applicationId: app.id, kind, fileName, mimeType: sniffed.mimeType, bytes: stored.bytes, sha256: stored.sha256, uploadedAt: now });
        appendAuditSync(deps.db, { at: now, actorUserId: userId, action: 'application.document_uploaded', entity: 'application', entityId: app.id, details: { documentId: row.id, kind, mimeType: sniffed.mimeType, bytes: stored.bytes, sha256: stored.sha256 } });
        return row;
      });
      return { id: doc.id, kind: doc.kind, fileName: doc.fileName, mimeType: doc.mimeType, bytes: doc.bytes, uploadedAt: doc.uploadedAt };
    },

    /** The stored file of a document, for its owner (userId) or for an admin (userId null). */
    documentFile(userId: number | null, id: number, docId: number, viewer?: IdentityViewer) {
      const app = userId === null ? dal.application(id) : ownApplication(userId, id);
      return storedDocument(app, docId, viewer ?? (userId === null ? undefined : { userId, via: 'applicant' }));
    },

    /** The application materials of an admitted candidate, for the review panel (综合评审); null when they were not registered online. */
    materialsOf(candidateId: number): ApplicationView | null {
      const app = dal.applicationOfCandidate(candidateId);
      return app ? view(app) : null;
    },

    materialDocumentFile(candidateId: number, docId: number, viewer?: IdentityViewer) {
      return storedDocument(dal.applicationOfCandidate(candidateId), docId, viewer);
    },

    ownTicket(userId: number, id: number): Ticket {
      const ticket = deps.tickets.ticketOf(ownApplication(userId, id).candidateId);
      if (!ticket) throw new NotFoundError('No admission ticket yet', { key: 'registration.noTicket' });
      return ticket;
    },

    queue(status?: ApplicationRow['status']): ApplicationSummary[] {
      return dal.queue(status).map((r) => ({
        id: r.app.id,
        applicantName: r.applicantName,
        planTitle: r.planTitle,
        level: r.app.level as Level,
        status: r.app.status,
        outcome: r.app.outcome,
        metLabelZh: verdictSchema.parse(JSON.parse(r.app.verdictJson)).met?.labelZh ?? null,
        submittedAt: r.app.submittedAt,
        documents: r.documents,
        ticketNo: r.ticketNo,
      }));
    },

    adminView(id: number): ApplicationView & { sittings: SittingOption[] } {
      const app = dal.application(id);
      if (!app) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
      return { ...view(app), sittings: sittingOptions(app) };
    },

    decide(adminUserId: number, id: number, body: DecisionBody): ApplicationView {
      const app = dal.application(id);
      if (!app) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
      if (app.status !== 'submitted') throw new StateError('CONFLICT', `The application is ${app.status} already`, { key: 'registration.decidedAlready' });
      const now = deps.clock.now();
      if (body.decision === 'reject') {
        deps.db.transaction(() => {
          dal.decide(app.id, { status: 'rejected', decidedAt: now, decidedBy: adminUserId, decisionReason: body.reason, candidateId: null });
          appendAuditSync(deps.db, { at: now, actorUserId: adminUserId, action: 'application.rejected', entity: 'application', entityId: app.id, details: { reason: body.reason } });
        });
        return view(dal.application(app.id) ?? app);
      }
      // Overriding the engine is allowed (documents may show what the form did not), never silently.
      if (app.outcome !== 'eligible' && !body.reason) throw new BadRequestError('Approving against the eligibility verdict needs a reason', { key: 'registration.overrideNeedsReason' });
      const options = sittingOptions(app);
      const sittingId = body.sittingId ?? (options.length === 1 ? options[0]!.id : undefined);
      if (sittingId === undefined) throw new BadRequestError(options.length === 0 ? 'This plan has no sitting of this level' : 'Choose the sitting', { key: options.length === 0 ? 'registration.noSittingOfLevel' : 'registration.chooseSitting' });
      deps.db.transaction(() => {
        const candidateId = issueTicket(app, sittingId, adminUserId, now);
        if (dal.decide(app.id, { status: 'approved', decidedAt: now, decidedBy: adminUserId, decisionReason: body.reason ?? null, candidateId }) !== 1) throw new StateError('CONFLICT', 'The application was decided meanwhile', { key: 'registration.decidedMeanwhile' });
        appendAuditSync(deps.db, { at: now, actorUserId: adminUserId, action: 'application.approved', entity: 'application', entityId: app.id, details: { sittingId, candidateId, reason: body.reason ?? null, outcome: app.outcome } });
      });
      const decided = dal.application(app.id);
      if (!decided) throw new NotFoundError('No such application', { key: 'registration.noApplication' });
      return view(decided);
    },
  };
}
export type RegistrationService = ReturnType<typeof createRegistrationService>;
