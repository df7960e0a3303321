import { describe, expect, it } from 'vitest';
import { allocateSeat, freeSeats, ticketNumber } from '../../../server/src/features/planning/seating.ts';

describe('seating', () => {
  const rooms = [
    { name: '第1考场', seats: 2 },
    { name: '第2考场', seats: 3 },
  ];
  it('gives the first free seat, room by room', () => {
    expect(allocateSeat(rooms, [])).toEqual({ room: '第1考场', seat: '01' });
    expect(allocateSeat(rooms, [{ room: '第1考场', seat: '01' }])).toEqual({ room: '第1考场', seat: '02' });
    expect(allocateSeat(rooms, [{ room: '第1考场', seat: '02' }])).toEqual({ room: '第1考场', seat: '01' });
    expect(allocateSeat(rooms, [{ room: '第1考场', seat: '01' }, { room: '第1考场', seat: '02' }])).toEqual({ room: '第2考场', seat: '01' });
  });
  it('says null when every seat is taken, and counts free seats', () => {
    const all = [1, 2].map((n) => ({ room: '第1考场', seat: `0${n}` })).concat([1, 2, 3].map((n) => ({ room: '第2考场', seat: `0${n}` })));
    expect(allocateSeat(rooms, all)).toBeNull();
    expect(allocateSeat([], [])).toBeNull();
    expect(freeSeats(rooms, all.slice(1))).toBe(1);
    // Candidates seated in a room that is not in the list (imported by hand) do not take its seats.
    expect(freeSeats(rooms, [{ room: '旧考场', seat: '01' }])).toBe(5);
  });
  it('makes all-digit ticket numbers from year, level, sitting and sequence', () => {
    expect(ticketNumber('2027-01-10', 3, 2, 1)).toBe('202703002001');
    expect(ticketNumber('2027-01-10', 1, 1234, 57)).toBe('202701234057');
  });
});
