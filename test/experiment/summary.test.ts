import { describe, expect, it } from 'vitest';
import { allocatePointValues, METRIC_INDEX, summarizePoint, type SummaryMetric } from '../../src/experiment/index.js';

/** A point with two regimes and four replications of hand-picked values. */
function point() {
  const pv = allocatePointValues(0, ['single', 'fanout'], 0, 4);
  const set = (r: number, metric: SummaryMetric, values: number[]) => pv.data[r]![METRIC_INDEX[metric]]!.set(values);
  // single
  set(0, 'wall_clock_hours', [10, 20, Number.NaN, 40]);
  set(0, 'total_usd', [100, 200, 50, 400]);
  set(0, 'merged', [1, 1, 0, 1]);
  set(0, 'cost_per_merged_usd', [100, 200, Number.NaN, 400]);
  set(0, 'total_tokens', [1000, 1000, 1000, 1000]);
  // fanout
  set(1, 'wall_clock_hours', [5, 10, 30, Number.NaN]);
  set(1, 'total_usd', [150, 150, 60, 300]);
  set(1, 'merged', [1, 1, 1, 0]);
  set(1, 'cost_per_merged_usd', [150, 150, 60, Number.NaN]);
  set(1, 'total_tokens', [4000, 4000, 4000, 4000]);
  pv.filled = 4;
  return pv;
}

describe('summarizePoint', () => {
  const rows = summarizePoint(point(), { seed: 1 });
  const find = (regime: string, metric: string, statistic: string, baseline = '') =>
    rows.find((r) => r.regime === regime && r.metric === metric && r.statistic === statistic && r.baseline === baseline)!;

  it('describes each metric, leaving out missing values', () => {
    const wall = find('single', 'wall_clock_hours', 'distribution');
    expect(wall.n).toBe(3);
    expect(wall.mean).toBeCloseTo(70 / 3, 12);
    expect(wall.p50).toBe(20);
  });

  it('gives cost per merged change as a ratio of sums', () => {
    const single = find('single', 'cost_per_merged_usd', 'ratio_of_sums');
    expect(single.mean).toBe(750 / 3);
    expect(single.n).toBe(4);
    expect(single.ciLow).toBeLessThanOrEqual(single.ciHigh);
    expect(find('fanout', 'cost_per_merged_usd', 'ratio_of_sums').mean).toBe(660 / 3);
  });

  it('gives paired differences against single', () => {
    const wall = find('fanout', 'wall_clock_hours', 'paired_difference', 'single');
    // pairs where both merged: replications 0 and 1: (5-10), (10-20)
    expect(wall.n).toBe(2);
    expect(wall.mean).toBe(-7.5);
    expect(wall.relativePct).toBeCloseTo((15 / 30 - 1) * 100, 12);
    // fanout lower in reps 0, 1; rep 2: fanout 30 vs single missing: fanout better; rep 3: fanout missing: worse
    expect(wall.pBetter).toBe(3 / 4);
    expect(wall.bothShare).toBe(2 / 4);
    const cost = find('fanout', 'cost_per_merged_usd', 'paired_difference', 'single');
    expect(cost.relativePct).toBeCloseTo((660 / 3 / (750 / 3) - 1) * 100, 10);
    expect(cost.mean).toBe((50 - 50) / 2);
    const tokens = find('fanout', 'total_tokens', 'paired_difference', 'single');
    expect(tokens.relativePct).toBeCloseTo(300, 10);
    expect(tokens.pBetter).toBe(0);
    // and the other way round
    expect(find('single', 'total_tokens', 'paired_difference', '')).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(summarizePoint(point(), { seed: 1 })).toEqual(rows);
  });
});
