import type { Level } from '@shared/domain.ts';
import type { ReviewBoard, ReviewPanelBody, ReviewPanelSetup } from '@shared/review.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import { trimmedMean } from '../grading/rules.ts';
import { createReviewDal } from './review-dal.ts';

/**
 * The review panel: an administrator assigns graders to a review part's panel, one of them the
 * chair. The chair starts and ends each candidate's timed session; every member scores 0–100; once
 * the session is over and every member has scored, the part's score is the (trimmed) mean.
 */
export function createReviewService({ db, clock }: { db: Db; clock: Clock }) {
  const dal = createReviewDal(db);

  function setPanel(admin: SessionUser, body: ReviewPanelBody) {
    const found = dal.partWithSitting(body.sittingPartId);
    if (!found || found.part.part !== 'review') throw new NotFoundError('No such review part', { key: 'review.noReviewPart' });
    const logins = [...new Set([body.chairLogin, ...body.memberLogins])];
    const people = logins.map((login) => ({ login, user: dal.userByLogin(login) }));
    const panel = dal.panelOfPart(body.sittingPartId);
    const seated = new Set(panel ? [dal.userLogin(panel.chairUserId), ...dal.memberLogins(panel.id)] : []);
    // A member since disabled may stay on the panel it sits on; a newcomer must be an active grader.
    const bad = people.filter((p) => !p.user || p.user.role !== 'grader' || (p.user.disabledAt !== null && !seated.has(p.login))).map((p) => p.login);
    if (bad.length > 0) throw new BadRequestError(`Not active graders: ${bad.join(', ')}`, { key: 'review.notActiveGraders', params: { logins: bad.join('、') } });
    const ids = people.map((p) => p.user!.id);
    const chairId = people[0]!.user!.id;
    const now = clock.now();
    db.transaction((tx) => {
      const t = createReviewDal(tx);
      const existing = t.panelOfPart(body.sittingPartId);
      const panel = existing ?? t.insertPanel({ sittingPartId: body.sittingPartId, chairUserId: chairId, createdAt: now });
      t.setChair(panel.id, chairId);
      t.setMembers(panel.id, ids);
      appendAuditSync(tx, { at: now, actorUserId: admin.userId, action: 'review.panel_set', entity: 'sitting_part', entityId: body.sittingPartId, details: { chair: body.chairLogin, members: logins } });
    });
  }

  /** The panel of a review part as the admin set it; null while none is set. */
  function panelSetup(sittingPartId: number): ReviewPanelSetup {
    const found = dal.partWithSitting(sittingPartId);
    if (!found || found.part.part !== 'review') throw new NotFoundError('No such review part', { key: 'review.noReviewPart' });
    const panel = dal.panelOfPart(sittingPartId);
    if (!panel) return { panel: null };
    return { panel: { chairLogin: dal.userLogin(panel.chairUserId) ?? '', memberLogins: dal.memberLogins(panel.id) } };
  }

  function board(user: SessionUser, panelId: number): ReviewBoard {
    const panel = dal.panel(panelId);
    if (!panel) throw new NotFoundError('No such panel', { key: 'review.noPanel' });
    const members = dal.members(panel.id);
    const isMember = members.some((m) => m.userId === user.userId);
    if (!isMember && user.role !== 'admin') throw new ForbiddenError('You are not on this panel', { key: 'review.notOnPanel' });
    const found = dal.partWithSitting(panel.sittingPartId)!;
    const sessions = new Map(dal.sessionsOfPart(panel.sittingPartId).map((r) => [r.session.candidateId, r]));
    const allScores = dal.scoresOf([...sessions.values()].map((r) => r.session.id));
    const durationMs = found.part.durationMinutes * 60_000;
    return {
      panelId: panel.id,
      sittingPartId: panel.sittingPartId,
      sittingName: found.sittingName,
      level: found.sitting.level as Level,
      durationMinutes: found.part.durationMinutes,
      passScore: found.part.passScore,
      isChair: panel.chairUserId === user.userId,
      isMember,
      members: members.map((m) => m.displayName),
      serverTime: clock.now(),
      candidates: dal.candidatesOf(found.sitting.id).map((c) => {
        const r = sessions.get(c.id);
        const mine = r ? allScores.find((s) => s.sessionId === r.session.id && s.memberUserId === user.userId) : undefined;
        const state = !r ? 'waiting' : r.score ? 'scored' : r.session.status === 'in_progress' ? 'in_progress' : 'ended';
        return {
          candidateId: c.id,
          ticketNo: c.ticketNo,
          name: c.name,
          state,
          startedAt: r?.session.startedAt ?? null,
          plannedEnd: r?.session.startedAt != null ? r.session.startedAt + durationMs : null,
          myScore: mine?.score ?? null,
          scoredBy: r ? allScores.filter((s) => s.sessionId === r.session.id).length : 0,
          finalScore: r?.score?.score ?? null,
          passed: r?.score?.passed ?? null,
        };
      }),
    };
  }

  function boards(user: SessionUser): ReviewBoard[] {
    return dal
      .panels()
      .filter((p) => user.role === 'admin' || dal.members(p.id).some((m) => m.userId === user.userId))
      .map((p) => board(user, p.id));
  }

  function panelOrThrow(panelId: number) {
    const panel = dal.panel(panelId);
    if (!panel) throw new NotFoundError('No such panel', { key: 'review.noPanel' });
    return { panel, members: dal.members(panel.id), ...dal.partWithSitting(panel.sittingPartId)! };
  }

  /** Checked after the caller's role on the panel, so a stranger learns nothing about candidates. */
  function candidateOf(sittingId: number, candidateId: number) {
    const candidate = dal.candidate(candidateId);
    if (!candidate || candidate.sittingId !== sittingId) throw new NotFoundError('No such candidate in this sitting', { key: 'review.noCandidate' });
    return candidate;
  }

  function context(user: SessionUser, panelId: number, candidateId: number, chairOnly: boolean) {
    const { panel, members, part, sitting } = panelOrThrow(panelId);
    if (chairOnly ? panel.chairUserId !== user.userId : !members.some((m) => m.userId === user.userId)) {
      throw new ForbiddenError(chairOnly ? 'Only the chair runs the session' : 'Only panel members score', { key: chairOnly ? 'review.chairOnly' : 'review.membersOnly' });
    }
    const candidate = candidateOf(sitting.id, candidateId);
    return { panel, members, part, candidate, session: dal.session(candidateId, panel.sittingPartId) };
  }

  /** Panel members (and admins) may read the materials of the sitting's candidates. */
  function assertMayReview(user: SessionUser, panelId: number, candidateId: number) {
    const { members, sitting } = panelOrThrow(panelId);
    if (user.role !== 'admin' && !members.some((m) => m.userId === user.userId)) throw new ForbiddenError('You are not on this panel', { key: 'review.notOnPanel' });
    candidateOf(sitting.id, candidateId);
  }

  function start(user: SessionUser, panelId: number, candidateId: number) {
    const { part, candidate, session } = context(user, panelId, candidateId, true);
    if (session) throw new StateError('CONFLICT', 'This candidate has had their review already', { key: 'review.hadReview' });
    const now = clock.now();
    db.transaction((tx) => {
      const s = createReviewDal(tx).startSession(candidate.id, part.id, now);
      appendAuditSync(tx, { at: now, actorUserId: user.userId, action: 'review.started', entity: 'exam_session', entityId: s.id });
    });
  }

  function end(user: SessionUser, panelId: number, candidateId: number, reason: 'submitted' | 'absent') {
    const ctx = context(user, panelId, candidateId, true);
    const now = clock.now();
    db.transaction((tx) => {
      const t = createReviewDal(tx);
      let session = ctx.session;
      if (reason === 'absent') {
        if (session) throw new StateError('CONFLICT', 'The review has started: the candidate is not absent', { key: 'review.startedNotAbsent' });
        session = t.startSession(ctx.candidate.id, ctx.part.id, now);
      } else if (!session || session.status !== 'in_progress') throw new StateError('CONFLICT', 'The review is not running', { key: 'review.notRunning' });
      t.endSession(session.id, now, reason);
      appendAuditSync(tx, { at: now, actorUserId: user.userId, action: 'review.ended', entity: 'exam_session', entityId: session.id, details: { reason } });
      if (reason === 'submitted') finaliseIfComplete(t, tx, session.id, ctx.members.map((m) => m.userId), ctx.part.passScore, now);
    });
  }

  function score(user: SessionUser, panelId: number, candidateId: number, value: number) {
    const ctx = context(user, panelId, candidateId, false);
    if (!ctx.session || ctx.session.endReason === 'absent' || ctx.session.endReason === 'violation') throw new StateError('CONFLICT', 'The review of this candidate has not started', { key: 'review.notStarted' });
    const session = ctx.session;
    const now = clock.now();
    db.transaction((tx) => {
      const t = createReviewDal(tx);
      if (t.hasPartScore(session.id)) throw new StateError('CONFLICT', 'The panel score is final', { key: 'review.scoreFinal' });
      t.putScore(session.id, user.userId, value, now);
      appendAuditSync(tx, { at: now, actorUserId: user.userId, action: 'review.scored', entity: 'exam_session', entityId: session.id, details: { score: value } });
      if (session.status === 'ended') finaliseIfComplete(t, tx, session.id, ctx.members.map((m) => m.userId), ctx.part.passScore, now);
    });
  }

  function finaliseIfComplete(t: ReturnType<typeof createReviewDal>, tx: Parameters<Parameters<Db['transaction']>[0]>[0], sessionId: number, memberIds: number[], passScore: number, now: number) {
    const given = t.scoresOf([sessionId]).filter((s) => memberIds.includes(s.memberUserId));
    if (given.length < memberIds.length || t.hasPartScore(sessionId)) return;
    const value = trimmedMean(given.map((s) => s.score));
    const passed = value >= passScore;
    const detail = given.map((s) => ({ memberUserId: s.memberUserId, score: s.score }));
    t.insertPartScore({ sessionId, rawPoints: value, maxPoints: 100, score: value, passed, detailJson: JSON.stringify({ members: detail, trimmed: given.length >= 5 }), scoredAt: now });
    appendAuditSync(tx, { at: now, actorUserId: null, action: 'session.scored', entity: 'exam_session', entityId: sessionId, details: { score: value, passed, by: 'review panel', members: given.length } });
  }

  return { setPanel, panelSetup, boards, start, end, score, assertMayReview };
}
export type ReviewService = ReturnType<typeof createReviewService>;
