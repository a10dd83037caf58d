/**
 * best.csv on a hand-checkable sweep of three points: fan-out's wall clock at point 1 is
 * 5, 6, 7, 8 hours (mean 6.5), point 0 is it plus 4 hours in every replication (paired
 * differences all 4: p = 0, distinguishable), point 2 is it plus +0.2, -0.2, +0.4, -0.4 (mean
 * difference 0: t = 0, p = 1, indistinguishable; the tie with point 1 goes to the earlier point).
 * Holm over the two comparisons: p = (0, 1) -> adjusted (0, 1). The plateau is the first point
 * within 5% of 6.5 (6.825): point 1. The human regime is the same at every point: no rows.
 */
import { describe, expect, it } from 'vitest';
import { allocatePointValues, METRIC_INDEX, type PointValues } from '../../src/experiment/index.js';
import { bestCsv, sweepBest } from '../../src/output/index.js';
import { parseCsv } from '../cli/helpers.js';

function point(index: number, wall: number[], cost: number[]): PointValues {
  const pv = allocatePointValues(index, ['human', 'fanout'], 0, 4);
  for (const column of pv.data.flat()) column.fill(1);
  pv.data[1]![METRIC_INDEX.wall_clock_hours]!.set(wall);
  pv.data[1]![METRIC_INDEX.cost_per_merged_usd]!.set(cost);
  pv.filled = 4;
  return pv;
}

const base = [5, 6, 7, 8];
const points = [
  point(0, base.map((x) => x + 4), [100, 100, 100, 100]),
  point(1, base, [90, 91, 92, 93]),
  point(2, base.map((x, i) => x + [0.2, -0.2, 0.4, -0.4][i]!), [120, 121, 119, 120]),
];

describe('best.csv', () => {
  it('names the best point, the indistinguishable ones (Holm) and the plateau, per changing regime and metric', () => {
    const rows = parseCsv(bestCsv(points, ['fanout'], ['0,1', '1,2', '2,4']));
    expect(rows[0]).toEqual(['metric', 'regime', 'row', 'point', 'fanout', 'mean', 'above_best_share', 'p_value', 'p_value_holm', 'plateau_within_share']);
    expect(rows.slice(1, 4)).toEqual([
      ['wall_clock_hours', 'fanout', 'best', '1', '2', '6.5', '0', '', '', ''],
      ['wall_clock_hours', 'fanout', 'indistinguishable', '2', '4', '6.5', '0', '1', '1', ''],
      ['wall_clock_hours', 'fanout', 'plateau', '1', '2', '6.5', '0', '', '', '0.05'],
    ]);
    // Cost: point 1 is best (91.5); both others differ from it in every replication by more than the noise.
    const cost = rows.slice(4);
    expect(cost.map((r) => r.slice(0, 6))).toEqual([['cost_per_merged_usd', 'fanout', 'best', '1', '2', '91.5']]);
    expect(sweepBest(points).map((b) => `${b.regime}:${b.metric}`)).toEqual(['fanout:wall_clock_hours', 'fanout:cost_per_merged_usd']);
    const [, costBest] = sweepBest(points);
    expect(costBest!.result.adjustedPValues[0]).toBeLessThan(0.05);
    expect(costBest!.result.adjustedPValues[2]).toBeLessThan(0.05);
  });

  it('judges throughput higher-is-better: the best has the highest mean, and above_best_share is how far short of it', () => {
    const throughput = [point(0, base, base), point(1, base, base), point(2, base, base)];
    [[100, 101, 99, 100], [150, 151, 149, 150], [146, 147, 145, 146]].forEach((v, i) => throughput[i]!.data[1]![METRIC_INDEX.merged_per_month]!.set(v));
    const rows = parseCsv(bestCsv(throughput, ['fanout'], ['0,1', '1,2', '2,4'], ['mergedPerMonth']));
    // Point 1 is best (150); point 2 (146) differs by 4 in every replication: distinguishable;
    // it is within 5% of 150 (>= 142.5), but the plateau is the first such point in grid order.
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[5], r[6]])).toEqual([
      ['merged_per_month', 'best', '1', '150', '0'],
      ['merged_per_month', 'plateau', '1', '150', '0'],
    ]);
    const [b] = sweepBest(throughput, ['mergedPerMonth']);
    expect(b!.result.means[2]).toBe(146);
    expect(b!.result.adjustedPValues[0]).toBeLessThan(0.05);
  });

  it('a single point has no comparisons: only the header', () => {
    expect(bestCsv(points.slice(0, 1), ['fanout'], ['0,1'])).toBe('metric,regime,row,point,fanout,mean,above_best_share,p_value,p_value_holm,plateau_within_share\n');
  });
});
