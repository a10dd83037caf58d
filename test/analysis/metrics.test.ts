import { describe as group, expect, it } from 'vitest';
import { describe, tQuantile975 } from '../../src/experiment/index.js';
import { metricInterval, pairedDifference, resolveMetrics } from '../../src/analysis/index.js';

group('metrics', () => {
  const outputs = ['cost', 'merged', 'hours'];
  const [cost, perMerged, hours] = resolveMetrics(outputs, [
    { name: 'cost', mean: 'cost' },
    { name: 'perMerged', numerator: 'cost', denominator: 'merged' },
    { name: 'hours', mean: 'hours' },
  ]);

  it('gives a mean Student t interval, the same as describe, leaving out NaN', () => {
    const columns = [[4, 1, 3, 2], [1, 1, 0, 1], [1, Number.NaN, 3, 5]];
    const d = describe(columns[0]!);
    const e = metricInterval(cost!, columns);
    expect(e.estimate).toBe(2.5);
    expect(e.ciLow).toBeCloseTo(d.ciLow, 12);
    expect(e.ciHigh).toBeCloseTo(d.ciHigh, 12);
    const h = metricInterval(hours!, columns);
    expect(h.n).toBe(2 + 1);
    expect(h.estimate).toBe(3);
  });

  it('gives a ratio of sums with its delta-method interval', () => {
    const c = [4, 1, 3, 2];
    const m = [1, 1, 0, 1];
    const e = metricInterval(perMerged!, [c, m, [0, 0, 0, 0]]);
    const r = 10 / 3;
    // z = (c - R m) / mean(m) = (4 - r, 1 - r, 3, 2 - r) / 0.75, which sums to 0.
    const z = c.map((v, i) => (v - r * m[i]!) / 0.75);
    const sd = Math.sqrt(z.reduce((s, v) => s + v * v, 0) / 3);
    expect(e.estimate).toBeCloseTo(r, 12);
    expect(e.halfWidth).toBeCloseTo((tQuantile975(3) * sd) / 2, 12);
  });

  it('pairs two points replication by replication', () => {
    const base = [[10, 20, 30, 40], [1, 1, 1, 1], [0, 0, 0, 0]];
    const shifted = [[12, 22, 33, 42], [1, 1, 1, 1], [0, 0, 0, 0]];
    const d = pairedDifference(cost!, shifted, base);
    expect(d.estimate).toBeCloseTo(2.25, 12);
    // differences 2, 2, 3, 2: sd 0.5
    expect(d.halfWidth).toBeCloseTo((tQuantile975(3) * 0.5) / 2, 12);
  });

  it('names an unknown output and a repeated metric', () => {
    expect(() => resolveMetrics(outputs, [{ name: 'x', mean: 'usd' }])).toThrow(/metric 'x': unknown output 'usd'/);
    expect(() => resolveMetrics(outputs, [{ name: 'x', mean: 'cost' }, { name: 'x', mean: 'hours' }])).toThrow(/defined twice/);
    expect(resolveMetrics(['a', 'b']).map((m) => m.name)).toEqual(['a', 'b']);
  });
});
