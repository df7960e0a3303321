import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../../../server/src/core/db/connection.ts';
import { createGroupCommit } from '../../../server/src/core/db/group-commit.ts';
import { auditRow } from '../../../server/src/core/audit.ts';
import { auditLog } from '../../../server/src/core/db/schema.ts';

describe('group commit', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-gc-'));
    db = openDatabase(path.join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => db.all<{ action: string }>(sql`select action from audit_log order by id`).map((r) => r.action);
  const write = (action: string) => (tx: Pick<Db, 'insert'>) => void tx.insert(auditLog).values(auditRow({ at: 1, actorUserId: null, action, entity: 'test' })).run();

  it('commits the writes of one turn together; a failing write is undone alone', async () => {
    const gc = createGroupCommit(db);
    const results = await Promise.allSettled([
      gc.write(write('a')),
      gc.write((tx) => {
        write('half-done')(tx);
        throw new Error('refused');
      }),
      gc.write(write('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(rows()).toEqual(['a', 'c']);
  });

  it('settles nothing before the commit, and splits large queues into batches', async () => {
    const gc = createGroupCommit(db, { maxBatch: 3 });
    let settled = 0;
    const all = Array.from({ length: 7 }, (_, i) => gc.write(write(`w${i}`)).then(() => settled++));
    expect(settled).toBe(0);
    expect(gc.pending).toBe(7);
    await Promise.all(all);
    expect(rows()).toHaveLength(7);
  });

  it('never resolves a write the database refused', async () => {
    const gc = createGroupCommit(db);
    db.$client.pragma('query_only = ON');
    await expect(gc.write(write('x'))).rejects.toThrow(/readonly|read-only|query_only|attempt to write/i);
    db.$client.pragma('query_only = OFF');
    await gc.write(write('y'));
    expect(rows()).toEqual(['y']);
  });

  it('flushNow writes what is queued at once', () => {
    const gc = createGroupCommit(db);
    void gc.write(write('now'));
    gc.flushNow();
    expect(rows()).toEqual(['now']);
  });
});
