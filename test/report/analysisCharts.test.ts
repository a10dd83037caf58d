/** The pieces of the analysis and outcome-view charts that compute something: line crossings, the break-even line, sensitivity groups, the tornado's axis, ticks as rendered. */
import { describe, expect, it } from 'vitest';
import type { BreakevenData, SensitivityData } from '../../src/output/report/analysisData.js';
import { breakevenChart, breakevenSummary, integerParameter, symlogTicks } from '../../src/output/report/charts/breakeven.js';
import type { TopLevelSpec } from '../../src/output/report/charts/common.js';
import { REPORT_CONFIG, renderSvg } from '../../src/output/report/render.js';
import { lineCrossings } from '../../src/output/report/charts/outcomeSweep.js';
import { groupTitle, morrisChart, sensitivityGroups, tornadoAxis, tornadoChart } from '../../src/output/report/charts/sensitivity.js';
import type { SweepLinePoint } from '../../src/output/report/charts/sweep.js';

/** A spec with the report's config, as the report renders it. */
const withConfigForTest = (spec: TopLevelSpec) => ({ ...spec, config: REPORT_CONFIG }) as TopLevelSpec;

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

/** The tick labels of each axis of a rendered chart, one list per axis. */
function axisLabels(svg: string): string[][] {
  return [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map((m) => [...m[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]!));
}

describe('ticks people read', () => {
  const probes = (xs: number[], diff: (x: number) => number) => xs.map((value) => ({ value, difference: diff(value), low: diff(value) - 0.02, high: diff(value) + 0.02, lower: diff(value) < 0 ? 'single' : 'human' }));
  it('a symmetric-log money axis reads $0.1 and $100, never 100m (SI milli read as millions), and no tick repeats', async () => {
    const b = {
      dir: '',
      meta: { param: 'money.monthlyVolume', between: [10, 100000], compare: ['single', 'human'], metric: 'cost_per_resolved_usd' },
      probes: probes([10, 30, 100, 300, 1000, 3000, 10000, 100000], (x) => 2000 / x - 0.3),
      answer: { found: true, value: 6666, low: 5000, high: 9000, lower: 'human' },
    } as unknown as BreakevenData;
    const result = breakevenChart({ kind: 'breakeven', breakeven: b })!;
    const svg = await renderSvg(withConfigForTest('spec' in result ? result.spec : ({} as never)), 'b');
    const labels = axisLabels(svg).flat();
    expect(labels.length).toBeGreaterThan(5);
    for (const l of labels) expect(l).not.toMatch(/\d[mkµMG]$/);
    expect(labels).toContain('$0.1');
    for (const axis of axisLabels(svg)) expect(new Set(axis).size).toBe(axis.length);
  });
  it('an integer parameter (reviewers) gets integer ticks', async () => {
    const b = {
      dir: '',
      meta: { param: 'review.reviewers', between: [1, 4], compare: ['fanout', 'single'], metric: 'cost_per_merged_usd' },
      probes: probes([1, 2, 3, 4], (x) => 30 - 10 * x),
      answer: { found: true, value: 3, low: 3, high: 3, lower: 'fanout' },
    } as unknown as BreakevenData;
    expect(integerParameter(b)).toBe(true);
    const result = breakevenChart({ kind: 'breakeven', breakeven: b })!;
    const svg = await renderSvg(withConfigForTest('spec' in result ? result.spec : ({} as never)), 'b');
    const x = axisLabels(svg).find((axis) => axis.includes('1') && axis.includes('4'))!;
    expect(x).toEqual(['1', '2', '3', '4']);
  });
});

describe('the tornado', () => {
  const group = (base: number, ends: Record<string, [number, number]>) => {
    const rows = Object.entries(ends).flatMap(([p, [low, high]], i) => [
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'rank', value: i + 1 },
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'base', value: base },
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'low', value: low },
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'high', value: high },
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'low_setting', value: 1 },
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'high_setting', value: 4 },
      { method: 'tornado', parameter: p, regime: 'fanout', metric: 'wall_clock_hours', statistic: 'swing', value: Math.abs(high - low) },
    ]);
    return { dir: '', meta: {}, rows } as unknown as SensitivityData;
  };
  it('counts from the base when every swing is small against it (a 1.3 h swing on 173 h), and prints each end with its setting and unit', async () => {
    const data = group(173.4, { 'review.reviewers': [174.2, 172.9], 'people.loadedUsdPerHour': [172.8, 173.9] });
    const g = sensitivityGroups(data, 'tornado')[0]!;
    expect(tornadoAxis(g)).toMatchObject({ fromBase: true, flat: false });
    const result = tornadoChart({ kind: 'sensitivity', sensitivity: data })!;
    const spec = 'spec' in result ? result.spec : ({} as never);
    const values = (spec as unknown as { data: { values: { end_text: string }[] } }).data.values.map((v) => v.end_text);
    expect(values).toContain('1: 174.2 h');
    expect(values).toContain('4: 172.9 h');
    const svg = await renderSvg(withConfigForTest(spec), 't');
    for (const axis of axisLabels(svg)) expect(new Set(axis).size).toBe(axis.length);
    expect(svg).toContain('base, every parameter at its base: 173.4 h');
    expect(svg).not.toContain('…');
  });
  it('draws the metric itself when a swing is large, and says so when nothing moves it', () => {
    expect(tornadoAxis(sensitivityGroups(group(100, { p: [60, 150] }), 'tornado')[0]!)).toMatchObject({ fromBase: false, domain: [22.2, 187.8] });
    expect(tornadoAxis(sensitivityGroups(group(100, { p: [100, 100] }), 'tornado')[0]!)).toMatchObject({ fromBase: false, flat: true });
  });
});

describe('Morris labels', () => {
  it('gives parameters at the same point one label, not two printed over each other', () => {
    const row = (parameter: string, statistic: string, value: number) => ({ method: 'morris', parameter, regime: 'human', metric: 'merge_rate', statistic, value });
    const rows = ['p', 'q', 'r'].flatMap((p, i) => [row(p, 'rank', i + 1), row(p, 'mu_star', p === 'r' ? 0.5 : 0), row(p, 'sigma', p === 'r' ? 0.2 : 0), row(p, 'noise_mu_star', 0.01)]);
    const result = morrisChart({ kind: 'sensitivity', sensitivity: { dir: '', meta: {}, rows } as unknown as SensitivityData })!;
    const values = ('spec' in result ? (result.spec as unknown as { data: { values: { parameter: string; label: string }[] } }).data.values : []).map((v) => [v.parameter, v.label]);
    expect(values).toEqual([
      ['p', 'p, q'],
      ['q', ''],
      ['r', 'r'],
    ]);
  });
});
