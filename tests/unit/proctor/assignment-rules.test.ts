import { describe, expect, it } from 'vitest';
import { assignmentChanges } from '../../../server/src/features/proctor/proctor-rules.ts';

describe('replacing a room\'s proctor list', () => {
  it.each([
    [[], [3], { added: [3], removed: [] }],
    [[3], [], { added: [], removed: [3] }],
    [[3, 4], [4, 5], { added: [5], removed: [3] }],
    [[3, 4], [4, 3], { added: [], removed: [] }],
  ])('%j → %j', (current, wanted, expected) => {
    expect(assignmentChanges(current, wanted)).toEqual(expected);
  });
});
