import { describe, expect, it } from 'vitest';
import type { Db } from '../../../server/src/core/db/store.ts';
import { createFixedParts } from '../../../server/src/features/exam/fixed-parts.ts';
import type { ExamOwners, PartRow } from '../../../server/src/features/exam/ports.ts';

const part: PartRow & { sittingStartsAt: number } = { id: 7, sittingId: 3, part: 'theory', durationMinutes: 90, passScore: 60, paperId: 11, resultsReleasedAt: null, sittingStartsAt: 1000 };

function ownersReading(rows: (PartRow & { sittingStartsAt: number })[]) {
  const asked: { db: Db; id: number }[] = [];
  const owners = {
    planning: (db: Db) => ({
      partWithStart: async (id: number) => {
        asked.push({ db, id });
        return rows.find((r) => r.id === id);
      },
    }),
  } as unknown as ExamOwners;
  return { owners, asked };
}

describe('the parts of sessions, kept per node (exam/fixed-parts.ts)', () => {
  it('reads a part once, through the handle it is asked with, and keeps only what cannot change once a session exists', async () => {
    const { owners, asked } = ownersReading([part]);
    const parts = createFixedParts(owners);
    const tx = {} as Db;
    expect(parts.seen(7)).toBeUndefined();
    const first = await parts.of(tx, 7);
    expect(first).toEqual({ id: 7, sittingId: 3, part: 'theory', durationMinutes: 90, passScore: 60, paperId: 11, sittingStartsAt: 1000 });
    expect(await parts.of({} as Db, 7)).toBe(first);
    expect(parts.seen(7)).toBe(first);
    expect(asked).toEqual([{ db: tx, id: 7 }]);
  });

  it('keeps nothing for a part that is not there', async () => {
    const { owners, asked } = ownersReading([]);
    const parts = createFixedParts(owners);
    expect(await parts.of({} as Db, 8)).toBeUndefined();
    expect(await parts.of({} as Db, 8)).toBeUndefined();
    expect(parts.seen(8)).toBeUndefined();
    expect(asked).toHaveLength(2);
  });
});
