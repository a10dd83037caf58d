import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../src/experiment/index.js';
import { binnedEcdf, meanAndRange } from '../../src/output/report/binned.js';
import { costTermsPerMerged } from '../../src/output/report/charts/costs.js';
import { SWEEP_METRICS, sweepLinePoints, sweepMetricChart, xDimension } from '../../src/output/report/charts/sweep.js';
import { dominantKeys, metricTickFormat, regimePanels } from '../../src/output/report/charts/common.js';
import type { GroupAggregate, RunDirData } from '../../src/output/report/load.js';
import { REGIME_COLOURS, regimeScale } from '../../src/output/report/palette.js';
import { prefixSvgIds, roundSvgCoordinates } from '../../src/output/report/render.js';

describe('binned data', () => {
  it('draws an ECDF as its quantiles: of 0..1000, the k/200 quantile is 5k', () => {
    const values = Float64Array.from({ length: 1001 }, (_, i) => i);
    const ecdf = binnedEcdf(values);
    expect(ecdf).toHaveLength(201);
    ecdf.forEach((p, k) => {
      expect(p.probability).toBeCloseTo(k / 200, 12);
      expect(p.value).toBeCloseTo(5 * k, 9);
    });
  });
  it('leaves missing values out and has a bounded size whatever the sample', () => {
    const values = new Float64Array(100_000).map((_, i) => (i % 10 === 0 ? Number.NaN : i));
    expect(binnedEcdf(values)).toHaveLength(201);
    expect(binnedEcdf(new Float64Array([Number.NaN]))).toEqual([]);
    const s = meanAndRange(new Float64Array([1, 2, 3, Number.NaN]));
    expect(s.mean).toBe(2);
    expect(s.n).toBe(3);
  });
});

describe('cost terms', () => {
  it('add up to the cost per merged change (ratio of sums), incident apart from remediation', () => {
    const sums = new Map<string, number>([
      ['merged', 4],
      ['inference_usd', 40],
      ['review_usd', 80],
      ['remediation_usd', 30],
      ['incident_usd', 10],
      ['build_usd', 2],
      ['total_usd', 152],
    ]);
    const terms = costTermsPerMerged({ point: 0, regime: 'fanout', rows: 5, sums, counts: new Map(), distributions: new Map() } as GroupAggregate)!;
    const by = Object.fromEntries(terms.map((t) => [t.term, t.usd]));
    expect(by).toMatchObject({ inference: 10, review: 20, remediation: 5, incident: 2.5, build: 0.5 });
    expect(terms.reduce((a, t) => a + t.usd, 0)).toBeCloseTo(152 / 4, 12);
  });
  it('gives nothing when nothing merged', () => {
    expect(costTermsPerMerged({ point: 0, regime: 'x', rows: 1, sums: new Map([['merged', 0]]), counts: new Map(), distributions: new Map() })).toBeNull();
  });
});

describe('sweep lines', () => {
  const row = (point: number, regime: string, mean: number): SummaryRow =>
    ({ point, regime, baseline: '', metric: 'wall_clock_hours', statistic: 'distribution', mean, ciLow: mean - 1, ciHigh: mean + 1 }) as SummaryRow;
  // fanout's means over N = 1, 2, 4, 8, 16: 10, 6, 5.1, 5, 5.2. Best: N = 8 (5); within 5% of it (<= 5.25): N = 4, 8, 16, so the plateau is N = 4.
  const means = [10, 6, 5.1, 5, 5.2];
  const run = {
    meta: {
      grid: [{ path: 'fanout', column: 'fanout', values: [1, 2, 4, 8, 16] }],
      points: means.map((_, i) => ({ point: i, values: { fanout: 2 ** i }, regimes: ['single', 'fanout'], fanout: 2 ** i })),
    },
    summary: means.flatMap((m, i) => [row(i, 'fanout', m), row(i, 'single', 7)]),
  } as unknown as RunDirData;
  const wall = SWEEP_METRICS.find((m) => m.metric === 'wall_clock_hours')!;

  it('rings the lowest mean of each regime and marks the plateau at the smallest setting within 5% of it', () => {
    const points = sweepLinePoints(run, wall);
    const fanout = points.filter((p) => p.regime === 'fanout');
    expect(fanout.filter((p) => p.best).map((p) => p.x)).toEqual([8]);
    expect(fanout.filter((p) => p.plateau).map((p) => p.x)).toEqual([4]);
    // A flat line (a regime the parameter does not touch): no best point and no plateau to mark.
    const single = points.filter((p) => p.regime === 'single');
    expect(single.filter((p) => p.best || p.plateau)).toEqual([]);
  });
  it('takes the highest mean as best where higher is better (merge rate)', () => {
    const rate = SWEEP_METRICS.find((m) => m.metric === 'merge_rate')!;
    const rateRun = { ...run, summary: means.map((m, i) => ({ ...row(i, 'fanout', m / 10), metric: 'merge_rate' })) } as RunDirData;
    expect(sweepLinePoints(rateRun, rate).filter((p) => p.best).map((p) => p.x)).toEqual([1]);
  });
});

describe('palette', () => {
  it('gives a regime the same colour whatever else is in the chart, and new regimes a colour of their own', () => {
    const all = regimeScale(['human', 'single', 'fanout']);
    const two = regimeScale(['fanout', 'single']);
    expect(two.range[two.domain.indexOf('fanout')]).toBe(all.range[all.domain.indexOf('fanout')]);
    const withNew = regimeScale(['fanout', 'scripted', 'robots']);
    expect(withNew.range[withNew.domain.indexOf('scripted')]).toBe(REGIME_COLOURS.find(([r]) => r === 'scripted')![1]);
    expect(new Set(withNew.range).size).toBe(3);
  });
});

