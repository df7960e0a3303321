import type { Db } from '../../core/db/store.ts';
import { createEvidenceDal } from './evidence-dal.ts';

/** What graders see of a script's evidence (grading's port, wired in app.ts). */
export function createScriptEvidence(db: Db) {
  const dal = createEvidenceDal(db);
  return {
    /** The task's kept screenshots, oldest first. */
    ofScript: async (sessionId: number, paperItemId: number) => (await dal.activeOf(sessionId)).filter((s) => s.paperItemId === paperItemId),
    /** By id, removed ones too (their `removedAt` says so). */
    screenshot: (id: number) => dal.byId(id),
  };
}
