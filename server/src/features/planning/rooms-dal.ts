import { eq } from 'drizzle-orm';
import { tablesFor } from '../../core/db/owners.ts';
import type { Db } from '../../core/db/store.ts';

/** Data access of room edits; the callers hold the transaction (candidates and proctors follow through ports.ts). */
export function createRoomsDal(db: Db) {
  const { rooms } = tablesFor(db, 'planning');
  return {
    async room(id: number) {
      const [row] = await db.select().from(rooms).where(eq(rooms.id, id));
      return row;
    },
    async rename(roomId: number, name: string) {
      await db.update(rooms).set({ name }).where(eq(rooms.id, roomId));
    },
    async resize(roomId: number, seats: number) {
      await db.update(rooms).set({ seats }).where(eq(rooms.id, roomId));
    },
    async remove(roomId: number) {
      await db.delete(rooms).where(eq(rooms.id, roomId));
    },
  };
}
export type RoomsDal = ReturnType<typeof createRoomsDal>;
