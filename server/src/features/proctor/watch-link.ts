import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppServer } from '../../core/socket.ts';
import { createPeerWatchers } from './peer-watchers.ts';

/** Heartbeats a node may miss before the others drop its watchers (as presence, docs/cluster.md §5). */
const SILENT_BEATS = 3;
const isProctorChannel = (room: string) => room.startsWith('proctor:');

/**
 * Watchers across nodes (cluster mode): this node tells the others which proctor channels have a
 * connection here, whenever the set changes and every `heartbeatMs`, and hears theirs; a node
 * hearing one it did not know answers with its own set, so a new node learns the others' at once.
 * `added`: channels that just became watched on another node (rows skipped for them are due).
 */
export function linkWatchers(opts: { io: AppServer; heartbeatMs: number; added: (channels: string[]) => void; log: FastifyBaseLogger }) {
  const { io, log } = opts;
  const nodeId = randomUUID();
  const peers = createPeerWatchers(SILENT_BEATS * opts.heartbeatMs);
  const adapter = io.of('/').adapter;

  const send = (channels: string[] | null) => {
    try {
      io.serverSideEmit('watching', nodeId, channels);
    } catch (err) {
      log.warn({ err }, 'watchers: publishing failed');
    }
  };
  const local = () => [...adapter.rooms.keys()].filter(isProctorChannel);
  // A proctor switching parts leaves and joins in one turn: one message says both.
  let queued = false;
  const sendSoon = (room: string) => {
    if (!isProctorChannel(room) || queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      send(local());
    });
  };
  adapter.on('create-room', sendSoon);
  adapter.on('delete-room', sendSoon);

  io.on('watching', (from, channels) => {
    const { unknown, added } = peers.heard(from, channels, Date.now());
    if (unknown) send(local());
    if (added.length > 0) opts.added(added);
  });
  const tick = () => {
    send(local());
    peers.expire(Date.now());
  };
  const timer = setInterval(tick, opts.heartbeatMs);
  timer.unref();
  tick();

  return {
    /** Whether another node has a watcher of the channel (as last heard). */
    watched: peers.watched,
    stop() {
      clearInterval(timer);
      adapter.off('create-room', sendSoon);
      adapter.off('delete-room', sendSoon);
      send(null);
    },
  };
}
export type WatchLink = ReturnType<typeof linkWatchers>;
