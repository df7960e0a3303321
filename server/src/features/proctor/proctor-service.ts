import type { Accommodations } from '@shared/accommodations.ts';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { CandidateSignal, ExamRules, IdentityCheck, Incident, IncidentKind, ProctorActionRequest, ProctorActionResult, ProctorMessage, RoomRef, RoomRow, RoomSettings, RoomSettingsInput, RoomSnapshot, RoomSummary, SignalOutcome } from '@shared/proctor.ts';
import { localDateTime, type WordingLanguage } from '@shared/wording/common.ts';
import { incidentDetail, incidentTitle } from '@shared/wording/incidents.ts';
import { proctorActionDetail, proctorActionTitle, wholeRoomText } from '@shared/wording/proctor-actions.ts';
import type { Clock, TimerHandle } from '../../core/clock.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { busCache, localCacheBus, type CacheBus } from '../../core/cache-bus.ts';
import { batchedRead } from '../../core/db/batched-read.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import { tokenRoom, userRoom, type AppServer, type AppSocket } from '../../core/socket.ts';
import { appendAudit } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { ProctorAct } from '../exam/session-service.ts';
import { createMessagesDal } from './messages-dal.ts';
import { linkPresence } from './presence-link.ts';
import { createSkippedRows } from './skipped-rows.ts';
import { linkWatchers } from './watch-link.ts';
import { createProctorDal, type CandidateRef, type GridRow } from './proctor-dal.ts';
import type { ProctorOwners } from './ports.ts';
import { canMarkAbsent, candidateStatus, DEFAULT_SETTINGS, examRulesOf, gapRecord, RELOAD_WINDOW_MS, signalMarks, signalOutcome, toCsv } from './proctor-rules.ts';

/** Socket.IO rooms: incidents go to everyone watching a room, grid rows to those watching one part of it. */
export const roomChannel = (sittingId: number, room: string) => `proctor:${sittingId}:${room}`;
export const partChannel = (sittingId: number, room: string, partId: number) => `${roomChannel(sittingId, room)}:${partId}`;

const ROW_FLUSH_MS = 150;
/**
 * Cluster mode: how long a row skipped for want of a watcher is remembered at least (two heartbeats
 * if longer), to be computed when another node's word that it now watches the room arrives late.
 */
const SKIPPED_KEEP_MS = 5_000;
/**
 * A sitting's parts are re-read at least this often (and whenever a console opens a room): a paper
 * assigned or a part edited on any node shows in the rows pushed within this time.
 */
export const PARTS_MAX_AGE_MS = 10_000;
/** Candidates' seats kept per node: more than one node serves in a day; older ones are read again. */
export const SEATING_CACHE_ENTRIES = 50_000;
const CSV_HEADERS: Record<WordingLanguage, { incidents: string[]; actions: string[] }> = {
  'zh-CN': { incidents: ['时间', '座位', '准考证号', '姓名', '异常', '详情'], actions: ['时间', '操作人', '操作', '考生', '原因', '详情'] },
  en: { incidents: ['Time', 'Seat', 'Ticket', 'Name', 'Incident', 'Details'], actions: ['Time', 'By', 'Action', 'Candidate', 'Reason', 'Details'] },
};
const FEED_LIMIT = 300;

/**
 * What the console asks of the session engine (the exam feature): the proctor's acts on sessions and
 * the size of a part's paper. Answers may be promises while exam moves to the async layer (#16).
 */
export type ProctorSessions = {
  pause(sessionId: number, act: ProctorAct): MaybePromise<unknown>;
  resumePaused(sessionId: number, act: ProctorAct): MaybePromise<unknown>;
  extend(sessionId: number, minutes: number, act: ProctorAct): MaybePromise<unknown>;
  endFor(sessionId: number, reason: 'force_submitted' | 'violation', act: ProctorAct): MaybePromise<unknown>;
  markAbsent(candidateIds: readonly number[], sittingPartId: number, act: ProctorAct): MaybePromise<number>;
  papers: { get(paperId: number): MaybePromise<{ items: readonly unknown[] } | undefined> };
};

export type ProctorDeps = {
  /** The async data layer (`store.db`): SQLite or PostgreSQL. */
  db: Db;
  /** What the console reads of candidates, sittings, sessions and the audit log, through their owners (ports.ts). */
  owners: ProctorOwners;
  clock: Clock;
  io: AppServer;
  sessions: () => ProctorSessions;
  revokeLogins: (userId: number, actorUserId: number, reason: string) => MaybePromise<number>;
  /** Whether the user holds a live login (the auth feature owns logins): logged in, even with no exam page open. */
  hasLiveLogin: (userId: number) => MaybePromise<boolean>;
  /** Items answered per session (the exam feature counts answers and practical tasks with screenshots). */
  answeredCounts: (sessionIds: readonly number[]) => MaybePromise<Map<number, number>>;
  /** Staff names for the exported action history (the auth feature owns accounts). */
  userNames: (userIds: readonly number[]) => MaybePromise<Map<number, string>>;
  /** EXAM_TIME_ZONE: exported times are the exam centre's local times. */
  timeZone: string;
  /** Accommodations planned for candidates (registration owns them). */
  accommodationsOf?: (candidateIds: readonly number[]) => MaybePromise<Map<number, Accommodations>>;
  log: FastifyBaseLogger;
  /** Port to registration (which holds photos, #17): who has a photo, and the file for an authorised viewer (audited there). */
  identityPhotos?: {
    withPhoto: (candidateIds: readonly number[]) => MaybePromise<Set<number>>;
    openPhoto: (candidateId: number, viewer: { userId: number; via: 'proctor' }) => MaybePromise<{ file: string; mimeType: string; fileName: string; bytes: number }>;
  };
  /**
   * Cluster mode (REDIS_URL): presence is merged from every node's snapshots, sent every `snapshotMs`
   * (also the watched channels' heartbeat), and grid rows go through the adapter to channels some
   * node watches, since the watchers may be on other nodes.
   */
  cluster?: { snapshotMs: number };
  /** Tells the other nodes' caches of settings and seating of a change made here (core/cache-bus.ts). */
  cacheBus?: CacheBus;
};

