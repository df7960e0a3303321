import { and, asc, count, eq, like, or, sql, type SQL } from 'drizzle-orm';
import { bankItemSchema, type BankFile, type BankItem } from '@shared/bank.ts';
import type { Db } from '../../core/db/connection.ts';
import { bankItems, banks } from '../../core/db/schema.ts';

export type ItemFilter = { q?: string; type?: BankItem['type']; area?: string; level?: number };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createBanksDal(db: Db) {
  const where = (bankId: number, f: ItemFilter): SQL | undefined => {
    const conditions: (SQL | undefined)[] = [eq(bankItems.bankId, bankId)];
    if (f.type) conditions.push(eq(bankItems.type, f.type));
    if (f.area) conditions.push(eq(bankItems.area, f.area));
    if (f.level) conditions.push(sql`exists (select 1 from json_each(${bankItems.levelsJson}) where value = ${f.level})`);
    if (f.q) {
      const pattern = `%${escapeLike(f.q)}%`;
      conditions.push(or(sql`${bankItems.stem} like ${pattern} escape '\\'`, like(bankItems.itemKey, pattern)));
    }
    return and(...conditions);
  };

  return {
    insertBank(bank: BankFile, meta: { sourceFormat: string; sourceName: string; importedAt: number; importedBy: number | null }): number {
      return db.transaction((tx) => {
        const row = tx
          .insert(banks)
          .values({ bankKey: bank.bank.id, title: bank.bank.title, version: bank.bank.version, ...meta })
          .returning({ id: banks.id })
          .get();
        for (const item of bank.items) {
          tx.insert(bankItems)
            .values({ bankId: row.id, itemKey: item.id, type: item.type, area: item.area, difficulty: item.difficulty, levelsJson: JSON.stringify(item.levels), stem: item.stem, itemJson: JSON.stringify(item) })
            .run();
        }
        return row.id;
      });
    },
    listBanks() {
      return db
        .select({ id: banks.id, bankKey: banks.bankKey, title: banks.title, version: banks.version, sourceFormat: banks.sourceFormat, sourceName: banks.sourceName, importedAt: banks.importedAt, items: count(bankItems.id) })
        .from(banks)
        .leftJoin(bankItems, eq(bankItems.bankId, banks.id))
        .groupBy(banks.id)
        .orderBy(asc(banks.id))
        .all();
    },
    bank(id: number) {
      return db.select().from(banks).where(eq(banks.id, id)).get();
    },
    countItems(bankId: number, f: ItemFilter) {
      return db.select({ n: count() }).from(bankItems).where(where(bankId, f)).get()?.n ?? 0;
    },
    items(bankId: number, f: ItemFilter, page: number, pageSize: number) {
      return db
        .select({ id: bankItems.id, itemKey: bankItems.itemKey, type: bankItems.type, area: bankItems.area, difficulty: bankItems.difficulty, levelsJson: bankItems.levelsJson, stem: bankItems.stem })
        .from(bankItems)
        .where(where(bankId, f))
        .orderBy(asc(bankItems.itemKey))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all();
    },
    item(bankId: number, id: number): BankItem | undefined {
      const row = db.select({ itemJson: bankItems.itemJson }).from(bankItems).where(and(eq(bankItems.bankId, bankId), eq(bankItems.id, id))).get();
      return row ? bankItemSchema.parse(JSON.parse(row.itemJson)) : undefined;
    },
  };
}
export type BanksDal = ReturnType<typeof createBanksDal>;