describe('SVG post-processing', () => {
  it('prefixes ids and their references, so that many SVGs share one page', () => {
    const svg = '<clipPath id="clip1"><path d="M0,0h1"/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/></g>';
    expect(prefixSvgIds(svg, 'cost')).toBe('<clipPath id="cost-clip1"><path d="M0,0h1"/></clipPath><g clip-path="url(#cost-clip1)"><use href="#cost-clip1"/></g>');
  });
  it('rounds coordinates to a hundredth of a pixel, and nothing else', () => {
    expect(roundSvgCoordinates('<path d="M1.23456,-0.98765h2"/><text> 1.23456</text>')).toBe('<path d="M1.23,-0.99h2"/><text> 1.23456</text>');
  });
});

describe('the question on the x-axis', () => {
  // A sweep over fanout=1,2,4,8 x review.reviewers=2,4, in either --vary order.
  const grid = (order: 'fanout-first' | 'reviewers-first') => {
    const fanout = { path: 'fanout', column: 'fanout', values: [1, 2, 4, 8] };
    const reviewers = { path: 'review.reviewers', column: 'review_reviewers', values: [2, 4] };
    const points = [];
    for (const f of fanout.values) for (const r of reviewers.values) points.push({ values: { fanout: f, review_reviewers: r }, regimes: ['human', 'single', 'fanout'], fanout: f });
    const summary: SummaryRow[] = [];
    points.forEach((p, point) => {
      const f = p.values.fanout;
      for (const [regime, mean] of [['human', 130], ['single', 7.6], ['fanout', 10 - f / 2]] as const)
        summary.push({ point, regime, baseline: '', metric: 'wall_clock_hours', statistic: 'distribution', mean, ciLow: mean - 0.5, ciHigh: mean + 0.5 } as SummaryRow);
    });
    return {
      meta: { grid: order === 'fanout-first' ? [fanout, reviewers] : [reviewers, fanout], points: points.map((p, point) => ({ point, ...p })), scenario: { mode: { kind: 'change' } } },
      summary,
    } as unknown as RunDirData;
  };
  const wall = SWEEP_METRICS.find((m) => m.metric === 'wall_clock_hours')!;
  type Facet = { facet: { row?: { field: string }; column?: { field: string; sort: string[] } }; spec: { layer: { encoding: { x: { field: string; title: string } } }[] } };

  it.each(['fanout-first', 'reviewers-first'] as const)('draws fan-out on the x-axis and reviewers as panels (%s)', (order) => {
    const result = sweepMetricChart({ kind: 'sweep', run: grid(order) }, wall)!;
    const spec = ('spec' in result ? result.spec : null) as unknown as Facet;
    for (const layer of spec.spec.layer) expect(layer.encoding.x).toMatchObject({ field: 'x', title: 'fanout' });
    expect(spec.facet.column).toMatchObject({ field: 'panel', sort: ['review.reviewers = 2', 'review.reviewers = 4'] });
    // human (about 17 times the agents) in a row of its own.
    expect(spec.facet.row?.field).toBe('group');
  });
  it('takes the parameter the user names instead (--x)', () => {
    const result = sweepMetricChart({ kind: 'sweep', run: grid('fanout-first'), x: 'review.reviewers' }, wall)!;
    const spec = ('spec' in result ? result.spec : null) as unknown as Facet;
    expect(spec.spec.layer[0]!.encoding.x.title).toBe('review.reviewers');
    expect(xDimension(grid('fanout-first'), 'review_reviewers')).toBe(1);
    expect(() => xDimension(grid('fanout-first'), 'people.loadedUsdPerHour')).toThrow(/--x people.loadedUsdPerHour: not a swept parameter of this output; give one of fanout, review.reviewers/);
  });
  it('rings the best point once per line that moves, and no flat line', () => {
    const points = sweepLinePoints(grid('reviewers-first'), wall);
    const best = points.filter((p) => p.best).map((p) => `${p.regime} ${p.panel} ${p.x}`);
    expect(best).toEqual(['fanout review.reviewers = 2 8', 'fanout review.reviewers = 4 8']);
  });
});

describe('scales that show the difference', () => {
  it('sets apart a regime several times the others, and nothing when they are close', () => {
    expect(dominantKeys([{ key: 'human', value: 4800 }, { key: 'single', value: 490 }, { key: 'fanout', value: 570 }])).toEqual(['human']);
    expect(dominantKeys([{ key: 'human', value: 900 }, { key: 'single', value: 490 }, { key: 'fanout', value: 570 }])).toEqual([]);
    const panels = regimePanels([{ key: 'human', value: 4800 }, { key: 'single', value: 490 }, { key: 'fanout', value: 570 }], 'costs')!;
    expect(panels.order).toEqual(['single, fanout', 'human']);
    expect(panels.caption).toContain('human costs 4 or more times as much as single, fanout');
    const two = regimePanels([{ key: 'human', value: 25 }, { key: 'scripted', value: 10 }, { key: 'single', value: 0.9 }, { key: 'fanout', value: 1.4 }], 'costs')!;
    expect(two.order).toEqual(['single, fanout', 'human, scripted']);
    expect(two.caption).toContain('human, scripted cost 4 or more times as much as single, fanout');
  });
  it('formats ticks without repeats or SI suffixes on money', () => {
    expect(metricTickFormat('cost_per_merged_usd')).toBe('$,~r');
    expect(metricTickFormat('merge_rate')).toBe('~%');
    expect(metricTickFormat('wall_clock_hours')).toBe(',~r');
  });
});
