import { describe as group, expect, it } from 'vitest';
import { tQuantile975 } from '../../src/experiment/index.js';
import { bestPoint, holmAdjust, pairedTTest, tTestPValue } from '../../src/analysis/index.js';

/** n replications of `mean` + common luck c_r + ± `jitter` alternating (paired across points by r). */
function point(mean: number, jitter: number, n = 40): number[] {
  return Array.from({ length: n }, (_, r) => mean + 3 * Math.sin(r) + (r % 2 ? jitter : -jitter));
}

group('bestPoint', () => {
  it('finds the best, the points indistinguishable from it, and the plateau', () => {
    // Point 3 differs from point 2 by 0.05 ± 1 (t = 0.05 √40 / 1.013 ≈ 0.31): indistinguishable.
    // The others differ by at least 1 with a spread of 0.1: clearly worse.
    const values = [point(10, 0), point(6, 0.05), point(5, 0), point(5.05, 1), point(9, 0)];
    const r = bestPoint(values);
    expect(r.best).toBe(2);
    expect(r.means[2]).toBeCloseTo(5 + (3 * values[0]!.reduce((s, _, i) => s + Math.sin(i), 0)) / 40, 12);
    expect(r.indistinguishable).toEqual([2, 3]);
    expect(r.pValues[3]).toBeGreaterThan(0.5);
    expect(r.adjustedPValues[1]).toBeLessThan(1e-10);
    expect(Number.isNaN(r.pValues[2]!)).toBe(true);
    // Within 5% of the best mean (≈ 5): point 2 is the first; with 25%, point 1 (6 ≤ 1.25 × 5.0x).
    expect(r.plateau).toBe(2);
    expect(bestPoint(values, { plateauShare: 0.25 }).plateau).toBe(1);
  });

  it('gives ties to the earlier (cheaper) point', () => {
    const r = bestPoint([point(7, 0), point(5, 0), point(5, 0)]);
    expect(r.best).toBe(1);
    expect(r.indistinguishable).toEqual([1, 2]); // equal values: p = 1
    expect(r.pValues[2]).toBe(1);
    expect(r.pValues[0]).toBe(0); // a constant non-zero difference
  });

  it('corrects for multiplicity with Holm', () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holmAdjust([0.02, Number.NaN, 0.5])).toEqual([0.04, Number.NaN, 0.5]);
    // Raw p = 0.03 is significant alone but not among three comparisons.
    const adjusted = holmAdjust([0.03, 0.2, 0.4]);
    expect(adjusted[0]).toBeCloseTo(0.09, 12);
  });

  it('computes paired t p-values from Student t', () => {
    expect(tTestPValue(tQuantile975(10), 10)).toBeCloseTo(0.05, 10);
    expect(tTestPValue(0, 5)).toBe(1);
    // d = 1, 2, 3, 4, 5 + 0: mean 3, sd √2.5, t = 3 / (√2.5 / √5) = 4.243, df 4: p ≈ 0.0132.
    expect(pairedTTest([1, 2, 3, 4, 5], [0, 0, 0, 0, 0])).toBeCloseTo(0.013236, 5);
    expect(pairedTTest([1, Number.NaN, 3, 4, 5, 2], [0, 0, 0, 0, 0, Number.NaN])).toBeCloseTo(pairedTTest([1, 3, 4, 5], [0, 0, 0, 0]), 15);
  });

  it('rejects an empty sweep', () => {
    expect(() => bestPoint([])).toThrow(/at least one point/);
    expect(() => bestPoint([[Number.NaN]])).toThrow(/finite mean/);
  });
});
