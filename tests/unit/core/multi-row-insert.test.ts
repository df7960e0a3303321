import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { appendAudits, type AuditEntry } from '../../../server/src/core/audit.ts';
import { tablesOf } from '../../../server/src/core/db/store.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

await describeStores('multi-row insert', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.close());

  // 256 + 64 + 16 + 4 + 1 rows, and a count past the largest statement (256 + 256 + 64 + 16 + 8).
  for (const n of [341, 600]) {
    it(`inserts ${n} rows in the order given (ids grow in that order), each row whole`, async () => {
      const action = `test.multi_row_${n}`;
      const entries: AuditEntry[] = Array.from({ length: n }, (_, i) => ({ at: 1000 + i, actorUserId: null, action, entity: 'test', entityId: i, details: { i } }));
      await t.store.db.transaction((tx) => appendAudits(tx, entries));
      const { auditLog } = tablesOf(t.store.db);
      const rows = await t.store.db.select({ at: auditLog.at, entityId: auditLog.entityId, detailsJson: auditLog.detailsJson }).from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
      expect(rows.map((r) => r.entityId)).toEqual(entries.map((e) => String(e.entityId)));
      expect(rows.map((r) => [r.at, JSON.parse(r.detailsJson)])).toEqual(entries.map((e) => [e.at, e.details]));
    });
  }

  if (dialect === 'sqlite') {
    // drizzle takes about 0.1 ms a row to build one: a statement per exact count stalled a fresh node at each new batch size.
    it('builds nine statements at most whatever the batch sizes, and inserts a batch in one per bit of its count', async () => {
      const proto = Database.prototype as unknown as { prepare: (source: string) => unknown };
      const statementProto = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as { run: (...args: unknown[]) => unknown };
      const prepare = vi.spyOn(proto, 'prepare');
      const run = vi.spyOn(statementProto, 'run');
      const batch = (n: number, action: string): AuditEntry[] => Array.from({ length: n }, (_, i) => ({ at: i, actorUserId: null, action, entity: 'test', entityId: i }));
      let runsFor200 = 0;
      let prepared: string[] = [];
      try {
        for (let n = 1; n <= 256; n++) await t.store.db.transaction((tx) => appendAudits(tx, batch(n, 'test.multi_row_sizes')));
        await t.store.db.transaction(async (tx) => {
          run.mockClear(); // BEGIN is a run too
          await appendAudits(tx, batch(200, 'test.multi_row_200'));
          runsFor200 = run.mock.calls.length;
        });
        prepared = prepare.mock.calls.map(([source]) => source);
      } finally {
        prepare.mockRestore();
        run.mockRestore();
      }
      expect(prepared.filter((source) => /^insert into "audit_log"/i.test(source)).length).toBeLessThanOrEqual(9);
      expect(runsFor200).toBe(3); // 128 + 64 + 8
      const { auditLog } = tablesOf(t.store.db);
      expect(await t.store.db.$count(auditLog, eq(auditLog.action, 'test.multi_row_sizes'))).toBe((256 * 257) / 2);
      expect(await t.store.db.$count(auditLog, eq(auditLog.action, 'test.multi_row_200'))).toBe(200);
    });
  }
});
