import { randomInt } from 'node:crypto';
import type { Level } from '@shared/domain.ts';
import type { Accommodations } from '@shared/accommodations.ts';
import type { AdminPlan, PlanBody, RosterReport, SittingBody } from '@shared/registration.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/store.ts';
import { BadRequestError, NotFoundError, StateError } from '../../core/errors.ts';
import { appendAudit } from '../../core/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createPlanningDal, type PlanningDal } from './planning-dal.ts';
import { createPlan, insertSitting } from './plan-setup.ts';
import { sittingStarted } from './room-rules.ts';
import { examDay, type ExamDayPorts } from './exam-day.ts';
import type { CandidateDirectory } from './ports.ts';
import { readTable } from './roster-file.ts';
import { parseRosterRows } from './roster-rows.ts';
import { allocateSeat } from './seating.ts';
import type { Ticketing } from '../tickets/ticketing.ts';

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const initialPassword = () => Array.from({ length: 8 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');

class DryRunRollback extends Error {}

/** Planned accommodations of a candidate the import has just seated, written in the import's transaction (audited there). */
export type ImportedAccommodations = (tx: Db, candidateId: number, planned: Accommodations, actorUserId: number) => Promise<void>;

/** Exam plans as the office manages them (sittings, rooms), and candidates imported from a roster. */
export function createRosterService(deps: {
  db: Db;
  clock: Clock;
  planAccommodations: ImportedAccommodations;
  tickets: Pick<Ticketing, 'issue'>;
  candidates: Pick<CandidateDirectory, 'countsBySitting'>;
} & ExamDayPorts) {
  const dal = createPlanningDal(deps.db);
  const day = examDay(deps);

  async function sittingView(s: Awaited<ReturnType<PlanningDal['sittingsOf']>>[number], now: number, seated: Map<number, number>) {
    const settings = await dal.partSettings(s.id);
    const started = await deps.started.countByPart(deps.db, settings.map((p) => p.id));
    const parts = settings.map((part) => ({ ...part, started: (started.get(part.id) ?? 0) > 0 }));
    return {
      id: s.id,
      name: s.name,
      level: s.level as Level,
      startsAt: s.startsAt,
      candidates: seated.get(s.id) ?? 0,
      rooms: await dal.roomsOf(s.id),
      parts,
      started: sittingStarted(s.startsAt, now, await day.activity(deps.db, s.id)),
    };
  }

  return {
    async plans(): Promise<AdminPlan[]> {
      const now = deps.clock.now();
      const plans = await dal.plans();
      return Promise.all(
        plans.map(async (p) => {
          const rows = [];
          for (const level of await dal.planLevels(p.id)) rows.push(...(await dal.sittingsOf(p.id, level)));
          const seated = await deps.candidates.countsBySitting(rows.map((s) => s.id));
          const sittings = [];
          for (const s of rows) sittings.push(await sittingView(s, now, seated));
          return { id: p.id, title: p.title, examDate: p.examDate, registrationDeadline: p.registrationDeadline, sittings };
        }),
      );
    },

    createPlan(actorUserId: number, body: PlanBody) {
      return createPlan(deps.db, deps.clock, body, actorUserId);
    },

    /** A sitting added to an existing plan: registration must still close before it starts. */
    async addSitting(actorUserId: number, planId: number, body: SittingBody) {
      const plan = await dal.plan(planId);
      if (!plan) throw new NotFoundError('No such exam plan', { key: 'plan.noPlan' });
      if (body.startsAt <= plan.registrationDeadline) throw new BadRequestError('Registration must close before every sitting starts', { key: 'plan.sittingBeforeDeadline', issues: [{ path: 'startsAt', message: 'must be after the registration deadline' }] });
      const now = deps.clock.now();
      return deps.db.transaction(async (tx) => {
        const id = await insertSitting(tx, planId, body);
        await appendAudit(tx, { at: now, actorUserId, action: 'sitting.created', entity: 'sitting', entityId: id, details: { planId, level: body.level, name: body.name, startsAt: body.startsAt, rooms: body.rooms } });
        return { id };
      });
    },

    /** Duration and pass line of a part, editable until anyone has started it. */
    async updatePart(actorUserId: number, partId: number, settings: { durationMinutes: number; passScore: number }) {
      const now = deps.clock.now();
      await deps.db.transaction(async (tx) => {
        const dal = createPlanningDal(tx);
        const part = await dal.lockSittingPart(partId);
        if (!part) throw new NotFoundError('No such part', { key: 'plan.noPart' });
        if (((await deps.started.countByPart(tx, [partId])).get(partId) ?? 0) > 0) throw new StateError('CONFLICT', 'Candidates have started this part: its duration and pass line are fixed now', { key: 'plan.partStarted' });
        await dal.updatePart(partId, settings);
        await appendAudit(tx, { at: now, actorUserId, action: 'sitting_part.updated', entity: 'sitting_part', entityId: partId, details: { before: { durationMinutes: part.durationMinutes, passScore: part.passScore }, after: settings } });
      });
      return { id: partId, ...settings };
    },

    async addRoom(actorUserId: number, sittingId: number, room: { name: string; seats: number }) {
      const now = deps.clock.now();
      return deps.db.transaction(async (tx) => {
        const dal = createPlanningDal(tx);
        // The sitting's turn, as every room change takes: two rooms of one name cannot both pass the check.
        if (!(await dal.lockSitting(sittingId))) throw new NotFoundError('No such sitting', { key: 'plan.noSitting' });
        if ((await dal.roomsOf(sittingId)).some((r) => r.name === room.name)) throw new StateError('CONFLICT', `The sitting has a room named ${room.name} already`, { key: 'plan.roomNameTaken', params: { room: room.name } });
        const id = await dal.insertRoom({ sittingId, ...room });
        await appendAudit(tx, { at: now, actorUserId, action: 'room.created', entity: 'room', entityId: id, details: { sittingId, ...room } });
        return { id, ...room };
      });
    },

    /**
     * Good rows become candidates (seat, ticket, initial password); bad rows are reported and skipped.
     * A dry run does the same inside a transaction it then rolls back, so its report is exact.
     */
    async importRoster(actorUserId: number, planId: number, content: Buffer, fileName: string, dryRun: boolean): Promise<RosterReport> {
      const plan = await dal.plan(planId);
      if (!plan) throw new NotFoundError('No such exam plan', { key: 'plan.noPlan' });
      let table;
      try {
        table = await readTable(content, fileName);
      } catch (err) {
        throw new BadRequestError(`${fileName}: ${err instanceof Error ? err.message : String(err)}`, { key: 'plan.rosterUnreadable', params: { file: fileName } });
      }
      const parsed = parseRosterRows(table);
      if ('headerMissing' in parsed) throw new BadRequestError(`${fileName}: no header row naming 姓名, 身份证号 and 等级 (name, id number, level) in the first 10 rows`, { key: 'plan.rosterNoHeader', params: { file: fileName } });
      const passwords = new Map<number, { clear: string; hash: string }>();
      if (!dryRun) {
        // scrypt is slow on purpose; the thread pool hashes several at once.
        await Promise.all(
          parsed.rows
            .filter((r) => r.entry)
            .map(async (r) => {
              const clear = initialPassword();
              passwords.set(r.row, { clear, hash: await hashPassword(clear, 'admission') });
            }),
        );
      }
      const now = deps.clock.now();
      const report: RosterReport = { dryRun, imported: 0, ok: 0, errors: 0, rows: [] };
      try {
        await deps.db.transaction(async (tx) => {
          const dal = createPlanningDal(tx);
          // The plan's turn: a second import of the same people at once waits, then finds them imported.
          await dal.lockPlan(plan.id);
          const existing = new Map((await deps.seats.ofSittings(tx, await dal.sittingIdsOf(plan.id))).map((c) => [c.idNumber, c.ticketNo]));
          for (const r of parsed.rows) {
            const base = { row: r.row, ...r.raw, errors: [...r.errors], ticketNo: null, room: null, seat: null, initialPassword: null };
            const entry = r.entry;
            const sittings = entry ? await dal.sittingsOf(plan.id, entry.level) : [];
            let sitting: (typeof sittings)[number] | undefined;
            for (const s of sittings) {
              if (allocateSeat(await dal.roomsOf(s.id), await deps.seats.taken(tx, s.id))) {
                sitting = s;
                break;
              }
            }
            const ticketNo = entry ? existing.get(entry.idNumber) : undefined;
            if (entry && ticketNo) base.errors.push({ key: 'plan.rosterRow.alreadyCandidate', params: { ticketNo }, message: `already a candidate in this plan (ticket ${ticketNo})` });
            else if (entry && !sitting)
              base.errors.push(
                sittings.length === 0
                  ? { key: 'plan.rosterRow.noSittingOfLevel', params: { level: entry.level }, message: `no sitting of level ${entry.level} in this plan` }
                  : { key: 'plan.rosterRow.noFreeSeat', params: { level: entry.level }, message: `no free seat left at level ${entry.level}` },
              );
            if (!entry || !sitting || base.errors.length > 0) {
              report.errors++;
              report.rows.push({ ...base, status: 'error' });
              continue;
            }
            const pw = passwords.get(r.row);
            const issued = await deps.tickets.issue(tx, { examDate: plan.examDate, planTitle: plan.title, sitting, name: entry.name, idNumber: entry.idNumber, passwordHash: pw?.hash ?? '!dry-run', now });
            existing.set(entry.idNumber, issued.ticketNo);
            // In a check too: the rollback undoes it, and the report is what the import would do.
            await deps.planAccommodations(tx, issued.candidateId, entry.accommodations, actorUserId);
            if (dryRun) report.ok++;
            else report.imported++;
            report.rows.push({ ...base, status: dryRun ? 'ok' : 'imported', ticketNo: issued.ticketNo, room: issued.room, seat: issued.seat, initialPassword: pw?.clear ?? null });
          }
          if (dryRun) throw new DryRunRollback();
          await appendAudit(tx, { at: now, actorUserId, action: 'roster.imported', entity: 'exam_plan', entityId: plan.id, details: { fileName, imported: report.imported, errors: report.errors, accommodations: report.rows.filter((r) => r.status === 'imported' && r.accommodations !== '').length, tickets: report.rows.flatMap((r) => (r.ticketNo ? [r.ticketNo] : [])) } });
        });
      } catch (err) {
        if (!(err instanceof DryRunRollback)) throw err;
      }
      return report;
    },
  };
}
export type RosterService = ReturnType<typeof createRosterService>;
