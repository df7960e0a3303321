import { eq } from 'drizzle-orm';
import { OCCUPATION_CODE, PART_DEFAULTS, requiredParts, type Level, type PartKind } from '@shared/domain.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { appendAudit } from '../../core/audit.ts';

export type SittingSpec = {
  level: Level;
  name: string;
  startsAt: number;
  rooms: readonly { name: string; seats: number }[];
  parts?: Partial<Record<PartKind, { durationMinutes: number; passScore: number }>>;
};

export type PlanSpec = {
  title: string;
  examDate: string;
  registrationDeadline: number;
  sittings: readonly SittingSpec[];
};

/** A sitting with its parts (defaults unless overridden; review for levels 2 and 1) and rooms. Call inside a transaction. */
export async function insertSitting(tx: Db, planId: number, s: SittingSpec): Promise<number> {
  const { rooms, sittingParts, sittings } = tablesFor(tx, 'planning');
  const [sitting] = await tx.insert(sittings).values({ planId, level: s.level, name: s.name, startsAt: s.startsAt }).returning({ id: sittings.id });
  const id = sitting!.id;
  await tx.insert(sittingParts).values(requiredParts(s.level).map((part) => ({ sittingId: id, part, ...(s.parts?.[part] ?? PART_DEFAULTS[part]) })));
  if (s.rooms.length > 0) await tx.insert(rooms).values(s.rooms.map((r) => ({ sittingId: id, name: r.name, seats: r.seats })));
  return id;
}

/**
 * An exam plan with its sittings (parts at their default durations and pass lines, review for
 * levels 2 and 1) and rooms: what registration needs to accept applications and seat candidates.
 */
export async function createPlan(db: Db, clock: Clock, spec: PlanSpec, actorUserId: number | null = null): Promise<{ planId: number; sittingIds: number[] }> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const { examPlans, occupations } = tablesFor(tx, 'planning');
    const [occ] = await tx.select({ id: occupations.id }).from(occupations).where(eq(occupations.code, OCCUPATION_CODE));
    if (!occ) throw new Error(`occupation ${OCCUPATION_CODE} is not seeded`);
    const [plan] = await tx.insert(examPlans).values({ occupationId: occ.id, title: spec.title, examDate: spec.examDate, registrationDeadline: spec.registrationDeadline, createdAt: now }).returning({ id: examPlans.id });
    const planId = plan!.id;
    const sittingIds: number[] = [];
    for (const s of spec.sittings) sittingIds.push(await insertSitting(tx, planId, s));
    await appendAudit(tx, { at: now, actorUserId, action: 'plan.created', entity: 'exam_plan', entityId: planId, details: { title: spec.title, sittings: sittingIds } });
    return { planId, sittingIds };
  });
}
