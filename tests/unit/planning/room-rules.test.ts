import { describe, expect, it } from 'vitest';
import { freeSeatNumbers } from '@shared/planning.ts';
import { minimumSeats, seatNumber } from '@shared/planning.ts';
import { moveRefusal, removeRefusal, renameRefusal, resizeRefusal, sittingStarted } from '../../../server/src/features/planning/room-rules.ts';

describe('room rules', () => {
  it('reads seat numbers from the labels seating gives, and not from hand-made ones', () => {
    expect(seatNumber('07')).toBe(7);
    expect(seatNumber('120')).toBe(120);
    expect(seatNumber('A3')).toBeNull();
    expect(seatNumber('')).toBeNull();
  });

  it('keeps every seated candidate in their seat when a room shrinks', () => {
    expect(minimumSeats([])).toBe(0);
    // The highest seat number counts, not only how many are seated.
    expect(minimumSeats(['01', '09'])).toBe(9);
    // Hand-made labels have no number: the count still holds them.
    expect(minimumSeats(['A1', 'A2', '01'])).toBe(3);
    expect(resizeRefusal(['01', '09'], 8)?.message).toMatch(/at least 9 seats/);
    expect(resizeRefusal(['01', '09'], 9)).toBeNull();
    expect(resizeRefusal([], 1)).toBeNull();
  });

  it('removes only an empty room', () => {
    expect(removeRefusal(0)).toBeNull();
    expect(removeRefusal(2)?.message).toMatch(/2 candidate/);
  });

  it('counts a sitting as started at its start time or at the first started session', () => {
    expect(sittingStarted(1000, 999, 0)).toBe(false);
    expect(sittingStarted(1000, 1000, 0)).toBe(true);
    expect(sittingStarted(1000, 10, 1)).toBe(true);
  });

  it('renames before the start, to a name nobody in the sitting uses', () => {
    const base = { from: 'A101', to: 'B202', started: false, otherRooms: ['A102'], namesInUse: ['A101'] };
    expect(renameRefusal(base)).toBeNull();
    expect(renameRefusal({ ...base, started: true })?.message).toMatch(/started/);
    // Keeping the name is not a rename: resizing stays possible after the start.
    expect(renameRefusal({ ...base, to: 'A101', started: true })).toBeNull();
    expect(renameRefusal({ ...base, to: 'A102' })?.message).toMatch(/already/);
    expect(renameRefusal({ ...base, namesInUse: ['旧考场'], to: '旧考场' })?.message).toMatch(/already placed/);
  });

  it('moves a candidate who has not started to a free seat that exists', () => {
    const room = { name: 'A101', seats: 3 };
    const taken = [
      { room: 'A101', seat: '01' },
      { room: 'A101', seat: '02' },
    ];
    const base = { candidateStarted: false, current: { room: 'A101', seat: '01' }, target: { room, seat: 3 }, taken };
    expect(moveRefusal(base)).toBeNull();
    expect(moveRefusal({ ...base, candidateStarted: true })?.status).toBe('conflict');
    expect(moveRefusal({ ...base, target: { room, seat: 2 } })).toMatchObject({ status: 'conflict', key: 'plan.seatTaken', message: expect.stringMatching(/taken/) });
    expect(moveRefusal({ ...base, target: { room, seat: 4 } })?.status).toBe('bad');
    expect(moveRefusal({ ...base, target: { room, seat: 1 } })).toMatchObject({ status: 'bad', key: 'plan.sameSeat', message: expect.stringMatching(/already/) });
    // The same seat number in another room is free.
    expect(moveRefusal({ ...base, target: { room: { name: 'A102', seats: 3 }, seat: 1 } })).toBeNull();
  });

  it('lists the free seat numbers of a room', () => {
    expect(freeSeatNumbers({ name: 'A101', seats: 4 }, [{ room: 'A101', seat: '02' }, { room: 'A102', seat: '03' }])).toEqual([1, 3, 4]);
  });
});
