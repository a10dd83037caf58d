import { describe as group, expect, it } from 'vitest';
import { createStream } from '../../src/random/index.js';
import { describe } from '../../src/experiment/index.js';
import { breakEven, type BreakEvenCrossing, type Estimate } from '../../src/analysis/index.js';

/** A line a (x - root) with a band of half-width `half`. */
const line = (a: number, root: number, half: number) => (x: number): Estimate => {
  const estimate = a * (x - root);
  return { estimate, ciLow: estimate - half, ciHigh: estimate + half };
};

function crossing(result: ReturnType<typeof breakEven>): BreakEvenCrossing {
  if (!result.found) throw new Error('expected a crossing');
  return result;
}

group('breakEven', () => {
  it('finds the root of a linear difference and where its band contains 0', () => {
    const r = crossing(breakEven(line(2, 3.7, 0.5), { low: 0, high: 10, tolerance: 1e-6, maxProbes: 100 }));
    expect(r.value).toBeCloseTo(3.7, 9);
    // ciHigh = 2 (x - 3.7) + 0.5 = 0 at 3.45; ciLow = 0 at 3.95.
    expect(r.ciLow).toBeCloseTo(3.45, 9);
    expect(r.ciHigh).toBeCloseTo(3.95, 9);
    expect([r.lowOpen, r.highOpen, r.converged, r.signAtLow]).toEqual([false, false, true, -1]);
    expect(r.bracketHigh - r.bracketLow).toBeLessThanOrEqual(1e-6);
    expect(r.bracketLow).toBeLessThanOrEqual(3.7);
    expect(r.bracketHigh).toBeGreaterThanOrEqual(3.7);
    expect(r.probes.length).toBeLessThanOrEqual(100);
    expect(r.probes.map((p) => p.x)).toEqual([...r.probes.map((p) => p.x)].sort((a, b) => a - b));
  });

  it('handles a falling difference and an interval reaching past the range', () => {
    const falling = crossing(breakEven(line(-1, 5, 1), { low: 0, high: 10 }));
    expect(falling.signAtLow).toBe(1);
    expect(falling.value).toBeCloseTo(5, 9);
    expect(falling.ciLow).toBeCloseTo(4, 9);
    expect(falling.ciHigh).toBeCloseTo(6, 9);
    const wide = crossing(breakEven(line(2, 3.7, 10), { low: 0, high: 10 }));
    expect(wide.lowOpen).toBe(true);
    expect(wide.ciLow).toBe(0);
    expect(wide.highOpen).toBe(false);
    expect(wide.ciHigh).toBeCloseTo(8.7, 9);
  });

  it('reports no break-even, with the side that wins and whether the band ever reached 0', () => {
    const none = breakEven(line(1, -1, 0.5), { low: 0, high: 5 });
    expect(none.found).toBe(false);
    if (none.found) return;
    expect(none.sign).toBe(1);
    expect(none.bandContainsZero).toBe(false);
    expect(none.probes.length).toBe(5);
    const unsure = breakEven(line(1, 6, 2), { low: 0, high: 5 }); // -1 ± 2 at x = 5
    expect(unsure.found).toBe(false);
    if (!unsure.found) {
      expect(unsure.sign).toBe(-1);
      expect(unsure.bandContainsZero).toBe(true);
    }
  });

  it('returns the smallest integer at which the sign flips', () => {
    // 2 n - 7.5: -1.5 at n = 3, +0.5 at n = 4.
    const narrow = crossing(breakEven(line(2, 3.75, 1), { low: 1, high: 16, integer: true }));
    expect(narrow.value).toBe(4);
    expect([narrow.bracketLow, narrow.bracketHigh]).toEqual([3, 4]);
    // The band reaches 0 first at n = 4 (ciHigh 2n - 6.5) and lies above it from n = 5 (ciLow 2n - 8.5).
    expect([narrow.ciLow, narrow.ciHigh]).toEqual([4, 5]);
    const wide = crossing(breakEven(line(2, 3.75, 3), { low: 1, high: 16, integer: true }));
    expect([wide.value, wide.ciLow, wide.ciHigh]).toEqual([4, 3, 6]);
    for (const p of wide.probes) expect(Number.isInteger(p.x)).toBe(true);
  });

  it('brackets the true root of a noisy difference evaluated on the same replications', () => {
    // Per replication: (x - 2)(1 + 0.6 u_r) + v_r, u, v centred uniforms: E = x - 2, root 2.
    const n = 200;
    const u = Array.from({ length: n }, (_, r) => createStream('be-u', r)() - 0.5);
    const v = Array.from({ length: n }, (_, r) => 2 * (createStream('be-v', r)() - 0.5));
    const differenceAt = (x: number): Estimate => {
      const d = describe(u.map((ur, r) => (x - 2) * (1 + 0.6 * ur) + v[r]!));
      return { estimate: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh };
    };
    const r = crossing(breakEven(differenceAt, { low: 0, high: 8, tolerance: 1e-4 }));
    expect(r.ciLow).toBeLessThan(2);
    expect(r.ciHigh).toBeGreaterThan(2);
    expect(r.ciLow).toBeLessThanOrEqual(r.value);
    expect(r.ciHigh).toBeGreaterThanOrEqual(r.value);
    expect(r.ciHigh - r.ciLow).toBeLessThan(0.5); // half-width about t sd(v) / √n = 0.08
  });

  it('stops at the probe budget and says so', () => {
    let calls = 0;
    const f = line(1, Math.PI, 0.1);
    const r = crossing(breakEven((x) => (calls++, f(x)), { low: 0, high: 10, tolerance: 1e-12, maxProbes: 12 }));
    expect(calls).toBe(12);
    expect(r.converged).toBe(false);
    expect(r.bracketLow).toBeLessThanOrEqual(Math.PI);
    expect(r.bracketHigh).toBeGreaterThanOrEqual(Math.PI);
  });

  it('takes an exact zero at a probe as the root', () => {
    const r = crossing(breakEven(line(1, 0, 0.5), { low: 0, high: 4 }));
    expect(r.value).toBe(0);
    expect(r.lowOpen).toBe(true);
  });

  it('rejects an empty range and fractional integer ends', () => {
    expect(() => breakEven(line(1, 0, 1), { low: 2, high: 2 })).toThrow(/finite low < high/);
    expect(() => breakEven(line(1, 0, 1), { low: 1.5, high: 4, integer: true })).toThrow(/whole-number ends/);
  });
});
