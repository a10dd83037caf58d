/**
 * The best point of a sweep, for the console and best.csv (one definition of "best" for both):
 * per regime whose results change across the points and per metric of the scenario's decision
 * (one change: cost per merged change, wall clock; a closed loop or a stream: merged changes per
 * month, lead time, cost per merged change; ../model/decision.ts), on the per-replication values
 * (lower is better, higher for throughput), the best point by mean, the points not distinguishable
 * from it (paired t tests against the best, Holm-corrected at 5%: ../analysis/bestPoint.ts), and
 * for every metric but a cost the plateau: the first point (the grid's order: smaller settings
 * first) within 5% of the best. A team is never ranked on per-change wall clock unless its
 * decision says so: that rewards the configurations that file less work.
 * Regimes whose values are the same at every point (human and single in a fan-out sweep) are not
 * compared: the table prints them once, and best.csv has no rows for them.
 */
import { bestPoint, type BestPoint } from '../analysis/index.js';
import { METRIC_INDEX, sameColumn, type PointValues } from '../experiment/index.js';
import { decisionMetric, type SummaryMetric } from '../model/index.js';
import type { ReportPoint } from './console.js';
import { BEST_COLUMN_DOCS_AFTER, BEST_COLUMN_DOCS_BEFORE } from './analysisColumns.js';
import { csvLine, statCell } from './csv.js';

/** The share of the best within which the plateau lies. */
export const PLATEAU_SHARE = 0.05;
export const BEST_ALPHA = 0.05;

/** The metrics a sweep's best points are judged on when no decision is given (one change's default). */
export const DEFAULT_BEST_METRICS: readonly string[] = ['wallClockHours', 'costPerMergedUsd'];

/** How the console names a metric in its best-point lines (the column's name otherwise). */
const LABELS: Readonly<Record<string, string>> = {
  wall_clock_hours: 'wall clock hours',
  cost_per_merged_usd: 'cost per merged change',
  cost_per_resolved_usd: 'cost per resolved outcome',
  merged_per_month: 'merged changes per month',
  lead_time_hours: 'lead time hours',
};

export interface BestMetric {
  metric: SummaryMetric;
  label: string;
  /** Whether the plateau is reported (every metric but a cost). */
  plateau: boolean;
  higherIsBetter: boolean;
}

/** The decision's metric keys (../model/decision.ts) as the best points' metrics. */
export function bestMetrics(keys: readonly string[]): BestMetric[] {
  return keys.map((key) => {
    const m = decisionMetric(key);
    return { metric: m.column as SummaryMetric, label: LABELS[m.column] ?? m.column, plateau: m.unit !== 'USD', higherIsBetter: m.higherIsBetter === true };
  });
}

/** The regimes whose every kept value is the same at every point (none without kept values). */
export function unchangedRegimes(points: readonly ReportPoint[]): Set<string> {
  return points.some((p) => !p.values) ? new Set() : unchangedIn(points.map((p) => p.values!));
}

function unchangedIn(points: readonly PointValues[]): Set<string> {
  const out = new Set<string>();
  if (points.length < 2) return out;
  const first = points[0]!;
  first.regimes.forEach((regime, r) => {
    const same = points.every((p) => {
      const i = p.regimes.indexOf(regime);
      return i >= 0 && p.data[i]!.every((column, m) => sameColumn(column, first.data[r]![m]!));
    });
    if (same) out.add(regime);
  });
  return out;
}

/** One comparison: a regime and a decision metric over the points that run the regime. */
export interface SweepBest {
  regime: string;
  metric: SummaryMetric;
  label: string;
  /** Whether the plateau is reported (every metric but a cost). */
  plateau: boolean;
  higherIsBetter: boolean;
  /** The positions of `result` as indices into the points given. */
  at: number[];
  result: BestPoint;
}

