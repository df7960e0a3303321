import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { bankItemSchema, type BankFile, type BankItem } from '@shared/bank.ts';
import { byteOrder } from '../../core/db/dialect.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';

export type ItemFilter = { q?: string; type?: BankItem['type']; area?: string; level?: number };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// A multi-row insert per chunk: one round trip per 200 items on PostgreSQL, well under either
// store's limit of bound parameters (9 a row).
const INSERT_CHUNK = 200;

export function createBanksDal(db: Db) {
  const { banks, bankItems } = tablesFor(db, 'banks');

  const where = (bankId: number, f: ItemFilter): SQL | undefined => {
    const conditions: (SQL | undefined)[] = [eq(bankItems.bankId, bankId)];
    if (f.type) conditions.push(eq(bankItems.type, f.type));
    if (f.area) conditions.push(eq(bankItems.area, f.area));
    // levels_json is JSON.stringify of small integers ("[1,2]"): with its brackets made commas,
    // ",1,2," holds ",<level>," exactly when the level is listed, in SQL both dialects speak.
    if (f.level) conditions.push(sql`replace(replace(${bankItems.levelsJson}, '[', ','), ']', ',') like ${`%,${f.level},%`}`);
    if (f.q) {
      // LIKE is case-blind on SQLite only: compare lower-cased on both.
      const pattern = `%${escapeLike(f.q.toLowerCase())}%`;
      conditions.push(sql`(lower(${bankItems.stem}) like ${pattern} escape '\\' or lower(${bankItems.itemKey}) like ${pattern} escape '\\')`);
    }
    return and(...conditions);
  };

  return {
    /** Inside the caller's transaction: the bank and its items commit together or not at all. */
    async insertBank(bank: BankFile, meta: { sourceFormat: string; sourceName: string; importedAt: number; importedBy: number | null }): Promise<number> {
      const [row] = await db
        .insert(banks)
        .values({ bankKey: bank.bank.id, title: bank.bank.title, version: bank.bank.version, ...meta })
        .returning({ id: banks.id });
      const bankId = row!.id;
      for (let i = 0; i < bank.items.length; i += INSERT_CHUNK) {
        await db.insert(bankItems).values(
          bank.items.slice(i, i + INSERT_CHUNK).map((item) => ({
            bankId,
            itemKey: item.id,
            type: item.type,
            area: item.area,
            difficulty: item.difficulty,
            levelsJson: JSON.stringify(item.levels),
            stem: item.stem,
            itemJson: JSON.stringify(item),
          })),
        );
      }
      return bankId;
    },
    async listBanks(bankId?: number) {
      return db
        .select({ id: banks.id, bankKey: banks.bankKey, title: banks.title, version: banks.version, sourceFormat: banks.sourceFormat, sourceName: banks.sourceName, importedAt: banks.importedAt, items: count(bankItems.id) })
        .from(banks)
        .leftJoin(bankItems, eq(bankItems.bankId, banks.id))
        .where(bankId === undefined ? undefined : eq(banks.id, bankId))
        .groupBy(banks.id)
        .orderBy(asc(banks.id));
    },
    async bank(id: number) {
      const [row] = await db.select().from(banks).where(eq(banks.id, id));
      return row;
    },
    async countItems(bankId: number, f: ItemFilter): Promise<number> {
      const [row] = await db.select({ n: count() }).from(bankItems).where(where(bankId, f));
      return row?.n ?? 0;
    },
    async items(bankId: number, f: ItemFilter, page: number, pageSize: number) {
      return db
        .select({ id: bankItems.id, itemKey: bankItems.itemKey, type: bankItems.type, area: bankItems.area, difficulty: bankItems.difficulty, levelsJson: bankItems.levelsJson, stem: bankItems.stem })
        .from(bankItems)
        .where(where(bankId, f))
        // Pages in the same order on both stores (PostgreSQL would otherwise sort by its collation).
        .orderBy(byteOrder(db, bankItems.itemKey), asc(bankItems.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
    },
    async item(bankId: number, id: number): Promise<BankItem | undefined> {
      const [row] = await db.select({ itemJson: bankItems.itemJson }).from(bankItems).where(and(eq(bankItems.bankId, bankId), eq(bankItems.id, id)));
      return row ? bankItemSchema.parse(JSON.parse(row.itemJson)) : undefined;
    },
  };
}
export type BanksDal = ReturnType<typeof createBanksDal>;
