/**
 * The best point of a sweep, for the console: per regime whose results change across the points
 * and per headline metric (wall clock, cost per merged change; per-replication values, lower is
 * better), the best point, the points not distinguishable from it (paired t tests against the
 * best, Holm-corrected at 5%: ../analysis/bestPoint.ts), and for wall clock the plateau: the first
 * point (the grid's order: smaller settings first) within 5% of the best. Regimes whose values are
 * the same at every point (human and single in a fan-out sweep) are not compared: the table
 * prints them once.
 */
import { bestPoint } from '../analysis/index.js';
import { METRIC_INDEX, sameColumn } from '../experiment/index.js';
import type { ReportPoint } from './console.js';

/** The share of the best within which the plateau lies. */
export const PLATEAU_SHARE = 0.05;
export const BEST_ALPHA = 0.05;

const HEADLINE = [
  { metric: 'wall_clock_hours', label: 'wall clock hours', plateau: true },
  { metric: 'cost_per_merged_usd', label: 'cost per merged change', plateau: false },
] as const;

/** The regimes whose every kept value is the same at every point (none without kept values). */
export function unchangedRegimes(points: readonly ReportPoint[]): Set<string> {
  const out = new Set<string>();
  if (points.length < 2 || points.some((p) => !p.values)) return out;
  const first = points[0]!.values!;
  first.regimes.forEach((regime, r) => {
    const same = points.every((p) => {
      const i = p.values!.regimes.indexOf(regime);
      return i >= 0 && p.values!.data[i]!.every((column, m) => sameColumn(column, first.data[r]![m]!));
    });
    if (same) out.add(regime);
  });
  return out;
}

/** Lines naming the best points (empty without kept values). */
export function bestPointLines(points: readonly ReportPoint[], show: (metric: string, value: number) => string): string[] {
  if (points.length < 2 || points.some((p) => !p.values)) return [];
  const unchanged = unchangedRegimes(points);
  const regimes = points[0]!.values!.regimes.filter((r) => !unchanged.has(r));
  const lines: string[] = [];
  for (const regime of regimes) {
    const at = points.filter((p) => p.values!.regimes.includes(regime));
    if (at.length < 2) continue;
    for (const h of HEADLINE) {
      const values = at.map((p) => p.values!.data[p.values!.regimes.indexOf(regime)]![METRIC_INDEX[h.metric]]!);
      const b = bestPoint(values, { alpha: BEST_ALPHA, plateauShare: PLATEAU_SHARE });
      if (!Number.isFinite(b.means[b.best]!)) continue;
      const label = (i: number) => at[i]!.label || `point ${at[i]!.point}`;
      const others = b.indistinguishable.filter((i) => i !== b.best).map(label);
      let line = `${regime}, ${h.label}: best ${label(b.best)} (mean ${show(h.metric, b.means[b.best]!)}); indistinguishable from it: ${others.length ? others.join('; ') : 'none'}`;
      if (h.plateau) line += `; plateau (within ${PLATEAU_SHARE * 100}% of the best): ${label(b.plateau)}`;
      lines.push(line);
    }
  }
  if (lines.length) lines.push(`  (means over replications; paired t tests against the best, Holm-corrected at ${BEST_ALPHA * 100}%)`);
  return lines;
}
