import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ProctorMessage } from '@shared/proctor.ts';
import type { Db } from '../../core/db/connection.ts';
import { proctorMessages } from '../../core/db/schema.ts';

/** Proctor messages per candidate, pending until dismissed. */
export function createMessagesDal(db: Db) {
  return {
    insert(message: ProctorMessage, candidateIds: readonly number[], senderUserId: number) {
      db.transaction((tx) => {
        for (const candidateId of candidateIds) tx.insert(proctorMessages).values({ messageId: message.id, candidateId, senderUserId, at: message.at, text: message.text }).run();
      });
    },
    pending(candidateId: number): ProctorMessage[] {
      return db
        .select({ id: proctorMessages.messageId, at: proctorMessages.at, text: proctorMessages.text })
        .from(proctorMessages)
        .where(and(eq(proctorMessages.candidateId, candidateId), isNull(proctorMessages.dismissedAt)))
        .orderBy(asc(proctorMessages.at), asc(proctorMessages.id))
        .all();
    },
    /** True when the message was the candidate's and still pending. */
    dismiss(messageId: string, candidateId: number, at: number): boolean {
      return (
        db
          .update(proctorMessages)
          .set({ dismissedAt: at })
          .where(and(eq(proctorMessages.messageId, messageId), eq(proctorMessages.candidateId, candidateId), isNull(proctorMessages.dismissedAt)))
          .run().changes === 1
      );
    },
  };
}
