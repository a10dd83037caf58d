import { describe as group, expect, it } from 'vitest';
import { BootstrapMemo, bootstrapSums, describe, probabilityLower, roundTo, shareBothPresent, tQuantile975 } from '../../src/experiment/index.js';

group('describe', () => {
  it('matches hand-computed values on a small sample', () => {
    const d = describe([4, 1, 3, 2]);
    expect(d.n).toBe(4);
    expect(d.mean).toBe(2.5);
    expect(d.sd).toBeCloseTo(Math.sqrt(5 / 3), 12); // 1.2909944
    const half = (3.182446305284263 * Math.sqrt(5 / 3)) / 2; // t(0.975, 3) sd / sqrt(n)
    expect(d.ciLow).toBeCloseTo(2.5 - half, 9);
    expect(d.ciHigh).toBeCloseTo(2.5 + half, 9);
    // type 7: x[(n-1)p] interpolated
    expect(d.p5).toBeCloseTo(1.15, 12);
    expect(d.p25).toBeCloseTo(1.75, 12);
    expect(d.p50).toBeCloseTo(2.5, 12);
    expect(d.p75).toBeCloseTo(3.25, 12);
    expect(d.p95).toBeCloseTo(3.85, 12);
    expect(d.p99).toBeCloseTo(3.97, 12);
  });

  it('leaves out NaN and handles tiny samples', () => {
    expect(describe([1, Number.NaN, 3]).mean).toBe(2);
    expect(describe([1, Number.NaN, 3]).n).toBe(2);
    const one = describe([7]);
    expect(one.n).toBe(1);
    expect(one.mean).toBe(7);
    expect(one.p99).toBe(7);
    expect(Number.isNaN(one.sd)).toBe(true);
    expect(describe([]).n).toBe(0);
    expect(Number.isNaN(describe([Number.NaN]).mean)).toBe(true);
  });

  it('does not depend on the order of equal inputs', () => {
    expect(describe(new Float64Array([5, 1, 4, 2, 3]))).toEqual(describe(new Float64Array([5, 1, 4, 2, 3])));
  });
});

group('tQuantile975', () => {
  it('matches tables', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062047, 5);
    expect(tQuantile975(10)).toBeCloseTo(2.2281389, 6);
    expect(tQuantile975(30)).toBeCloseTo(2.0422725, 6);
    expect(tQuantile975(1e6)).toBeCloseTo(1.959966, 5);
    expect(Number.isNaN(tQuantile975(0))).toBe(true);
  });
});

group('probabilityLower', () => {
  it('counts wins, ties as half, missing values as worst', () => {
    expect(probabilityLower([1, 2, 3, 4], [2, 2, 1, 5])).toBe((1 + 0.5 + 0 + 1) / 4);
    // Both missing (the third pair) is left out: two pairs counted, one won.
    expect(probabilityLower([Number.NaN, 1, Number.NaN], [1, Number.NaN, Number.NaN])).toBe(1 / 2);
  });

  it('equals a direct count on paired data with unmerged replications (NaN: did not merge)', () => {
    const N = Number.NaN;
    // a:  3  N  5  N  2  7  N  4
    // b:  4  6  N  N  2  1  N  9
    // counted (at least one merged): 0,1,2,4,5,7 = 6; a wins at 0 (3<4), 2 (b unmerged), 7 (4<9),
    // ties at 4 (half); loses at 1 (a unmerged) and 5 (7>1). Wins 3.5 of 6. Both merged: 0,4,5,7 = 4 of 8.
    const a = [3, N, 5, N, 2, 7, N, 4];
    const b = [4, 6, N, N, 2, 1, N, 9];
    expect(probabilityLower(a, b)).toBe(3.5 / 6);
    expect(shareBothPresent(a, b)).toBe(4 / 8);
    // Higher is better (a count or a rate): wins at 2, 5; tie at 4; wins at... 0 and 7 are losses now.
    expect(probabilityLower(a, b, true)).toBe(2.5 / 6);
    expect(Number.isNaN(probabilityLower([N, N], [N, N]))).toBe(true);
  });
});

group('roundTo', () => {
  it('rounds half up and never gives -0', () => {
    expect(roundTo(1.23456, 4)).toBe(1.2346);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(Object.is(roundTo(-0.00001, 4), 0)).toBe(true);
    expect(Number.isNaN(roundTo(Number.NaN, 2))).toBe(true);
  });
});

group('bootstrapSums', () => {
  const usd = Float64Array.from({ length: 500 }, (_, i) => 10 + (i % 7));
  const merged = Float64Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? 0 : 1));
  const ratio = (s: Float64Array) => s[0]! / s[1]!;

  it('brackets the ratio of sums and is reproducible from the seed', () => {
    const point = usd.reduce((a, b) => a + b) / merged.reduce((a, b) => a + b);
    const [ci] = bootstrapSums([usd, merged], [ratio], 42, [0]);
    expect(ci!.low).toBeLessThan(point);
    expect(ci!.high).toBeGreaterThan(point);
    expect(bootstrapSums([usd, merged], [ratio], 42, [0])).toEqual([ci]);
    expect(bootstrapSums([usd, merged], [ratio], 43, [0])).not.toEqual([ci]);
  });

  it('a memo across calls (a sweep\'s points) gives the very same intervals, and keeps an unchanged vector\'s resamples', () => {
    const other = Float64Array.from(usd, (x, i) => x + (i % 3));
    const memo = new BootstrapMemo();
    const calls = [
      [usd, merged],
      [other, merged],
      [usd, merged],
    ];
    for (const vectors of calls) {
      const alone = bootstrapSums(vectors, [ratio, (s) => s[0]!], 42, [0], { maxBlocks: 100 });
      expect(bootstrapSums(vectors, [ratio, (s) => s[0]!], 42, [0], { maxBlocks: 100, memo })).toEqual(alone);
    }
    // merged sat at slot 1 every time: its resamples are the ones kept first.
    const kept = memo.sums(1, Float64Array.from(merged));
    expect(kept).not.toBeNull();
    expect(memo.sums(0, other)).toBeNull();
  });

  it('is exact for a constant statistic and blocks large samples', () => {
    const [ci] = bootstrapSums([usd, usd], [(s) => s[0]! / s[1]!], 1, [0], { maxBlocks: 50 });
    expect(ci).toEqual({ low: 1, high: 1 });
  });
});
