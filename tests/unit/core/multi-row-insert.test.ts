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

  // PostgreSQL: 256 + 64 + 16 + 4 + 1 rows, and a count past it: every statement size is used, in order.
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
    it('inserts a group commit\'s batch on SQLite in one statement of its exact count (not 64 + 64 + 64 + 4 + 4 rows)', async () => {
      const statement = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as { run: (...args: unknown[]) => unknown };
      const entries: AuditEntry[] = Array.from({ length: 200 }, (_, i) => ({ at: i, actorUserId: null, action: 'test.multi_row_exact', entity: 'test', entityId: i }));
      let runs = 0;
      await t.store.db.transaction(async (tx) => {
        const run = vi.spyOn(statement, 'run');
        try {
          await appendAudits(tx, entries);
          runs = run.mock.calls.length;
        } finally {
          run.mockRestore();
        }
      });
      expect(runs).toBe(1);
      const { auditLog } = tablesOf(t.store.db);
      expect(await t.store.db.$count(auditLog, eq(auditLog.action, 'test.multi_row_exact'))).toBe(200);
    });
  }
});
