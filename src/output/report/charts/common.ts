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
  | { kind: 'run' | 'sweep'; run: RunDirData }
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

/** A value for a spec's inline data: finite numbers rounded, anything else null (Vega's missing). */
export function num(x: number | undefined, digits = 6): number | null {
  return x !== undefined && Number.isFinite(x) ? sig(x, digits) : null;
}
