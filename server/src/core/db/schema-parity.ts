import type { InferInsertModel, InferSelectModel, Table } from 'drizzle-orm';
import type * as pg from './pg-schema.ts';
import type * as sqlite from './schema.ts';

/**
 * Compile-time half of the schema parity check (the run-time half, with names, indexes and
 * constraints, is tests/unit/core/schema-parity.test.ts). Data access code is type-checked against
 * pg-schema.ts and runs on schema.ts's tables on SQLite, which is only sound if every table's row
 * types are identical. When they are not, `tsc` fails on the last line naming the tables.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type TableNames<S> = { [K in keyof S]: S[K] extends Table ? K : never }[keyof S] & string;
// SQLite makes an integer primary key optional on insert (a rowid is assigned); PostgreSQL does not:
// the same fields and value types, with every insert valid for PostgreSQL valid for SQLite.
type InsertCompatible<S, P> = Equal<Required<S>, Required<P>> extends true ? (P extends S ? true : false) : false;
type Sqlite = typeof sqlite;
type Pg = typeof pg;

type Mismatch<K extends string> = K extends keyof Sqlite & keyof Pg
  ? Sqlite[K] extends Table
    ? Pg[K] extends Table
      ? Equal<InferSelectModel<Sqlite[K]>, InferSelectModel<Pg[K]>> extends true
        ? InsertCompatible<InferInsertModel<Sqlite[K]>, InferInsertModel<Pg[K]>> extends true
          ? never
          : `${K}: insert types differ`
        : `${K}: row types differ`
      : `${K}: not a table in pg-schema.ts`
    : never
  : K extends keyof Pg
    ? `${K}: missing in schema.ts`
    : `${K}: missing in pg-schema.ts`;

export type RowTypeMismatches = Mismatch<TableNames<Sqlite> | TableNames<Pg>>;

// `{}` only type-checks when there is no mismatch; otherwise tsc lists them as missing properties.
export const rowTypesMatch: Record<RowTypeMismatches, 'align pg-schema.ts with schema.ts'> = {};
