/**
 * Sweep charts, from summary.csv: each headline metric against the swept parameter with its 95%
 * band, one line per regime, each regime's best point ringed and, for wall clock, its plateau (the
 * smallest setting within 5% of the best) marked; heat maps for two-parameter grids.
 */
import type { SummaryRow } from '../../../experiment/index.js';
import type { RunDirData } from '../load.js';
import { wantsLog } from '../binned.js';
import { allRegimes, isStream, num, regimeColour, summaryRow, VEGA_LITE_SCHEMA, type ChartEntry, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

/** Within this share of the best mean, a setting is on the plateau. */
export const PLATEAU_SHARE = 0.05;

export interface SweepMetric {
  metric: string;
  statistic: 'distribution' | 'ratio_of_sums';
  title: string;
  /** The y axis title (short: a long one overflows the plot's height). */
  axisTitle: string;
  format: string;
  /** Which way is better; null: neither (no best point). */
  better: 'lower' | 'higher' | null;
  plateau?: boolean;
  streamOnly?: boolean;
}

export const SWEEP_METRICS: readonly SweepMetric[] = [
  { metric: 'wall_clock_hours', statistic: 'distribution', title: 'Wall clock, mean hours request to merge', axisTitle: 'hours', format: '~r', better: 'lower', plateau: true },
  { metric: 'cost_per_merged_usd', statistic: 'ratio_of_sums', title: 'Cost per merged change, USD (ratio of sums)', axisTitle: 'USD per merged change', format: '$,~r', better: 'lower' },
  { metric: 'merge_rate', statistic: 'distribution', title: 'Merge rate', axisTitle: 'share merged', format: '.0%', better: 'higher' },
  { metric: 'total_tokens', statistic: 'distribution', title: 'Tokens per replication', axisTitle: 'tokens', format: '~s', better: 'lower' },
  { metric: 'review_wait_hours', statistic: 'distribution', title: 'Review wait, mean hours per change', axisTitle: 'hours', format: '~r', better: 'lower', streamOnly: true },
  { metric: 'reviewer_utilisation', statistic: 'distribution', title: 'Reviewer utilisation', axisTitle: 'utilisation', format: '.0%', better: null, streamOnly: true },
];

interface Axis {
  column: string;
  title: string;
  numeric: boolean;
  order: string[];
}

/** A value of a sweep parameter as an axis value: numbers stay numbers, anything else its text. */
function axisValue(v: unknown, numeric: boolean): number | string {
  return numeric ? Number(v) : typeof v === 'string' ? v : JSON.stringify(v);
}

function axisOf(run: RunDirData, dim: number): Axis {
  const g = run.meta.grid[dim]!;
  const numeric = g.values.every((v) => typeof v === 'number');
  return { column: g.column, title: g.path, numeric, order: g.values.map((v) => String(axisValue(v, false))) };
}

export interface SweepLinePoint {
  regime: string;
  x: number | string;
  panel: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  best: boolean;
  plateau: boolean;
}

/** The points of one metric's lines, with best and plateau flags per (regime, panel). */
export function sweepLinePoints(run: RunDirData, m: SweepMetric): SweepLinePoint[] {
  const dims = run.meta.grid.length;
  const x = axisOf(run, dims - 1);
  const panelAxis = dims === 2 ? axisOf(run, 0) : null;
  const out: SweepLinePoint[] = [];
  for (const p of run.meta.points)
    for (const regime of p.regimes) {
      const row: SummaryRow | undefined = summaryRow(run, p.point, regime, m.metric, m.statistic);
      if (!row) continue;
      out.push({
        regime,
        x: axisValue(p.values[x.column], x.numeric),
        panel: panelAxis ? `${panelAxis.title} = ${axisValue(p.values[panelAxis.column], false)}` : '',
        mean: num(row.mean),
        low: num(row.ciLow),
        high: num(row.ciHigh),
        best: false,
        plateau: false,
      });
    }
  if (!m.better) return out;
  const sign = m.better === 'lower' ? 1 : -1;
  const lines = new Map<string, SweepLinePoint[]>();
  for (const d of out) {
    if (d.mean === null) continue;
    const key = `${d.regime}|${d.panel}`;
    lines.get(key)?.push(d) ?? lines.set(key, [d]);
  }
  for (const line of lines.values()) {
    // Lowest mean (highest for merge rate); ties go to the smaller setting, which comes first.
    const best = line.reduce((a, b) => (sign * b.mean! < sign * a.mean! ? b : a));
    best.best = true;
    if (m.plateau) {
      const within = line.filter((d) => Math.abs(d.mean! - best.mean!) <= PLATEAU_SHARE * Math.abs(best.mean!));
      within[0]!.plateau = true;
    }
  }
  return out;
}

/** The pieces of a sweep line chart: its data, encodings, scales and layers (band, line, best and plateau marks). */
export interface SweepLineParts {
  values: SweepLinePoint[];
  dims: number;
  x: Axis;
  xEnc: Record<string, unknown>;
  y: Record<string, unknown>;
  xLog: boolean;
  yLog: boolean;
  layer: Record<string, unknown>[];
}

/** The line chart's parts, or a note when it cannot be drawn; null when it does not apply. */
export function sweepLineParts(data: ReportData, m: SweepMetric): SweepLineParts | { note: string } | null {
  if (data.kind !== 'sweep') return null;
  const run = data.run;
  if (m.streamOnly && !isStream(run)) return null;
  const dims = run.meta.grid.length;
  if (dims > 2) return { note: `${m.title}: grids of more than two parameters are not drawn (see summary.csv)` };
  const values = sweepLinePoints(run, m);
  if (values.length === 0) return { note: `summary.csv has no ${m.metric} rows` };
  const x = axisOf(run, dims - 1);
  const regimes = allRegimes(run);
  const xs = values.map((d) => d.x).filter((v): v is number => typeof v === 'number');
  // Settings such as N = 1, 2, 4, 8, 16 read best on a log-2 axis.
  const xLog = x.numeric && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 8;
  const xEnc = x.numeric
    ? { field: 'x', type: 'quantitative', title: x.title, scale: xLog ? { type: 'log', base: 2, nice: false } : { zero: false, nice: false }, axis: { values: [...new Set(xs)], format: '~r' } }
    : { field: 'x', type: 'ordinal', title: x.title, sort: x.order };
  const ys = values.flatMap((d) => [d.low, d.high, d.mean]).filter((v): v is number => v !== null);
  const yLog = m.format !== '.0%' && wantsLog(Math.min(...ys), Math.max(...ys), 10);
  const yTitle = `${m.axisTitle}${yLog ? ' (log scale)' : ''}`;
  const y = { field: 'mean', type: 'quantitative', title: yTitle, axis: { format: m.format }, scale: yLog ? { type: 'log' } : { zero: false } };
  // One legend for band and line, its symbols solid (the band's opacity would wash them out).
  const colour = { ...regimeColour(regimes), legend: { title: 'regime', symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 3 } };
  const layer = [
    { mark: { type: 'area', opacity: 0.18 }, encoding: { x: xEnc, y: { field: 'low', type: 'quantitative', title: yTitle }, y2: { field: 'high' }, color: colour } },
    { mark: { type: 'line', point: { filled: true, size: 36 } }, encoding: { x: xEnc, y, color: colour, tooltip: [{ field: 'regime' }, { field: 'x', title: x.title }, { field: 'mean', format: ',.4~r' }, { field: 'low', format: ',.4~r' }, { field: 'high', format: ',.4~r' }] } },
    ...(m.better
      ? [{ transform: [{ filter: 'datum.best' }], mark: { type: 'point', shape: 'circle', size: 220, strokeWidth: 2, color: 'black', filled: false }, encoding: { x: xEnc, y } }]
      : []),
    ...(m.plateau
      ? [{ transform: [{ filter: 'datum.plateau' }], mark: { type: 'point', shape: 'triangle-up', size: 110, color: 'black', filled: true, yOffset: 14 }, encoding: { x: xEnc, y } }]
      : []),
  ];
  return { values, dims, x, xEnc, y, xLog, yLog, layer };
}

/** The band's meaning in a caption. */
export function bandText(m: SweepMetric): string {
  return m.statistic === 'ratio_of_sums' ? 'bootstrap 95% interval' : '95% confidence interval of the mean';
}

export function sweepMetricChart(data: ReportData, m: SweepMetric): ChartResult | null {
  const parts = sweepLineParts(data, m);
  if (parts === null || 'note' in parts) return parts;
  const run = (data as { run: RunDirData }).run;
  const { values, dims, layer } = parts;
  const size = { width: dims === 2 ? 220 : 560, height: 240 };
  const spec = (
    dims === 2
      ? { $schema: VEGA_LITE_SCHEMA, title: m.title, data: { values }, facet: { column: { field: 'panel', type: 'nominal', title: null, sort: axisOf(run, 0).order.map((v) => `${axisOf(run, 0).title} = ${v}`) } }, spec: { ...size, layer } }
      : { $schema: VEGA_LITE_SCHEMA, title: m.title, data: { values }, ...size, layer }
  ) as unknown as TopLevelSpec;
  const marks = m.better ? ` Ringed: each regime's best point (${m.better} mean).` : '';
  const plateau = m.plateau ? ` Triangle: the plateau, the smallest setting whose mean is within ${PLATEAU_SHARE * 100}% of that regime's best.` : '';
  return { spec, caption: `Mean at each sweep point, one line per regime; band: ${bandText(m)}.${marks}${plateau}` };
}

/** Heat map of one metric over a two-parameter grid, a panel per regime. */
export function sweepHeatmap(data: ReportData, m: SweepMetric): ChartResult | null {
  if (data.kind !== 'sweep' || data.run.meta.grid.length !== 2) return null;
  const run = data.run;
  const [rows, cols] = [axisOf(run, 0), axisOf(run, 1)];
  const values: Record<string, unknown>[] = [];
  for (const p of run.meta.points)
    for (const regime of p.regimes) {
      const r = summaryRow(run, p.point, regime, m.metric, m.statistic);
      if (r) values.push({ regime, row: String(axisValue(p.values[rows.column], false)), col: String(axisValue(p.values[cols.column], false)), mean: num(r.mean) });
    }
  if (values.length === 0) return { note: `summary.csv has no ${m.metric} rows` };
  // Cell labels in white on the dark half of the scale, black on the light half.
  const means = values.map((v) => v.mean).filter((x): x is number => typeof x === 'number');
  const [lo, hi] = [Math.min(...means), Math.max(...means)];
  for (const v of values) {
    const t = typeof v.mean === 'number' && hi > lo ? (v.mean - lo) / (hi - lo) : 0.5;
    v.dark = m.better === 'lower' ? t > 0.55 : t < 0.55;
  }
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: `${m.title}: heat map`,
    data: { values },
    facet: { column: { field: 'regime', type: 'nominal', sort: allRegimes(run), title: null } },
    spec: {
      width: { step: 44 },
      height: { step: 30 },
      encoding: {
        x: { field: 'col', type: 'ordinal', sort: cols.order, title: cols.title },
        y: { field: 'row', type: 'ordinal', sort: rows.order, title: rows.title },
      },
      layer: [
        { mark: { type: 'rect' }, encoding: { color: { field: 'mean', type: 'quantitative', title: null, scale: { scheme: 'viridis', reverse: m.better === 'lower' }, legend: { format: m.format } } } },
        { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'mean', type: 'quantitative', format: m.format.replace('~r', '.3~s') }, color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' } } },
      ],
    },
  } as TopLevelSpec;
  return { spec, caption: `Mean at each point of the grid, a panel per regime (viridis; ${m.better === 'lower' ? 'brighter is lower, so better' : 'brighter is higher'}).` };
}

/** The registry entries of the sweep charts: a line chart per headline metric, heat maps for wall clock and cost. */
export const SWEEP_CHARTS: readonly ChartEntry[] = [
  ...SWEEP_METRICS.map((m) => ({ id: `sweep-${m.metric.replace(/_/g, '-')}`, kinds: ['sweep'] as const, section: 'Sweep', build: (d: ReportData) => sweepMetricChart(d, m) })),
  ...SWEEP_METRICS.filter((m) => m.plateau || m.statistic === 'ratio_of_sums').map((m) => ({
    id: `heatmap-${m.metric.replace(/_/g, '-')}`,
    kinds: ['sweep'] as const,
    section: 'Sweep',
    build: (d: ReportData) => sweepHeatmap(d, m),
  })),
];
