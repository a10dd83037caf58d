/**
 * summary.csv: one row per sweep point x regime x metric x statistic (tidy, long format).
 */
import type { SummaryRow } from '../experiment/index.js';
import { csvLine, statCell } from './csv.js';

export const SUMMARY_STAT_COLUMNS = [
  'n',
  'mean',
  'sd',
  'ci95_low',
  'ci95_high',
  'p5',
  'p25',
  'p50',
  'p75',
  'p95',
  'p99',
  'relative_pct',
  'relative_ci95_low_pct',
  'relative_ci95_high_pct',
  'p_better',
  'both_share',
] as const;

export function summaryHeader(paramColumns: readonly string[]): string[] {
  return ['point', ...paramColumns, 'regime', 'baseline', 'metric', 'statistic', ...SUMMARY_STAT_COLUMNS];
}

/** The text of summary.csv; `prefixes[point]` are the point's `point,<params>` cells. */
export function summaryCsv(rows: readonly SummaryRow[], paramColumns: readonly string[], prefixes: readonly string[]): string {
  const lines = [csvLine(summaryHeader(paramColumns))];
  for (const r of rows) {
    const stats = [
      r.n,
      r.mean,
      r.sd,
      r.ciLow,
      r.ciHigh,
      r.p5,
      r.p25,
      r.p50,
      r.p75,
      r.p95,
      r.p99,
      r.relativePct,
      r.relativeCiLowPct,
      r.relativeCiHighPct,
      r.pBetter,
      r.bothShare,
    ].map(statCell);
    lines.push(`${prefixes[r.point]},${r.regime},${r.baseline},${r.metric},${r.statistic},${stats.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}
