/**
 * Sweep charts, from summary.csv: each headline metric against the swept parameter with its 95%
 * band, one line per regime, each line's best point ringed and, for wall clock, its plateau (the
 * smallest setting within 5% of the best) marked, where the line moves at all; a second varied
 * parameter becomes a panel per value; heat maps for two-parameter grids.
 *
 * The x-axis is the question: the fan-out width when it is swept, else the first --vary, or the
 * parameter the user names (`orchsim report --x PATH`).
 */
import { UsageError } from '../../../errors/index.js';
import type { SummaryRow } from '../../../experiment/index.js';
import type { RunDirData } from '../load.js';
import { SWEEP_AXIS_PATHS } from '../../../model/index.js';
import { wantsLog } from '../binned.js';
import { allRegimes, isStream, num, regimeColour, regimePanels, summaryRow, TICK_FORMAT, type RegimePanels, VEGA_LITE_SCHEMA, type ChartEntry, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

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
  /** Regimes several times the others get a row of panels of their own (a person by hand's hours and dollars); not for tokens, whose ratio is the message. */
  splitDominant?: boolean;
}

export const SWEEP_METRICS: readonly SweepMetric[] = [
  { metric: 'wall_clock_hours', statistic: 'distribution', title: 'Wall clock, mean hours request to merge', axisTitle: 'hours', format: TICK_FORMAT.number, better: 'lower', plateau: true, splitDominant: true },
  { metric: 'cost_per_merged_usd', statistic: 'ratio_of_sums', title: 'Cost per merged change, USD (ratio of sums)', axisTitle: 'USD per merged change', format: TICK_FORMAT.usd, better: 'lower', splitDominant: true },
  { metric: 'merge_rate', statistic: 'distribution', title: 'Merge rate', axisTitle: 'share merged', format: TICK_FORMAT.percent, better: 'higher' },
  { metric: 'total_tokens', statistic: 'distribution', title: 'Tokens per replication', axisTitle: 'tokens', format: TICK_FORMAT.tokens, better: 'lower' },
  // A closed loop or stream: the team's throughput and lead time against the parameter.
  { metric: 'merged_per_month', statistic: 'distribution', title: 'Throughput, changes merged per month', axisTitle: 'merged per month', format: TICK_FORMAT.number, better: 'higher', streamOnly: true },
  { metric: 'lead_time_hours', statistic: 'distribution', title: 'Lead time, mean hours request to merge', axisTitle: 'hours', format: TICK_FORMAT.number, better: 'lower', streamOnly: true, splitDominant: true },
  { metric: 'review_wait_hours', statistic: 'distribution', title: 'Review wait, mean hours per change', axisTitle: 'hours', format: TICK_FORMAT.number, better: 'lower', streamOnly: true },
  { metric: 'reviewer_utilisation', statistic: 'distribution', title: 'Reviewer utilisation', axisTitle: 'utilisation', format: TICK_FORMAT.percent, better: null, streamOnly: true },
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

/**
 * Which dimension of the grid is on the x-axis: the one named by `x` (a path or its column), else
 * a regime setting that asks for the x-axis when swept (the fan-out width: SWEEP_AXIS_PATHS), else the first --vary. A name that is not swept is a UsageError.
 */
export function xDimension(run: RunDirData, x?: string): number {
  const grid = run.meta.grid;
  if (x !== undefined) {
    const i = grid.findIndex((g) => g.path === x || g.column === x);
    if (i < 0) throw new UsageError(`--x ${x}: not a swept parameter of this output; give one of ${grid.map((g) => g.path).join(', ') || '(none: not a sweep)'}`, 'x');
    return i;
  }
  for (const path of SWEEP_AXIS_PATHS) {
    const i = grid.findIndex((g) => g.path === path);
    if (i >= 0) return i;
  }
  return 0;
}

/** The x-axis and, in a two-parameter grid, the other parameter (a panel per value). */
export function sweepAxes(run: RunDirData, x?: string): { x: Axis; panel: Axis | null } {
  const xi = xDimension(run, x);
  const other = run.meta.grid.length === 2 ? 1 - xi : -1;
  return { x: axisOf(run, xi), panel: other >= 0 ? axisOf(run, other) : null };
}

/** The panel label of a value of the other parameter. */
const panelLabel = (axis: Axis, value: string) => `${axis.title} = ${value}`;

/** Does a line move with x? A flat line (a regime the parameter does not touch) has no best point worth marking. */
function moves(line: readonly SweepLinePoint[]): boolean {
  const means = line.map((d) => d.mean!);
  const [lo, hi] = [Math.min(...means), Math.max(...means)];
  return hi - lo > 1e-9 * Math.max(Math.abs(lo), Math.abs(hi));
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
  /** The regime's panel row when some regimes are several times the others (see regimePanels). */
  group?: string;
}

/** The points of one metric's lines, with best and plateau flags per line (regime and panel) that moves with x. */
export function sweepLinePoints(run: RunDirData, m: SweepMetric, xParam?: string): SweepLinePoint[] {
  const { x, panel: panelAxis } = sweepAxes(run, xParam);
  const out: SweepLinePoint[] = [];
  for (const p of run.meta.points)
    for (const regime of p.regimes) {
      const row: SummaryRow | undefined = summaryRow(run, p.point, regime, m.metric, m.statistic);
      if (!row) continue;
      out.push({
        regime,
        x: axisValue(p.values[x.column], x.numeric),
        panel: panelAxis ? panelLabel(panelAxis, String(axisValue(p.values[panelAxis.column], false))) : '',
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
    if (!moves(line)) continue;
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
  /** The other parameter of a two-parameter grid: a panel per value. */
  panel: Axis | null;
  /** Regimes several times the others, in a row of panels of their own (when asked for). */
  groups: RegimePanels | null;
  xLog: boolean;
  yLog: boolean;
  layer: Record<string, unknown>[];
}

/** The line chart's parts, or a note when it cannot be drawn; null when it does not apply. */
export function sweepLineParts(data: ReportData, m: SweepMetric, options: { splitDominant?: boolean } = {}): SweepLineParts | { note: string } | null {
  if (data.kind !== 'sweep') return null;
  const run = data.run;
  if (m.streamOnly && !isStream(run)) return null;
  const dims = run.meta.grid.length;
  if (dims > 2) return { note: `${m.title}: grids of more than two parameters are not drawn (see summary.csv)` };
  const values = sweepLinePoints(run, m, data.x);
  if (values.length === 0) return { note: `summary.csv has no ${m.metric} rows` };
  const { x, panel } = sweepAxes(run, data.x);
  const regimes = allRegimes(run);
  const xs = values.map((d) => d.x).filter((v): v is number => typeof v === 'number');
  // Settings such as N = 1, 2, 4, 8, 16 read best on a log-2 axis.
  const xLog = x.numeric && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 8;
  const xEnc = x.numeric
    ? { field: 'x', type: 'quantitative', title: x.title, scale: xLog ? { type: 'log', base: 2, nice: false } : { zero: false, nice: false }, axis: { values: [...new Set(xs)].sort((a, b) => a - b), format: TICK_FORMAT.number } }
    : { field: 'x', type: 'ordinal', title: x.title, sort: x.order };
  // A regime several times the others (a person by hand) gets its own row of panels, so the agents' lines are not squeezed.
  const typical = regimes.map((r) => {
    const means = values.filter((d) => d.regime === r && d.mean !== null).map((d) => d.mean!);
    return { key: r, value: means.length ? means.reduce((a, b) => a + b, 0) / means.length : Number.NaN };
  });
  const groups = options.splitDominant && m.format !== TICK_FORMAT.percent ? regimePanels(typical.filter((t) => Number.isFinite(t.value)), m.metric.endsWith('_usd') ? 'costs' : m.metric.endsWith('_hours') ? 'takes' : 'measures') : null;
  if (groups) for (const d of values) d.group = groups.panelOf.get(d.regime);
  const wantsLogWithin = (rows: readonly SweepLinePoint[]) => {
    const ys = rows.flatMap((d) => [d.low, d.high, d.mean]).filter((v): v is number => v !== null);
    return ys.length > 0 && wantsLog(Math.min(...ys), Math.max(...ys), 10);
  };
  const yLog = m.format !== TICK_FORMAT.percent && (groups ? groups.order.some((g) => wantsLogWithin(values.filter((d) => d.group === g))) : wantsLogWithin(values));
  const yTitle = `${m.axisTitle}${yLog ? ' (log scale)' : ''}`;
  const y = { field: 'mean', type: 'quantitative', title: yTitle, axis: { format: m.format }, scale: yLog ? { type: 'log' } : { zero: false } };
  // One legend for band and line, its symbols solid (the band's opacity would wash them out).
  const colour = { ...regimeColour(regimes), legend: { title: 'regime', symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 3, labelLimit: 0 } };
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
  return { values, dims, x, xEnc, y, panel, groups, xLog, yLog, layer };
}

/** The band's meaning in a caption. */
export function bandText(m: SweepMetric): string {
  return m.statistic === 'ratio_of_sums' ? 'bootstrap 95% interval' : '95% confidence interval of the mean';
}

/** The plot width of a panel: one panel is wide; several share the page's width (about 800 px of plots). */
function panelWidth(panels: number): number {
  return panels <= 1 ? 560 : Math.max(170, Math.min(360, Math.floor(800 / Math.min(panels, 4)) - 24));
}

export function sweepMetricChart(data: ReportData, m: SweepMetric): ChartResult | null {
  const parts = sweepLineParts(data, m, { splitDominant: m.splitDominant ?? false });
  if (parts === null || 'note' in parts) return parts;
  const { values, layer, panel, groups, x } = parts;
  const size = { width: panelWidth(panel ? panel.order.length : 1), height: groups ? 170 : 240 };
  const header = { labelLimit: 0, labelFontSize: 12 };
  const column = panel ? { field: 'panel', type: 'nominal', title: null, sort: panel.order.map((v) => panelLabel(panel, v)), header } : null;
  const row = groups ? { field: 'group', type: 'nominal', title: null, sort: groups.order, header: { ...header, labelOrient: 'top', labelAngle: 0, labelAlign: 'left', labelAnchor: 'start' } } : null;
  const title = `${m.title}, against ${x.title}`;
  const spec = (
    column || row
      ? {
          $schema: VEGA_LITE_SCHEMA,
          title,
          data: { values },
          // Rows of regime groups and columns of the other parameter; wrapped at four columns when there are no rows.
          ...(row ? { facet: { row, ...(column ? { column } : {}) } } : { facet: column, columns: 4 }),
          ...(row ? { resolve: { scale: { y: 'independent' } } } : {}),
          spec: { ...size, layer },
        }
      : { $schema: VEGA_LITE_SCHEMA, title, data: { values }, ...size, layer }
  ) as unknown as TopLevelSpec;
  const marks = m.better ? ` Ringed: the best point of each line that moves with ${x.title} (${m.better} mean); a flat line (a regime ${x.title} does not touch) is not ringed.` : '';
  const plateau = m.plateau ? ` Triangle: the plateau, the smallest setting whose mean is within ${PLATEAU_SHARE * 100}% of that line's best.` : '';
  const panels = panel ? ` A panel per value of ${panel.title}.` : '';
  const log = parts.yLog ? ' The y-axis is logarithmic: the values differ by more than ten times.' : '';
  return { spec, caption: `Mean at each setting of ${x.title}, one line per regime; band: ${bandText(m)}.${panels}${groups ? groups.caption : ''}${marks}${plateau}${log}` };
}

/** Heat map of one metric over a two-parameter grid, a panel per regime. */
export function sweepHeatmap(data: ReportData, m: SweepMetric): ChartResult | null {
  if (data.kind !== 'sweep' || data.run.meta.grid.length !== 2) return null;
  const run = data.run;
  const { x: cols, panel } = sweepAxes(run, data.x);
  const rows = panel!;
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
  // A column at least as wide as its share of the x title (each panel repeats it), so titles never run into each other.
  const step = Math.max(48, Math.ceil((cols.title.length * 7.5 + 16) / cols.order.length));
  // Likewise rows tall enough for the y title (it runs along the axis).
  const rowStep = Math.max(30, Math.ceil((rows.title.length * 7.5 + 16) / rows.order.length));
  const cellFormat = m.format === TICK_FORMAT.usd ? '$,.3~r' : m.format === TICK_FORMAT.percent ? '.1~%' : m.format === TICK_FORMAT.tokens ? '.3~s' : ',.3~r';
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: `${m.title}: heat map`,
    data: { values },
    facet: { column: { field: 'regime', type: 'nominal', sort: allRegimes(run), title: null, header: { labelLimit: 0 } } },
    spec: {
      width: { step },
      height: { step: rowStep },
      encoding: {
        x: { field: 'col', type: 'ordinal', sort: cols.order, title: cols.title },
        y: { field: 'row', type: 'ordinal', sort: rows.order, title: rows.title },
      },
      layer: [
        { mark: { type: 'rect' }, encoding: { color: { field: 'mean', type: 'quantitative', title: null, scale: { scheme: 'viridis', reverse: m.better === 'lower' }, legend: { format: m.format } } } },
        { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'mean', type: 'quantitative', format: cellFormat }, color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' } } },
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
