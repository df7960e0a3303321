/**
 * Which proctor channels the other nodes watch (docs/cluster.md §5, "Grid rows across nodes"): each
 * node's word is its whole set and replaces its earlier one; a node not heard from for
 * `silentAfterMs` counts as gone with its watchers (a dead node sends no goodbye), as presence does.
 */
export function createPeerWatchers(silentAfterMs: number) {
  const nodes = new Map<string, { heard: number; channels: ReadonlySet<string> }>();

  const watched = (channel: string) => {
    for (const node of nodes.values()) if (node.channels.has(channel)) return true;
    return false;
  };

  /**
   * A node's set (null: its goodbye). Returns whether the node was unknown (it may not know this
   * node's set either) and the channels no other node watched before: rows skipped for them are due.
   */
  function heard(nodeId: string, channels: readonly string[] | null, now: number): { unknown: boolean; added: string[] } {
    const unknown = !nodes.has(nodeId);
    if (channels === null) {
      nodes.delete(nodeId);
      return { unknown: false, added: [] };
    }
    const added = channels.filter((c) => !watched(c));
    nodes.set(nodeId, { heard: now, channels: new Set(channels) });
    return { unknown, added };
  }

  /** Forgets nodes silent too long. */
  function expire(now: number): void {
    for (const [nodeId, node] of nodes) if (now - node.heard >= silentAfterMs) nodes.delete(nodeId);
  }

  return { heard, expire, watched };
}
export type PeerWatchers = ReturnType<typeof createPeerWatchers>;
