import { afterAll, beforeAll, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { appendAudits, type AuditEntry } from '../../../server/src/core/audit.ts';
import { tablesOf } from '../../../server/src/core/db/store.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

await describeStores('multi-row insert', (dialect) => {
  let t: TestStore;
  beforeAll(async () => (t = await openTestStore(dialect)));
  afterAll(() => t.close());

  // 256 + 64 + 16 + 4 + 1 rows, and a count past it: every statement size is used, in order.
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
});
