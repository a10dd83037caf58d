/**
 * The tables of a sweep: a row per point and regime (a regime the same at every point once), on
 * merge rate, wall clock and cost per merged change against one agent, or for a team on its
 * throughput, lead time and bottleneck (./team.ts); and a metric's value as the best-point lines
 * under the table show it (./sweepBest.ts).
 */
import { AGENT_BASELINE } from '../model/index.js';
import { human, pct, table, usd } from './readable.js';
import type { RowIndex } from './summaryIndex.js';
import { TEAM_SWEEP_HEADER, teamSweepRow } from './team.js';
import type { ReportPoint } from './console.js';

/** The sweep's table; a regime in `unchanged` (the same at every point) gets one row, 'every point'. */
export function sweepTable(index: RowIndex, points: readonly ReportPoint[], unchanged: ReadonlySet<string> = new Set(), team = false): string {
  if (team) return teamSweepTable(index, points, unchanged);
  const rows: string[][] = [];
  for (const p of points)
    for (const regime of index.regimes(p.point)) {
      if (unchanged.has(regime) && p !== points[0]) continue;
      const wall = index.dist(p.point, regime, 'wall_clock_hours');
      const ratio = index.ratio(p.point, regime);
      const rate = index.dist(p.point, regime, 'merge_rate');
      const dw = AGENT_BASELINE ? index.paired(p.point, regime, AGENT_BASELINE, 'wall_clock_hours') : undefined;
      const dc = AGENT_BASELINE ? index.paired(p.point, regime, AGENT_BASELINE, 'cost_per_merged_usd') : undefined;
      rows.push([
        unchanged.has(regime) ? 'every point' : p.label || `point ${p.point}`,
        regime,
        human(rate?.mean, 3),
        human(wall?.p50),
        human(wall?.p95),
        `${usd(ratio?.mean)}${ratio && Number.isFinite(ratio.ciLow) ? ` [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : ''}`,
        pct(dw?.relativePct),
        pct(dc?.relativePct),
        dw ? human(dw.pBetter, 2) : '-',
      ]);
    }
  return table(
    [
      'point',
      'regime',
      'merge rate',
      'wall h p50',
      'wall h p95',
      'cost per merged change [95% CI]',
      `wall vs ${AGENT_BASELINE ?? '-'}`,
      `cost vs ${AGENT_BASELINE ?? '-'}`,
      'P(faster)',
    ],
    rows,
  );
}

/** A team's sweep: throughput, lead time, cost per merged change and the bottleneck (never ranked on per-change wall clock). */
function teamSweepTable(index: RowIndex, points: readonly ReportPoint[], unchanged: ReadonlySet<string>): string {
  const rows: string[][] = [];
  for (const p of points)
    for (const regime of index.regimes(p.point)) {
      if (unchanged.has(regime) && p !== points[0]) continue;
      const dc = AGENT_BASELINE ? index.paired(p.point, regime, AGENT_BASELINE, 'cost_per_merged_usd') : undefined;
      rows.push([
        unchanged.has(regime) ? 'every point' : p.label || `point ${p.point}`,
        regime,
        human(index.dist(p.point, regime, 'merge_rate')?.mean, 3),
        ...teamSweepRow(index.look, p.point, regime),
        pct(dc?.relativePct),
      ]);
    }
  return table(['point', 'regime', 'merge rate', ...TEAM_SWEEP_HEADER, `cost vs ${AGENT_BASELINE ?? '-'}`], rows);
}

/** A metric's value as the best-point lines show it. */
export function showMetric(metric: string, v: number): string {
  if (metric.endsWith('_usd')) return usd(v);
  if (metric.endsWith('_hours')) return `${human(v)} h`;
  if (metric === 'merged_per_month') return `${human(v, 1)} a month`;
  return human(v);
}
