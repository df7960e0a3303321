import type { CriterionMark, GradingTask, GradingTaskSettingsBody, MarkResult, ScriptSummary, ScriptView, ReopenMarkBody, SittingGrading, SubmitMarkBody } from '@shared/grading.ts';
import { skillsItemDetailSchema, type SkillsItemDetail } from '@shared/paper-item.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import { BadRequestError, ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { MarkRow } from './grading-dal.ts';
import { createGradingData, type GradingData } from './grading-data.ts';
import type { GradingOwners } from './ports.ts';
import { checkRubricMarks, graderAccess, mayMark, namedGradersProblem, partScoreFrom, reopenRefusal, resolveScript, RubricError, thresholdFor, type MarkingPolicy, type TaskAccess } from './rules.ts';
import { assertActiveStaff } from '../staff/active-staff.ts';

export const CLAIM_TTL_MS = 30 * 60_000;

type ItemContext = NonNullable<Awaited<ReturnType<GradingData['skillsItem']>>>;

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
  owners,
}: {
  db: Db;
  clock: Clock;
  evidencePath: (sha256: string) => MaybePromise<string>;
  claimTtlMs?: number;
  taskMedia?: TaskMediaPort;
  owners: GradingOwners;
}) {
  const dataOf = (d: Db) => createGradingData(d, owners);
  const data = dataOf(db);
  const otherGraders = () => new ForbiddenError('This task is assigned to other graders', { key: 'grading.otherGraders' });
  const noScript = () => new NotFoundError('No such script', { key: 'grading.noScript' });

  async function accessTo(user: SessionUser, ctx: Pick<ItemContext, 'item' | 'task'>, named?: Map<number, number[]>, d: GradingData = data): Promise<TaskAccess> {
    const graders = named ?? (await d.namedGraders([ctx.item.id]));
    return graderAccess(user, { graderUserIds: graders.get(ctx.item.id) ?? [], arbitratorUserId: ctx.task?.arbitratorUserId ?? null });
  }

  /** The task if this user may work on it; a task assigned to other graders is refused (403). */
  async function accessibleItem(user: SessionUser, paperItemId: number, d: GradingData = data): Promise<{ ctx: ItemContext; access: TaskAccess }> {
    const ctx = await itemContext(paperItemId, d);
    const access = await accessTo(user, ctx, undefined, d);
    if (access === 'none') throw otherGraders();
    return { ctx, access };
  }

  /** A part's gradable sessions, read once per listing however many of the part's tasks it lists. */
  type PartSessions = Map<number, ReturnType<GradingData['gradableSessions']>>;

  async function scriptsOfItem(ctx: ItemContext, user: SessionUser, access: TaskAccess, listed: PartSessions = new Map()) {
    if (!listed.has(ctx.sittingPartId)) listed.set(ctx.sittingPartId, data.gradableSessions(ctx.sittingPartId));
    const sessions = await listed.get(ctx.sittingPartId)!;
    const missing = sessions.filter((s) => s.code === null).map((s) => s.id);
    if (missing.length > 0) {
      await db.transaction((tx) => dataOf(tx).assignCodes(missing));
      listed.delete(ctx.sittingPartId);
      return scriptsOfItem(ctx, user, access, listed);
    }
    const marksBySession = groupBy(await data.marksOfItem(ctx.item.id), (m) => m.sessionId);
    const claims = new Map((await data.claimsOfItem(ctx.item.id)).map((c) => [c.sessionId, c]));
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

  /** Every script of the task resolved (read under the task's lock when `t` is a transaction's). */
  async function taskSettled(t: GradingData, ctx: ItemContext): Promise<boolean> {
    const marksBySession = groupBy(await t.marksOfItem(ctx.item.id), (m) => m.sessionId);
    const policy = policyOf(ctx);
    return (await t.gradableSessions(ctx.sittingPartId)).every((s) => resolveScript(policy, marksBySession.get(s.id) ?? []).state === 'resolved');
  }

  async function itemContext(paperItemId: number, d: GradingData = data): Promise<ItemContext> {
    const ctx = await d.skillsItem(paperItemId);
    if (!ctx) throw new NotFoundError('No such skills task', { key: 'grading.noTask' });
    return ctx;
  }

  /** Skills tasks this user may work on, with the access they have on each. */
  async function visibleItems(user: SessionUser) {
    const named = await data.namedGraders();
    const out = [];
    for (const row of await data.skillsItems()) {
      const access = await accessTo(user, row, named);
      if (access !== 'none') out.push({ row, access });
    }
    return out;
  }

  async function tasks(user: SessionUser): Promise<GradingTask[]> {
    const out: GradingTask[] = [];
    const listed: PartSessions = new Map();
    for (const { row, access } of await visibleItems(user)) {
      const scripts = await scriptsOfItem({ ...row, passScore: 60 }, user, access, listed);
      const count = (state: string) => scripts.filter((s) => s.resolution.state === state).length;
      out.push({
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
      });
    }
    return out;
  }

  async function itemsFor(user: SessionUser, paperItemId?: number): Promise<{ row: Omit<ItemContext, 'passScore'>; access: TaskAccess }[]> {
    if (paperItemId === undefined) return visibleItems(user);
    const { ctx, access } = await accessibleItem(user, paperItemId);
    return [{ row: ctx, access }];
  }

  /** Every script of every task (by candidate) or of one task (by task), addressed by marking code. */
  async function scripts(user: SessionUser, paperItemId?: number): Promise<ScriptSummary[]> {
    const out: ScriptSummary[] = [];
    const listed: PartSessions = new Map();
    for (const { row, access } of await itemsFor(user, paperItemId)) {
      const all = await scriptsOfItem({ ...row, passScore: 60 }, user, access, listed);
      const settled = all.every((s) => s.resolution.state === 'resolved');
      for (const s of all) {
        out.push({
          code: s.code,
          paperItemId: row.item.id,
          position: row.item.position,
          state: s.resolution.state,
          markedByMe: s.markedByMe,
          claimedByOther: s.claimedByOther,
          canReopen: (s.markedByMe || (user.role === 'admin' && s.resolution.state !== 'unmarked')) && reopenRefusal({ role: user.role, ownMark: s.markedByMe, taskSettled: settled }) === null,
        });
      }
    }
    return out;
  }

  /**
   * Takes back a submitted mark so the script is marked again: the grader's own while the task is
   * not settled, or any mark by an administrator, always with a reason. The withdrawn mark and any
   * part score built on it go to the audit log; the score is written again once the script resolves.
   */
  async function reopen(user: SessionUser, code: string, paperItemId: number, body: ReopenMarkBody): Promise<ScriptSummary> {
    const { session } = await locate(user, code, paperItemId);
    const now = clock.now();
    await db.transaction(async (tx) => {
      const t = dataOf(tx);
      // Under the task's and the script's locks: no mark of the task comes or goes meanwhile, so
      // "settled" and the mark taken back are what they are at the commit.
      await t.lockTask(paperItemId);
      await t.lockScripts(session.id);
      const { ctx } = await accessibleItem(user, paperItemId, t);
      const ms = await t.marksOfScript(session.id, ctx.item.id);
      const own = ms.filter((m) => m.graderUserId === user.userId).at(-1);
      const target = user.role === 'admin' ? (body.kind ? ms.find((m) => m.kind === body.kind) : (own ?? ms.find((m) => m.kind === 'arbitration') ?? ms.at(-1))) : own;
      if (!target) throw new NotFoundError('No mark of yours on this script', { key: 'marking.noMarkToReopen' });
      const refusal = reopenRefusal({ role: user.role, ownMark: target.graderUserId === user.userId, taskSettled: await taskSettled(t, ctx) });
      if (refusal === 'settled') throw new StateError('CONFLICT', 'Every script of this task is settled: only an administrator can reopen a mark now', { key: 'marking.taskSettled' });
      if (refusal === 'notYours') throw new ForbiddenError('Only the grader who gave a mark, or an administrator, can reopen it', { key: 'marking.notYours' });
      await t.deleteMark(target.id);
      const score = await t.takeScore(session.id);
      await appendAudit(tx, {
        at: now,
        actorUserId: user.userId,
        action: 'script.mark_reopened',
        entity: 'exam_session',
        entityId: session.id,
        details: { paperItemId: ctx.item.id, reason: body.reason, mark: { kind: target.kind, graderUserId: target.graderUserId, total: target.total, criteria: criteriaOf(target), comment: target.comment, markedAt: target.markedAt }, ...(score ? { withdrawnScore: score } : {}) },
      });
    });
    const summary = (await scripts(user, paperItemId)).find((s) => s.code === code);
    if (!summary) throw noScript();
    return summary;
  }

  async function locate(user: SessionUser, code: string, paperItemId: number) {
    const { ctx, access } = await accessibleItem(user, paperItemId);
    const session = await data.sessionByCode(code);
    if (!session || session.sittingPartId !== ctx.sittingPartId || !data.isGradable(session)) throw noScript();
    return { ctx, session, access };
  }

  async function view(code: string, ctx: ItemContext, sessionId: number, kind: ScriptView['kind'], claimExpiresAt: number): Promise<ScriptView> {
    const detail = detailOf(ctx.item.detailJson);
    const answer = await data.answerOf(sessionId, ctx.item.id);
    const response = answer?.responseJson ? (JSON.parse(answer.responseJson) as { text?: unknown }) : null;
    const prior = kind === 'arbitration' ? (await data.marksOfScript(sessionId, ctx.item.id)).filter((m) => m.kind !== 'arbitration') : [];
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
      screenshots: (await data.screenshotsOf(sessionId, ctx.item.id)).map((s) => ({ id: s.id, width: s.width, height: s.height, caption: s.caption })),
      kind,
      claimExpiresAt,
      priorMarks: prior.map((m) => ({ kind: m.kind, total: m.total, criteria: criteriaOf(m), comment: m.comment })),
    };
  }

  /** Locks the script to this grader (or renews their lock) and returns what they need to mark it. */
  async function open(user: SessionUser, code: string, paperItemId: number): Promise<ScriptView> {
    const { ctx, session, access } = await locate(user, code, paperItemId);
    const now = clock.now();
    const expiresAt = now + claimTtlMs;
    const kind = await db.transaction(async (tx) => {
      const t = dataOf(tx);
      // Two graders opening the script at once take turns here: the second sees the first's claim.
      await t.lockScripts(session.id);
      const ms = await t.marksOfScript(session.id, ctx.item.id);
      const resolution = resolveScript(policyOf(ctx), ms);
      if (resolution.state === 'resolved') throw new StateError('CONFLICT', 'This script is marked already', { key: 'grading.markedAlready' });
      const markedByMe = ms.some((m) => m.graderUserId === user.userId);
      if (!mayMark({ nextKind: resolution.nextKind, alreadyMarkedByMe: markedByMe, canArbitrate: canArbitrate(user, ctx), arbitrateOnly: access === 'arbitrate' })) {
        if (access === 'arbitrate' && resolution.nextKind !== 'arbitration') throw new ForbiddenError('You arbitrate this task; its first and second marks are for the graders named on it', { key: 'grading.arbitratorOnly' });
        throw new StateError('CONFLICT', markedByMe ? 'You have marked this script already' : 'This script awaits arbitration', { key: markedByMe ? 'grading.markedByYou' : 'grading.awaitsArbitration' });
      }
      const claim = await t.claimOf(session.id, ctx.item.id);
      if (claim && claim.graderUserId !== user.userId && claim.expiresAt > now) throw new StateError('CONFLICT', 'Another grader is marking this script', { key: 'grading.claimedByOther' });
      await t.putClaim(session.id, ctx.item.id, user.userId, expiresAt);
      return resolution.nextKind ?? 'first';
    });
    return view(code, ctx, session.id, kind, expiresAt);
  }

  /** The next script of a task this grader may mark, claimed for them; null when none is left. */
  async function next(user: SessionUser, paperItemId: number): Promise<ScriptView | null> {
    const { ctx, access } = await accessibleItem(user, paperItemId);
    for (const s of (await scriptsOfItem(ctx, user, access)).filter((x) => x.available)) {
      try {
        return await open(user, s.code, paperItemId);
      } catch (err) {
        // Taken by someone else between the listing and the claim: try the next one.
        if (!(err instanceof StateError)) throw err;
      }
    }
    return null;
  }

  async function release(user: SessionUser, code: string, paperItemId: number): Promise<void> {
    const { ctx, session } = await locate(user, code, paperItemId);
    // Conditional: a claim another grader has taken over since stays theirs.
    await data.dropOwnClaim(session.id, ctx.item.id, user.userId);
  }

  async function submit(user: SessionUser, code: string, paperItemId: number, body: SubmitMarkBody): Promise<MarkResult> {
    const located = await locate(user, code, paperItemId);
    const { session } = located;
    const detail = detailOf(located.ctx.item.detailJson);
    let total: number;
    try {
      total = checkRubricMarks(detail.rubric, body.criteria);
    } catch (err) {
      if (err instanceof RubricError) throw new BadRequestError(err.message, { key: err.key, params: err.params });
      throw err;
    }
    const now = clock.now();
    return db.transaction(async (tx) => {
      const t = dataOf(tx);
      // The task's lock orders this mark with changes to the task's settings and graders, the
      // script's with other claims, marks and reopens of this session: everything below is read as
      // it is at the commit, not as it was when the request came in.
      await t.lockTask(paperItemId);
      await t.lockScripts(session.id);
      const { ctx, access } = await accessibleItem(user, paperItemId, t);
      const claim = await t.claimOf(session.id, ctx.item.id);
      // An expired claim still counts while nobody else has taken the script over.
      if (!claim || claim.graderUserId !== user.userId) throw new StateError('CONFLICT', 'Open the script before marking it (your lock was lost)', { key: 'grading.lockLost' });
      const ms = await t.marksOfScript(session.id, ctx.item.id);
      const before = resolveScript(policyOf(ctx), ms);
      const markedByMe = ms.some((m) => m.graderUserId === user.userId);
      if (!before.nextKind || !mayMark({ nextKind: before.nextKind, alreadyMarkedByMe: markedByMe, canArbitrate: canArbitrate(user, ctx), arbitrateOnly: access === 'arbitrate' })) {
        throw new StateError('CONFLICT', 'This script cannot take your mark', { key: 'grading.cannotTakeMark' });
      }
      await t.insertMark({
        sessionId: session.id,
        paperItemId: ctx.item.id,
        graderUserId: user.userId,
        kind: before.nextKind,
        total,
        criteriaJson: JSON.stringify(body.criteria),
        comment: body.comment || null,
        markedAt: now,
      });
      await t.dropClaim(session.id, ctx.item.id);
      await appendAudit(tx, { at: now, actorUserId: user.userId, action: 'script.marked', entity: 'exam_session', entityId: session.id, details: { paperItemId: ctx.item.id, kind: before.nextKind, total } });
      const after = resolveScript(policyOf(ctx), [...ms, { kind: before.nextKind, total }]);
      if (after.state === 'resolved') await scoreSessionIfComplete(t, tx, session.id, ctx.sittingPartId, now);
      return { state: after.state, score: after.score };
    });
  }

  /** Once every task of the session is resolved, the part gets its score row, like a theory part. */
  async function scoreSessionIfComplete(t: GradingData, tx: Db, sessionId: number, sittingPartId: number, now: number) {
    if (await t.hasScore(sessionId)) return;
    const part = await t.part(sittingPartId);
    if (!part || part.paperId === null) return;
    const items = await t.paperItems(part.paperId);
    const tasks = await t.tasksOf(items.map((i) => i.id));
    const marksByItem = groupBy(await t.marksOfSession(sessionId), (m) => m.paperItemId);
    const detail = [];
    for (const item of items) {
      const task = tasks.get(item.id) ?? null;
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
    if (!(await t.insertScore({ sessionId, rawPoints: s.rawPoints, maxPoints: s.maxPoints, score: s.score, passed, detailJson: JSON.stringify(detail), scoredAt: now }))) return;
    await appendAudit(tx, { at: now, actorUserId: null, action: 'session.scored', entity: 'exam_session', entityId: sessionId, details: { ...s, passed, by: 'grading' } });
  }

  /** The evidence file of a screenshot a grader may see: a gradable session's, not removed. */
  async function screenshotFile(user: SessionUser, id: number): Promise<{ file: string; mimeType: string; bytes: number }> {
    const shot = await data.screenshot(id);
    const session = shot ? await data.session(shot.sessionId) : undefined;
    if (!shot || shot.removedAt !== null || !session || !data.isGradable(session)) throw new NotFoundError('No such screenshot', { key: 'grading.noScreenshot' });
    const ctx = await data.skillsItem(shot.paperItemId);
    if (!ctx || (await accessTo(user, ctx)) === 'none') throw otherGraders();
    return { file: await evidencePath(shot.sha256), mimeType: shot.mimeType, bytes: shot.bytes };
  }

  async function setTaskSettings(admin: SessionUser, paperItemId: number, body: GradingTaskSettingsBody): Promise<void> {
    await itemContext(paperItemId); // a 404 before the task's row is made to be locked
    const now = clock.now();
    await db.transaction(async (tx) => {
      const t = dataOf(tx);
      // Checked under the task's lock: a mark given meanwhile is seen by the "marking started" check.
      await t.lockTask(paperItemId);
      const ctx = await itemContext(paperItemId, t);
      const arbitrator = body.arbitratorLogin === null ? null : await t.graderByLogin(body.arbitratorLogin);
      // A disabled account may keep the duty it has (so other settings can still be saved), not take a new one.
      if (arbitrator === undefined || (arbitrator && arbitrator.disabledAt !== null && arbitrator.id !== ctx.task?.arbitratorUserId)) {
        throw new BadRequestError(`No active grader with the login ${body.arbitratorLogin}`, { key: 'grading.noArbitrator', params: { login: body.arbitratorLogin ?? '' } });
      }
      if (body.thresholdPoints !== null && body.thresholdPoints > ctx.item.points) throw new BadRequestError('The threshold cannot exceed the task points', { key: 'grading.thresholdTooHigh', params: { points: ctx.item.points } });
      if ((await t.marksOfItem(paperItemId)).length > 0 && (ctx.task?.doubleMarking ?? false) !== body.doubleMarking) {
        throw new StateError('CONFLICT', 'Marking has started on this task: single or double marking can no longer change', { key: 'grading.markingStarted' });
      }
      const current = (await t.namedGraders([paperItemId])).get(paperItemId) ?? [];
      const graderUserIds = body.graderUserIds === undefined ? undefined : await checkedGraders(t, body.graderUserIds, current);
      const problem = namedGradersProblem(body.doubleMarking, graderUserIds ?? current, arbitrator?.id ?? null);
      if (problem) throw new BadRequestError(problem.message, { key: problem.key });
      await t.putTask({ paperItemId, doubleMarking: body.doubleMarking, thresholdPoints: body.thresholdPoints, arbitratorUserId: arbitrator?.id ?? null });
      await appendAudit(tx, { at: now, actorUserId: admin.userId, action: 'grading.task_settings', entity: 'paper_item', entityId: paperItemId, details: { ...body } });
      if (graderUserIds !== undefined) await setGraders(t, tx, admin, paperItemId, graderUserIds, now);
    });
  }

  /** Distinct ids; the ones not already named must be active graders (a 400 names the others). */
  async function checkedGraders(t: GradingData, ids: readonly number[], current: readonly number[]): Promise<number[]> {
    const wanted = [...new Set(ids)].sort((a, b) => a - b);
    const added = wanted.filter((id) => !current.includes(id));
    assertActiveStaff(await t.usersByIds(added), added, 'grader');
    return wanted;
  }

  /** Replaces the task's named graders; a removed grader's open claims on it are dropped with them. */
  async function setGraders(t: GradingData, tx: Db, admin: SessionUser, paperItemId: number, ids: number[], now: number) {
    const before = (await t.namedGraders([paperItemId])).get(paperItemId) ?? [];
    const added = ids.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !ids.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    await t.setNamedGraders(paperItemId, ids);
    // Claims of graders taken off go with them; the arbitrator's and admins' stay (they may still work here).
    const arbitratorId = (await t.skillsItem(paperItemId))?.task?.arbitratorUserId ?? null;
    const claims = await t.claimsOfItem(paperItemId);
    const admins = new Set((await t.usersByIds(claims.map((c) => c.graderUserId))).filter((u) => u.role === 'admin').map((u) => u.id));
    if (ids.length > 0) for (const claim of claims) if (!ids.includes(claim.graderUserId) && claim.graderUserId !== arbitratorId && !admins.has(claim.graderUserId)) await t.dropClaim(claim.sessionId, paperItemId);
    await appendAudit(tx, { at: now, actorUserId: admin.userId, action: 'grading.task_graders_set', entity: 'paper_item', entityId: paperItemId, details: { graderUserIds: ids, added, removed } });
  }

  /** A sitting's skills tasks with who marks and arbitrates them, for the staffing page. */
  async function sittingGrading(sittingId: number): Promise<SittingGrading> {
    if (!(await data.sittingExists(sittingId))) throw new NotFoundError('No such sitting', { key: 'grading.noSitting' });
    const { partId, items: rows } = await data.sittingSkills(sittingId);
    const named = await data.namedGraders(rows.map((r) => r.item.id));
    const arbitrators = new Map((await data.usersByIds(rows.flatMap((r) => (r.task?.arbitratorUserId ? [r.task.arbitratorUserId] : [])))).map((u) => [u.id, u.login]));
    const tasks: SittingGrading['tasks'] = [];
    for (const { item, task } of rows) {
      tasks.push({
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
        marks: (await data.marksOfItem(item.id)).length,
      });
    }
    return { sittingId, skillsPartId: partId ?? null, tasks };
  }

  /** An image of a task's instructions, to a grader who may work on that task. */
  async function instructionImage(user: SessionUser, paperItemId: number, name: string): Promise<{ mimeType: string; bytes: Buffer }> {
    const { ctx } = await accessibleItem(user, paperItemId);
    if (!taskMedia) throw new NotFoundError('No such image', { key: 'evidence.noImage' });
    return await taskMedia(ctx.item.bankItemId, ctx.item.stem, name);
  }

  return { tasks, scripts, open, next, release, submit, reopen, instructionImage, screenshotFile, setTaskSettings, sittingGrading };
}
export type GradingService = ReturnType<typeof createGradingService>;
