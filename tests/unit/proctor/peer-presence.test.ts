import { describe, expect, it } from 'vitest';
import { createPeerPresence } from '../../../server/src/features/proctor/peer-presence.ts';

describe('presence heard from other nodes', () => {
  it('sums the nodes, a snapshot replacing what its node said before', () => {
    const peers = createPeerPresence(3_000);
    expect(peers.heard('b', 'change', [[7, 1, 100]], 0)).toEqual([7]);
    expect(peers.heard('c', 'snapshot', [[7, 2, 150], [8, 1, 120]], 0)).toEqual([7, 8]);
    expect(peers.of(7)).toEqual({ sockets: 3, lastSeen: 150 });
    // B's snapshot no longer names user 7: B has no connection of theirs now.
    expect(peers.heard('b', 'snapshot', [], 10)).toEqual([7]);
    expect(peers.of(7)).toEqual({ sockets: 2, lastSeen: 150 });
    // The same snapshot again changes no one's count: no rows are due.
    expect(peers.heard('c', 'snapshot', [[7, 2, 150], [8, 1, 120]], 20)).toEqual([]);
    expect(peers.of(9)).toEqual({ sockets: 0, lastSeen: null });
  });

  it('forgets a node silent for the whole window, and one that said goodbye', () => {
    const peers = createPeerPresence(3_000);
    peers.heard('b', 'snapshot', [[7, 1, 100]], 0);
    peers.heard('c', 'snapshot', [[8, 1, 100]], 0);
    peers.heard('c', 'change', [[8, 1, 200]], 2_000);
    expect(peers.expire(2_999)).toEqual([]);
    expect(peers.expire(3_000)).toEqual([7]);
    expect(peers.of(7).sockets).toBe(0);
    expect(peers.of(8).sockets).toBe(1);
    expect(peers.heard('c', 'gone', [], 2_500)).toEqual([8]);
    expect(peers.nodeCount()).toBe(0);
  });
});
