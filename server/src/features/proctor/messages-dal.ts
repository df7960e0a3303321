import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ProctorMessage } from '@shared/proctor.ts';
import type { Db } from '../../core/db/store.ts';
import { tablesFor } from '../../core/db/owners.ts';
import { idIn } from '../../core/db/dialect.ts';

/** Proctor messages per candidate, pending until dismissed. */
export function createMessagesDal(db: Db) {
  const { proctorMessages } = tablesFor(db, 'proctor');
  return {
    async insert(message: ProctorMessage, candidateIds: readonly number[], senderUserId: number): Promise<void> {
      if (candidateIds.length === 0) return;
      await db.insert(proctorMessages).values(candidateIds.map((candidateId) => ({ messageId: message.id, candidateId, senderUserId, at: message.at, text: message.text })));
    },
    /** Pending messages of many candidates in one query, each candidate's in order. */
    async pendingOf(candidateIds: readonly number[]): Promise<Map<number, ProctorMessage[]>> {
      const byCandidate = new Map<number, ProctorMessage[]>();
      if (candidateIds.length === 0) return byCandidate;
      const rows = await db
        .select({ candidateId: proctorMessages.candidateId, id: proctorMessages.messageId, at: proctorMessages.at, text: proctorMessages.text })
        .from(proctorMessages)
        .where(and(idIn(db, proctorMessages.candidateId, candidateIds), isNull(proctorMessages.dismissedAt)))
        .orderBy(asc(proctorMessages.at), asc(proctorMessages.id));
      for (const { candidateId, ...message } of rows) {
        const list = byCandidate.get(candidateId);
        if (list) list.push(message);
        else byCandidate.set(candidateId, [message]);
      }
      return byCandidate;
    },
    /**
     * True when the message was the candidate's and still pending. Conditional on still pending, so
     * two pages dismissing it at once (two nodes) dismiss it once.
     */
    async dismiss(messageId: string, candidateId: number, at: number): Promise<boolean> {
      const done = await db
        .update(proctorMessages)
        .set({ dismissedAt: at })
        .where(and(eq(proctorMessages.messageId, messageId), eq(proctorMessages.candidateId, candidateId), isNull(proctorMessages.dismissedAt)));
      return done.rowCount === 1;
    },
  };
}
