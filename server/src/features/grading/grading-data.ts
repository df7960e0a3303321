import type { Db } from '../../core/db/store.ts';
import { createGradingDal, type TaskRow } from './grading-dal.ts';
import type { GradingPorts, PaperItemRow, ScriptSession, SittingPartRow } from './ports.ts';

/** Sessions a grader marks: ended normally (violation and absence are not graded). */
const GRADABLE_REASONS = ['submitted', 'deadline', 'force_submitted'] as const;

/** A skills task: its paper item, the skills part it is sat in, and its marking settings (null: the defaults). */
export type SkillsItemRow = { item: PaperItemRow; sittingPartId: number; task: TaskRow | null };

/** Marking codes are of an ASCII alphabet: code-unit order is their byte order, as the lists show them on both stores. */
const byCode = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/**
 * What grading reads and writes, from `db` or a transaction's `tx`: its own tables (grading-dal.ts)
 * joined in memory with what other features hand it (ports.ts), each port read once per call with
 * every id it needs. Every read goes through the same handle, so inside a transaction it is under
 * that transaction's task and script locks.
 */
export function createGradingData(db: Db, ports: GradingPorts) {
  const dal = createGradingDal(db);
  const { papers, parts, sessions, scores, accounts } = ports;

  /** Each part's items, by part then position (a paper drawn for two parts is in both), with the tasks' settings. */
  async function itemsOfParts(partRows: readonly SittingPartRow[]) {
    const drawn = partRows.filter((p): p is SittingPartRow & { paperId: number } => p.paperId !== null);
    const items = await papers.ofPapers(db, drawn.map((p) => p.paperId));
    const tasks = await dal.tasksOf(items.map((i) => i.id));
    return drawn.flatMap((part) => items.filter((item) => item.paperId === part.paperId).map((item) => ({ item, part, task: tasks.get(item.id) ?? null })));
  }

  async function session(id: number): Promise<ScriptSession | undefined> {
    return (await sessions.byIds(db, [id]))[0];
  }

  return {
    ...dal,
    /** Every sitting's skills tasks, with the sitting's name. */
    async skillsItems() {
      const rows = await itemsOfParts(await parts.ofKind(db, 'skills'));
      const labels = await parts.sittingLabels(db, rows.map((r) => r.part.sittingId));
      return rows.map(({ item, part, task }) => ({ item, sittingPartId: part.id, sittingName: labels.get(part.sittingId) ?? '', task }));
    },
    /** The task with the first skills part (by id) drawn from its paper; undefined when it is no skills task. */
    async skillsItem(paperItemId: number) {
      const [item] = await papers.byIds(db, [paperItemId]);
      if (!item) return undefined;
      const [part] = await parts.ofKind(db, 'skills', { paperIds: [item.paperId] });
      if (!part) return undefined;
      const task = (await dal.tasksOf([item.id])).get(item.id) ?? null;
      return { item, sittingPartId: part.id, passScore: part.passScore, task };
    },
    async paperItems(paperId: number) {
      return papers.ofPapers(db, [paperId]);
    },
    async part(id: number) {
      return (await parts.byIds(db, [id]))[0];
    },
    /** The part's gradable sessions with their marking codes (null until given one), in code order. */
    async gradableSessions(sittingPartId: number) {
      const ids = await sessions.endedOfPart(db, sittingPartId, GRADABLE_REASONS);
      const codes = await dal.codesOf(ids);
      return ids.map((id) => ({ id, code: codes.get(id) ?? null })).sort((a, b) => byCode(a.code, b.code) || a.id - b.id);
    },
    async sessionByCode(code: string) {
      const id = await dal.sessionIdOfCode(code);
      return id === undefined ? undefined : session(id);
    },
    session,
    isGradable(s: ScriptSession) {
      return s.status === 'ended' && (GRADABLE_REASONS as readonly string[]).includes(s.endReason ?? '');
    },
    async answerOf(sessionId: number, paperItemId: number) {
      return sessions.answer(db, sessionId, paperItemId);
    },
    async screenshotsOf(sessionId: number, paperItemId: number) {
      return ports.evidence.ofScript(sessionId, paperItemId);
    },
    async screenshot(id: number) {
      return ports.evidence.screenshot(id);
    },
    async hasScore(sessionId: number) {
      return scores.has(db, sessionId);
    },
    /** The part's score of a session whose marks changed: written again once every task is resolved. */
    async takeScore(sessionId: number) {
      return scores.take(db, sessionId);
    },
    async insertScore(values: Parameters<GradingPorts['scores']['insert']>[1]): Promise<boolean> {
      return scores.insert(db, values);
    },
    async graderByLogin(login: string) {
      const account = await accounts.byLogin(db, login);
      return account?.role === 'grader' ? account : undefined;
    },
    /**
     * Active graders named on each task (paper item id → user ids); tasks with nobody named are
     * absent. A named account since disabled or given another role no longer counts, so it cannot
     * hold a task's scripts hostage.
     */
    async namedGraders(paperItemIds?: readonly number[]): Promise<Map<number, number[]>> {
      const rows = await dal.namedGraderRows(paperItemIds);
      const active = new Set((await accounts.byIds(db, [...new Set(rows.map((r) => r.userId))])).filter((u) => u.role === 'grader' && u.disabledAt === null).map((u) => u.id));
      const out = new Map<number, number[]>();
      for (const r of rows) if (active.has(r.userId)) out.set(r.paperItemId, [...(out.get(r.paperItemId) ?? []), r.userId]);
      return out;
    },
    async usersByIds(ids: readonly number[]) {
      return accounts.byIds(db, ids);
    },
    /** A sitting's skills part (undefined when it has none) and its tasks, by position. */
    async sittingSkills(sittingId: number): Promise<{ partId: number | undefined; items: SkillsItemRow[] }> {
      const partRows = await parts.ofKind(db, 'skills', { sittingIds: [sittingId] });
      const rows = await itemsOfParts(partRows);
      const items = rows.map(({ item, part, task }) => ({ item, sittingPartId: part.id, task })).sort((a, b) => a.item.position - b.item.position);
      return { partId: partRows[0]?.id, items };
    },
    sittingExists: (sittingId: number) => parts.sittingExists(sittingId),
  };
}
export type GradingData = ReturnType<typeof createGradingData>;
