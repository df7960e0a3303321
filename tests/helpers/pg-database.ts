import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests and benchmarks create their throw-away databases on. */
export const PG_ADMIN_URL = process.env.KAOCHANG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PREFIX = 'kc_t_';
const STALE_MS = 6 * 3600_000;

/** A new empty database on the test server; names carry their creation time so crashed runs' leftovers get dropped later. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await admin(async (c) => {
    const old = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${PREFIX}%`]);
    for (const { datname } of old.rows) {
      const born = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (Date.now() - born > STALE_MS) await c.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
    await c.query(`create database "${name}"`);
  });
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`).then(() => undefined)) };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
