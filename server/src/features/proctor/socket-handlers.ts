import { z } from 'zod';
import { candidateSignalSchema, messageDismissSchema, proctorActionRequestSchema, reasonSchema, roomRefSchema, roomSettingsInputSchema, watchRoomSchema } from '@shared/proctor.ts';
import { handle, type HandlerContext } from '../../core/socket-handler.ts';
import type { AppServer, AppSocket } from '../../core/socket.ts';
import type { ProctorService } from './proctor-service.ts';

const staff = ['proctor', 'admin'] as const;
const settingsSchema = roomRefSchema.extend({ settings: roomSettingsInputSchema, reason: reasonSchema });

export function registerProctorHandlers(io: AppServer, deps: { proctor: ProctorService; ctx: HandlerContext }) {
  const { proctor, ctx } = deps;
  io.on('connection', (socket: AppSocket) => {
    const user = socket.data.user;
    // Both catch and log their own failures: nothing awaits a connection's bookkeeping.
    void proctor.candidateConnected(socket);
    socket.on('disconnect', (reason) => void proctor.candidateDisconnected(socket, reason));
    socket.on('candidate:signal', handle(socket, ctx, { event: 'candidate:signal', roles: ['candidate'], schema: candidateSignalSchema }, (p) => proctor.signal(user, p)));
    socket.on(
      'candidate:dismiss_message',
      handle(socket, ctx, { event: 'candidate:dismiss_message', roles: ['candidate'], schema: messageDismissSchema }, (p) => proctor.dismissMessage(user, p.id)),
    );
    socket.on('proctor:rooms', handle(socket, ctx, { event: 'proctor:rooms', roles: staff, schema: z.strictObject({}) }, () => proctor.rooms(user)));
    socket.on('proctor:watch', handle(socket, ctx, { event: 'proctor:watch', roles: staff, schema: watchRoomSchema }, (p) => proctor.watch(socket, user, p)));
    socket.on('proctor:unwatch', handle(socket, ctx, { event: 'proctor:unwatch', roles: staff, schema: roomRefSchema }, () => proctor.unwatch(socket)));
    socket.on('proctor:action', handle(socket, ctx, { event: 'proctor:action', roles: staff, schema: proctorActionRequestSchema }, (p) => proctor.act(user, p)));
    socket.on('proctor:settings', handle(socket, ctx, { event: 'proctor:settings', roles: staff, schema: settingsSchema }, (p) => proctor.setSettings(user, p, p.settings, p.reason)));
  });
}
