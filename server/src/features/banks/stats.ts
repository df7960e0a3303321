import type { BankFile } from '@shared/bank.ts';

export type BankStats = {
  items: number;
  byType: Record<string, number>;
  byArea: Record<string, number>;
  byDifficulty: Record<string, number>;
  byLevel: Record<string, number>;
};

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function bankStats(bank: BankFile): BankStats {
  const stats: BankStats = { items: bank.items.length, byType: {}, byArea: {}, byDifficulty: {}, byLevel: {} };
  for (const item of bank.items) {
    bump(stats.byType, item.type);
    bump(stats.byArea, item.area);
    bump(stats.byDifficulty, String(item.difficulty));
    for (const level of item.levels) bump(stats.byLevel, String(level));
  }
  return stats;
}
