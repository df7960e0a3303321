import { sittingLabel } from '@shared/sitting-label.ts';
import { StateError } from '../../core/errors.ts';
import type { RegistrationDal } from './registration-dal.ts';
import { allocateSeat, ticketNumber } from './seating.ts';

/**
 * Seats a person in a sitting and creates their exam-day login (ticket number as login): shared by
 * approval of an application and by roster import. Call inside a transaction.
 */
export function issueCandidate(
  dal: RegistrationDal,
  p: { examDate: string; planTitle: string; sitting: { id: number; level: number; name: string }; name: string; idNumber: string; passwordHash: string; now: number },
  /** The auth feature's check: a ticket number becomes a login, so it must not be one already. */
  loginTaken: (login: string) => boolean,
) {
  const seat = allocateSeat(dal.roomsOf(p.sitting.id), dal.seatsTaken(p.sitting.id));
  if (!seat) {
    const sitting = sittingLabel(p.planTitle, p.sitting.name);
    throw new StateError('CONFLICT', `No free seat in ${sitting}: add a room or seats first`, { key: 'registration.noFreeSeat', params: { sitting } });
  }
  let seq = dal.candidateCount(p.sitting.id) + 1;
  while (loginTaken(ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq))) seq++;
  const ticketNo = ticketNumber(p.examDate, p.sitting.level, p.sitting.id, seq);
  const userId = dal.insertCandidateUser({ role: 'candidate', login: ticketNo, displayName: p.name, passwordHash: p.passwordHash, createdAt: p.now });
  const candidateId = dal.insertCandidate({ userId, sittingId: p.sitting.id, ticketNo, name: p.name, idNumber: p.idNumber, room: seat.room, seat: seat.seat });
  return { candidateId, ticketNo, ...seat };
}
