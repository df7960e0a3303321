/** Seats and ticket numbers: pure, so the allocation rules are tested without a database. */

export type RoomCapacity = { name: string; seats: number };

import { seatLabel } from '@shared/planning.ts';

export { seatLabel };

/** The first free seat, rooms in their given order, seats from 01; null when the sitting is full. */
export function allocateSeat(rooms: readonly RoomCapacity[], taken: readonly { room: string; seat: string }[]): { room: string; seat: string } | null {
  const used = new Set(taken.map((t) => `${t.room}\u0000${t.seat}`));
  for (const room of rooms) {
    for (let n = 1; n <= room.seats; n++) {
      if (!used.has(`${room.name}\u0000${seatLabel(n)}`)) return { room: room.name, seat: seatLabel(n) };
    }
  }
  return null;
}

export function freeSeats(rooms: readonly RoomCapacity[], taken: readonly { room: string; seat: string }[]): number {
  const names = new Set(rooms.map((r) => r.name));
  return rooms.reduce((n, r) => n + r.seats, 0) - taken.filter((t) => names.has(t.room)).length;
}

/**
 * 准考证号: exam year (4), level (2), sitting (3), sequence (3), all digits, e.g. 202603002001.
 * All digits on purpose: applicant logins must contain a letter, so the two never collide.
 */
export function ticketNumber(examDate: string, level: number, sittingId: number, seq: number): string {
  return `${examDate.slice(0, 4)}${String(level).padStart(2, '0')}${String(sittingId % 1000).padStart(3, '0')}${String(seq).padStart(3, '0')}`;
}
