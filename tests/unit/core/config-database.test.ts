import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/core/config.ts';

describe('database configuration', () => {
  it('is SQLite in DATA_DIR without DATABASE_URL, as before (an empty value counts as unset)', () => {
    expect(loadConfig({}).database).toEqual({ kind: 'sqlite' });
    expect(loadConfig({ DATABASE_URL: '' }).database).toEqual({ kind: 'sqlite' });
  });

  it('is a PostgreSQL pool with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://kc:secret@db:5432/kaochang' }).database).toEqual({ kind: 'pg', url: 'postgres://kc:secret@db:5432/kaochang', poolMax: 10 });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/kaochang', DATABASE_POOL_MAX: '30' }).database).toMatchObject({ kind: 'pg', poolMax: 30 });
  });

  it('stops on a URL that is not PostgreSQL without printing it (it may hold a password)', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://kc:hunter2@db/kaochang' });
    expect(attempt).toThrow(/DATABASE_URL: not a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });
});
