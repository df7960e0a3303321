import { afterAll, beforeAll, expect, it } from 'vitest';
import { marksFor, startGradingExam } from '../../helpers/grading-exam.ts';
import { snapshot } from '../abuse/abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

type T = Awaited<ReturnType<typeof startGradingExam>>;
type Task = { paperItemId: number; type: string; points: number; canArbitrate: boolean; availableToMe: number };

await describeStores('graders assigned to skills tasks', (dialect) => {
  let t: T;
  const cookie: Record<string, string> = {};
  let tasks: Task[];
  let id: (login: string) => Promise<number>;

  beforeAll(async () => {
    t = await startGradingExam(dialect);
    for (const login of ['admin', 'g1', 'g2', 'g3']) cookie[login] = await t.loginAs(login);
    tasks = (await t.http('GET', '/api/grading/tasks', { cookie: cookie.admin })).json;
    id = async (login) => ((await t.one('select id from users where login = ?', [login])) as { id: number }).id;
  });
  afterAll(() => t.close());

  const settings = (itemId: number, body: Record<string, unknown>) =>
    t.http('PUT', `/api/admin/grading/tasks/${itemId}`, { cookie: cookie.admin, body: { doubleMarking: false, thresholdPoints: null, arbitratorLogin: null, ...body } });
  const taskIds = async (who: string) => ((await t.http('GET', '/api/grading/tasks', { cookie: cookie[who] })).json as Task[]).map((x) => x.paperItemId);
  const scriptsOf = async (who: string, itemId?: number) => t.http('GET', `/api/grading/scripts${itemId ? `?itemId=${itemId}` : ''}`, { cookie: cookie[who] });
  const claim = (who: string, code: string, itemId: number) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/claim`, { cookie: cookie[who] });
  const mark = (who: string, code: string, itemId: number, body: unknown) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/marks`, { cookie: cookie[who], body });
  const codesOf = async (itemId: number) => ((await scriptsOf('admin', itemId)).json as { code: string }[]).map((s) => s.code);
  const staffing = async () => (await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/grading-tasks`, { cookie: cookie.admin })).json;
  const auditOf = async (action: string) =>
    ((await t.query('select entity_id as "entityId", details_json as details from audit_log where action = ? order by id', [action])) as { entityId: string; details: string }[]).map((r) => ({
      entityId: r.entityId,
      details: JSON.parse(r.details),
    }));

  it('lists the sitting\'s skills tasks for the admin, nobody named yet', async () => {
    const res = await staffing();
    expect(res.sittingId).toBe(t.exam.sittingId);
    expect(res.skillsPartId).toBe(t.exam.skillsPartId);
    expect(res.tasks.map((x: { paperItemId: number }) => x.paperItemId)).toEqual(tasks.map((x) => x.paperItemId));
    expect(res.tasks.every((x: { graderUserIds: number[]; marks: number; arbitratorLogin: null }) => x.graderUserIds.length === 0 && x.marks === 0 && x.arbitratorLogin === null)).toBe(true);
    expect(res.tasks[0]).toMatchObject({ doubleMarking: false, thresholdPoints: null });
    expect((await t.http('GET', '/api/admin/sittings/999999/grading-tasks', { cookie: cookie.admin })).status).toBe(404);
    expect((await t.http('GET', `/api/admin/sittings/${t.exam.sittingId}/grading-tasks`, { cookie: cookie.g1 })).status).toBe(403);
  });

  it('a grader not named on a task neither sees, claims, marks nor views its screenshots; a named one does', async () => {
    const task = tasks.find((x) => x.type === 'practical')!;
    expect((await settings(task.paperItemId, { graderUserIds: [(await id('g1')), (await id('g2'))] })).status).toBe(204);
    expect((await auditOf('grading.task_graders_set')).at(-1)).toEqual({ entityId: String(task.paperItemId), details: { graderUserIds: [(await id('g1')), (await id('g2'))].sort((a, b) => a - b), added: [(await id('g1')), (await id('g2'))], removed: [] } });
    expect((await staffing()).tasks.find((x: { paperItemId: number }) => x.paperItemId === task.paperItemId).graderUserIds).toEqual([(await id('g1')), (await id('g2'))]);

    expect(await taskIds('g3')).not.toContain(task.paperItemId);
    expect(await taskIds('g3')).toHaveLength(tasks.length - 1);
    expect(((await scriptsOf('g3')).json as { paperItemId: number }[]).some((s) => s.paperItemId === task.paperItemId)).toBe(false);
    expect((await scriptsOf('g3', task.paperItemId)).status).toBe(403);
    const [code] = await codesOf(task.paperItemId);
    expect((await t.http('POST', `/api/grading/tasks/${task.paperItemId}/next`, { cookie: cookie.g3 })).status).toBe(403);
    expect((await claim('g3', code!, task.paperItemId)).status).toBe(403);
    expect((await mark('g3', code!, task.paperItemId, { criteria: [{ id: 'a', awarded: 1 }] })).status).toBe(403);

    expect(await taskIds('g1')).toContain(task.paperItemId);
    const view = await claim('g1', code!, task.paperItemId);
    expect(view.status).toBe(200);
    const shot = view.json.screenshots[0];
    expect((await t.http('GET', `/api/grading/screenshots/${shot.id}`, { cookie: cookie.g3 })).status).toBe(403);
    expect((await fetch(`${t.baseUrl}/api/grading/screenshots/${shot.id}`, { headers: { cookie: cookie.g1! } })).status).toBe(200);
    expect((await mark('g1', code!, task.paperItemId, marksFor(view.json.rubric, view.json.rubric[0].points))).json.state).toBe('resolved');
    // The admin keeps full access.
    expect(await taskIds('admin')).toContain(task.paperItemId);
  });

  it('the arbitrator of a task arbitrates it without being named, and fills no first or second slot', async () => {
    const task = tasks.filter((x) => x.type !== 'practical')[0]!;
    expect((await settings(task.paperItemId, { doubleMarking: true, arbitratorLogin: 'g3', graderUserIds: [(await id('g1')), (await id('g2'))] })).status).toBe(204);
    const listed = ((await t.http('GET', '/api/grading/tasks', { cookie: cookie.g3 })).json as Task[]).find((x) => x.paperItemId === task.paperItemId);
    expect(listed).toMatchObject({ canArbitrate: true, availableToMe: 0 });
    const [code] = await codesOf(task.paperItemId);
    expect((await claim('g3', code!, task.paperItemId)).status).toBe(403);
    const rubric = (await claim('g1', code!, task.paperItemId)).json.rubric;
    const full = rubric[0].points;
    await mark('g1', code!, task.paperItemId, marksFor(rubric, full));
    await claim('g2', code!, task.paperItemId);
    expect((await mark('g2', code!, task.paperItemId, marksFor(rubric, 0))).json.state).toBe('awaiting_arbitration');
    const arb = await claim('g3', code!, task.paperItemId);
    expect(arb.status).toBe(200);
    expect(arb.json.kind).toBe('arbitration');
    expect((await mark('g3', code!, task.paperItemId, marksFor(rubric, 1))).json.state).toBe('resolved');
  });

  it('refuses a non-grader, a disabled grader, an unknown user, or one grader for double marking; nothing changes', async () => {
    const task = tasks.at(-1)!;
    const disabled = ((await t.one("insert into users (role, login, display_name, password_hash, created_at, disabled_at) values ('grader', 'gone.grader', '停用', 'x', 0, 1) returning id")) as { id: number }).id;
    const before = await snapshot(t);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ graderUserIds: [(await id('admin'))] }, /Not active graders: admin/],
      [{ graderUserIds: [(await id('g1')), (await id('G0001'))] }, /Not active graders: G0001/],
      [{ graderUserIds: [(await id('g1')), disabled] }, /Not active graders: gone.grader/],
      [{ arbitratorLogin: 'gone.grader' }, /No active grader with the login gone.grader/],
      [{ graderUserIds: [(await id('g1')), 999_999] }, /No such users: 999999/],
      [{ doubleMarking: true, graderUserIds: [(await id('g1'))] }, /two graders/],
    ];
    for (const [body, message] of cases) {
      const res = await settings(task.paperItemId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message).toMatch(message);
    }
    expect((await settings(task.paperItemId, { graderUserIds: ['x'] })).status).toBe(400);
    expect((await settings(999_999, { graderUserIds: [(await id('g1'))] })).status).toBe(404);
    expect(await snapshot(t)).toEqual(before);
  });

  it('taking a grader off a task drops their open claim; clearing the list opens the task to all again', async () => {
    const task = tasks.at(-1)!;
    const [code] = await codesOf(task.paperItemId);
    const view = await claim('g2', code!, task.paperItemId);
    expect(view.status).toBe(200);
    expect((await settings(task.paperItemId, { graderUserIds: [(await id('g1'))] })).status).toBe(204);
    expect(await t.one('select count(*) n from script_claims where paper_item_id = ?', [task.paperItemId])).toEqual({ n: 0 });
    expect((await mark('g2', code!, task.paperItemId, marksFor(view.json.rubric, 1))).status).toBe(403);
    expect((await claim('g1', code!, task.paperItemId)).status).toBe(200);

    // Settings saved without a grader list leave it as it is.
    expect((await settings(task.paperItemId, { thresholdPoints: 1 })).status).toBe(204);
    expect(await taskIds('g2')).not.toContain(task.paperItemId);
    const auditCount = (await auditOf('grading.task_graders_set')).length;
    expect((await settings(task.paperItemId, { graderUserIds: [] })).status).toBe(204);
    expect(await auditOf('grading.task_graders_set')).toHaveLength(auditCount + 1);
    expect((await auditOf('grading.task_graders_set')).at(-1)!.details).toEqual({ graderUserIds: [], added: [], removed: [(await id('g1'))] });
    expect(await taskIds('g2')).toContain(task.paperItemId);
  });

  it('a named grader who is disabled no longer holds the task: it is listed without them and can still be saved', async () => {
    const task = tasks.at(-1)!;
    const sitter = ((await t.one("insert into users (role, login, display_name, password_hash, created_at) values ('grader', 'soon.gone', '将停用', 'x', 0) returning id")) as { id: number }).id;
    expect((await settings(task.paperItemId, { graderUserIds: [sitter] })).status).toBe(204);
    expect(await taskIds('g2')).not.toContain(task.paperItemId);
    (await t.query('update users set disabled_at = 1 where id = ?', [sitter]));
    // Nobody active is named: the task is open again, and other settings save without touching the list.
    expect(await taskIds('g2')).toContain(task.paperItemId);
    expect((await settings(task.paperItemId, { thresholdPoints: 2 })).status).toBe(204);
  });
});
