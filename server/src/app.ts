import { createAccommodationsService } from './features/planning/accommodations-service.ts';
import { accommodationsRoutes } from './features/planning/accommodations-routes.ts';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { DestinationStream } from 'pino';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { boundCloseWait } from './core/close-grace.ts';
import { ShiftableClock, type Clock } from './core/clock.ts';
import { clockRoutes } from './features/clock/routes.ts';
import type { Config } from './core/config.ts';
import { registerClientAssets } from './core/client-assets.ts';
import type { Db, Store } from './core/db/store.ts';
import { errorBody, notFoundBody, registerErrorHandling, writeClientError } from './core/error-handler.ts';
import { ForbiddenError } from './core/errors.ts';
import { loggerServerOptions, logRequests } from './core/logging.ts';
import { isAllowedOrigin } from './core/origin.ts';
import { projectPaths } from './core/paths.ts';
import { createLocalFileStore } from './core/file-store.ts';
import { connectRedis } from './core/redis-links.ts';
import { clusterCacheBus, localCacheBus } from './core/cache-bus.ts';
import { securityHeaders } from './core/security-headers.ts';
import { socketPlugin, userRoom } from './core/socket.ts';
import { APP_VERSION } from './core/version.ts';
import { createAuthService } from './features/auth/auth-service.ts';
import { enforceDeclaredAccess } from './features/auth/access.ts';
import { authGuardPlugin } from './features/auth/guard.ts';
import { asyncLogins } from './features/auth/logins.ts';
import { authRoutes } from './features/auth/routes.ts';
import { candidateRoutes } from './features/exam/routes.ts';
import { createSessionService } from './features/exam/session-service.ts';
import { createEvidenceService } from './features/evidence/evidence-service.ts';
import { createScreenshotPort } from './features/evidence/evidence-dal.ts';
import { evidenceCandidateRoutes, evidenceFileRoutes } from './features/evidence/routes.ts';
import { createTaskMedia } from './features/evidence/task-media.ts';
import { registerExamHandlers } from './features/exam/socket-handlers.ts';
import { createBanksService } from './features/banks/banks-service.ts';
import { createItemMedia } from './features/banks/item-media.ts';
import { DEFAULT_IMPORT_LIMITS } from './features/banks/import-jobs.ts';
import { bankRoutes } from './features/banks/routes.ts';
import { healthRoutes } from './features/health/routes.ts';
import { createPapersService } from './features/papers/papers-service.ts';
import { resultsRoutes } from './features/results/routes.ts';
import { auditPorts, resultsPorts, reviewPorts } from './reporting-ports.ts';
import { createProctorService, type ProctorService } from './features/proctor/proctor-service.ts';
import { proctorRoutes } from './features/proctor/routes.ts';
import { createLateSyncConsole } from './features/proctor/late-sync-console.ts';
import { lateSyncRoutes } from './features/proctor/late-sync-routes.ts';
import { createLateSyncService } from './features/exam/late-sync-service.ts';
import { assignmentRoutes } from './features/proctor/assignment-routes.ts';
import { createAssignmentService } from './features/proctor/assignment-service.ts';
import { registerProctorHandlers } from './features/proctor/socket-handlers.ts';
import { createRegistrationService } from './features/registration/registration-service.ts';
import { registrationRoutes } from './features/registration/routes.ts';
import { reviewRoutes as applicationReviewRoutes } from './features/registration/review-routes.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { planningRoutes } from './features/planning/planning-routes.ts';
import { createRosterPhotos } from './features/planning/roster-photos.ts';
import { createRosterService } from './features/planning/roster-service.ts';
import { createRoomsService } from './features/planning/rooms-service.ts';
import { createGradingService } from './features/grading/grading-service.ts';
import { gradingAdminRoutes, gradingRoutes } from './features/grading/routes.ts';
import { gradingOwners } from './grading-owners.ts';
import { createReviewService } from './features/review/review-service.ts';
import { reviewAdminRoutes, reviewRoutes } from './features/review/routes.ts';
import { staffRoutes } from './features/staff/routes.ts';
import { ticketPdfRoutes } from './features/tickets/ticket-pdf-routes.ts';
import { createTicketPrinter } from './features/tickets/ticket-printer.ts';
import { createStaffService } from './features/staff/staff-service.ts';
import { createPlans } from './features/planning/plans.ts';
import { createTicketing } from './features/tickets/ticketing.ts';
import { sebRoutes } from './features/seb/routes.ts';
import { createSebGuard, type SebGuard } from './features/seb/seb-guard.ts';
import { createSebService } from './features/seb/seb-service.ts';
import { createSebWiring } from './features/seb/seb-wiring.ts';
import type { ExamOwners } from './features/exam/ports.ts';
import { createSessionReads } from './features/exam/session-reads.ts';
import type { ProctorOwners } from './features/proctor/ports.ts';
import { createAuditEntries } from './features/audit/audit-entries.ts';
import { createSittingParts } from './features/planning/sitting-parts.ts';
import { createCandidates } from './features/tickets/candidates.ts';
import { createPaperItems } from './features/papers/paper-items.ts';
import { createUserDirectory } from './features/auth/user-directory.ts';
import { createPartPapers } from './features/exam/part-papers.ts';
import { createBankItems } from './features/banks/bank-items.ts';
import { createIdentityDocs } from './features/registration/identity-docs.ts';
import { applicantPasswordHash } from './features/auth/applicant-password.ts';
import { staffAccounts } from './features/auth/staff-accounts.ts';
import { startedSessions } from './features/exam/started-sessions.ts';
import { releasedSittings } from './features/planning/released-sittings.ts';
import { roomAssignments } from './features/proctor/room-assignments.ts';
import { candidateLocks } from './features/tickets/candidate-locks.ts';
import { seatHolders } from './features/tickets/seat-holders.ts';
import { identityAdminRoutes } from './features/registration/identity-routes.ts';

