import { eq } from 'drizzle-orm';
import { bankItemSchema, type BankItem } from '@shared/bank.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { NotFoundError } from '../../core/errors.ts';

/**
 * The banks feature's port for the papers feature: a bank's items, whole, in the order of their keys.
 */
export type BankItems = { bankItems(bankId: number): Promise<BankItem[]> };

export function createBankItems(db: Db): BankItems {
  const { banks, bankItems } = tablesFor(db, 'banks');
  return {
    async bankItems(bankId) {
      const [bank] = await db.select({ id: banks.id }).from(banks).where(eq(banks.id, bankId));
      if (!bank) throw new NotFoundError('No such bank', { key: 'bank.noBank' });
      const rows = await db.select({ key: bankItems.itemKey, itemJson: bankItems.itemJson }).from(bankItems).where(eq(bankItems.bankId, bankId));
      // Sorted here, not by the database: PostgreSQL orders text by its collation (en_US puts
      // 'a-2' after 'a10'), and a paper drawn from a seed must be the same on either store.
      rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return rows.map((r) => bankItemSchema.parse(JSON.parse(r.itemJson)));
    },
  };
}
