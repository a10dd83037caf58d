/**
 * What the chart modules share: the spec type, the schema every spec names, the regime colour
 * channel, and the report's data in the form the charts read it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../../experiment/index.js';
import type { GroupAggregate, RunDirData } from '../load.js';
import { sig } from '../binned.js';
import { regimeScale } from '../palette.js';
import type { TraceData } from '../traceData.js';
import type { BreakevenData, RobustnessData, SensitivityData } from '../analysisData.js';

export type { TopLevelSpec };

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export type ReportKind = 'run' | 'sweep' | 'trace' | 'sensitivity' | 'breakeven' | 'robustness';

export type ReportData =
  /** `x`: the sweep parameter drawn on the x-axis (`--x`); default the fan-out width when swept, else the first --vary. */
  | { kind: 'run' | 'sweep'; run: RunDirData; x?: string }
  | { kind: 'trace'; trace: TraceData }
  | { kind: 'sensitivity'; sensitivity: SensitivityData }
  | { kind: 'breakeven'; breakeven: BreakevenData }
  | { kind: 'robustness'; robustness: RobustnessData };

/** A chart ready to render, or a note on why an applicable chart cannot be drawn from these files. */
export type ChartResult = { spec: TopLevelSpec; caption: string } | { note: string };

export interface ChartEntry {
  /** File stem of the spec (`<id>.vl.json`) and the figure's id in the page. */
  id: string;
  kinds: readonly ReportKind[];
  /** The section of the page it goes in. */
  section: string;
  /** null: not applicable to this output, left out silently. */
  build: (data: ReportData) => ChartResult | null;
}

/** The colour channel of a regime field (the same colour for a regime in every chart). */
export function regimeColour(regimes: readonly string[], field = 'regime', legend: boolean | string = 'regime') {
  return {
    field,
    type: 'nominal' as const,
    scale: regimeScale(regimes),
    ...(legend === false ? { legend: null } : { legend: { title: legend === true ? 'regime' : legend } }),
  };
}

/** The regimes of a point, in the order of meta.json. */
export function regimesOf(run: RunDirData, point = 0): string[] {
  return run.meta.points.find((p) => p.point === point)?.regimes ?? [];
}

/** Every regime of the output (a sweep over `regimes` may differ by point), first-seen order. */
export function allRegimes(run: RunDirData): string[] {
  const out: string[] = [];
  for (const p of run.meta.points) for (const r of p.regimes) if (!out.includes(r)) out.push(r);
  return out;
}

export function group(run: RunDirData, point: number, regime: string): GroupAggregate | undefined {
  return run.groups.find((g) => g.point === point && g.regime === regime);
}

/** A summary row, or undefined. */
export function summaryRow(run: RunDirData, point: number, regime: string, metric: string, statistic: string, baseline = ''): SummaryRow | undefined {
  return run.summary.find((r) => r.point === point && r.regime === regime && r.metric === metric && r.statistic === statistic && r.baseline === baseline);
}

export function isStream(run: RunDirData): boolean {
  return run.meta.scenario.mode.kind === 'stream';
}

/**
 * Below this magnitude a chart's number is rounding noise (a Morris effect of 1e-13 dollars, a
 * difference of 3.6 microseconds): drawn as 0, so an axis over noise does not print
 * $0.0000000000001 twice.
 */
export const NOISE_FLOOR = 1e-9;

/** A value for a spec's inline data: finite numbers rounded (noise to 0), anything else null (Vega's missing). */
export function num(x: number | undefined, digits = 6): number | null {
  if (x === undefined || !Number.isFinite(x)) return null;
  return Math.abs(x) < NOISE_FLOOR ? 0 : sig(x, digits);
}

/**
 * Tick formats that never repeat a label and carry no SI suffix on money ("100m" reads as
 * millions): d3's `~r` and `~%` keep every significant digit of a tick (6 at most) and drop
 * trailing zeros, so neighbouring ticks always read differently.
 */
export const TICK_FORMAT = { usd: '$,~r', percent: '~%', number: ',~r', tokens: '~s' } as const;

/** The tick format of a metric's values by its unit (sensitivity and break-even name metrics by their columns). */
export function metricTickFormat(metric: string): string {
  if (metric.endsWith('_rate') || metric.endsWith('_share') || metric.endsWith('utilisation')) return TICK_FORMAT.percent;
  return metric.endsWith('_usd') ? TICK_FORMAT.usd : TICK_FORMAT.number;
}

/**
 * When one series' typical value is at least this many times every other's, the others are
 * squeezed into a sliver of a shared linear axis: they get a panel (or a log axis) of their own.
 */
export const DOMINANT_FACTOR = 4;

/**
 * The keys whose typical value is at least DOMINANT_FACTOR times the largest of the rest (in
 * the order given), or [] when none stands apart (or nothing would be left beside them).
 */
export function dominantKeys(typical: readonly { key: string; value: number }[]): string[] {
  const sorted = typical.filter((t) => Number.isFinite(t.value) && t.value > 0).sort((a, b) => b.value - a.value);
  // The largest gap between consecutive values (descending) splits the big from the rest.
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (sorted[i]!.value >= DOMINANT_FACTOR * sorted[i + 1]!.value) {
      const big = new Set(sorted.slice(0, i + 1).map((t) => t.key));
      return typical.filter((t) => big.has(t.key)).map((t) => t.key);
    }
  }
  return [];
}

/** Regimes split into panels of their own scale when some cost several times the rest: the panel of each, and what the caption says. */
export interface RegimePanels {
  /** The panel label of each regime. */
  panelOf: Map<string, string>;
  /** Panel labels, top to bottom: the close regimes first (the comparison that matters), then the far ones. */
  order: string[];
  caption: string;
}

/**
 * Panels for regimes whose typical values stand DOMINANT_FACTOR apart (null: one shared axis
 * reads them all). `what` is the caption's verb ("human costs 4 or more times as much as ...").
 */
export function regimePanels(typical: readonly { key: string; value: number }[], what: 'costs' | 'takes' | 'measures'): RegimePanels | null {
  const big = dominantKeys(typical);
  if (big.length === 0) return null;
  const rest = typical.map((t) => t.key).filter((k) => !big.includes(k));
  const [near, far] = [rest.join(', '), big.join(', ')];
  const panelOf = new Map<string, string>([...rest.map((k) => [k, near] as const), ...big.map((k) => [k, far] as const)]);
  return {
    panelOf,
    order: [near, far],
    // "human costs", "human, scripted cost".
    caption: ` ${far} ${big.length > 1 ? what.replace(/s$/, '') : what} ${DOMINANT_FACTOR} or more times ${what === 'takes' ? 'as long as' : 'as much as'} ${near}, which a shared axis would squeeze into a sliver: each group is drawn in a panel of its own, on its own scale (read the axes).`,
  };
}

/** A facet over the `panel` field, one panel per row, each with its own x scale and its label on top. */
export function panelRows(panels: RegimePanels) {
  return {
    facet: { row: { field: 'panel', type: 'nominal' as const, sort: panels.order, title: null, header: { labelOrient: 'top' as const, labelAngle: 0, labelAlign: 'left' as const, labelAnchor: 'start' as const, labelFontSize: 12, labelLimit: 0 } } },
    resolve: { scale: { x: 'independent' as const } },
  };
}
