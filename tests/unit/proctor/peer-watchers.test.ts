import { describe, expect, it } from 'vitest';
import { createPeerWatchers } from '../../../server/src/features/proctor/peer-watchers.ts';
import { createSkippedRows } from '../../../server/src/features/proctor/skipped-rows.ts';

describe('watchers heard from other nodes', () => {
  it("keeps each node's latest set, says which channels just became watched and which node is new", () => {
    const peers = createPeerWatchers(3_000);
    expect(peers.heard('b', ['proctor:1:A', 'proctor:1:A:5'], 0)).toEqual({ unknown: true, added: ['proctor:1:A', 'proctor:1:A:5'] });
    // C watching what B already watches adds nothing: rows were already flowing.
    expect(peers.heard('c', ['proctor:1:A', 'proctor:1:B'], 0)).toEqual({ unknown: true, added: ['proctor:1:B'] });
    expect(peers.heard('b', [], 10)).toEqual({ unknown: false, added: [] });
    expect(peers.watched('proctor:1:A:5')).toBe(false);
    expect(peers.watched('proctor:1:A')).toBe(true);
  });

  it('forgets a node silent for the whole window, and one that said goodbye', () => {
    const peers = createPeerWatchers(3_000);
    peers.heard('b', ['proctor:1:A'], 0);
    peers.heard('c', ['proctor:1:B'], 1_000);
    peers.expire(2_999);
    expect(peers.watched('proctor:1:A')).toBe(true);
    peers.expire(3_000);
    expect(peers.watched('proctor:1:A')).toBe(false);
    expect(peers.watched('proctor:1:B')).toBe(true);
    peers.heard('c', null, 1_500);
    expect(peers.watched('proctor:1:B')).toBe(false);
    // A node dropped and heard again is new: it is answered with this node's set.
    expect(peers.heard('b', [], 4_000).unknown).toBe(true);
  });
});

describe('rows skipped for want of a watcher', () => {
  it("gives back the candidates skipped lately in a newly watched room, once, and forgets older ones", () => {
    const skipped = createSkippedRows(1_000);
    skipped.add(1, 'proctor:1:A', 0);
    skipped.add(2, 'proctor:1:A', 500);
    skipped.add(3, 'proctor:1:B', 600);
    skipped.add(1, 'proctor:1:A', 700);
    expect(skipped.due(['proctor:1:A:5'], 1_400)).toEqual([2, 1]);
    expect(skipped.due(['proctor:1:A'], 1_400)).toEqual([]);
    // Candidate 3 was skipped more than a second before B became watched.
    expect(skipped.due(['proctor:1:B'], 1_601)).toEqual([]);
  });
});
