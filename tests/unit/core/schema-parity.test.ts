import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as kit from 'drizzle-kit/api';
import { is, SQL, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable, pgTable, integer as pgInteger, text as pgText, bigint, uniqueIndex as pgUniqueIndex } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable, sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import * as pgSchema from '../../../server/src/core/db/pg-schema.ts';
import * as sqliteSchema from '../../../server/src/core/db/schema.ts';

/**
 * The SQLite and PostgreSQL schemas must describe the same database: data access code is written
 * once and runs on either. This compares every table's columns (name, type family, nullability,
 * default, identity, enum values), indexes (name, columns or expression, unique) and constraints
 * (primary key, foreign keys, unique) and prints every difference. A column added to schema.ts
 * needs its twin in pg-schema.ts (then `npm run db:generate:pg`).
 */

const FAMILY: Record<string, string> = {
  SQLiteInteger: 'integer',
  SQLiteBoolean: 'boolean',
  SQLiteText: 'text',
  SQLiteReal: 'real',
  PgInteger: 'integer',
  PgBigInt53: 'integer',
  PgSmallInt: 'integer',
  PgSerial: 'integer',
  PgBoolean: 'boolean',
  PgText: 'text',
  PgVarchar: 'text',
  PgDoublePrecision: 'real',
  PgReal: 'real',
};

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

