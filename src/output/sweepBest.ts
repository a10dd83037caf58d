/**
 * The best point of a sweep, for the console and best.csv: per regime whose results change
 * across the points and per headline metric (wall clock, cost per merged change; per-replication
 * values, lower is better), the best point, the points not distinguishable from it (paired t
 * tests against the best, Holm-corrected at 5%: ../analysis/bestPoint.ts), and for wall clock the
 * plateau: the first point (the grid's order: smaller settings first) within 5% of the best.
 * Regimes whose values are the same at every point (human and single in a fan-out sweep) are not
 * compared: the table prints them once, and best.csv has no rows for them.
 */
import { bestPoint, type BestPoint } from '../analysis/index.js';
import { METRIC_INDEX, sameColumn, type PointValues } from '../experiment/index.js';
import type { ReportPoint } from './console.js';
import { BEST_COLUMN_DOCS_AFTER, BEST_COLUMN_DOCS_BEFORE } from './analysisColumns.js';
import { csvLine, statCell } from './csv.js';

/** The share of the best within which the plateau lies. */
export const PLATEAU_SHARE = 0.05;
export const BEST_ALPHA = 0.05;

const HEADLINE = [
  { metric: 'wall_clock_hours', label: 'wall clock hours', plateau: true },
  { metric: 'cost_per_merged_usd', label: 'cost per merged change', plateau: false },
] as const;

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

/** One comparison: a regime and a headline metric over the points that run the regime. */
export interface SweepBest {
  regime: string;
  metric: (typeof HEADLINE)[number]['metric'];
  label: string;
  /** Whether the plateau is reported (wall clock). */
  plateau: boolean;
  /** The positions of `result` as indices into the points given. */
  at: number[];
  result: BestPoint;
}

/** Every comparison of a sweep's points (none for fewer than two points). */
export function sweepBest(points: readonly PointValues[]): SweepBest[] {
  if (points.length < 2) return [];
  const unchanged = unchangedIn(points);
  const out: SweepBest[] = [];
  for (const regime of points[0]!.regimes.filter((r) => !unchanged.has(r))) {
    const at = points.map((p, i) => (p.regimes.includes(regime) ? i : -1)).filter((i) => i >= 0);
    if (at.length < 2) continue;
    for (const h of HEADLINE) {
      const values = at.map((i) => points[i]!.data[points[i]!.regimes.indexOf(regime)]![METRIC_INDEX[h.metric]]!);
      const result = bestPoint(values, { alpha: BEST_ALPHA, plateauShare: PLATEAU_SHARE });
      if (!Number.isFinite(result.means[result.best]!)) continue;
      out.push({ regime, metric: h.metric, label: h.label, plateau: h.plateau, at, result });
    }
  }
  return out;
}

/** Lines naming the best points (empty without kept values). */
export function bestPointLines(points: readonly ReportPoint[], show: (metric: string, value: number) => string): string[] {
  if (points.some((p) => !p.values)) return [];
  const lines: string[] = [];
  for (const b of sweepBest(points.map((p) => p.values!))) {
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
 * best.csv: per comparison (regime and headline metric), a `best` row, an `indistinguishable` row
 * per other point not distinguishable from it (grid order), and for wall clock a `plateau` row.
 * `prefixes[point]` holds each point's `point,<params>` cells, CSV-joined.
 */
export function bestCsv(points: readonly PointValues[], paramColumns: readonly string[], prefixes: readonly string[]): string {
  const lines = [csvLine([...BEST_COLUMNS_BEFORE, 'point', ...paramColumns, ...BEST_COLUMNS_AFTER])];
  for (const b of sweepBest(points)) {
    const r = b.result;
    const best = r.means[r.best]!;
    const row = (kind: string, i: number, within: number | null) => {
      const above = best === 0 ? (r.means[i] === 0 ? 0 : Number.NaN) : (r.means[i]! - best) / Math.abs(best);
      const cells = [r.means[i]!, above, r.pValues[i]!, r.adjustedPValues[i]!, within ?? Number.NaN].map(statCell);
      lines.push(`${csvLine([b.metric, b.regime, kind])},${prefixes[points[b.at[i]!]!.point]!},${csvLine(cells)}`);
    };
    row('best', r.best, null);
    for (const i of r.indistinguishable) if (i !== r.best) row('indistinguishable', i, null);
    if (b.plateau) row('plateau', r.plateau, PLATEAU_SHARE);
  }
  return `${lines.join('\n')}\n`;
}
