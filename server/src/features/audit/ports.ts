import type { MaybePromise } from '../../core/maybe-promise.ts';

/**
 * What the audit log reads of the features that own the data (issue #16, core/db/owners.ts): names
 * only, a page of entries at a time, each call with the page's ids. Wired in server/src/app.ts.
 */
export type AuditPorts = { actors: AuditActors; subjects: SubjectSources };

type ByIds<T> = (ids: readonly number[]) => MaybePromise<T[]>;

/** Auth: who acted (and the actor filter, logins being unique without regard to case). */
export type AuditActors = {
  byIds: ByIds<{ id: number; login: string; displayName: string }>;
  idOfLoginAnyCase(login: string): MaybePromise<number | undefined>;
};

/** One part per owner: the rows that name the subjects of the entity kinds it owns. */
export type SubjectSources = {
  users: { byIds: ByIds<{ id: number; displayName: string }> };
  candidates: { byIds: ByIds<{ id: number; name: string }>; byTicketNos(ticketNos: readonly string[]): MaybePromise<{ ticketNo: string; name: string }[]> };
  applications: { byIds: ByIds<{ id: number; userId: number }> };
  planning: {
    plans: ByIds<{ id: number; title: string }>;
    sittings: ByIds<{ id: number; name: string }>;
    /** A part with its sitting's name. */
    parts: ByIds<{ id: number; sittingName: string; part: string }>;
    rooms: ByIds<{ id: number; name: string }>;
  };
  sessions: { byIds: ByIds<{ id: number; candidateId: number; sittingPartId: number }> };
  banks: { byIds: ByIds<{ id: number; title: string }> };
  paperItems: { positions: ByIds<{ id: number; position: number }> };
};
