import { describe, expect, it } from 'vitest';
import { allocatePointValues, KEPT_INDEX } from '../../src/experiment/index.js';
import { columnDistribution, DISTRIBUTION_LEVELS, distributionsCsv, ExactSums, parseDistributionsCsv, RunSums, sumValue } from '../../src/output/distributions.js';

describe('ExactSums', () => {
  it('gives the same total whatever the order of the additions, past 2^53 too (cells below 2^52)', () => {
    const cells = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 1000003) * 1e9 + (i % 7) - 3);
    const forward = new ExactSums(1);
    const backward = new ExactSums(1);
    cells.forEach((n) => forward.add(0, n));
    [...cells].reverse().forEach((n) => backward.add(0, n));
    const exact = cells.reduce((a, n) => a + BigInt(n), 0n);
    expect(exact > 2n ** 53n).toBe(true);
    expect(forward.total(0)).toBe(exact);
    expect(backward.total(0)).toBe(exact);
    expect(forward.counts[0]).toBe(2000);
  });

  it('leaves NaN and infinities out of the sum and the count', () => {
    const s = new ExactSums(1);
    for (const n of [3, Number.NaN, Number.POSITIVE_INFINITY, 4]) s.add(0, n);
    expect(s.total(0)).toBe(7n);
    expect(s.counts[0]).toBe(2);
    expect(sumValue(1234n, 2)).toBe(12.34);
  });
});

describe('distributions.csv', () => {
  it('round-trips: sums by slice (as tasks give them) equal sums by row, and the quantiles are type 7', () => {
    const pv = allocatePointValues(0, ['single', 'fanout'], 0, 5);
    const wall = pv.data[1]![KEPT_INDEX['wall_clock_hours']!]!;
    [4, 1, Number.NaN, 3, 2].forEach((x, i) => (wall[i] = x));
    const byRow = new RunSums(['sonnet'], [['single', 'fanout']]);
    const header = byRow.columns.map((c) => c.name);
    const k = header.indexOf('inference_usd');
    const rows = [0.1, 0.2, 0.3, 1e6, 0.7];
    for (const x of rows) {
      const cells = header.map(() => '');
      cells[k] = String(x);
      byRow.addCells(0, 1, cells, byRow.indexIn(header));
    }
    // The same five cells as two tasks' totals, the later task first.
    const bySlice = new RunSums(['sonnet'], [['single', 'fanout']]);
    const task = (xs: number[]) => {
      const s = new ExactSums(2 * header.length);
      for (const x of xs) s.add(header.length + k, Math.round(x * 1e4));
      return { totals: s.totals(), counts: s.counts };
    };
    bySlice.addChunk(0, task(rows.slice(3)));
    bySlice.addChunk(0, task(rows.slice(0, 3)));
    const text = distributionsCsv({ params: [], prefixes: ['0'], values: [pv], sums: bySlice });
    expect(distributionsCsv({ params: [], prefixes: ['0'], values: [pv], sums: byRow })).toBe(text);
    const groups = parseDistributionsCsv(text);
    expect(groups.map((g) => g.regime)).toEqual(['single', 'fanout']);
    const fanout = groups[1]!;
    expect(fanout.rows).toBe(5);
    expect(fanout.sums.get('inference_usd')).toBe(1000001.3);
    expect(fanout.counts.get('inference_usd')).toBe(5);
    const d = fanout.distributions.get('wall_clock_hours')!;
    expect(d).toEqual(columnDistribution(wall));
    expect(d.n).toBe(4);
    expect(d.mean).toBe(2.5);
    expect(d.quantiles).toHaveLength(DISTRIBUTION_LEVELS + 1);
    expect([d.quantiles[0], d.quantiles[DISTRIBUTION_LEVELS / 2], d.quantiles[DISTRIBUTION_LEVELS]]).toEqual([1, 2.5, 4]);
  });

  it('gives a sweep (several points) its sums only', () => {
    const points = [0, 1].map((p) => allocatePointValues(p, ['single'], 0, 2));
    const text = distributionsCsv({ params: ['fanout'], prefixes: ['0,1', '1,2'], values: points, sums: new RunSums([], [['single'], ['single']]) });
    expect(text.split('\n')[0]).toBe('point,fanout,regime,column,statistic,probability,value');
    expect(text).not.toContain(',quantile,');
    expect(parseDistributionsCsv(text).map((g) => [g.point, g.rows, g.sums.get('merged')])).toEqual([
      [0, 2, 0],
      [1, 2, 0],
    ]);
  });
});
