import type { Level } from '@shared/domain.ts';
import type { ReviewBoard, ReviewPanelBody, ReviewPanelSetup } from '@shared/review.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { trimmedMean } from '../grading/rules.ts';
import type { ReviewPorts } from './ports.ts';
import { createReviewDal, type ReviewDal } from './review-dal.ts';

/**
 * The review panel: an administrator assigns graders to a review part's panel, one of them the
 * chair. The chair starts and ends each candidate's timed session; every member scores 0–100; once
 * the session is over and every member has scored, the part's score is the (trimmed) mean.
 */
export function createReviewService({ db, clock, ports }: { db: Db; clock: Clock; ports: ReviewPorts }) {
  const dal = createReviewDal(db);
  const { users, planning, candidates: seated, sessions } = ports;

  /** Auth's accounts of the panel's members, joined in memory: by id on the board, by login in the setup. */
  const accountsOf = async (ids: readonly number[]) => (await users.byIds(ids)).sort((a, b) => a.id - b.id);
  const memberLogins = async (panelId: number) => (await accountsOf(await dal.memberIds(panelId))).map((u) => u.login).sort(byCodeUnit);
  const members = async (panelId: number) => (await accountsOf(await dal.memberIds(panelId))).map((u) => ({ userId: u.id, displayName: u.displayName }));
  const userLogin = async (id: number) => (await users.byIds([id]))[0]?.login;

  async function setPanel(admin: SessionUser, body: ReviewPanelBody) {
    const found = await planning.partWithSitting(body.sittingPartId);
    if (!found || found.part.part !== 'review') throw new NotFoundError('No such review part', { key: 'review.noReviewPart' });
    const logins = [...new Set([body.chairLogin, ...body.memberLogins])];
    const people = await Promise.all(logins.map(async (login) => ({ login, user: await users.byLogin(login) })));
    const panel = await dal.panelOfPart(body.sittingPartId);
    const onPanel = new Set(panel ? [await userLogin(panel.chairUserId), ...(await memberLogins(panel.id))] : []);
    // A member since disabled may stay on the panel it sits on; a newcomer must be an active grader.
    const bad = people.filter((p) => !p.user || p.user.role !== 'grader' || (p.user.disabledAt !== null && !onPanel.has(p.login))).map((p) => p.login);
    if (bad.length > 0) throw new BadRequestError(`Not active graders: ${bad.join(', ')}`, { key: 'review.notActiveGraders', params: { logins: bad.join('、') } });
    const ids = people.map((p) => p.user!.id);
    const chairId = people[0]!.user!.id;
    const now = clock.now();
    await db.transaction(async (tx) => {
      const t = createReviewDal(tx);
      const panel = await t.ensurePanel({ sittingPartId: body.sittingPartId, chairUserId: chairId, createdAt: now });
      // The chair's update locks the panel row first, so two admins setting it at once take turns.
      await t.setChair(panel.id, chairId);
      await t.setMembers(panel.id, ids);
      await appendAudit(tx, { at: now, actorUserId: admin.userId, action: 'review.panel_set', entity: 'sitting_part', entityId: body.sittingPartId, details: { chair: body.chairLogin, members: logins } });
    });
  }

  /** The panel of a review part as the admin set it; null while none is set. */
  async function panelSetup(sittingPartId: number): Promise<ReviewPanelSetup> {
    const found = await planning.partWithSitting(sittingPartId);
    if (!found || found.part.part !== 'review') throw new NotFoundError('No such review part', { key: 'review.noReviewPart' });
    const panel = await dal.panelOfPart(sittingPartId);
    if (!panel) return { panel: null };
    return { panel: { chairLogin: (await userLogin(panel.chairUserId)) ?? '', memberLogins: await memberLogins(panel.id) } };
  }

  async function board(user: SessionUser, panelId: number): Promise<ReviewBoard> {
    const panel = await dal.panel(panelId);
    if (!panel) throw new NotFoundError('No such panel', { key: 'review.noPanel' });
    const onPanel = await members(panel.id);
    const isMember = onPanel.some((m) => m.userId === user.userId);
    if (!isMember && user.role !== 'admin') throw new ForbiddenError('You are not on this panel', { key: 'review.notOnPanel' });
    const found = (await planning.partWithSitting(panel.sittingPartId))!;
    const byCandidate = new Map((await sessions.ofParts(db, [panel.sittingPartId])).map((r) => [r.candidateId, r]));
    const allScores = await dal.scoresOf([...byCandidate.values()].map((r) => r.sessionId));
    const durationMs = found.part.durationMinutes * 60_000;
    const candidates = await seated.ofSitting(found.sitting.id);
    return {
      panelId: panel.id,
      sittingPartId: panel.sittingPartId,
      sittingName: found.sitting.label,
      level: found.sitting.level as Level,
      durationMinutes: found.part.durationMinutes,
      passScore: found.part.passScore,
      isChair: panel.chairUserId === user.userId,
      isMember,
      members: onPanel.map((m) => m.displayName),
      serverTime: clock.now(),
      candidates: candidates.map((c) => {
        const r = byCandidate.get(c.id);
        const mine = r ? allScores.find((s) => s.sessionId === r.sessionId && s.memberUserId === user.userId) : undefined;
        const state = !r ? 'waiting' : r.score ? 'scored' : r.status === 'in_progress' ? 'in_progress' : 'ended';
        return {
          candidateId: c.id,
          ticketNo: c.ticketNo,
          name: c.name,
          state,
          startedAt: r?.startedAt ?? null,
          plannedEnd: r?.startedAt != null ? r.startedAt + durationMs : null,
          myScore: mine?.score ?? null,
          scoredBy: r ? allScores.filter((s) => s.sessionId === r.sessionId).length : 0,
          finalScore: r?.score?.score ?? null,
          passed: r?.score?.passed ?? null,
        };
      }),
    };
  }

  async function boards(user: SessionUser): Promise<ReviewBoard[]> {
    const out: ReviewBoard[] = [];
    for (const p of await dal.panels()) {
      if (user.role === 'admin' || (await dal.memberIds(p.id)).includes(user.userId)) out.push(await board(user, p.id));
    }
    return out;
  }

  async function panelOrThrow(panelId: number) {
    const panel = await dal.panel(panelId);
    if (!panel) throw new NotFoundError('No such panel', { key: 'review.noPanel' });
    return { panel, members: await members(panel.id), ...(await planning.partWithSitting(panel.sittingPartId))! };
  }

  /** Checked after the caller's role on the panel, so a stranger learns nothing about candidates. */
  async function candidateOf(sittingId: number, candidateId: number) {
    const [candidate] = await seated.byIds([candidateId]);
    if (!candidate || candidate.sittingId !== sittingId) throw new NotFoundError('No such candidate in this sitting', { key: 'review.noCandidate' });
    return candidate;
  }

  async function context(user: SessionUser, panelId: number, candidateId: number, chairOnly: boolean) {
    const { panel, members, part, sitting } = await panelOrThrow(panelId);
    if (chairOnly ? panel.chairUserId !== user.userId : !members.some((m) => m.userId === user.userId)) {
      throw new ForbiddenError(chairOnly ? 'Only the chair runs the session' : 'Only panel members score', { key: chairOnly ? 'review.chairOnly' : 'review.membersOnly' });
    }
    const candidate = await candidateOf(sitting.id, candidateId);
    return { panel, members, part, candidate, session: await sessions.sessionOf(candidateId, panel.sittingPartId) };
  }

  /** Panel members (and admins) may read the materials of the sitting's candidates. */
  async function assertMayReview(user: SessionUser, panelId: number, candidateId: number) {
    const { members, sitting } = await panelOrThrow(panelId);
    if (user.role !== 'admin' && !members.some((m) => m.userId === user.userId)) throw new ForbiddenError('You are not on this panel', { key: 'review.notOnPanel' });
    await candidateOf(sitting.id, candidateId);
  }

  const hadReview = () => new StateError('CONFLICT', 'This candidate has had their review already', { key: 'review.hadReview' });

  async function start(user: SessionUser, panelId: number, candidateId: number) {
    const { part, candidate, session } = await context(user, panelId, candidateId, true);
    if (session) throw hadReview();
    const now = clock.now();
    await db.transaction(async (tx) => {
      // The unique candidate/part index decides between two starts at once.
      const s = await sessions.start(tx, candidate.id, part.id, now);
      if (!s) throw hadReview();
      await appendAudit(tx, { at: now, actorUserId: user.userId, action: 'review.started', entity: 'exam_session', entityId: s.id });
    });
  }

  async function end(user: SessionUser, panelId: number, candidateId: number, reason: 'submitted' | 'absent') {
    const ctx = await context(user, panelId, candidateId, true);
    const notRunning = () => new StateError('CONFLICT', 'The review is not running', { key: 'review.notRunning' });
    const startedNotAbsent = () => new StateError('CONFLICT', 'The review has started: the candidate is not absent', { key: 'review.startedNotAbsent' });
    if (reason === 'absent' && ctx.session) throw startedNotAbsent();
    if (reason === 'submitted' && (!ctx.session || ctx.session.status !== 'in_progress')) throw notRunning();
    const now = clock.now();
    await db.transaction(async (tx) => {
      const t = createReviewDal(tx);
      let sessionId = ctx.session?.id;
      if (reason === 'absent') {
        const s = await sessions.start(tx, ctx.candidate.id, ctx.part.id, now);
        if (!s) throw startedNotAbsent();
        sessionId = s.id;
      }
      // Conditional: of two ends at once (or an end racing an absence), one ends the session.
      if (!(await sessions.end(tx, sessionId!, now, reason))) throw notRunning();
      await appendAudit(tx, { at: now, actorUserId: user.userId, action: 'review.ended', entity: 'exam_session', entityId: sessionId!, details: { reason } });
      if (reason === 'submitted') await finaliseIfComplete(t, tx, sessionId!, ctx.members.map((m) => m.userId), ctx.part.passScore, now);
    });
  }

  async function score(user: SessionUser, panelId: number, candidateId: number, value: number) {
    const ctx = await context(user, panelId, candidateId, false);
    const notStarted = () => new StateError('CONFLICT', 'The review of this candidate has not started', { key: 'review.notStarted' });
    if (!ctx.session) throw notStarted();
    const sessionId = ctx.session.id;
    const now = clock.now();
    await db.transaction(async (tx) => {
      const t = createReviewDal(tx);
      // Read under the row lock, not from before the transaction: the chair may have just ended it.
      const session = await sessions.lock(tx, sessionId);
      if (!session || session.endReason === 'absent' || session.endReason === 'violation') throw notStarted();
      if (await sessions.hasScore(tx, session.id)) throw new StateError('CONFLICT', 'The panel score is final', { key: 'review.scoreFinal' });
      await t.putScore(session.id, user.userId, value, now);
      await appendAudit(tx, { at: now, actorUserId: user.userId, action: 'review.scored', entity: 'exam_session', entityId: session.id, details: { score: value } });
      if (session.status === 'ended') await finaliseIfComplete(t, tx, session.id, ctx.members.map((m) => m.userId), ctx.part.passScore, now);
    });
  }

  async function finaliseIfComplete(t: ReviewDal, tx: Db, sessionId: number, memberIds: number[], passScore: number, now: number) {
    const given = (await t.scoresOf([sessionId])).filter((s) => memberIds.includes(s.memberUserId));
    if (given.length < memberIds.length) return;
    const value = trimmedMean(given.map((s) => s.score));
    const passed = value >= passScore;
    const detail = given.map((s) => ({ memberUserId: s.memberUserId, score: s.score }));
    const inserted = await sessions.insertScore(tx, { sessionId, rawPoints: value, maxPoints: 100, score: value, passed, detailJson: JSON.stringify({ members: detail, trimmed: given.length >= 5 }), scoredAt: now });
    if (!inserted) return;
    await appendAudit(tx, { at: now, actorUserId: null, action: 'session.scored', entity: 'exam_session', entityId: sessionId, details: { score: value, passed, by: 'review panel', members: given.length } });
  }

  return { setPanel, panelSetup, boards, start, end, score, assertMayReview };
}

/** Byte order of ASCII logins, as SQLite listed them, now on either store (PostgreSQL's collation no longer decides). */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export type ReviewService = ReturnType<typeof createReviewService>;
