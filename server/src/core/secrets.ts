import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './db/connection.ts';
import { serverSecrets } from './db/schema.ts';

/**
 * A random secret the server makes once and keeps in its database, so it survives restarts and
 * needs no configuration. Whoever reads the database can read it too; it guards against browsers,
 * not against the server's own administrators.
 */
export function serverSecret(db: Db, name: string): Buffer {
  db.insert(serverSecrets).values({ name, value: randomBytes(32).toString('hex') }).onConflictDoNothing().run();
  const row = db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name)).get();
  if (!row) throw new Error(`server secret ${name} could not be stored`);
  return Buffer.from(row.value, 'hex');
}
