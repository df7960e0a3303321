import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { constraintViolation, forUpdate } from '../../../server/src/core/db/dialect.ts';
import { prepared } from '../../../server/src/core/db/prepared.ts';
import { openPgStore } from '../../../server/src/core/db/pg-store.ts';
import { TransactionSpannedTurnError } from '../../../server/src/core/db/sqlite-store.ts';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

const LATE = 4_102_444_800_000; // 2100-01-01: epoch milliseconds beyond 32 bits

/** drizzle wraps the driver's (and the store's) errors: the messages down the cause chain. */
const messages = (e: unknown): string => (e instanceof Error ? `${e.message} <- ${messages(e.cause)}` : String(e));

await describeStores('async store', (dialect) => {
  let t: TestStore;
  let db: Db;
  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
  });
  afterAll(async () => {
    await t?.close();
  });

  const T = () => tablesOf(db);
  const addUser = (x: Db, login: string) =>
    x.insert(T().users).values({ role: 'admin', login, displayName: login, passwordHash: 'h', createdAt: LATE }).returning({ id: T().users.id });
  const logins = async () => (await db.select({ login: T().users.login }).from(T().users).orderBy(T().users.id)).map((r) => r.login);
  beforeEach(async () => {
    // Every test starts from no users (audit rows and others stay: they are append-only or unrelated).
    await db.delete(T().users);
  });

  it('reads back what it wrote with the same JavaScript types on both stores', async () => {
    const [{ id }] = (await addUser(db, 'types')) as [{ id: number }];
    const [row] = await db.select().from(T().users).where(eq(T().users.id, id));
    expect(row).toEqual({ id, role: 'admin', login: 'types', displayName: 'types', passwordHash: 'h', createdAt: LATE, disabledAt: null });
    const [{ n }] = (await db.select({ n: count() }).from(T().users)) as [{ n: number }];
    expect(n).toBe(1);
    expect(await db.$count(T().users)).toBe(1);
    const raw = await db.execute(sql`select 1 as one`);
    expect(Number(raw.rows[0]!.one)).toBe(1);
  });

  it('reports affected rows as rowCount on both stores', async () => {
    await addUser(db, 'a');
    await addUser(db, 'b');
    const changed = await db.update(T().users).set({ disabledAt: LATE }).where(eq(T().users.role, 'admin'));
    expect(changed.rowCount).toBe(2);
    const none = await db.update(T().users).set({ disabledAt: 1 }).where(eq(T().users.login, 'nobody'));
    expect(none.rowCount).toBe(0);
  });

  it('commits a transaction whole, or rolls it back whole', async () => {
    await db.transaction(async (tx) => {
      await addUser(tx, 'kept-1');
      await addUser(tx, 'kept-2');
    });
    await expect(
      db.transaction(async (tx) => {
        await addUser(tx, 'undone-1');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await logins()).toEqual(['kept-1', 'kept-2']);
  });

  it('undoes only a nested transaction (savepoint) that failed', async () => {
    await db.transaction(async (tx) => {
      await addUser(tx, 'outer');
      await expect(
        tx.transaction(async (inner) => {
          await addUser(inner, 'inner-undone');
          await addUser(inner, 'outer'); // unique login: the database refuses
        }),
      ).rejects.toSatisfy((e) => constraintViolation(e) === 'unique');
      await tx.transaction(async (inner) => void (await addUser(inner, 'inner-kept')));
    });
    expect(await logins()).toEqual(['outer', 'inner-kept']);
  });

  it('keeps concurrent transactions apart', async () => {
    await addUser(db, 'counter');
    const bump = () =>
      db.transaction(async (tx) => {
        const [row] = await forUpdate(tx, tx.select({ at: T().users.createdAt }).from(T().users).where(eq(T().users.login, 'counter')));
        await tx.update(T().users).set({ createdAt: row!.at + 1 }).where(eq(T().users.login, 'counter'));
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    const [row] = await db.select({ at: T().users.createdAt }).from(T().users).where(eq(T().users.login, 'counter'));
    expect(row!.at).toBe(LATE + 20);
  });

  it('runs prepared statements on the root db and in successive transactions', async () => {
    const loginOf = prepared(`test.login_of_${dialect}`, (x, name) => {
      const { users } = tablesOf(x);
      return x.select({ login: users.login }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare(name);
    });
    const [{ id }] = (await addUser(db, 'prepared')) as [{ id: number }];
    expect(await loginOf(db).execute({ id })).toEqual([{ login: 'prepared' }]);
    for (const round of [1, 2]) {
      await db.transaction(async (tx) => {
        await tx.update(T().users).set({ login: `prepared-${round}` }).where(eq(T().users.id, id));
        expect(await loginOf(tx).execute({ id })).toEqual([{ login: `prepared-${round}` }]);
      });
    }
    expect(() => prepared(`test.login_of_${dialect}`, () => loginOf(db))).toThrow(/used twice/);
  });

  it('names the constraint a statement broke', async () => {
    await addUser(db, 'dup');
    const dup = await addUser(db, 'DUP').catch((e: unknown) => e);
    expect(constraintViolation(dup)).toBe('unique'); // logins are unique without regard to case
    const orphan = await db
      .insert(T().authSessions)
      .values({ tokenHash: 'x', userId: 999_999, createdAt: 1, expiresAt: 2 })
      .catch((e: unknown) => e);
    expect(constraintViolation(orphan)).toBe('foreign_key');
    expect(constraintViolation(new Error('plain'))).toBeUndefined();
  });

  it('refuses to change or remove audit log and incident rows', async () => {
    const [row] = await db.insert(T().auditLog).values({ at: LATE, actorUserId: null, action: 'x', entity: 'y' }).returning();
    await expect(db.update(T().auditLog).set({ action: 'changed' }).where(eq(T().auditLog.id, row!.id))).rejects.toSatisfy((e) => messages(e).includes('append-only'));
    await expect(db.delete(T().auditLog).where(eq(T().auditLog.id, row!.id))).rejects.toSatisfy((e) => messages(e).includes('append-only'));
    const [still] = await db.select().from(T().auditLog).where(eq(T().auditLog.id, row!.id));
    expect(still!.action).toBe('x');
  });

  if (dialect === 'sqlite') {
    it('rolls back and reports a transaction that awaited something other than the database', async () => {
      await expect(
        db.transaction(async (tx) => {
          await addUser(tx, 'too-slow');
          await new Promise((r) => setTimeout(r, 5));
        }),
      ).rejects.toBeInstanceOf(TransactionSpannedTurnError);
      expect(await logins()).toEqual([]);
    });

    it('fails, instead of hanging, a body that used the root db inside its transaction', async () => {
      const outcome = await db
        .transaction(async (tx) => {
          await addUser(tx, 'mixed');
          await db.select().from(T().users);
        })
        .catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(TransactionSpannedTurnError);
      expect(messages(outcome)).toMatch(/use the tx it passes/);
      expect(await logins()).toEqual([]);
    });

    it('refuses a transaction handle used after its transaction ended', async () => {
      let leaked: Db | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      expect(messages(await addUser(leaked!, 'late').catch((e: unknown) => e))).toMatch(/transaction is over/);
    });

    it('lets root statements wait while a transaction is open, then see only what it committed', async () => {
      let seen: Promise<string[]> | undefined;
      await db.transaction(async (tx) => {
        await addUser(tx, 'first');
        seen = logins(); // started inside the body on the root db: runs after the COMMIT
        await addUser(tx, 'second');
      });
      expect(await seen).toEqual(['first', 'second']);
    });
  }

  if (dialect === 'pg') {
    it('runs every connection with synchronous_commit on', async () => {
      const res = await db.execute(sql`show synchronous_commit`);
      expect(res.rows[0]).toEqual({ synchronous_commit: 'on' });
    });

    it('lets two sweepers claim disjoint rows with FOR UPDATE SKIP LOCKED', async () => {
      for (const login of ['s1', 's2', 's3', 's4']) await addUser(db, login);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let firstClaimed!: (ids: string[]) => void;
      const first = new Promise<string[]>((r) => (firstClaimed = r));
      const claim = (tx: Db) => forUpdate(tx, tx.select({ login: T().users.login }).from(T().users).orderBy(T().users.id).limit(2), { skipLocked: true });
      const a = db.transaction(async (tx) => {
        firstClaimed((await claim(tx)).map((r) => r.login));
        await held;
      });
      const mine = await first;
      const theirs = await db.transaction(async (tx) => (await claim(tx)).map((r) => r.login));
      release();
      await a;
      expect(mine).toEqual(['s1', 's2']);
      expect(theirs).toEqual(['s3', 's4']);
    });

    it('migrates once when several nodes start together', async () => {
      const url = (t as Extract<TestStore, { dialect: 'pg' }>).url;
      const nodes = await Promise.all([1, 2, 3].map(() => openPgStore({ url, poolMax: 1 })));
      for (const n of nodes) await n.close();
      const journal = JSON.parse(fs.readFileSync(new URL('../../../server/migrations-pg/meta/_journal.json', import.meta.url), 'utf8'));
      const res = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(res.rows[0]!.n).toBe(journal.entries.length);
    });
  }
});
