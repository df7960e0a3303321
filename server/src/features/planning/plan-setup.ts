import { eq } from 'drizzle-orm';
import { OCCUPATION_CODE, PART_DEFAULTS, requiredParts, type Level, type PartKind } from '@shared/domain.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { examPlans, occupations, rooms, sittingParts, sittings } from '../../core/db/schema.ts';
import { appendAuditSync } from '../../core/audit.ts';

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
export function insertSitting(tx: Pick<Db, 'insert'>, planId: number, s: SittingSpec): number {
  const sitting = tx.insert(sittings).values({ planId, level: s.level, name: s.name, startsAt: s.startsAt }).returning().get();
  for (const part of requiredParts(s.level)) tx.insert(sittingParts).values({ sittingId: sitting.id, part, ...(s.parts?.[part] ?? PART_DEFAULTS[part]) }).run();
  for (const r of s.rooms) tx.insert(rooms).values({ sittingId: sitting.id, name: r.name, seats: r.seats }).run();
  return sitting.id;
}

/**
 * An exam plan with its sittings (parts at their default durations and pass lines, review for
 * levels 2 and 1) and rooms: what registration needs to accept applications and seat candidates.
 */
export function createPlan(db: Db, clock: Clock, spec: PlanSpec, actorUserId: number | null = null) {
  const now = clock.now();
  return db.transaction((tx) => {
    const occ = tx.select().from(occupations).where(eq(occupations.code, OCCUPATION_CODE)).get();
    if (!occ) throw new Error(`occupation ${OCCUPATION_CODE} is not seeded`);
    const plan = tx.insert(examPlans).values({ occupationId: occ.id, title: spec.title, examDate: spec.examDate, registrationDeadline: spec.registrationDeadline, createdAt: now }).returning().get();
    const sittingIds = spec.sittings.map((s) => insertSitting(tx, plan.id, s));
    appendAuditSync(tx, { at: now, actorUserId, action: 'plan.created', entity: 'exam_plan', entityId: plan.id, details: { title: spec.title, sittings: sittingIds } });
    return { planId: plan.id, sittingIds };
  });
}
