import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStores } from '../../helpers/stores.ts';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';

/**
 * The statements one start sends to PostgreSQL, pinned (issue #16: a start's round trips are most of
 * its server CPU in a start storm, docs/cluster.md §9). A start on a node that has seen a session of
 * the part, whatever the others do: a statement added to the start path fails this test, and the
 * list says which. In a storm, the reads before the write serve many starts with one query each
 * (core/db/batched-read.ts), and BEGIN, the part's hold, the audit insert and COMMIT a whole batch.
 * A save likewise (issue #19): a batch of saves shares BEGIN, the audit insert and COMMIT.
 */
await describeStores(
  'round trips of a start and of a save',
  () => {
    let t: TestExam;
    const sent: string[] = [];
    let counting = false;
    let lastQueryAt = 0;
    const query = pg.Client.prototype.query;
    /**
     * Until the node sent nothing for 200 ms: the logins' and the first start's own reads may still
     * be on their way on a loaded machine, and would be counted as the start's.
     */
    const quiet = async () => {
      while (Date.now() - lastQueryAt < 200) await new Promise((r) => setTimeout(r, 50));
    };

    /** The prepared statement's name, else the statement's verb and table. */
    const label = (q: unknown): string => {
      const named = q as { name?: string; text?: string };
      if (typeof named === 'object' && named?.name) return named.name;
      const text = typeof q === 'string' ? q : (named?.text ?? '');
      const verb = text.trim().split(/\s+/)[0]!.toLowerCase();
      const table = /\b(?:from|into|update)\s+"(\w+)"/i.exec(text)?.[1];
      return table ? `${verb} ${table}` : verb;
    };

    beforeAll(async () => {
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        lastQueryAt = Date.now();
        if (counting) sent.push(label(args[0]));
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      t = await TestExam.start({}, { store: 'pg' });
    });
    afterAll(async () => {
      pg.Client.prototype.query = query;
      await t.close();
    });

    it('sends eleven statements for a start on a node that has seen a session of the part', async () => {
      // The first start warms the node: the paper, the part (kept once a session of it exists), settings, secrets.
      unwrap(await emit(await t.socket(await t.loginCandidate(0)), 'session:start', { sittingPartId: t.exam.theoryPartId }));
      const socket = await t.socket(await t.loginCandidate(1));
      await t.settle();
      await quiet();
      counting = true;
      unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
      await t.settle();
      counting = false;
      expect(sent).toEqual([
        // Before the write, each batched across the starts arriving together.
        'select candidates',
        'select exam_sessions',
        'select accommodations',
        // The write: in a storm, one transaction holds many starts of the part.
        'begin',
        'planning.part_held',
        'tickets.candidate_locked',
        'exam.sessions_for_start',
        'exam.insert_running',
        'audit.append_1',
        'commit',
        // The candidate's page: no answers read, a session this start inserted has none.
        'select proctor_messages',
      ]);
    });

    it('sends five statements for a lone answer save: no savepoint, the session read and the upsert prepared', async () => {
      // The candidate of the start above: start again returns their running session.
      const socket = await t.socket(await t.loginCandidate(1));
      const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
      const item = view.items.find((i) => i.options.length > 0)!;
      await t.settle();
      await quiet();
      sent.length = 0;
      counting = true;
      unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'rt-1' }));
      await t.settle();
      counting = false;
      expect(sent).toEqual(['begin', 'exam.session_held', 'exam.upsert_answer', 'audit.append_1', 'commit']);
    });
  },
  { only: 'pg' },
);
