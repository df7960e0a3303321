import { afterAll, beforeAll, expect, it } from 'vitest';
import { asc, inArray } from 'drizzle-orm';
import { idIn, idList, inIdList } from '../../../server/src/core/db/dialect.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/** A province's sitting can list more ids than a statement takes parameters (SQLite 32,766; PostgreSQL 65,535). */
await describeStores('id lists of any length', (dialect) => {
  let t: TestStore;
  let db: Db;
  let ids: number[];
  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const users = tablesOf(db).users;
    const rows = await db
      .insert(users)
      .values(Array.from({ length: 5 }, (_, i) => ({ role: 'admin' as const, login: `u${i}`, displayName: `u${i}`, passwordHash: 'h', createdAt: 1 })))
      .returning({ id: users.id });
    ids = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const loginsAmong = async (list: number[]) => {
    const users = tablesOf(db).users;
    return (await db.select({ login: users.login }).from(users).where(idIn(db, users.id, list)).orderBy(asc(users.id))).map((r) => r.login);
  };
  // 70,000 ids: past both stores' limits, with three real ones among unknown ones.
  const long = () => [...Array.from({ length: 70_000 }, (_, i) => 1_000_000 + i), ids[3]!, ids[0]!, ids[4]!];

  it('finds the rows of a list longer than a statement takes parameters', async () => {
    expect(await loginsAmong(long())).toEqual(['u0', 'u3', 'u4']);
  });

  it('a plain IN list of that length is refused by the store (why idIn exists)', async () => {
    const users = tablesOf(db).users;
    await expect(db.select().from(users).where(inArray(users.id, long()))).rejects.toThrow();
  });

  it('short lists and the empty list', async () => {
    expect(await loginsAmong([ids[1]!])).toEqual(['u1']);
    expect(await loginsAmong([])).toEqual([]);
  });

  it('one statement, prepared once, takes lists of any length as its one parameter', async () => {
    const users = tablesOf(db).users;
    const query = db.select({ login: users.login }).from(users).where(inIdList(db, users.id, 'ids')).orderBy(asc(users.id)).prepare('test.logins_of_list');
    const run = async (list: number[]) => (await query.execute({ ids: idList(db, list) })).map((r) => r.login);
    expect(await run(long())).toEqual(['u0', 'u3', 'u4']);
    expect(await run([ids[1]!, ids[2]!])).toEqual(['u1', 'u2']);
    expect(await run([])).toEqual([]);
  });

  it('refuses what is not an integer id rather than send it', () => {
    const users = tablesOf(db).users;
    expect(() => idIn(db, users.id, [...long(), 1.5])).toThrow(/not an integer id/);
    expect(() => idList(db, [1, Number.NaN])).toThrow(/not an integer id/);
  });
});
