import type { Db } from '../../core/db/store.ts';
import { createGradingDal, type TaskRow } from './grading-dal.ts';
import type { GradingOwners, PaperItemRow, ScriptSession, SittingPartRow } from './ports.ts';

/** Sessions a grader marks: ended normally (violation and absence are not graded). */
const GRADABLE_REASONS = ['submitted', 'deadline', 'force_submitted'] as const;

/** A skills task: its paper item, the skills part it is sat in, and its marking settings (null: the defaults). */
export type SkillsItemRow = { item: PaperItemRow; sittingPartId: number; task: TaskRow | null };

/** Marking codes are of an ASCII alphabet: code-unit order is their byte order, as the lists show them on both stores. */
const byCode = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/**
 * What grading reads and writes, from `db` or a transaction's `tx`: its own tables (grading-dal.ts)
 * joined in memory with what the tables' owners hand it (ports.ts), each asked once per call with
 * every id it needs. Everything goes through the one handle, so inside a transaction it is under
 * that transaction's task and script locks.
 */
export function createGradingData(db: Db, owners: GradingOwners) {
  const dal = createGradingDal(db);
  const papers = owners.papers(db);
  const planning = owners.planning(db);
  const sessions = owners.sessions(db);
  const scores = owners.scores(db);
  const evidence = owners.evidence(db);
  const users = owners.users(db);

  async function session(id: number): Promise<ScriptSession | undefined> {
    return (await sessions.byIds([id]))[0];
  }

  /** Each part's items, by part then position (a paper drawn for two parts is in both), with the tasks' settings. */
  async function itemsOfParts(parts: readonly SittingPartRow[]) {
    const drawn = parts.filter((p): p is SittingPartRow & { paperId: number } => p.paperId !== null);
    const items = await papers.itemsOfPapers(drawn.map((p) => p.paperId));
    const tasks = await dal.tasksOf(items.map((i) => i.id));
    return drawn.flatMap((part) => items.filter((item) => item.paperId === part.paperId).map((item) => ({ item, part, task: tasks.get(item.id) ?? null })));
  }

  return {
    ...dal,
    /** Every sitting's skills tasks, with the sitting's name. */
    async skillsItems() {
      const skills = (await planning.partsWithSittings()).filter((r) => r.part.part === 'skills').sort((a, b) => a.part.id - b.part.id);
      const labels = new Map(skills.map((r) => [r.part.id, r.sitting.label]));
      const rows = await itemsOfParts(skills.map((r) => r.part));
      return rows.map(({ item, part, task }) => ({ item, sittingPartId: part.id, sittingName: labels.get(part.id) ?? '', task }));
    },
    /** The task with the first skills part (by id) drawn from its paper; undefined when it is no skills task. */
    async skillsItem(paperItemId: number) {
      const item = await papers.item(paperItemId);
      if (!item) return undefined;
      const part = (await planning.partsUsingPaper(db, item.paperId)).find((p) => p.part === 'skills');
      if (!part) return undefined;
      const task = (await dal.tasksOf([item.id])).get(item.id) ?? null;
      return { item, sittingPartId: part.id, passScore: part.passScore, task };
    },
    async paperItems(paperId: number) {
      return papers.itemsOfPapers([paperId]);
    },
    part: (id: number) => planning.part(id),
    /** The part's gradable sessions with their marking codes (null until given one), in code order. */
    async gradableSessions(sittingPartId: number) {
      const ids = await sessions.endedOfPart(sittingPartId, GRADABLE_REASONS);
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
      return (await sessions.answersOf(db, [sessionId])).get(sessionId)?.find((a) => a.paperItemId === paperItemId);
    },
    screenshotsOf: (sessionId: number, paperItemId: number) => evidence.ofScript(sessionId, paperItemId),
    screenshot: (id: number) => evidence.screenshot(id),
    hasScore: (sessionId: number) => scores.has(sessionId),
    /** The part's score of a session whose marks changed: written again once every task is resolved. */
    takeScore: (sessionId: number) => scores.take(sessionId),
    insertScore: (values: Parameters<typeof scores.insert>[0]) => scores.insert(values),
    async graderByLogin(login: string) {
      const account = await users.byLogin(login);
      return account?.role === 'grader' ? account : undefined;
    },
    /**
     * Active graders named on each task (paper item id → user ids); tasks with nobody named are
     * absent. A named account since disabled or given another role no longer counts, so it cannot
     * hold a task's scripts hostage.
     */
    async namedGraders(paperItemIds?: readonly number[]): Promise<Map<number, number[]>> {
      const rows = await dal.namedGraderRows(paperItemIds);
      const accounts = await users.byIds([...new Set(rows.map((r) => r.userId))]);
      const active = new Set(accounts.filter((u) => u.role === 'grader' && u.disabledAt === null).map((u) => u.id));
      const out = new Map<number, number[]>();
      for (const r of rows) if (active.has(r.userId)) out.set(r.paperItemId, [...(out.get(r.paperItemId) ?? []), r.userId]);
      return out;
    },
    usersByIds: (ids: readonly number[]) => users.byIds(ids),
    /** A sitting's skills part (undefined when it has none) and its tasks, by position. */
    async sittingSkills(sittingId: number): Promise<{ partId: number | undefined; items: SkillsItemRow[] }> {
      const parts = (await planning.partsOfSitting(sittingId)).filter((p) => p.part === 'skills');
      const rows = await itemsOfParts(parts);
      const items = rows.map(({ item, part, task }) => ({ item, sittingPartId: part.id, task })).sort((a, b) => a.item.position - b.item.position);
      return { partId: parts[0]?.id, items };
    },
    sittingExists: async (sittingId: number) => (await planning.sitting(sittingId)) !== undefined,
  };
}
export type GradingData = ReturnType<typeof createGradingData>;