/** Shown to the candidate on the pause overlay, as a proctor's reason would be (in the centre's language). */
const SEB_PAUSE_REASON = '安全考试浏览器（SEB）检查未通过，请等待监考员检查电脑';

/** A check that lets the candidate in: passed, with or without a note. */
const identityPassed = (check: IdentityCheck | undefined) => check !== undefined && check.outcome !== 'refused';

export function createProctorService(deps: ProctorDeps) {
  const { db, clock, io, log } = deps;
  const dal = createProctorDal(db, deps.owners);
  const messages = createMessagesDal(db);
  // Every start, resume and candidate's connection asks: those arriving together (a start storm) share one query.
  const pendingOf = batchedRead((candidateIds: readonly number[]) => messages.pendingOf(candidateIds));
  const messagesPending = async (candidateId: number) => (await pendingOf(candidateId)) ?? [];
  const audit = (entry: Parameters<typeof appendAudit>[1]) => appendAudit(db, entry);
  const bus = deps.cacheBus ?? localCacheBus();
  /** Candidates' seats and rooms, dropped on every node when their sitting's seating changes. */
  const candidates = busCache<CandidateRef | undefined>(bus, 'proctor.seating', { maxEntries: SEATING_CACHE_ENTRIES });
  const settingsBySitting = busCache<RoomSettings>(bus, 'proctor.settings');
  /** Parts of a sitting for the grid pushes; re-read whenever a proctor opens a room (a paper may have been assigned since). */
  const partsBySitting = busCache<Awaited<ReturnType<typeof dal.parts>>>(bus, 'proctor.parts', { maxAgeMs: PARTS_MAX_AGE_MS });
  /** `gap`: a connection just lost, not recorded yet: a reload comes back within seconds and is one record. */
  type Gap = { at: number; reason: string; timer: TimerHandle };
  const presence = new Map<number, { sockets: number; lastSeen: number; awaySince: number | null; gap: Gap | null }>();
  const lastSignal = signalMarks();
  /** Connections closed on purpose (replaced, moved): their disconnect is not an incident. */
  const closedOnPurpose = new WeakSet<AppSocket>();
  const pending = new Set<number>();
  let flushTimer: NodeJS.Timeout | null = null;

  const candidate = (id: number): Promise<CandidateRef | undefined> => candidates.read(id, () => dal.candidate(id), (c) => c?.sittingId ?? -1);

  const settings = (sittingId: number): Promise<RoomSettings> => settingsBySitting.read(sittingId, async () => (await dal.settings(sittingId)) ?? DEFAULT_SETTINGS);

  async function parts(sittingId: number, fresh = false) {
    if (!fresh) return partsBySitting.read(sittingId, () => dal.parts(sittingId));
    const found = await dal.parts(sittingId);
    partsBySitting.set(sittingId, found);
    return found;
  }

  /** A user's candidate row changed in some way the grid shows (a login, presence on another node). */
  function userChanged(userId: number) {
    dal.candidateOfUser(userId).then(
      (candidateId) => candidateId !== undefined && changed(candidateId),
      (err: unknown) => log.warn({ err, userId }, 'proctor: finding the candidate of a login failed'),
    );
  }

  const peers = deps.cluster
    ? linkPresence({
        io,
        snapshotMs: deps.cluster.snapshotMs,
        local: () => [...presence].flatMap(([userId, p]) => (p.sockets > 0 ? [[userId, p.sockets, p.lastSeen] as [number, number, number]] : [])),
        hasLocal: (userId) => (presence.get(userId)?.sockets ?? 0) > 0,
        changed: (userIds) => {
          for (const userId of userIds) userChanged(userId);
        },
        log,
      })
    : null;

  /** Connections of a user on every node (this one alone outside cluster mode), and the latest coming or going. */
  function presenceOf(userId: number): { sockets: number; lastSeen: number | null } {
    const here = presence.get(userId);
    const there = peers?.of(userId) ?? { sockets: 0, lastSeen: null };
    const lastSeen = Math.max(here?.lastSeen ?? -Infinity, there.lastSeen ?? -Infinity);
    return { sockets: (here?.sockets ?? 0) + there.sockets, lastSeen: Number.isFinite(lastSeen) ? lastSeen : null };
  }

  const publishPresence = (userId: number, p: { sockets: number; lastSeen: number }) => peers?.publish([userId, p.sockets, p.lastSeen]);

  /**
   * Cluster mode: which channels the other nodes watch, and the rows skipped lately for want of a
   * watcher, pushed after all when a node says it now watches their room (docs/cluster.md §5).
   */
  const skipped = deps.cluster ? createSkippedRows(Math.max(2 * deps.cluster.snapshotMs, SKIPPED_KEEP_MS)) : null;
  const watchers = deps.cluster
    ? linkWatchers({ io, heartbeatMs: deps.cluster.snapshotMs, added: (channels) => skipped?.due(channels, Date.now()).forEach((id) => changed(id)), log })
    : null;

  /** Whether a grid push has a watcher: on this node (the local adapter knows) or, as last heard, on another. */
  const hasWatchers = (channel: string) => (io.sockets.adapter.rooms.get(channel)?.size ?? 0) > 0 || (watchers?.watched(channel) ?? false);
  /** Rows computed by `flush` (tests count them). */
  let rowsComputed = 0;

  async function partTotal(part: { paperId: number | null }): Promise<number> {
    return part.paperId === null ? 0 : ((await deps.sessions().papers.get(part.paperId))?.items.length ?? 0);
  }

  type RowExtras = { answered: Map<number, number>; photos: Set<number>; planned: Map<number, Accommodations>; loggedIn: Set<number> };

  function toRow(g: GridRow, total: number, { answered, photos, planned, loggedIn }: RowExtras, version: number): RoomRow {
    const p = presenceOf(g.userId);
    const session = g.status === null ? null : { status: g.status, pausedAt: g.pausedAt, endReason: g.endReason };
    return {
      candidateId: g.candidateId,
      seat: g.seat,
      name: g.name,
      ticketNo: g.ticketNo,
      status: candidateStatus({ online: p.sockets > 0, loggedIn: session === null && loggedIn.has(g.userId), session }),
      sessionId: g.sessionId,
      answered: g.sessionId === null ? 0 : (answered.get(g.sessionId) ?? 0),
      total,
      deadline: g.deadline,
      pausedAt: g.status === 'in_progress' ? g.pausedAt : null,
      endReason: g.endReason,
      admitted: g.admitted,
      lastSeen: p.lastSeen,
      incidents: g.incidents,
      hasPhoto: photos.has(g.candidateId),
      identity: g.identity,
      plannedExtraMinutes: g.plannedExtraMinutes ?? 0,
      incidentExtraMinutes: g.incidentExtraMinutes ?? 0,
      accommodations: planned.get(g.candidateId) ?? null,
      version,
    };
  }

  /** Whether each user without a session holds a live login (asked only for those the grid shows as not started). */
  async function liveLogins(rows: readonly GridRow[]): Promise<Set<number>> {
    const asked = rows.filter((g) => g.status === null).map((g) => g.userId);
    const live = await Promise.all(asked.map(async (userId) => [userId, await deps.hasLiveLogin(userId)] as const));
    return new Set(live.flatMap(([userId, yes]) => (yes ? [userId] : [])));
  }

  /** The room's grid for one part; `candidateId`: that candidate's row alone (a change), from the kept candidate. */
  async function rowsOf(sittingId: number, room: string, part: { id: number; paperId: number | null }, candidateId?: number): Promise<RoomRow[]> {
    const total = await partTotal(part);
    const one = candidateId === undefined ? undefined : await candidate(candidateId);
    const people = candidateId === undefined ? await dal.candidatesInRoom(sittingId, room) : one && one.sittingId === sittingId && one.room === room ? [one] : [];
    const rows = await dal.grid(people, part.id);
    const ids = rows.map((g) => g.candidateId);
    const [answered, photos, planned, loggedIn] = await Promise.all([
      deps.answeredCounts(rows.flatMap((g) => (g.sessionId === null ? [] : [g.sessionId]))),
      deps.identityPhotos?.withPhoto(ids) ?? new Set<number>(),
      deps.accommodationsOf?.(ids) ?? new Map<number, Accommodations>(),
      liveLogins(rows),
    ]);
    const extras = { answered, photos, planned, loggedIn };
    // Wall time, as presence is: the moment the rows read it (nodes' clocks are NTP-synchronised).
    const version = Date.now();
    return rows.map((g) => toRow(g, total, extras, version));
  }

  /** Grid updates are coalesced: a burst of saves from one candidate is one row sent, within a fraction of a second. */
  function changed(candidateId: number) {
    pending.add(candidateId);
    flushTimer ??= setTimeout(() => void flush(), ROW_FLUSH_MS);
  }

  /** Sends the rows changed since the last flush; never throws (a failure is logged). */
  async function flush(): Promise<void> {
    flushTimer = null;
    const ids = [...pending];
    pending.clear();
    try {
      // One read for those not cached: after a restart, a deadline's thousands of ended sessions all are.
      const refs = await candidates.readMany(ids, async (missing) => dal.candidatesById(missing), (c) => c?.sittingId ?? -1);
      for (const id of ids) {
        const c = refs.get(id);
        if (!c) continue;
        const room = roomChannel(c.sittingId, c.room);
        if (!hasWatchers(room)) {
          skipped?.add(id, room, Date.now());
          continue;
        }
        for (const part of await parts(c.sittingId)) {
          const channel = partChannel(c.sittingId, c.room, part.id);
          if (!hasWatchers(channel)) {
            skipped?.add(id, room, Date.now());
            continue;
          }
          rowsComputed++;
          for (const row of await rowsOf(c.sittingId, c.room, part, id)) io.to(channel).emit('proctor:row', { ...row, sittingId: c.sittingId, room: c.room });
        }
      }
    } catch (err) {
      log.error({ err }, 'proctor grid update failed');
    }
  }

  function toIncident(r: Awaited<ReturnType<typeof dal.incidents>>[number]): Incident {
    return { id: r.id, at: r.at, candidateId: r.candidateId, seat: r.seat, name: r.name, kind: r.kind as IncidentKind, details: JSON.parse(r.detailsJson) as Record<string, unknown> };
  }

  /** Tells the room about an incident already stored. */
  function announce(c: CandidateRef, incident: Incident): Incident {
    io.to(roomChannel(c.sittingId, c.room)).emit('proctor:incident', { ...incident, sittingId: c.sittingId, room: c.room });
    changed(c.id);
    return incident;
  }

  async function raise(c: CandidateRef, kind: IncidentKind, details: Record<string, unknown>, at = clock.now()): Promise<Incident> {
    const { id } = await dal.addIncident({ sittingId: c.sittingId, room: c.room, candidateId: c.id, at, kind, details });
    return announce(c, { id, at, candidateId: c.id, seat: c.seat, name: c.name, kind, details });
  }

  /**
   * A browser signal stored and counted in one transaction holding the candidate's row: two signals
   * at once on PostgreSQL would otherwise each count only itself (neither seeing the other's
   * uncommitted row) and a pause due at the second would never come.
   */
  async function raiseSignal(c: CandidateRef, kind: IncidentKind, details: Record<string, unknown>): Promise<{ count: number; total: number }> {
    const at = clock.now();
    const { id, counts } = await db.transaction(async (tx) => {
      const t = createProctorDal(tx, deps.owners);
      await t.lockCandidate(c.id);
      const added = await t.addIncident({ sittingId: c.sittingId, room: c.room, candidateId: c.id, at, kind, details });
      return { id: added.id, counts: await t.countSignals(c.id, kind) };
    });
    announce(c, { id, at, candidateId: c.id, seat: c.seat, name: c.name, kind, details });
    return counts;
  }

  /** A proctor acts only on a room they are assigned to; an admin on any room that has candidates. */
  async function authorise(user: SessionUser, ref: RoomRef): Promise<CandidateRef[]> {
    const allowed = user.role === 'admin' || (user.role === 'proctor' && (await dal.isAssigned(user.userId, ref.sittingId, ref.room)));
    if (!allowed) throw new ForbiddenError('This room is not assigned to you', { key: 'proctor.roomNotYours' });
    const roomCandidates = await dal.candidatesInRoom(ref.sittingId, ref.room);
    if (roomCandidates.length === 0) throw new NotFoundError('No such room in this sitting', { key: 'proctor.noRoom' });
    return roomCandidates;
  }

  async function partOf(sittingId: number, sittingPartId: number, fresh = false) {
    const part = (await parts(sittingId, fresh)).find((p) => p.id === sittingPartId);
    if (!part) throw new NotFoundError('No such part in this sitting', { key: 'proctor.noPart' });
    return part;
  }

  function online(userId: number) {
    return presenceOf(userId).sockets > 0;
  }

  /**
   * Ends every connection of a user but those of `keep`'s login, telling the client why (it then
   * stops reconnecting). Room operations, so the adapter carries them to every node in cluster
   * mode; the count returned is of this node's connections (the others are not waited for).
   */
  function closeConnections(userId: number, reason: string, keep?: AppSocket): number {
    const spared = keep ? tokenRoom(keep.data.token) : null;
    let closed = 0;
    for (const sid of io.sockets.adapter.rooms.get(userRoom(userId)) ?? []) {
      const s = io.sockets.sockets.get(sid);
      if (!s || (spared && s.rooms.has(spared))) continue;
      closedOnPurpose.add(s);
      closed++;
    }
    const targets = spared ? io.in(userRoom(userId)).except(spared) : io.in(userRoom(userId));
    targets.emit('auth:replaced', { reason });
    targets.disconnectSockets(true);
    return closed;
  }

  /** Not back within the window: the disconnect is recorded, at the time it happened. */
  async function gapOver(c: CandidateRef, p: { gap: Gap | null }, gap: Gap): Promise<void> {
    if (p.gap !== gap) return;
    p.gap = null;
    try {
      await raise(c, 'disconnected', { reason: gap.reason }, gap.at);
    } catch (err) {
      log.warn({ err }, 'proctor: recording a disconnect failed');
    }
  }

  type Ctx = { user: SessionUser; req: ProctorActionRequest; targets: CandidateRef[]; act: ProctorAct; part: Awaited<ReturnType<typeof partOf>> };

  /** Room-wide pauses and resumes are issued together, so they share one group commit (one fsync). */
  async function onSessions(ctx: Ctx, run: (sessionId: number) => Promise<unknown> | unknown): Promise<number> {
    const found = await Promise.all(ctx.targets.map((c) => dal.sessionOf(c.id, ctx.part.id)));
    const ids = found.flatMap((s) => (s === undefined ? [] : [s.id]));
    const results = await Promise.all(ids.map((id) => run(id)));
    return results.filter(Boolean).length;
  }

  /**
   * Who may be admitted now: with the sitting's identity check required, only candidates whose check
   * passed; one named candidate without it is a refusal, a whole room admits those who passed.
   */
  async function admissibleFor(sittingId: number, targets: CandidateRef[], named: boolean): Promise<CandidateRef[]> {
    if (!(await settings(sittingId)).identityCheckRequired) return targets;
    const checks = await dal.identityChecks(targets.map((c) => c.id));
    const passed = targets.filter((c) => identityPassed(checks.get(c.id)));
    if (named && passed.length === 0) {
      const refused = checks.get(targets[0]!.id)?.outcome === 'refused';
      throw new StateError('CONFLICT', refused ? 'The identity check of this candidate was refused' : 'Record the identity check (人证核验) before admitting', { key: refused ? 'identity.checkRefused' : 'identity.checkRequired' });
    }
    return passed;
  }

  async function perform(ctx: Ctx): Promise<{ affected: number; details?: Record<string, unknown> }> {
    const { req, targets, act, user } = ctx;
    const sessions = deps.sessions();
    const now = clock.now();
    switch (req.action.type) {
      case 'admit': {
        let affected = 0;
        const admissible = await admissibleFor(ctx.req.sittingId, targets, req.action.candidateId !== undefined);
        for (const c of admissible) {
          if (await dal.admit(c.id, now, user.userId)) affected++;
          io.to(userRoom(c.userId)).emit('proctor:admitted', { sittingId: c.sittingId });
          changed(c.id);
        }
        return { affected };
      }
      case 'pause':
        return { affected: await onSessions(ctx, (id) => sessions.pause(id, act)) };
      case 'resume':
        return { affected: await onSessions(ctx, (id) => sessions.resumePaused(id, act)) };
      case 'extend': {
        const minutes = req.action.minutes;
        return { affected: await onSessions(ctx, (id) => sessions.extend(id, minutes, act)), details: { minutes } };
      }
      case 'force_submit':
        return { affected: await onSessions(ctx, (id) => sessions.endFor(id, 'force_submitted', act)) };
      case 'violation':
        return { affected: await onSessions(ctx, (id) => sessions.endFor(id, 'violation', act)) };
      case 'move': {
        const c = targets[0]!;
        const logins = await deps.revokeLogins(c.userId, user.userId, act.reason);
        const connections = closeConnections(c.userId, 'moved');
        changed(c.id);
        return { affected: 1, details: { logins, connections } };
      }
      case 'mark_absent': {
        const startsAt = (await dal.sittingStartsAt(req.sittingId)) ?? now;
        if (!canMarkAbsent(startsAt, ctx.part.durationMinutes, now)) {
          throw new StateError('CONFLICT', `No-shows can be marked once the part's time has run out (${new Date(startsAt + ctx.part.durationMinutes * 60_000).toISOString()})`, { key: 'proctor.noShowTooEarly', params: { at: startsAt + ctx.part.durationMinutes * 60_000 } });
        }
        const started = await Promise.all(targets.map((c) => dal.sessionOf(c.id, ctx.part.id)));
        const noShows = targets.filter((c, i) => !started[i] && !online(c.userId)).map((c) => c.id);
        return { affected: await sessions.markAbsent(noShows, ctx.part.id, act), details: { candidateIds: noShows } };
      }
      case 'identity_check': {
        const { outcome, method } = req.action;
        const note = req.action.note?.trim() || null;
        if (outcome === 'passed_with_note' && note === null) throw new BadRequestError('A check passed with a note needs the note', { key: 'identity.noteRequired' });
        const c = targets[0]!;
        await dal.recordIdentityCheck(c.id, { outcome, method, note }, now, user.userId);
        changed(c.id);
        return { affected: 1, details: { outcome, method, note } };
      }
      case 'message': {
        const message = { id: randomUUID(), at: now, text: req.action.text };
        await messages.insert(message, targets.map((c) => c.id), user.userId);
        for (const c of targets) io.to(userRoom(c.userId)).emit('proctor:message', message);
        return { affected: targets.length, details: { text: req.action.text } };
      }
    }
  }

  async function connected(socket: AppSocket): Promise<void> {
    const user = socket.data.user;
    if (user.role !== 'candidate' || user.candidateId === null) return;
    const now = clock.now();
    const p = presence.get(user.userId) ?? { sockets: 0, lastSeen: now, awaySince: null, gap: null };
    p.sockets++;
    p.lastSeen = now;
    presence.set(user.userId, p);
    publishPresence(user.userId, p);
    const { gap, awaySince } = p;
    gap?.timer.cancel();
    p.gap = null;
    p.awaySince = null;
    try {
      const c = await candidate(user.candidateId);
      if (!c) return;
      // A second login (another token) ends the older connections: one computer per candidate.
      const replaced = closeConnections(user.userId, 'second-login', socket);
      if (replaced > 0) await raise(c, 'second_login', { replacedConnections: replaced, address: socket.handshake.address });
      if (gap) {
        const record = gapRecord(gap, now);
        await raise(c, record.kind, record.details, record.at);
      } else if (awaySince !== null) {
        await raise(c, 'reconnected', { awayMs: now - awaySince });
      }
      changed(c.id);
      for (const message of await messagesPending(c.id)) socket.emit('proctor:message', message);
    } catch (err) {
      log.warn({ err }, 'proctor: connect bookkeeping failed');
    }
  }

  async function disconnected(socket: AppSocket, reason: string): Promise<void> {
    const user = socket.data.user;
    if (user.role !== 'candidate' || user.candidateId === null) return;
    const p = presence.get(user.userId);
    if (!p) return;
    const now = clock.now();
    p.sockets = Math.max(0, p.sockets - 1);
    p.lastSeen = now;
    publishPresence(user.userId, p);
    if (p.sockets > 0 || closedOnPurpose.has(socket) || reason.startsWith('server')) return;
    try {
      const c = await candidate(user.candidateId);
      const running = c && (await dal.runningSessionOf(c.id));
      // Back while this was being read: the reconnect has already closed the matter.
      if (running && p.sockets === 0) {
        p.awaySince = now;
        p.gap?.timer.cancel();
        const gap: Gap = { at: now, reason, timer: clock.at(now + RELOAD_WINDOW_MS, () => void track(gapOver(c, p, gap))) };
        p.gap = gap;
      }
      if (c) changed(c.id);
    } catch (err) {
      log.warn({ err }, 'proctor: disconnect bookkeeping failed');
    }
  }

  // Connection bookkeeping runs behind the socket (nothing awaits it); idle() lets tests and shutdown wait for it.
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  return {
    candidateChanged: changed,

    /** Refuses to start a part before the proctor admitted the candidate, when the sitting asks for it. */
    async startGate(c: { id: number; sittingId: number }): Promise<void> {
      const s = await settings(c.sittingId);
      if (s.admissionRequired && !(await dal.isAdmitted(c.id))) {
        throw new StateError('AWAITING_ADMISSION', 'Wait for the proctor to check your identity and admit you', { key: 'exam.awaitingAdmission' });
      }
      if (s.identityCheckRequired && !identityPassed((await dal.identityChecks([c.id])).get(c.id))) {
        throw new StateError('AWAITING_ADMISSION', 'Wait for the proctor to check your identity', { key: 'identity.awaitingCheck' });
      }
    },

    /** The candidate's photo for the identity check: the room's proctors and admins only; the view is audited by the port. */
    async photo(user: SessionUser, candidateId: number) {
      const c = await candidate(candidateId);
      const allowed = !!c && (user.role === 'admin' || (user.role === 'proctor' && (await dal.isAssigned(user.userId, c.sittingId, c.room))));
      // Exactly as for a missing candidate: a proctor learns nothing about other rooms' candidates.
      if (!allowed) throw new NotFoundError('No such candidate in a room assigned to you', { key: 'identity.notYourRoom' });
      if (!deps.identityPhotos) throw new NotFoundError('No photo for this candidate', { key: 'identity.noPhoto' });
      return deps.identityPhotos.openPhoto(candidateId, { userId: user.userId, via: 'proctor' });
    },

    async rooms(user: SessionUser): Promise<RoomSummary[]> {
      const found = await dal.rooms(user.role === 'admin' ? null : user.userId);
      const partsOf = new Map(await Promise.all([...new Set(found.map((r) => r.sittingId))].map(async (id) => [id, await dal.parts(id)] as const)));
      return found.map((r) => ({
        ...r,
        parts: partsOf.get(r.sittingId)!.map((p) => ({ sittingPartId: p.id, kind: p.part, durationMinutes: p.durationMinutes })),
      }));
    },

    async watch(socket: AppSocket, user: SessionUser, ref: RoomRef & { sittingPartId: number }): Promise<RoomSnapshot> {
      await authorise(user, ref);
      const part = await partOf(ref.sittingId, ref.sittingPartId, true);
      // One part at a time per connection: switching parts must not keep the old rows coming.
      for (const r of socket.rooms) if (r.startsWith('proctor:')) void socket.leave(r);
      void socket.join([roomChannel(ref.sittingId, ref.room), partChannel(ref.sittingId, ref.room, part.id)]);
      const [roomSettings, rows, feed] = await Promise.all([settings(ref.sittingId), rowsOf(ref.sittingId, ref.room, part), dal.incidents(ref.sittingId, ref.room, FEED_LIMIT)]);
      return {
        sittingId: ref.sittingId,
        room: ref.room,
        sittingPartId: part.id,
        settings: roomSettings,
        serverNow: clock.now(),
        rows,
        incidents: feed.map(toIncident),
      };
    },

    /** Whether this proctor is assigned to the candidate's room. */
    async watches(proctorUserId: number, candidateId: number): Promise<boolean> {
      const c = await candidate(candidateId);
      return !!c && (await dal.isAssigned(proctorUserId, c.sittingId, c.room));
    },

    /** Candidates of a sitting changed rooms or seats: rows and incidents follow the new seating from now on. */
    seatingChanged(sittingId: number) {
      candidates.changed(sittingId);
    },

    /** A proctor gained or lost a room: a lost room's pushes stop at once, and every open console is told. */
    assignmentChanged({ userId, sittingId, room, assigned }: { userId: number; sittingId: number; room: string; assigned: boolean }) {
      const channel = roomChannel(sittingId, room);
      for (const sid of assigned ? [] : (io.sockets.adapter.rooms.get(userRoom(userId)) ?? [])) {
        const socket = io.sockets.sockets.get(sid);
        for (const r of socket ? [...socket.rooms] : []) if (r === channel || r.startsWith(`${channel}:`)) void socket!.leave(r);
      }
      io.to(userRoom(userId)).emit('proctor:rooms_changed', { sittingId, room, assigned });
    },

    unwatch(socket: AppSocket) {
      for (const r of socket.rooms) if (r.startsWith('proctor:')) void socket.leave(r);
      return null;
    },

    async act(user: SessionUser, req: ProctorActionRequest): Promise<ProctorActionResult> {
      const roomCandidates = await authorise(user, req);
      const part = await partOf(req.sittingId, req.sittingPartId);
      const targetId = 'candidateId' in req.action ? req.action.candidateId : undefined;
      const targets = targetId === undefined ? roomCandidates : roomCandidates.filter((c) => c.id === targetId);
      if (targets.length === 0) throw new NotFoundError('No such candidate in this room', { key: 'proctor.noCandidate' });
      const act: ProctorAct = { actorUserId: user.userId, reason: req.reason };
      const { affected, details } = await perform({ user, req, targets, act, part });
      if (targetId !== undefined && affected === 0) throw new StateError('CONFLICT', `"${req.action.type}" does not apply to this candidate now`, { key: 'proctor.actionNotApplicable' });
      await audit({
        at: clock.now(),
        actorUserId: user.userId,
        action: `proctor.${req.action.type}`,
        entity: targetId === undefined ? 'room' : 'candidate',
        entityId: targetId ?? req.room,
        details: { sittingId: req.sittingId, room: req.room, sittingPartId: part.id, candidateId: targetId ?? null, reason: req.reason, affected, ...details },
      });
      return { affected };
    },

    /** The exam rules of a sitting (text paste, one part at a time), for the session engine and the candidate pages. */
    async examRules(sittingId: number): Promise<ExamRules> {
      return examRulesOf(await settings(sittingId));
    },

    /** Someone logged in or out: a candidate's grid row says 已登录 / 未登录 at once. */
    loginsChanged(userId: number) {
      userChanged(userId);
    },

    async setSettings(user: SessionUser, ref: RoomRef, input: RoomSettingsInput, reason: string): Promise<RoomSettings> {
      await authorise(user, ref);
      const before = await settings(ref.sittingId);
      const next: RoomSettings = { ...before, ...input };
      await db.transaction(async (tx) => {
        await createProctorDal(tx, deps.owners).saveSettings(ref.sittingId, next);
        await appendAudit(tx, { at: clock.now(), actorUserId: user.userId, action: 'proctor.settings', entity: 'sitting', entityId: ref.sittingId, details: { sittingId: ref.sittingId, room: ref.room, reason, settings: next } });
      });
      settingsBySitting.changed(ref.sittingId);
      settingsBySitting.set(ref.sittingId, next);
      if (before.textPaste !== next.textPaste || before.parallelParts !== next.parallelParts) {
        const rules = examRulesOf(next);
        for (const userId of await dal.userIdsOfSitting(ref.sittingId)) io.to(userRoom(userId)).emit('exam:rules', rules);
      }
      return next;
    },

    /** A browser signal from the candidate's exam page, handled under the sitting's policy. */
    async signal(user: SessionUser, p: CandidateSignal): Promise<SignalOutcome> {
      const c = user.candidateId === null ? undefined : await candidate(user.candidateId);
      if (!c) throw new NotFoundError('No candidate record for this login', { key: 'exam.noCandidate' });
      const now = clock.now();
      const key = `${c.id}:${p.kind}`;
      // Marked before anything is awaited: a burst of one kind arriving together is one signal.
      const duplicate = lastSignal.isDuplicate(key, now);
      if (!duplicate) lastSignal.mark(key, now);
      const [policy, running] = await Promise.all([settings(c.sittingId), dal.runningSessionOf(c.id)]);
      if (duplicate) return signalOutcome({ ...policy, signalPolicy: 'record' }, await dal.countSignals(c.id, p.kind), false);
      const counts = await raiseSignal(c, p.kind, { ...(p.detail ? { detail: p.detail } : {}), sessionId: running?.id ?? null });
      const outcome = signalOutcome(policy, counts, !!running && running.pausedAt === null);
      if (outcome.action === 'paused' && running) {
        const auto = { total: outcome.total, pauseAfter: policy.pauseAfter };
        await deps.sessions().pause(running.id, { actorUserId: null, reason: `policy: ${outcome.total} browser signals (pause after ${policy.pauseAfter})`, auto });
      }
      return outcome;
    },

    /**
     * A request or connection of the candidate failed the sitting's Safe Exam Browser check: an
     * incident for the room (deduplicated like browser signals, since a refused page may retry), and
     * a running session is paused until a proctor has checked the computer and resumes it.
     */
    async sebRefused(candidateId: number, details: { verdict: 'missing' | 'mismatch'; via: 'http' | 'socket' | 'page' }): Promise<{ paused: boolean }> {
      const c = await candidate(candidateId);
      if (!c) return { paused: false };
      const running = await dal.runningSessionOf(c.id);
      const now = clock.now();
      const key = `${c.id}:seb_refused`;
      if (!lastSignal.isDuplicate(key, now) || (running && running.pausedAt === null)) {
        lastSignal.mark(key, now);
        await raise(c, 'seb_refused', { ...details, sessionId: running?.id ?? null });
      }
      if (!running || running.pausedAt !== null) return { paused: false };
      const paused = await deps.sessions().pause(running.id, { actorUserId: null, reason: SEB_PAUSE_REASON });
      return { paused: paused !== null };
    },

    /** Raised by other features (skills uploads refused); never rejects: a failure is logged, the caller's work stands. */
    async raiseFor(candidateId: number, kind: IncidentKind, details: Record<string, unknown>): Promise<void> {
      try {
        const c = await candidate(candidateId);
        if (c) await raise(c, kind, details);
      } catch (err) {
        log.warn({ err, candidateId, kind }, 'proctor: recording an incident failed');
      }
    },

    /**
     * A candidate's page connected. The presence count and the gap it closes are taken at once (a
     * disconnect's bookkeeping may still be reading); records and pending messages follow.
     */
    candidateConnected: (socket: AppSocket): Promise<void> => track(connected(socket)),
    candidateDisconnected: (socket: AppSocket, reason: string): Promise<void> => track(disconnected(socket, reason)),

    /** Waits for the connection bookkeeping under way (records, pending messages) and what it started. */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },

    /** What a candidate has not dismissed: the exam's start and resume answer with it (a push may have been lost). */
    async pendingMessages(candidateId: number): Promise<ProctorMessage[]> {
      return messagesPending(candidateId);
    },

    async dismissMessage(user: SessionUser, messageId: string): Promise<null> {
      if (user.candidateId === null || !(await messages.dismiss(messageId, user.candidateId, clock.now()))) throw new NotFoundError('No such message pending for you', { key: 'exam.noMessage' });
      return null;
    },

    /** The room's logs as CSV, in the UI language, times in the exam's time zone, people by name. */
    async exportCsv(user: SessionUser, ref: RoomRef, what: 'incidents' | 'actions', lang: WordingLanguage = 'zh-CN'): Promise<string> {
      await authorise(user, ref);
      const time = (t: number) => localDateTime(t, deps.timeZone);
      const head = CSV_HEADERS[lang];
      if (what === 'incidents') {
        const rows = (await dal.incidents(ref.sittingId, ref.room)).reverse();
        return toCsv(head.incidents, rows.map((r) => {
          const kind = r.kind as IncidentKind;
          const details = JSON.parse(r.detailsJson) as Record<string, unknown>;
          return [time(r.at), r.seat, r.ticketNo, r.name, incidentTitle(kind, lang), incidentDetail(kind, details, lang)];
        }));
      }
      const rows = await dal.actions(ref.sittingId, ref.room);
      const names = await deps.userNames(rows.flatMap((r) => (r.actorUserId === null ? [] : [r.actorUserId])));
      const details = rows.map((r) => JSON.parse(r.detailsJson) as Record<string, unknown>);
      const named = await Promise.all(details.map((d) => (typeof d.candidateId === 'number' ? candidate(d.candidateId) : undefined)));
      return toCsv(
        head.actions,
        rows.map((r, i) => {
          const d = details[i]!;
          const cid = named[i];
          const actor = r.actorUserId === null ? '' : (names.get(r.actorUserId) ?? '');
          return [time(r.at), actor, proctorActionTitle(r.action, lang), cid ? `${cid.seat} ${cid.name}` : wholeRoomText(lang), d.reason ?? '', proctorActionDetail(r.action, d, lang)];
        }),
      );
    },

    /** The room's candidates, once the user may act on the room (late-sync-console.ts). */
    roomCandidates: (user: SessionUser, ref: RoomRef): Promise<CandidateRef[]> => authorise(user, ref),

    /** Test and shutdown hook: sends pending grid rows now. */
    flush,

    /** Test hooks: rows computed for grid pushes so far; whether any node watches a channel (as this node last heard). */
    rowsComputed: () => rowsComputed,
    watchedAnywhere: hasWatchers,

    /** The user's connections counted over every node still heard from (cluster mode), or this node's. */
    presenceOf: (userId: number) => presenceOf(userId).sockets,

    async stop(): Promise<void> {
      peers?.stop();
      watchers?.stop();
      // Gaps still open are recorded now rather than lost with the process.
      const open = [...presence].flatMap(([userId, p]) => (p.gap ? [{ userId, p, gap: p.gap }] : []));
      await Promise.all(
        open.map(async ({ userId, p, gap }) => {
          try {
            const c = await candidate((await dal.candidateOfUser(userId)) ?? -1);
            if (c) await gapOver(c, p, gap);
          } catch (err) {
            log.warn({ err }, 'proctor: recording a disconnect at shutdown failed');
          }
        }),
      );
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      pending.clear();
    },
  };
}
export type ProctorService = ReturnType<typeof createProctorService>;
