import { z } from 'zod';
import { candidateSignalSchema, messageDismissSchema, proctorActionRequestSchema, reasonSchema, roomRefSchema, roomSettingsInputSchema, watchRoomSchema } from '@shared/proctor.ts';
import { handle, listenOnEach, type HandlerContext, type SocketListener } from '../../core/socket-handler.ts';
import type { AppServer, AppSocket } from '../../core/socket.ts';
import type { ProctorService } from './proctor-service.ts';

const staff = ['proctor', 'admin'] as const;
const settingsSchema = roomRefSchema.extend({ settings: roomSettingsInputSchema, reason: reasonSchema });

/** The listeners are made once and shared by every connection (core/socket-handler.ts). */
export function registerProctorHandlers(io: AppServer, deps: { proctor: ProctorService; ctx: HandlerContext }) {
  const { proctor, ctx } = deps;
  // Both catch and log their own failures: nothing awaits a connection's bookkeeping.
  io.on('connection', (socket: AppSocket) => void proctor.candidateConnected(socket));
  const listeners: Record<string, SocketListener> = {
    disconnect(this: AppSocket, reason: unknown) {
      void proctor.candidateDisconnected(this, String(reason));
    },
    'candidate:signal': handle(ctx, { event: 'candidate:signal', roles: ['candidate'], schema: candidateSignalSchema }, (socket, p) => proctor.signal(socket.data.user, p)),
    'candidate:dismiss_message': handle(ctx, { event: 'candidate:dismiss_message', roles: ['candidate'], schema: messageDismissSchema }, (socket, p) => proctor.dismissMessage(socket.data.user, p.id)),
    'proctor:rooms': handle(ctx, { event: 'proctor:rooms', roles: staff, schema: z.strictObject({}) }, (socket) => proctor.rooms(socket.data.user)),
    'proctor:watch': handle(ctx, { event: 'proctor:watch', roles: staff, schema: watchRoomSchema }, (socket, p) => proctor.watch(socket, socket.data.user, p)),
    'proctor:unwatch': handle(ctx, { event: 'proctor:unwatch', roles: staff, schema: roomRefSchema }, (socket) => proctor.unwatch(socket)),
    'proctor:action': handle(ctx, { event: 'proctor:action', roles: staff, schema: proctorActionRequestSchema }, (socket, p) => proctor.act(socket.data.user, p)),
    'proctor:settings': handle(ctx, { event: 'proctor:settings', roles: staff, schema: settingsSchema }, (socket, p) => proctor.setSettings(socket.data.user, p, p.settings, p.reason)),
  };
  listenOnEach(io, listeners);
}
