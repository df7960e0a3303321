import type { CriterionMark, GradingTask, GradingTaskSettingsBody, MarkResult, ScriptSummary, ScriptView, ReopenMarkBody, SittingGrading, SubmitMarkBody } from '@shared/grading.ts';
import { skillsItemDetailSchema, type SkillsItemDetail } from '@shared/paper-item.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { BadRequestError, ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAuditSync } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { createGradingDal, type GradingDal, type MarkRow } from './grading-dal.ts';
import { checkRubricMarks, graderAccess, mayMark, namedGradersProblem, partScoreFrom, reopenRefusal, resolveScript, RubricError, thresholdFor, type MarkingPolicy, type TaskAccess } from './rules.ts';
import { assertActiveStaff } from '../staff/active-staff.ts';

export const CLAIM_TTL_MS = 30 * 60_000;

type ItemContext = NonNullable<ReturnType<GradingDal['skillsItem']>>;

const detailOf = (json: string): SkillsItemDetail => skillsItemDetailSchema.parse(JSON.parse(json));
const policyOf = (ctx: Pick<ItemContext, 'item' | 'task'>): MarkingPolicy => ({
  doubleMarking: ctx.task?.doubleMarking ?? false,
  thresholdPoints: thresholdFor(ctx.item.points, ctx.task?.thresholdPoints ?? null),
});
const canArbitrate = (user: SessionUser, ctx: Pick<ItemContext, 'task'>) => user.role === 'admin' || ctx.task?.arbitratorUserId === user.userId;
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}
const criteriaOf = (m: MarkRow): CriterionMark[] => JSON.parse(m.criteriaJson) as CriterionMark[];