/** SQL expressions (an index on lower(login)) as text with column names, the same for both dialects. */
function expression(value: unknown): string {
  if (!is(value, SQL)) return (value as { name: string }).name;
  return value.queryChunks
    .map((chunk) => {
      if (chunk && typeof chunk === 'object' && 'value' in chunk && Array.isArray(chunk.value)) return chunk.value.join('');
      if (chunk && typeof chunk === 'object' && 'name' in chunk) return (chunk as { name: string }).name;
      return String(chunk);
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

const defaultOf = (d: unknown) => (d === undefined ? 'none' : is(d, SQL) ? `sql:${expression(d)}` : JSON.stringify(d));

/** One entry per column, index and constraint of a table, described the same way for both dialects. */
function describeTable(table: Table): Map<string, string> {
  const config: AnyConfig = is(table, PgTable) ? pgConfig(table) : sqliteConfig(table as SQLiteTable);
  const out = new Map<string, string>();
  const t = config.name;
  const uniques: string[][] = [];
  for (const c of config.columns) {
    const identity = Boolean((c as { autoIncrement?: boolean }).autoIncrement || c.generatedIdentity);
    const parts = [FAMILY[c.columnType] ?? `unknown ${c.columnType}`, c.notNull ? 'not null' : 'null', `default ${defaultOf(c.default)}`];
    if (identity) parts.push('identity');
    if (c.enumValues) parts.push(`enum ${JSON.stringify(c.enumValues)}`);
    out.set(`${t}.${c.name}`, parts.join(' '));
    if (c.primary) out.set(`${t} primary key`, c.name);
    if (c.isUnique) uniques.push([c.name]);
  }
  for (const pk of config.primaryKeys) out.set(`${t} primary key`, pk.columns.map((c) => c.name).join(','));
  for (const u of config.uniqueConstraints) uniques.push(u.columns.map((c) => c.name));
  for (const u of uniques) out.set(`${t} unique (${u.join(',')})`, 'present');
  for (const i of config.indexes) {
    const ic = i.config;
    out.set(`${t} index ${ic.name}`, `${ic.unique ? 'unique ' : ''}(${ic.columns.map(expression).join(', ')})${ic.where ? ` where ${expression(ic.where)}` : ''}`);
  }
  for (const fk of config.foreignKeys) {
    const ref = fk.reference();
    const target = is(ref.foreignTable, PgTable) ? pgConfig(ref.foreignTable).name : sqliteConfig(ref.foreignTable as SQLiteTable).name;
    const columns = (cs: { name: string }[]) => cs.map((c) => c.name).join(',');
    out.set(`${t} foreign key ${fk.getName()}`, `(${columns(ref.columns)}) → ${target}(${columns(ref.foreignColumns)}) on delete ${fk.onDelete ?? 'no action'} on update ${fk.onUpdate ?? 'no action'}`);
  }
  return out;
}

const tablesIn = (schema: Record<string, unknown>) => Object.fromEntries(Object.entries(schema).filter(([, v]) => is(v, Table))) as Record<string, Table>;

/** Every difference between two schemas, one readable line each; empty when they match. */
function schemaDiff(sqlite: Record<string, unknown>, pg: Record<string, unknown>): string[] {
  const a = tablesIn(sqlite);
  const b = tablesIn(pg);
  const lines: string[] = [];
  for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[name];
    const y = b[name];
    if (!x || !y) {
      lines.push(`${name}: exported by ${x ? 'schema.ts' : 'pg-schema.ts'} only`);
      continue;
    }
    const dx = describeTable(x);
    const dy = describeTable(y);
    for (const key of [...new Set([...dx.keys(), ...dy.keys()])].sort()) {
      const vx = dx.get(key);
      const vy = dy.get(key);
      if (vx === vy) continue;
      if (vx === undefined) lines.push(`${key}: only in pg-schema.ts (${vy})`);
      else if (vy === undefined) lines.push(`${key}: only in schema.ts (${vx})`);
      else lines.push(`${key}: schema.ts ${vx} ≠ pg-schema.ts ${vy}`);
    }
  }
  return lines;
}

describe('schema parity (schema.ts ↔ pg-schema.ts)', () => {
  it('has the same tables, columns, indexes and constraints', () => {
    const diff = schemaDiff(sqliteSchema, pgSchema);
    expect(diff, `The two schemas differ:\n  ${diff.join('\n  ')}\n`).toEqual([]);
  });

  it('keeps epoch-millisecond columns in bigint on PostgreSQL, and nothing else', () => {
    const wrong: string[] = [];
    for (const table of Object.values(tablesIn(pgSchema))) {
      const config = pgConfig(table as PgTable);
      for (const c of config.columns) {
        const isTime = /(^|_)at$|deadline$/.test(c.name);
        if (isTime !== (c.columnType === 'PgBigInt53')) wrong.push(`${config.name}.${c.name} (${c.columnType})`);
      }
    }
    expect(wrong, 'Epoch milliseconds overflow integer: columns named *_at, at or *deadline are bigint({ mode: "number" }), others are not').toEqual([]);
  });

  it('has committed migrations for both schemas (db:generate and db:generate:pg would write nothing)', async () => {
    const latest = (folder: string) => {
      const dir = new URL(`../../../server/${folder}/meta/`, import.meta.url);
      const last = JSON.parse(fs.readFileSync(new URL('_journal.json', dir), 'utf8')).entries.at(-1);
      return JSON.parse(fs.readFileSync(new URL(`${String(last.idx).padStart(4, '0')}_snapshot.json`, dir), 'utf8'));
    };
    expect(await kit.generateMigration(latest('migrations-pg'), kit.generateDrizzleJson(pgSchema)), 'pg-schema.ts changed: run npm run db:generate:pg').toEqual([]);
    expect(await kit.generateSQLiteMigration(latest('migrations'), await kit.generateSQLiteDrizzleJson(sqliteSchema)), 'schema.ts changed: run npm run db:generate').toEqual([]);
  });

  it('reports what differs, so a drift is easy to fix', () => {
    const s = {
      rooms: sqliteTable('rooms', { id: integer('id').primaryKey({ autoIncrement: true }), name: text('name').notNull(), at: integer('at') }, (t) => [index('rooms_name').on(t.name)]),
    };
    const p = {
      rooms: pgTable('rooms', { id: pgInteger('id').primaryKey().generatedByDefaultAsIdentity(), name: pgText('name'), at: bigint('at', { mode: 'number' }), extra: pgText('extra') }, (t) => [pgUniqueIndex('rooms_name').on(t.name)]),
      seats: pgTable('seats', { id: pgInteger('id').primaryKey() }),
    };
    expect(schemaDiff(s, p)).toEqual([
      'rooms index rooms_name: schema.ts (name) ≠ pg-schema.ts unique (name)',
      'rooms.extra: only in pg-schema.ts (text null default none)',
      'rooms.name: schema.ts text not null default none ≠ pg-schema.ts text null default none',
      'seats: exported by pg-schema.ts only',
    ]);
    expect(schemaDiff(s, s)).toEqual([]);
  });
});