/** Every comparison of a sweep's points on the decision's metrics (keys; none for fewer than two points). */
export function sweepBest(points: readonly PointValues[], metricKeys: readonly string[] = DEFAULT_BEST_METRICS): SweepBest[] {
  if (points.length < 2) return [];
  const unchanged = unchangedIn(points);
  const out: SweepBest[] = [];
  for (const regime of points[0]!.regimes.filter((r) => !unchanged.has(r))) {
    const at = points.map((p, i) => (p.regimes.includes(regime) ? i : -1)).filter((i) => i >= 0);
    if (at.length < 2) continue;
    for (const h of bestMetrics(metricKeys)) {
      const values = at.map((i) => points[i]!.data[points[i]!.regimes.indexOf(regime)]![METRIC_INDEX[h.metric]]!);
      // A metric with no finite value at any point (throughput in one-change mode) has no best.
      if (!values.some((v) => v.some(Number.isFinite))) continue;
      const result = bestPoint(values, { alpha: BEST_ALPHA, plateauShare: PLATEAU_SHARE, higherIsBetter: h.higherIsBetter });
      out.push({ regime, ...h, at, result });
    }
  }
  return out;
}

/** Lines naming the best points (empty without kept values). */
export function bestPointLines(
  points: readonly ReportPoint[],
  show: (metric: string, value: number) => string,
  metricKeys: readonly string[] = DEFAULT_BEST_METRICS,
): string[] {
  if (points.some((p) => !p.values)) return [];
  const lines: string[] = [];
  for (const b of sweepBest(
    points.map((p) => p.values!),
    metricKeys,
  )) {
    const r = b.result;
    const label = (i: number) => points[b.at[i]!]!.label || `point ${points[b.at[i]!]!.point}`;
    const others = r.indistinguishable.filter((i) => i !== r.best).map(label);
    let line = `${b.regime}, ${b.label}: best ${label(r.best)} (mean ${show(b.metric, r.means[r.best]!)}); indistinguishable from it: ${others.length ? others.join('; ') : 'none'}`;
    if (b.plateau) line += `; plateau (within ${PLATEAU_SHARE * 100}% of the best): ${label(r.plateau)}`;
    lines.push(line);
  }
  if (lines.length) lines.push(`  (means over replications; paired t tests against the best, Holm-corrected at ${BEST_ALPHA * 100}%)`);
  return lines;
}

/** best.csv's columns around the point's own (`point` and one per --vary, from `prefixes`). */
export const BEST_COLUMNS_BEFORE = BEST_COLUMN_DOCS_BEFORE.map((c) => c.name);
export const BEST_COLUMNS_AFTER = BEST_COLUMN_DOCS_AFTER.map((c) => c.name);

/**
 * best.csv: per comparison (regime and decision metric), a `best` row, an `indistinguishable` row
 * per other point not distinguishable from it (grid order), and for every metric but a cost a `plateau` row.
 * `prefixes[point]` holds each point's `point,<params>` cells, CSV-joined.
 */
export function bestCsv(
  points: readonly PointValues[],
  paramColumns: readonly string[],
  prefixes: readonly string[],
  metricKeys: readonly string[] = DEFAULT_BEST_METRICS,
): string {
  const lines = [csvLine([...BEST_COLUMNS_BEFORE, 'point', ...paramColumns, ...BEST_COLUMNS_AFTER])];
  for (const b of sweepBest(points, metricKeys)) {
    const r = b.result;
    const best = r.means[r.best]!;
    const row = (kind: string, i: number, within: number | null) => {
      // How far short of the best, as a share of it: positive is worse, whichever way is better.
      const short = b.higherIsBetter ? best - r.means[i]! : r.means[i]! - best;
      const above = best === 0 ? (r.means[i] === 0 ? 0 : Number.NaN) : short / Math.abs(best);
      const cells = [r.means[i]!, above, r.pValues[i]!, r.adjustedPValues[i]!, within ?? Number.NaN].map(statCell);
      lines.push(`${csvLine([b.metric, b.regime, kind])},${prefixes[points[b.at[i]!]!.point]!},${csvLine(cells)}`);
    };
    row('best', r.best, null);
    for (const i of r.indistinguishable) if (i !== r.best) row('indistinguishable', i, null);
    if (b.plateau) row('plateau', r.plateau, PLATEAU_SHARE);
  }
  return `${lines.join('\n')}\n`;
}