/** The grader workspace: anonymous scripts, claims that expire, single/double marking and arbitration. */
/** evidencePath: where the evidence store keeps a screenshot's file (features/evidence). */
/** taskMedia: images a task's instructions refer to (features/evidence), for the grader's rendered copy. */
type TaskMediaPort = (bankItemId: string, stem: string, name: string) => MaybePromise<{ mimeType: string; bytes: Buffer }>;
export function createGradingService({
  db,
  clock,
  evidencePath,
  claimTtlMs = CLAIM_TTL_MS,
  taskMedia,
}: {
  db: Db;
  clock: Clock;
  evidencePath: (sha256: string) => string;
  claimTtlMs?: number;
  taskMedia?: TaskMediaPort;
}) {
  const dal = createGradingDal(db);

  function accessTo(user: SessionUser, ctx: Pick<ItemContext, 'item' | 'task'>, named = dal.namedGraders([ctx.item.id])): TaskAccess {
    return graderAccess(user, { graderUserIds: named.get(ctx.item.id) ?? [], arbitratorUserId: ctx.task?.arbitratorUserId ?? null });
  }

  /** The task if this user may work on it; a task assigned to other graders is refused (403). */
  function accessibleItem(user: SessionUser, paperItemId: number): { ctx: ItemContext; access: TaskAccess } {
    const ctx = itemContext(paperItemId);
    const access = accessTo(user, ctx);
    if (access === 'none') throw new ForbiddenError('This task is assigned to other graders', { key: 'grading.otherGraders' });
    return { ctx, access };
  }

  function scriptsOfItem(ctx: ItemContext, user: SessionUser, access: TaskAccess) {
    const sessions = dal.gradableSessions(ctx.sittingPartId);
    const missing = sessions.filter((s) => s.code === null).map((s) => s.id);
    if (missing.length > 0) {
      db.transaction((tx) => createGradingDal(tx).assignCodes(missing));
      return scriptsOfItem(ctx, user, access);
    }
    const marksBySession = groupBy(dal.marksOfItem(ctx.item.id), (m) => m.sessionId);
    const claims = new Map(dal.claimsOfItem(ctx.item.id).map((c) => [c.sessionId, c]));
    const now = clock.now();
    const policy = policyOf(ctx);
    const arbiter = canArbitrate(user, ctx);
    return sessions.map((s) => {
      const ms = marksBySession.get(s.id) ?? [];
      const resolution = resolveScript(policy, ms);
      const claim = claims.get(s.id);
      const markedByMe = ms.some((m) => m.graderUserId === user.userId);
      const claimedByOther = claim !== undefined && claim.graderUserId !== user.userId && claim.expiresAt > now;
      const available = !claimedByOther && mayMark({ nextKind: resolution.nextKind, alreadyMarkedByMe: markedByMe, canArbitrate: arbiter, arbitrateOnly: access === 'arbitrate' });
      return { sessionId: s.id, code: s.code ?? '', resolution, markedByMe, claimedByOther, available };
    });
  }

  function itemContext(paperItemId: number): ItemContext {
    const ctx = dal.skillsItem(paperItemId);
    if (!ctx) throw new NotFoundError('No such skills task', { key: 'grading.noTask' });
    return ctx;
  }

  /** Skills tasks this user may work on, with the access they have on each. */
  function visibleItems(user: SessionUser) {
    const named = dal.namedGraders();
    return dal
      .skillsItems()
      .map((row) => ({ row, access: accessTo(user, row, named) }))
      .filter((x) => x.access !== 'none');
  }

  function tasks(user: SessionUser): GradingTask[] {
    return visibleItems(user).map(({ row, access }) => {
      const ctx = { ...row, passScore: 60 };
      const scripts = scriptsOfItem(ctx, user, access);
      const count = (state: string) => scripts.filter((s) => s.resolution.state === state).length;
      return {
        paperItemId: row.item.id,
        sittingName: row.sittingName,
        position: row.item.position,
        type: row.item.type,
        stem: row.item.stem,
        points: row.item.points,
        doubleMarking: policyOf(row).doubleMarking,
        thresholdPoints: policyOf(row).thresholdPoints,
        canArbitrate: canArbitrate(user, row),
        scripts: scripts.length,
        resolved: count('resolved'),
        awaitingSecond: count('awaiting_second'),
        awaitingArbitration: count('awaiting_arbitration'),
        markedByMe: scripts.filter((s) => s.markedByMe).length,
        availableToMe: scripts.filter((s) => s.available).length,
      };
    });
  }

  function itemsFor(user: SessionUser, paperItemId?: number) {
    if (paperItemId === undefined) return visibleItems(user);
    const { ctx, access } = accessibleItem(user, paperItemId);
    return [{ row: ctx, access }];
  }

  /** Every script of every task (by candidate) or of one task (by task), addressed by marking code. */
  function scripts(user: SessionUser, paperItemId?: number): ScriptSummary[] {
    return itemsFor(user, paperItemId).flatMap(({ row, access }) => {
      const all = scriptsOfItem({ ...row, passScore: 60 }, user, access);
      const taskSettled = all.every((s) => s.resolution.state === 'resolved');
      return all.map((s) => ({
        code: s.code,
        paperItemId: row.item.id,
        position: row.item.position,
        state: s.resolution.state,
        markedByMe: s.markedByMe,
        claimedByOther: s.claimedByOther,
        canReopen: (s.markedByMe || (user.role === 'admin' && s.resolution.state !== 'unmarked')) && reopenRefusal({ role: user.role, ownMark: s.markedByMe, taskSettled }) === null,
      }));
    });
  }

  /**
   * Takes back a submitted mark so the script is marked again: the grader's own while the task is
   * not settled, or any mark by an administrator, always with a reason. The withdrawn mark and any
   * part score built on it go to the audit log; the score is written again once the script resolves.
   */
  function reopen(user: SessionUser, code: string, paperItemId: number, body: ReopenMarkBody): ScriptSummary {
    const { ctx, session, access } = locate(user, code, paperItemId);
    const taskSettled = scriptsOfItem(ctx, user, access).every((s) => s.resolution.state === 'resolved');
    const now = clock.now();
    db.transaction((tx) => {
      const t = createGradingDal(tx);
      const ms = t.marksOfScript(session.id, ctx.item.id);
      const own = ms.filter((m) => m.graderUserId === user.userId).at(-1);
      const target = user.role === 'admin' ? (body.kind ? ms.find((m) => m.kind === body.kind) : (own ?? ms.find((m) => m.kind === 'arbitration') ?? ms.at(-1))) : own;
      if (!target) throw new NotFoundError('No mark of yours on this script', { key: 'marking.noMarkToReopen' });
      const refusal = reopenRefusal({ role: user.role, ownMark: target.graderUserId === user.userId, taskSettled });
      if (refusal === 'settled') throw new StateError('CONFLICT', 'Every script of this task is settled: only an administrator can reopen a mark now', { key: 'marking.taskSettled' });
      if (refusal === 'notYours') throw new ForbiddenError('Only the grader who gave a mark, or an administrator, can reopen it', { key: 'marking.notYours' });
      t.deleteMark(target.id);
      const score = t.takeScore(session.id);
      appendAuditSync(tx, {
        at: now,
        actorUserId: user.userId,
        action: 'script.mark_reopened',
        entity: 'exam_session',
        entityId: session.id,
        details: { paperItemId: ctx.item.id, reason: body.reason, mark: { kind: target.kind, graderUserId: target.graderUserId, total: target.total, criteria: criteriaOf(target), comment: target.comment, markedAt: target.markedAt }, ...(score ? { withdrawnScore: score } : {}) },
      });
    });
    const summary = scripts(user, paperItemId).find((s) => s.code === code);
    if (!summary) throw new NotFoundError('No such script', { key: 'grading.noScript' });
    return summary;
  }

  function locate(user: SessionUser, code: string, paperItemId: number) {
    const { ctx, access } = accessibleItem(user, paperItemId);
    const session = dal.sessionByCode(code);
    if (!session || session.sittingPartId !== ctx.sittingPartId || !dal.isGradable(session)) throw new NotFoundError('No such script', { key: 'grading.noScript' });
    return { ctx, session, access };
  }

  function view(user: SessionUser, code: string, ctx: ItemContext, sessionId: number, kind: ScriptView['kind'], claimExpiresAt: number): ScriptView {
    const detail = detailOf(ctx.item.detailJson);
    const answer = dal.answerOf(sessionId, ctx.item.id);
    const response = answer?.responseJson ? (JSON.parse(answer.responseJson) as { text?: unknown }) : null;
    const prior = kind === 'arbitration' ? dal.marksOfScript(sessionId, ctx.item.id).filter((m) => m.kind !== 'arbitration') : [];
    return {
      code,
      paperItemId: ctx.item.id,
      position: ctx.item.position,
      type: ctx.item.type,
      stem: ctx.item.stem,
      points: ctx.item.points,
      rubric: detail.rubric,
      referenceAnswer: detail.referenceAnswer ?? null,
      requiredScreenshots: detail.screenshots,
      answerText: typeof response?.text === 'string' ? response.text : null,
      screenshots: dal.screenshotsOf(sessionId, ctx.item.id).map((s) => ({ id: s.id, width: s.width, height: s.height, caption: s.caption })),
      kind,
      claimExpiresAt,
      priorMarks: prior.map((m) => ({ kind: m.kind, total: m.total, criteria: criteriaOf(m), comment: m.comment })),
    };
  }

  /** Locks the script to this grader (or renews their lock) and returns what they need to mark it. */
  function open(user: SessionUser, code: string, paperItemId: number): ScriptView {
    const { ctx, session, access } = locate(user, code, paperItemId);
    const now = clock.now();
    const expiresAt = now + claimTtlMs;
    const kind = db.transaction((tx) => {
      const t = createGradingDal(tx);
      const ms = t.marksOfScript(session.id, ctx.item.id);
      const resolution = resolveScript(policyOf(ctx), ms);
      if (resolution.state === 'resolved') throw new StateError('CONFLICT', 'This script is marked already', { key: 'grading.markedAlready' });
      const markedByMe = ms.some((m) => m.graderUserId === user.userId);
      if (!mayMark({ nextKind: resolution.nextKind, alreadyMarkedByMe: markedByMe, canArbitrate: canArbitrate(user, ctx), arbitrateOnly: access === 'arbitrate' })) {
        if (access === 'arbitrate' && resolution.nextKind !== 'arbitration') throw new ForbiddenError('You arbitrate this task; its first and second marks are for the graders named on it', { key: 'grading.arbitratorOnly' });
        throw new StateError('CONFLICT', markedByMe ? 'You have marked this script already' : 'This script awaits arbitration', { key: markedByMe ? 'grading.markedByYou' : 'grading.awaitsArbitration' });
      }
      const claim = t.claimOf(session.id, ctx.item.id);
      if (claim && claim.graderUserId !== user.userId && claim.expiresAt > now) throw new StateError('CONFLICT', 'Another grader is marking this script', { key: 'grading.claimedByOther' });
      t.putClaim(session.id, ctx.item.id, user.userId, expiresAt);
      return resolution.nextKind ?? 'first';
    });
    return view(user, code, ctx, session.id, kind, expiresAt);
  }

  /** The next script of a task this grader may mark, claimed for them; null when none is left. */
  function next(user: SessionUser, paperItemId: number): ScriptView | null {
    const { ctx, access } = accessibleItem(user, paperItemId);
    for (const s of scriptsOfItem(ctx, user, access).filter((x) => x.available)) {
      try {
        return open(user, s.code, paperItemId);
      } catch (err) {
        // Taken by someone else between the listing and the claim: try the next one.
        if (!(err instanceof StateError)) throw err;
      }
    }
    return null;
  }

  function release(user: SessionUser, code: string, paperItemId: number): void {
    const { ctx, session } = locate(user, code, paperItemId);
    const claim = dal.claimOf(session.id, ctx.item.id);
    if (claim && claim.graderUserId === user.userId) dal.dropClaim(session.id, ctx.item.id);
  }

  function submit(user: SessionUser, code: string, paperItemId: number, body: SubmitMarkBody): MarkResult {
    const { ctx, session, access } = locate(user, code, paperItemId);
    const detail = detailOf(ctx.item.detailJson);
    let total: number;
    try {
      total = checkRubricMarks(detail.rubric, body.criteria);
    } catch (err) {
      if (err instanceof RubricError) throw new BadRequestError(err.message, { key: err.key, params: err.params });
      throw err;
    }
    const now = clock.now();
    return db.transaction((tx) => {
      const t = createGradingDal(tx);
      const claim = t.claimOf(session.id, ctx.item.id);
      // An expired claim still counts while nobody else has taken the script over.
      if (!claim || claim.graderUserId !== user.userId) throw new StateError('CONFLICT', 'Open the script before marking it (your lock was lost)', { key: 'grading.lockLost' });
      const ms = t.marksOfScript(session.id, ctx.item.id);
      const before = resolveScript(policyOf(ctx), ms);
      const markedByMe = ms.some((m) => m.graderUserId === user.userId);
      if (!before.nextKind || !mayMark({ nextKind: before.nextKind, alreadyMarkedByMe: markedByMe, canArbitrate: canArbitrate(user, ctx), arbitrateOnly: access === 'arbitrate' })) {
        throw new StateError('CONFLICT', 'This script cannot take your mark', { key: 'grading.cannotTakeMark' });
      }
      t.insertMark({
        sessionId: session.id,
        paperItemId: ctx.item.id,
        graderUserId: user.userId,
        kind: before.nextKind,
        total,
        criteriaJson: JSON.stringify(body.criteria),
        comment: body.comment || null,
        markedAt: now,
      });
      t.dropClaim(session.id, ctx.item.id);
      appendAuditSync(tx, { at: now, actorUserId: user.userId, action: 'script.marked', entity: 'exam_session', entityId: session.id, details: { paperItemId: ctx.item.id, kind: before.nextKind, total } });
      const after = resolveScript(policyOf(ctx), [...ms, { kind: before.nextKind, total }]);
      if (after.state === 'resolved') scoreSessionIfComplete(t, tx, session.id, ctx.sittingPartId, now);
      return { state: after.state, score: after.score };
    });
  }

  /** Once every task of the session is resolved, the part gets its score row, like a theory part. */
  function scoreSessionIfComplete(t: GradingDal, tx: Parameters<Parameters<Db['transaction']>[0]>[0], sessionId: number, sittingPartId: number, now: number) {
    if (t.hasScore(sessionId)) return;
    const part = t.part(sittingPartId);
    if (!part || part.paperId === null) return;
    const items = t.paperItems(part.paperId);
    const marksByItem = groupBy(t.marksOfSession(sessionId), (m) => m.paperItemId);
    const detail = [];
    for (const item of items) {
      const task = t.skillsItem(item.id)?.task ?? null;
      const ms = marksByItem.get(item.id) ?? [];
      const r = resolveScript(policyOf({ item, task }), ms);
      if (r.state !== 'resolved' || r.score === null) return;
      detail.push({
        itemId: item.id,
        points: item.points,
        awarded: r.score,
        method: r.method,
        marks: ms.map((m) => ({ kind: m.kind, graderUserId: m.graderUserId, total: m.total, criteria: criteriaOf(m), comment: m.comment })),
      });
    }
    const s = partScoreFrom(detail);
    const passed = s.score >= part.passScore;
    t.insertScore({ sessionId, rawPoints: s.rawPoints, maxPoints: s.maxPoints, score: s.score, passed, detailJson: JSON.stringify(detail), scoredAt: now });
    appendAuditSync(tx, { at: now, actorUserId: null, action: 'session.scored', entity: 'exam_session', entityId: sessionId, details: { ...s, passed, by: 'grading' } });
  }

  /** The evidence file of a screenshot a grader may see: a gradable session's, not removed. */
  function screenshotFile(user: SessionUser, id: number): { file: string; mimeType: string; bytes: number } {
    const shot = dal.screenshot(id);
    const session = shot ? dal.session(shot.sessionId) : undefined;
    if (!shot || shot.removedAt !== null || !session || !dal.isGradable(session)) throw new NotFoundError('No such screenshot', { key: 'grading.noScreenshot' });
    const ctx = dal.skillsItem(shot.paperItemId);
    if (!ctx || accessTo(user, ctx) === 'none') throw new ForbiddenError('This task is assigned to other graders', { key: 'grading.otherGraders' });
    return { file: evidencePath(shot.sha256), mimeType: shot.mimeType, bytes: shot.bytes };
  }

  function setTaskSettings(admin: SessionUser, paperItemId: number, body: GradingTaskSettingsBody) {
    const ctx = itemContext(paperItemId);
    const arbitrator = body.arbitratorLogin === null ? null : dal.graderByLogin(body.arbitratorLogin);
    // A disabled account may keep the duty it has (so other settings can still be saved), not take a new one.
    if (arbitrator === undefined || (arbitrator && arbitrator.disabledAt !== null && arbitrator.id !== ctx.task?.arbitratorUserId)) {
      throw new BadRequestError(`No active grader with the login ${body.arbitratorLogin}`, { key: 'grading.noArbitrator', params: { login: body.arbitratorLogin ?? '' } });
    }
    if (body.thresholdPoints !== null && body.thresholdPoints > ctx.item.points) throw new BadRequestError('The threshold cannot exceed the task points', { key: 'grading.thresholdTooHigh', params: { points: ctx.item.points } });
    if (dal.marksOfItem(paperItemId).length > 0 && (ctx.task?.doubleMarking ?? false) !== body.doubleMarking) {
      throw new StateError('CONFLICT', 'Marking has started on this task: single or double marking can no longer change', { key: 'grading.markingStarted' });
    }
    const current = dal.namedGraders([paperItemId]).get(paperItemId) ?? [];
    const graderUserIds = body.graderUserIds === undefined ? undefined : checkedGraders(body.graderUserIds, current);
    const problem = namedGradersProblem(body.doubleMarking, graderUserIds ?? current, arbitrator?.id ?? null);
    if (problem) throw new BadRequestError(problem.message, { key: problem.key });
    const now = clock.now();
    db.transaction((tx) => {
      const t = createGradingDal(tx);
      t.putTask({ paperItemId, doubleMarking: body.doubleMarking, thresholdPoints: body.thresholdPoints, arbitratorUserId: arbitrator?.id ?? null });
      appendAuditSync(tx, { at: now, actorUserId: admin.userId, action: 'grading.task_settings', entity: 'paper_item', entityId: paperItemId, details: { ...body } });
      if (graderUserIds !== undefined) setGraders(t, tx, admin, paperItemId, graderUserIds, now);
    });
  }

  /** Distinct ids; the ones not already named must be active graders (a 400 names the others). */
  function checkedGraders(ids: readonly number[], current: readonly number[]): number[] {
    const wanted = [...new Set(ids)].sort((a, b) => a - b);
    const added = wanted.filter((id) => !current.includes(id));
    assertActiveStaff(dal.usersByIds(added), added, 'grader');
    return wanted;
  }

  /** Replaces the task's named graders; a removed grader's open claims on it are dropped with them. */
  function setGraders(t: GradingDal, tx: Parameters<Parameters<Db['transaction']>[0]>[0], admin: SessionUser, paperItemId: number, ids: number[], now: number) {
    const before = t.namedGraders([paperItemId]).get(paperItemId) ?? [];
    const added = ids.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !ids.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    t.setNamedGraders(paperItemId, ids);
    // Claims of graders taken off go with them; the arbitrator's and admins' stay (they may still work here).
    const arbitratorId = t.skillsItem(paperItemId)?.task?.arbitratorUserId ?? null;
    const claims = t.claimsOfItem(paperItemId);
    const admins = new Set(t.usersByIds(claims.map((c) => c.graderUserId)).filter((u) => u.role === 'admin').map((u) => u.id));
    if (ids.length > 0) for (const claim of claims) if (!ids.includes(claim.graderUserId) && claim.graderUserId !== arbitratorId && !admins.has(claim.graderUserId)) t.dropClaim(claim.sessionId, paperItemId);
    appendAuditSync(tx, { at: now, actorUserId: admin.userId, action: 'grading.task_graders_set', entity: 'paper_item', entityId: paperItemId, details: { graderUserIds: ids, added, removed } });
  }

  /** A sitting's skills tasks with who marks and arbitrates them, for the staffing page. */
  function sittingGrading(sittingId: number): SittingGrading {
    if (!dal.sittingExists(sittingId)) throw new NotFoundError('No such sitting', { key: 'grading.noSitting' });
    const rows = dal.sittingSkillsItems(sittingId);
    const named = dal.namedGraders(rows.map((r) => r.item.id));
    const arbitrators = new Map(dal.usersByIds(rows.flatMap((r) => (r.task?.arbitratorUserId ? [r.task.arbitratorUserId] : []))).map((u) => [u.id, u.login]));
    return {
      sittingId,
      skillsPartId: dal.skillsPartOf(sittingId) ?? null,
      tasks: rows.map(({ item, task }) => ({
        paperItemId: item.id,
        position: item.position,
        type: item.type,
        stem: item.stem,
        points: item.points,
        doubleMarking: task?.doubleMarking ?? false,
        thresholdPoints: task?.thresholdPoints ?? null,
        defaultThreshold: thresholdFor(item.points, null),
        arbitratorLogin: task?.arbitratorUserId ? (arbitrators.get(task.arbitratorUserId) ?? null) : null,
        graderUserIds: named.get(item.id) ?? [],
        marks: dal.marksOfItem(item.id).length,
      })),
    };
  }

  /** An image of a task's instructions, to a grader who may work on that task. */
  async function instructionImage(user: SessionUser, paperItemId: number, name: string) {
    const { ctx } = accessibleItem(user, paperItemId);
    if (!taskMedia) throw new NotFoundError('No such image', { key: 'evidence.noImage' });
    return await taskMedia(ctx.item.bankItemId, ctx.item.stem, name);
  }

  return { tasks, scripts, open, next, release, submit, reopen, instructionImage, screenshotFile, setTaskSettings, sittingGrading };
}
export type GradingService = ReturnType<typeof createGradingService>;
