/** The pieces of the analysis and outcome-view charts that compute something: line crossings, the break-even line, sensitivity groups. */
import { describe, expect, it } from 'vitest';
import type { BreakevenData, SensitivityData } from '../../src/output/report/analysisData.js';
import { breakevenSummary, symlogTicks } from '../../src/output/report/charts/breakeven.js';
import { lineCrossings } from '../../src/output/report/charts/outcomeSweep.js';
import { groupTitle, sensitivityGroups } from '../../src/output/report/charts/sensitivity.js';
import type { SweepLinePoint } from '../../src/output/report/charts/sweep.js';

const pt = (regime: string, x: number, mean: number): SweepLinePoint => ({ regime, x, panel: '', mean, low: null, high: null, best: false, plateau: false });

describe('line crossings', () => {
  it('interpolates a sign change between two settings on linear axes', () => {
    // a: 10 -> 0, b: 0 -> 10 over x 0 -> 10: equal at x = 5, y = 5.
    const c = lineCrossings([pt('a', 0, 10), pt('a', 10, 0), pt('b', 0, 0), pt('b', 10, 10)], ['a', 'b'], false, false);
    expect(c).toHaveLength(1);
    expect(c[0]!.x).toBeCloseTo(5, 12);
    expect(c[0]!.y).toBeCloseTo(5, 12);
    expect(c[0]!.lowerAbove).toBe('a');
  });
  it('interpolates in log coordinates where the axes are log (the point sits on the drawn lines)', () => {
    // a: 100 -> 1, b flat at 10, x 1 -> 100: in log-log, a's line falls 2 decades over 2 decades, crossing 10 at x = 10.
    const c = lineCrossings([pt('a', 1, 100), pt('a', 100, 1), pt('b', 1, 10), pt('b', 100, 10)], ['a', 'b'], true, true);
    expect(c).toHaveLength(1);
    expect(c[0]!.x).toBeCloseTo(10, 9);
    expect(c[0]!.y).toBeCloseTo(10, 9);
    // Linear axes put the same crossing elsewhere: a = 10 at x = 1 + 99 * 90 / 99 = 91.
    expect(lineCrossings([pt('a', 1, 100), pt('a', 100, 1), pt('b', 1, 10), pt('b', 100, 10)], ['a', 'b'], false, false)[0]!.x).toBeCloseTo(91, 9);
  });
  it('finds none for lines that do not cross, and every pair of several regimes that do', () => {
    expect(lineCrossings([pt('a', 1, 1), pt('a', 2, 2), pt('b', 1, 3), pt('b', 2, 4)], ['a', 'b'], false, false)).toEqual([]);
    const three = [pt('a', 0, 0), pt('a', 4, 4), pt('b', 0, 4), pt('b', 4, 0), pt('c', 0, 1), pt('c', 4, 1)];
    const c = lineCrossings(three, ['a', 'b', 'c'], false, false);
    expect(c.map((k) => `${k.a}=${k.b}`)).toEqual(['a=c', 'a=b', 'b=c']);
    expect(c.map((k) => k.x)).toEqual([1, 2, 3]);
  });
  it('counts a tie at a setting between a change of sign once', () => {
    const c = lineCrossings([pt('a', 0, 0), pt('a', 1, 1), pt('a', 2, 2), pt('b', 0, 2), pt('b', 1, 1), pt('b', 2, 0)], ['a', 'b'], false, false);
    expect(c.map((k) => k.x)).toEqual([1]);
  });
});

describe('the break-even line', () => {
  const meta = { param: 'money.monthlyVolume', between: [10, 1000] as [number, number], compare: ['single', 'human'] as [string, string], metric: 'cost_per_resolved_usd' };
  const data = (answer: BreakevenData['answer']) => ({ dir: '', meta, probes: [], answer }) as unknown as BreakevenData;
  it('names the crossing, its interval (open at the edge of the range) and who is lower on each side', () => {
    expect(breakevenSummary(data({ found: true, value: 106.54, low: 101.9, high: 164.3, lower: 'human' }))).toBe(
      'break-even money.monthlyVolume = 106.5 [101.9, 164.3] (human lower below, single above)',
    );
    expect(breakevenSummary(data({ found: true, value: 500, low: 10, high: 1000, lower: 'single' }))).toBe('break-even money.monthlyVolume = 500 [<=10, >=1000] (single lower below, human above)');
  });
  it('ticks a symmetric-log axis at 0 and the powers of ten out to the data, each sign', () => {
    expect(symlogTicks(-18, 1018, 0.5)).toEqual([-10, -1, -0.1, 0, 0.1, 1, 10, 100, 1000]);
    expect(symlogTicks(0, 50, 2)).toEqual([0, 1, 10]);
  });
  it('says who wins throughout when there is none', () => {
    expect(breakevenSummary(data({ found: false, value: Number.NaN, low: Number.NaN, high: Number.NaN, lower: 'single' }))).toBe('no break-even in [10, 1000]: single is lower throughout');
  });
});

describe('sensitivity groups', () => {
  const row = (regime: string, metric: string, parameter: string, statistic: string, value: number) => ({ method: 'tornado', parameter, regime, metric, statistic, value });
  const data = {
    dir: '',
    meta: {},
    rows: [
      row('human', 'cost_per_merged_usd', 'p', 'rank', 2),
      row('human', 'cost_per_merged_usd', 'q', 'rank', 1),
      row('fanout-single', 'delta_cost_per_merged_usd', 'p', 'rank', 1),
      row('fanout-single', 'delta_cost_per_merged_usd', 'q', 'rank', 2),
      { ...row('human', 'cost_per_merged_usd', 'p', 'rank', 1), method: 'morris' },
    ],
  } as unknown as SensitivityData;
  it('puts the headline difference first, ranks parameters within each, and keeps to one method', () => {
    const groups = sensitivityGroups(data, 'tornado');
    expect(groups.map((g) => [g.regime, g.ranked])).toEqual([
      ['fanout-single', ['p', 'q']],
      ['human', ['q', 'p']],
    ]);
    expect(sensitivityGroups(data, 'morris').map((g) => g.ranked)).toEqual([['p']]);
    expect(sensitivityGroups(data, 'sobol')).toEqual([]);
    expect(groupTitle('fanout-single', 'delta_cost_per_merged_usd')).toBe('fanout minus single: cost per merged change, difference, USD');
  });
});
