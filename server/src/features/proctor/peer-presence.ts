import type { PresenceEntry } from '../../core/socket.ts';

type Seen = { sockets: number; lastSeen: number };

/**
 * What the other nodes last said about their candidates' connections (docs/cluster.md §5). Each
 * node's word replaces its earlier word; a node not heard from for `silentAfterMs` (three of its
 * snapshots) counts as gone, its connections with it: a dead node sends no goodbye.
 */
export function createPeerPresence(silentAfterMs: number) {
  const nodes = new Map<string, { heard: number; users: Map<number, Seen> }>();

  /** Users whose count of connections on that node changed: their grid rows are due. */
  function heard(nodeId: string, kind: 'change' | 'snapshot' | 'gone', entries: readonly PresenceEntry[], now: number): number[] {
    const before = nodes.get(nodeId);
    if (kind === 'gone') {
      nodes.delete(nodeId);
      return before ? [...before.users.keys()] : [];
    }
    const node = before ?? { heard: now, users: new Map<number, Seen>() };
    node.heard = now;
    nodes.set(nodeId, node);
    // A change names its users; a snapshot also un-says everyone it leaves out.
    const was = new Map<number, number>();
    for (const [userId] of entries) was.set(userId, node.users.get(userId)?.sockets ?? 0);
    if (kind === 'snapshot') {
      for (const [userId, seen] of node.users) if (!was.has(userId)) was.set(userId, seen.sockets);
      node.users.clear();
    }
    for (const [userId, sockets, lastSeen] of entries) {
      if (sockets > 0) node.users.set(userId, { sockets, lastSeen });
      else node.users.delete(userId);
    }
    return [...was].filter(([userId, sockets]) => sockets !== (node.users.get(userId)?.sockets ?? 0)).map(([userId]) => userId);
  }

  /** Forgets nodes silent too long; returns the users they had connected. */
  function expire(now: number): number[] {
    const dropped: number[] = [];
    for (const [nodeId, node] of nodes) {
      if (now - node.heard < silentAfterMs) continue;
      nodes.delete(nodeId);
      dropped.push(...node.users.keys());
    }
    return dropped;
  }

  /** The user's connections on the other nodes, and when one of them last connected or left. */
  function of(userId: number): { sockets: number; lastSeen: number | null } {
    let sockets = 0;
    let lastSeen: number | null = null;
    for (const node of nodes.values()) {
      const seen = node.users.get(userId);
      if (!seen) continue;
      sockets += seen.sockets;
      lastSeen = Math.max(lastSeen ?? seen.lastSeen, seen.lastSeen);
    }
    return { sockets, lastSeen };
  }

  return { heard, expire, of, nodeCount: () => nodes.size };
}
export type PeerPresence = ReturnType<typeof createPeerPresence>;
