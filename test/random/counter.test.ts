import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleCorrelation } from 'simple-statistics';
import { CounterKey, counterKey, threefry2x32, threefryOut } from '../../src/random/counter.js';

const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

describe('threefry2x32 (20 rounds)', () => {
  // Random123's kat_vectors: "threefry2x32 20 ctr0 ctr1 key0 key1 out0 out1".
  const KAT: Array<[string, string, string, string, string, string]> = [
    ['00000000', '00000000', '00000000', '00000000', '6b200159', '99ba4efe'],
    ['ffffffff', 'ffffffff', 'ffffffff', 'ffffffff', '1cb996fc', 'bb002be7'],
    ['243f6a88', '85a308d3', '13198a2e', '03707344', 'c4923a9c', '483df7a0'],
  ];
  it.each(KAT)('matches the known answer for counter %s %s, key %s %s', (c0, c1, k0, k1, o0, o1) => {
    const n = (h: string) => Number.parseInt(h, 16);
    threefry2x32(n(k0), n(k1), n(c0), n(c1));
    expect([hex(threefryOut[0]!), hex(threefryOut[1]!)]).toEqual([o0, o1]);
  });
});

describe('CounterKey', () => {
  it('gives uniforms in [0, 1) that depend only on (key, counter), in any order of asking', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { minLength: 1, maxLength: 60 }), (cells) => {
        const fresh = (c0: number, c1: number) => new CounterKey(11, 22).uniform(c0, c1);
        const shared = new CounterKey(11, 22);
        for (const [c0, c1] of cells) {
          const u = shared.uniform(c0, c1);
          expect(u).toBe(fresh(c0, c1));
          expect(u >= 0 && u < 1).toBe(true);
        }
      }),
    );
  });

  it('is uniform: chi-square over 100 bins, means and lag-1 correlation within their sampling error', () => {
    const key = counterKey(2026, 'test');
    const n = 200_000;
    const bins = new Array<number>(100).fill(0);
    const xs = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = key.uniform(i >>> 1, 7 * 2 + (i & 1));
      xs[i] = u;
      sum += u;
      bins[Math.floor(u * 100)]!++;
    }
    const expected = n / 100;
    const chi2 = bins.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    // 99 degrees of freedom: the 0.999 quantile is 148.2.
    expect(chi2).toBeLessThan(148.2);
    // Mean 1/2 with sd sqrt(1/12n) = 6.5e-4: 5 sd.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(3.3e-3);
    // Neighbouring cells (the two words of one block, then the next block): no correlation.
    const r = sampleCorrelation(Array.from(xs.subarray(0, n - 1)), Array.from(xs.subarray(1)));
    expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('derives children that are independent of the parent and of each other', () => {
    const root = counterKey(1, 'test');
    const a = root.childOf(0);
    const b = root.childOf(1);
    const big = root.childOf(2 ** 40 + 3);
    const xa = Array.from({ length: 5000 }, (_, i) => a.uniform(0, i));
    const xb = Array.from({ length: 5000 }, (_, i) => b.uniform(0, i));
    const xr = Array.from({ length: 5000 }, (_, i) => root.uniform(0, i));
    expect(Math.abs(sampleCorrelation(xa, xb))).toBeLessThan(0.06);
    expect(Math.abs(sampleCorrelation(xa, xr))).toBeLessThan(0.06);
    expect(big.k0 === a.k0 && big.k1 === a.k1).toBe(false);
    expect(root.childOf(7)).toEqual(root.childOf(7));
    expect(() => root.childOf(-1)).toThrow(/whole number/);
    expect(() => root.childOf(0.5)).toThrow(/whole number/);
  });

  it('streams the cells of one lane in order', () => {
    const key = new CounterKey(5, 6);
    const s = key.stream(3);
    const fresh = new CounterKey(5, 6);
    for (let i = 0; i < 10; i++) expect(s()).toBe(fresh.uniform(3, i));
  });

  it('hashes string and numeric seeds apart', () => {
    expect(counterKey(1)).not.toEqual(counterKey('1x'));
    expect(counterKey(1, 'a')).not.toEqual(counterKey(1, 'b'));
    expect(counterKey('abc', 'a')).toEqual(counterKey('abc', 'a'));
  });
});
