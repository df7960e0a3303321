import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppServer, PresenceEntry } from '../../core/socket.ts';
import { createPeerPresence } from './peer-presence.ts';

/** Snapshots a node may miss before the others count it as gone (docs/cluster.md §5). */
const SILENT_SNAPSHOTS = 3;

/**
 * Presence across nodes (cluster mode): this node tells the others of its candidates' connections
 * as they change and in a full snapshot every `snapshotMs`, and hears theirs. Liveness is wall
 * time, not the exam clock: a node's silence is real seconds whatever an exam's clock says.
 */
export function linkPresence(opts: {
  io: AppServer;
  snapshotMs: number;
  local: () => PresenceEntry[];
  /** Whether the user has a connection on this node. */
  hasLocal: (userId: number) => boolean;
  changed: (userIds: number[]) => void;
  log: FastifyBaseLogger;
}) {
  const { io, log } = opts;
  const nodeId = randomUUID();
  const peers = createPeerPresence(SILENT_SNAPSHOTS * opts.snapshotMs);

  const send = (kind: 'change' | 'snapshot' | 'gone', entries: PresenceEntry[]) => {
    try {
      io.serverSideEmit('presence', nodeId, kind, entries);
    } catch (err) {
      log.warn({ err }, 'presence: publishing failed');
    }
  };
  const changed = (userIds: number[]) => {
    if (userIds.length > 0) opts.changed(userIds);
  };

  // The sender of a change pushes the rows it touches; what is learnt here is what a change missed.
  // But a page that moved node: the sender's row may not yet count this node's connection, so a
  // node holding one pushes the row again, later and so newer (the console keeps the newer row).
  io.on('presence', (from, kind, entries) => {
    const touched = peers.heard(from, kind, entries, Date.now());
    changed(kind === 'change' ? touched.filter(opts.hasLocal) : touched);
  });
  const tick = () => {
    send('snapshot', opts.local());
    changed(peers.expire(Date.now()));
  };
  const timer = setInterval(tick, opts.snapshotMs);
  timer.unref();
  tick();

  return {
    publish: (entry: PresenceEntry) => send('change', [entry]),
    /** The user's connections on the other nodes. */
    of: peers.of,
    nodeCount: peers.nodeCount,
    stop() {
      clearInterval(timer);
      send('gone', []);
    },
  };
}
export type PresenceLink = ReturnType<typeof linkPresence>;
