import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { tablesOf, type Db } from './db/store.ts';

/**
 * A random secret the server makes once and keeps in its database, so it survives restarts and
 * needs no configuration. Whoever reads the database can read it too; it guards against browsers,
 * not against the server's own administrators. Nodes sharing a database share the secret: the first
 * to insert it wins, everyone reads that one.
 */
export async function serverSecret(db: Db, name: string): Promise<Buffer> {
  const { serverSecrets } = tablesOf(db);
  await db.insert(serverSecrets).values({ name, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name));
  if (!row) throw new Error(`server secret ${name} could not be stored`);
  return Buffer.from(row.value, 'hex');
}

/**
 * `serverSecret` read at the first call and kept (building the app must not need a write to the
 * database); a failed read is tried again at the next call.
 */
export function cachedServerSecret(db: Db, name: string): () => Promise<Buffer> {
  let pending: Promise<Buffer> | null = null;
  return () => {
    pending ??= serverSecret(db, name).catch((err: unknown) => {
      pending = null;
      throw err;
    });
    return pending;
  };
}
