import { describe, expect, it } from 'vitest';
import { blueprintFitProblems } from '@shared/blueprint.ts';

describe('a blueprint fits a part of its own kind and level', () => {
  it.each([
    [{ part: 'theory', level: 4 }, { kind: 'theory', level: 4 }, []],
    [{ level: 4 }, { kind: 'theory', level: 4 }, []],
    [{ part: 'skills', level: 4 }, { kind: 'theory', level: 4 }, ['paperFit.part']],
    [{ part: 'theory', level: 3 }, { kind: 'theory', level: 4 }, ['paperFit.level']],
    [{ part: 'skills', level: 2 }, { kind: 'theory', level: 4 }, ['paperFit.part', 'paperFit.level']],
    [{ part: 'theory', level: 2 }, { kind: 'review', level: 2 }, ['paperFit.reviewPart']],
  ] as const)('%o on %o -> %o', (blueprint, part, keys) => {
    expect(blueprintFitProblems(blueprint, part).map((p) => p.key)).toEqual(keys);
  });
});