/** `store`: SQLite (the embedded default) or PostgreSQL (DATABASE_URL), opened and migrated by the caller. */
export type AppDeps = { config: Config; clock: Clock; store: Store; clientDir?: string; banksDir?: string; logStream?: DestinationStream };

const defaultClientDir = projectPaths.clientDist;
export const defaultBanksDir = projectPaths.questionBanks;

/** Builds the whole app without listening: tests and main.ts share it. */
export async function buildApp({ config, clock, store, clientDir = defaultClientDir, banksDir = defaultBanksDir, logStream }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...loggerServerOptions(config, logStream),
    trustProxy: config.trustProxy,
    // Start-up on a loaded machine (a 2-core exam-room server, a busy CI) may stall for seconds;
    // failing to start is worse than starting late.
    pluginTimeout: 60_000,
    bodyLimit: 1024 * 1024,
    // Errors raised before routing (undecodable URL, overlong parameter, oversized headers) get the
    // same typed envelope as everything else.
    frameworkErrors: (error, request, reply) => void (reply as FastifyReply).status(error.statusCode ?? 400).send(errorBody('BAD_REQUEST', error.message, request.id)),
    clientErrorHandler: writeClientError,
  });
  logRequests(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(cookie);
  await app.register(helmet, securityHeaders(config.servedOverHttps));
  // Cluster mode (REDIS_URL): sockets, login limits and health share one Redis; closed after the sockets.
  const redis = config.redis ? connectRedis(config.redis, app.log) : null;
  if (redis) app.addHook('onClose', () => redis.close());
  // On Redis a login counter that does not answer lets the login through: a login storm before a
  // sitting must not be refused because Redis is restarting.
  await app.register(rateLimit, { global: false, ...(redis ? { store: redis.rateLimitStore, skipOnError: true } : {}) });
  await app.register(swagger, {
    openapi: { info: { title: 'Kaochang 考场 API', version: APP_VERSION }, components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kc_session' } } } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  enforceDeclaredAccess(app, { exempt: (url) => url.startsWith('/api/docs') });

  app.addHook('onRequest', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (!isAllowedOrigin(request.headers.origin, request.headers.host, config.allowedOrigins)) throw new ForbiddenError('Cross-origin request refused', { key: 'auth.crossOrigin' });
  });

  const auth = createAuthService({ db: store.db, clock, sessionTtlMs: config.sessionTtlMs, candidateOf: (db, userId) => createCandidates(db).ofUser(userId) });
  await app.register(authGuardPlugin, { auth });
  // Before the socket plugin: its preClose (socket.io's close) waits for every HTTP connection to end.
  boundCloseWait(app);
  await app.register(socketPlugin, { auth, clock, allowedOrigins: config.allowedOrigins, adapter: redis?.fanout.adapter });
  // Per-node caches of data that changes hear of changes made on any node (docs/cluster.md §5).
  const cacheBus = redis ? clusterCacheBus({ link: app.io, redis: redis.fanout, log: app.log }) : localCacheBus();

  // Photos and ID scans (#17): registration holds them; the proctor console sees them through a port.
  // Stored by content, in DATA_DIR (a volume shared by every node in a cluster: docs/cluster.md §7).
  const documents = createLocalFileStore(path.join(config.dataDir, 'documents'));
  const identityDocs = createIdentityDocs({ db: store.db, clock, documents, retentionDays: config.identityRetentionDays, log: app.log, candidates: candidateLocks, releasedSittings });
  // The proctor console and the session engine know each other: the engine reports changes, the console acts on sessions.
  // What the proctor console and staffing read of other features' tables, through their owners (#16).
  const proctorOwners: ProctorOwners = { candidates: createCandidates, planning: createSittingParts, sessions: createSessionReads, audit: createAuditEntries, accounts: createUserDirectory };
  const proctor: ProctorService = createProctorService({
    db: store.db,
    owners: proctorOwners,
    clock,
    io: app.io,
    sessions: () => sessions,
    revokeLogins: (userId, actorUserId, reason) => auth.revokeAll(userId, actorUserId, reason),
    hasLiveLogin: (userId) => auth.hasLiveLogin(userId),
    answeredCounts: (sessionIds) => sessions.answeredCounts(sessionIds),
    userNames: (userIds) => auth.namesOf(userIds),
    timeZone: config.examTimeZone,
    accommodationsOf: (candidateIds) => accommodations.ofCandidates(candidateIds),
    log: app.log,
    identityPhotos: { withPhoto: identityDocs.withPhoto, openPhoto: identityDocs.openPhoto },
    ...(config.redis ? { cluster: { snapshotMs: config.redis.presenceSnapshotMs } } : {}),
    cacheBus,
  });
  auth.onLoginsChanged((userId) => proctor.loginsChanged(userId));
  // Planned accommodations belong to planning; the exam and the proctor console read them through these ports.
  const accommodations = createAccommodationsService({ db: store.db, clock, seats: seatHolders, candidates: createCandidates(store.db), onChanged: (candidateId) => proctor.candidateChanged(candidateId) });
  // Until exam converts (#16), it reads planned extra time synchronously.
  // What exam reads of other features' tables, through their owners (#16).
  const examOwners: ExamOwners = { planning: createSittingParts, candidates: createCandidates, papers: createPaperItems };
  const sessions = createSessionService({
    db: store.db,
    clock,
    owners: examOwners,
    sweepMs: config.examSweepMs,
    cacheBus,
    // Only nodes of a cluster hold each other's saves; a lone node ends at the deadline itself.
    sweepGraceMs: config.redis ? config.examSweepGraceMs : 0,
    commitSpacingMs: config.examCommitSpacingMs,
    plannedExtraTime: (candidateId, part) => accommodations.plannedExtraTime(candidateId, part),
    screenshotLimits: config.screenshots,
    screenshots: createScreenshotPort(store.db),
    startGate: (candidate) => proctor.startGate(candidate),
    examRules: (sittingId) => proctor.examRules(sittingId),
    pendingMessages: (candidateId) => proctor.pendingMessages(candidateId),
    journalKey: (sessionId) => lateSync.journalKey(sessionId),
    notifier: {
      deadlineMoved: (userId, payload) => app.io.to(userRoom(userId)).emit('session:deadline', payload),
      sessionPaused: (userId, payload) => app.io.to(userRoom(userId)).emit('session:paused', payload),
      candidateChanged: (candidateId) => proctor.candidateChanged(candidateId),
      // Only another tab needs it (the sender has its ack): skip the broadcast for the usual single tab.
      answerSaved: (userId, payload) => {
        if ((app.io.sockets.adapter.rooms.get(userRoom(userId))?.size ?? 0) > 1) app.io.to(userRoom(userId)).emit('answer:saved', payload);
      },
      sessionEnded: (userId, payload) => app.io.to(userRoom(userId)).emit('session:ended', payload),
    },
  });
  sessions.onFinaliseError((sessionId, err) => app.log.error({ err, sessionId }, 'finalising a session failed'));
  // Answers made offline at the deadline: held by the exam feature, reviewed on the proctor console.
  const lateSyncConsole = createLateSyncConsole({ db: store.db, owners: proctorOwners, io: app.io, proctor, lateSync: () => lateSync, log: app.log });
  const lateSync = createLateSyncService({ db: store.db, clock, owners: examOwners, papers: sessions.papers, ports: () => lateSyncConsole });
  registerExamHandlers(app.io, { sessions, clock, lateSync, ctx: { log: app.log, isAuthorised: app.isSocketAuthorised } });
  registerProctorHandlers(app.io, { proctor, ctx: { log: app.log, isAuthorised: app.isSocketAuthorised } });
  app.decorate('proctor', proctor);
  app.decorate('sessions', sessions);
  app.decorate('identityDocs', identityDocs);
  const evidenceStore = createLocalFileStore(path.join(config.dataDir, 'evidence'));
  const evidence = createEvidenceService({ db: store.db, clock, sessions: sessions.access, store: evidenceStore, limits: config.screenshots, proctorWatches: (userId, candidateId) => proctor.watches(userId, candidateId) });
  evidence.onUploadRefused((e) => {
    app.log.warn({ event: 'upload.refused', ...e }, 'screenshot upload refused');
    if (e.candidateId !== null) void proctor.raiseFor(e.candidateId, 'upload_refused', { sessionId: e.sessionId, itemId: e.itemId, code: e.code, ...(e.key ? { key: e.key } : {}), reason: e.reason });
  });
  app.decorate('evidence', evidence);
  const banks = createBanksService({ db: store.db, clock, banksDir, importLimits: { ...DEFAULT_IMPORT_LIMITS, ...config.bankImport } });
  const papers = createPapersService({ db: store.db, clock, banks: createBankItems(store.db), parts: createPartPapers(store.db, createSittingParts) });
  // Registration, planning and tickets are three features (#16): planning hands out its plans and
  // seats, tickets the issuing and reading of admission tickets.
  // Planning reads and moves tickets' seat holders, and asks exam and proctor whether exam day began.
  const examDayPorts = { seats: seatHolders, started: startedSessions, proctors: roomAssignments };
  const plansOf = (db: Db) => createPlans(db, seatHolders);
  const plans = plansOf(store.db);
  const tickets = createTicketing({ db: store.db, plansOf, logins: asyncLogins });
  const registration = createRegistrationService({
    db: store.db,
    clock,
    applicantPasswordHash,
    names: { users: createUserDirectory(store.db), candidates: createCandidates(store.db) },
    documents,
    timeZone: config.examTimeZone,
    documentViewed: identityDocs.documentViewed,
    plans,
    tickets: { issue: tickets.issue, ticketOf: tickets.ticketOf },
  });
  const taskMedia = createTaskMedia({ sessions: sessions.access, media: createItemMedia(store.db) });
  const grading = createGradingService({ db: store.db, clock, evidencePath: evidenceStore.pathOf, taskMedia: taskMedia.ofStem, owners: gradingOwners });
  const review = createReviewService({ db: store.db, clock, ports: reviewPorts(store.db) });
  const seb = createSebService({ db: store.db, clock, cacheBus, sittingExists: async (id) => (await plans.sitting(id)) !== undefined });
  // The port for candidate routes, the exam page and the socket handshake (wired with them).
  app.decorate('sebGuard', createSebGuard({ policyOf: seb.policyOf, trustProxy: config.trustProxy }));
  const sebChecks = createSebWiring({
    guard: app.sebGuard,
    sittingOfCandidateUser: async (userId) => (await createCandidates(store.db).ofUser(userId))?.sittingId ?? null,
    refused: (candidateId, verdict, via) => proctor.sebRefused(candidateId, { verdict, via }),
    log: app.log,
  });
  sebChecks.install(app.io);
  const staff = createStaffService({ db: store.db, clock, logins: asyncLogins, accounts: staffAccounts, closeConnections: (userId) => app.io.in(userRoom(userId)).disconnectSockets(true) });

  await app.register(
    async (api) => {
      api.addHook('preHandler', sebChecks.candidateApi);
      await api.register(healthRoutes, { store, clock, dataDir: config.dataDir, redis: redis ? () => redis.status() : undefined });
      await api.register(authRoutes, { prefix: '/auth', auth, config });
      await api.register(candidateRoutes, {
        prefix: '/candidate',
        db: store.db,
        owners: examOwners,
        rules: (sittingId) => proctor.examRules(sittingId),
        seb: async (sittingId) => ({ required: await app.sebGuard.required(sittingId), quitUrl: await app.sebGuard.quitUrl(sittingId) }),
        plannedExtraTime: (candidateId, part) => accommodations.plannedExtraTime(candidateId, part),
      });
      await api.register(accommodationsRoutes, { prefix: '/admin', accommodations });
      await api.register(evidenceCandidateRoutes, { prefix: '/candidate', evidence, media: taskMedia, clock });
      await api.register(evidenceFileRoutes, { evidence });
      await api.register(proctorRoutes, { prefix: '/proctor', proctor });
      await api.register(lateSyncRoutes, { prefix: '/proctor', console: lateSyncConsole });
      await api.register(registrationRoutes, { prefix: '/registration', registration });
      await api.register(applicationReviewRoutes, { prefix: '/admin', registration });
      await api.register(ticketPdfRoutes, { registration, tickets, printer: createTicketPrinter({ config, clock }), db: store.db, clock });
      await api.register(auditRoutes, { prefix: '/admin', db: store.db, clock, ports: auditPorts(store.db), timeZone: config.examTimeZone });
      await api.register(planningRoutes, { prefix: '/admin', roster: createRosterService({ db: store.db, clock, planAccommodations: accommodations.setImported, tickets, candidates: createCandidates(store.db), ...examDayPorts }), rooms: createRoomsService({ db: store.db, clock, ...examDayPorts, onSeatingChanged: (sittingId) => proctor.seatingChanged(sittingId), onProctorUnassigned: (change) => proctor.assignmentChanged(change), withPhoto: identityDocs.withPhoto }), photos: createRosterPhotos({ db: store.db, clock, identity: identityDocs, seats: seatHolders }) });
      await api.register(resultsRoutes, { prefix: '/admin', db: store.db, ports: resultsPorts(store.db), clock, onPaperChanged: (paperId) => sessions.papers.changed(paperId) });
      await api.register(bankRoutes, { prefix: '/admin', banks, papers });
      await api.register(gradingRoutes, { prefix: '/grading', grading });
      await api.register(gradingAdminRoutes, { prefix: '/admin', grading });
      await api.register(reviewRoutes, { prefix: '/review', review, materials: registration });
      await api.register(reviewAdminRoutes, { prefix: '/admin', review });
      await api.register(staffRoutes, { prefix: '/admin', staff });
      await api.register(sebRoutes, { prefix: '/admin', seb });
      await api.register(identityAdminRoutes, { prefix: '/admin', identity: identityDocs });
      if (config.clockControl && clock instanceof ShiftableClock) {
        await api.register(clockRoutes, { prefix: '/admin', clock, db: store.db, onShift: (serverNow) => app.io.emit('clock:changed', { serverNow }) });
      }
      await api.register(assignmentRoutes, { prefix: '/admin', assignments: createAssignmentService({ db: store.db, owners: proctorOwners, clock, onChanged: (change) => proctor.assignmentChanged(change) }) });
    },
    { prefix: '/api' },
  );

  const hasClient = fs.existsSync(path.join(clientDir, 'index.html'));
  if (hasClient) await registerClientAssets(app, clientDir);
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url;
    // The client routes in the browser: any other GET outside the API is the single-page app.
    // A missing file under /assets/ (an old chunk after an upgrade) is a 404, never the page.
    const isPage = request.method === 'GET' && !url.startsWith('/api') && !url.startsWith('/socket.io') && !url.startsWith('/assets/');
    if (isPage && (await sebChecks.examPage(request, reply))) return reply;
    if (hasClient && isPage) return reply.sendFile('index.html');
    return reply.status(404).send(notFoundBody(request.method, url, request.id));
  });

  app.addHook('onReady', async () => {
    const restored = await sessions.restoreDeadlines();
    app.log.info(restored, 'exam deadlines restored');
    identityDocs.start();
  });
  app.addHook('onClose', async () => {
    await sessions.stop();
    await proctor.stop();
    await identityDocs.stop();
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: ReturnType<typeof createSessionService>;
    identityDocs: ReturnType<typeof createIdentityDocs>;
    evidence: ReturnType<typeof createEvidenceService>;
    proctor: ProctorService;
    sebGuard: SebGuard;
  }
}
