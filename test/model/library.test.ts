import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';

describe('the library entry point', () => {
  it("runs the README's example: a partial scenario at any depth", () => {
    const outcomes = simulate({ fanout: 8, review: { reviewers: 3 } }, { runs: 20, seed: 42 });
    expect(outcomes).toHaveLength(20);
    expect(outcomes[0]!.runs.map((r) => r.regime)).toEqual(['human', 'single', 'fanout']);
    expect(simulate({ fanout: 8, review: { reviewers: 3 } }, { runs: 20, seed: 42 })).toEqual(outcomes);
  });
});
