import { afterAll, beforeAll, expect, it } from 'vitest';
import { marksFor, startGradingExam } from '../../helpers/grading-exam.ts';
import { describeStores } from '../../helpers/stores.ts';

type T = Awaited<ReturnType<typeof startGradingExam>>;
type Script = { code: string; paperItemId: number; state: string; markedByMe: boolean; canReopen: boolean };

await describeStores('score range and reopening a mark', (dialect) => {
  let t: T;
  const cookie: Record<string, string> = {};
  let itemId: number;
  let codes: string[];

  beforeAll(async () => {
    t = await startGradingExam(dialect);
    for (const login of ['admin', 'g1', 'g2']) cookie[login] = await t.loginAs(login);
    const tasks = (await t.http('GET', '/api/grading/tasks', { cookie: cookie.g1 })).json as { paperItemId: number }[];
    itemId = tasks[0]!.paperItemId;
    codes = (await scriptsOf('g1')).map((s) => s.code);
  });
  afterAll(() => t.close());

  const claim = (who: string, code: string) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/claim`, { cookie: cookie[who] });
  const mark = (who: string, code: string, body: unknown) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/marks`, { cookie: cookie[who], body });
  const reopen = (who: string, code: string, body: unknown) => t.http('POST', `/api/grading/scripts/${code}/${itemId}/reopen`, { cookie: cookie[who], body });
  const scriptsOf = async (who: string) => (await t.http('GET', `/api/grading/scripts?itemId=${itemId}`, { cookie: cookie[who] })).json as Script[];
  const marksRows = async () => (await t.query('select grader_user_id, kind, total from marks where paper_item_id = ? order by id', [itemId])) as { kind: string; total: number }[];

  it('refuses a score above a criterion\'s points with a keyed message, and stores nothing', async () => {
    const view = (await claim('g1', codes[0]!)).json;
    const criterion = view.rubric[0];
    const res = await mark('g1', codes[0]!, marksFor(view.rubric, criterion.points + 1));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'BAD_REQUEST', key: 'marking.outOfRange', params: { max: criterion.points, awarded: criterion.points + 1 } });
    expect((await mark('g1', codes[0]!, marksFor(view.rubric, 0.3))).json.error).toMatchObject({ key: 'marking.step' });
    expect(await marksRows()).toEqual([]);
  });

  it('lets the grader reopen their own mark while the task is not settled, with a reason, audited', async () => {
    const view = (await claim('g1', codes[0]!)).json;
    expect((await mark('g1', codes[0]!, marksFor(view.rubric, 0))).status).toBe(200);
    const mine = (await scriptsOf('g1')).find((s) => s.code === codes[0]);
    expect(mine).toMatchObject({ state: 'resolved', markedByMe: true, canReopen: true });
    // Another grader cannot reopen it.
    expect((await scriptsOf('g2')).find((s) => s.code === codes[0])?.canReopen).toBe(false);
    expect((await reopen('g2', codes[0]!, { reason: 'looks wrong' })).json.error).toMatchObject({ key: 'marking.noMarkToReopen' });
    // A reason is required.
    expect((await reopen('g1', codes[0]!, { reason: '' })).status).toBe(400);

    const res = await reopen('g1', codes[0]!, { reason: '看错了评分细则' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ state: 'unmarked', markedByMe: false });
    expect(await marksRows()).toEqual([]);
    const audit = (await t.query("select actor_user_id, details_json from audit_log where action = 'script.mark_reopened'")) as { details_json: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details_json)).toMatchObject({ reason: '看错了评分细则', mark: { kind: 'first', total: expect.any(Number) } });
    // Marked again.
    const again = (await claim('g1', codes[0]!)).json;
    expect((await mark('g1', codes[0]!, marksFor(again.rubric, 1))).status).toBe(200);
  });

  it('once every script of the task is settled, only an administrator reopens', async () => {
    for (const code of codes.slice(1)) {
      const view = (await claim('g1', code)).json;
      expect((await mark('g1', code, marksFor(view.rubric, 0))).status).toBe(200);
    }
    expect((await scriptsOf('g1')).every((s) => s.state === 'resolved' && !s.canReopen)).toBe(true);
    const refused = await reopen('g1', codes[0]!, { reason: 'changed my mind' });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ key: 'marking.taskSettled' });

    expect((await scriptsOf('admin')).find((s) => s.code === codes[0])?.canReopen).toBe(true);
    const byAdmin = await reopen('admin', codes[0]!, { reason: 'complaint upheld', kind: 'first' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.state).toBe('unmarked');
    expect(await marksRows()).toHaveLength(codes.length - 1);
  });
});
