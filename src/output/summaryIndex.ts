/**
 * The summary's rows looked up by (point, regime, baseline, metric, statistic): a regime's
 * distribution, its ratio of sums, its paired difference against another regime, and the regimes
 * present at a point, for the console's tables, verdicts and closing sentence.
 */
import type { SummaryRow } from '../experiment/index.js';
import type { SummaryLookup } from './team.js';

const key = (point: number, regime: string, baseline: string, metric: string, statistic: string) =>
  `${point}|${regime}|${baseline}|${metric}|${statistic}`;
/** The summary rows of an output, indexed. */
export class RowIndex {
  private readonly map = new Map<string, SummaryRow>();
  constructor(rows: readonly SummaryRow[]) {
    for (const r of rows) this.map.set(key(r.point, r.regime, r.baseline, r.metric, r.statistic), r);
  }
  dist(point: number, regime: string, metric: string) {
    return this.map.get(key(point, regime, '', metric, 'distribution'));
  }
  ratio(point: number, regime: string) {
    return this.ratioOf(point, regime, 'cost_per_merged_usd');
  }
  ratioOf(point: number, regime: string, metric: string) {
    return this.map.get(key(point, regime, '', metric, 'ratio_of_sums'));
  }
  /** The summary rows as team.ts reads them. */
  readonly look: SummaryLookup = (point, regime, metric, statistic) => this.map.get(key(point, regime, '', metric, statistic));
  paired(point: number, regime: string, baseline: string, metric: string) {
    return this.map.get(key(point, regime, baseline, metric, 'paired_difference'));
  }
  regimes(point: number): string[] {
    const out: string[] = [];
    for (const r of this.map.values()) if (r.point === point && r.statistic === 'distribution' && !out.includes(r.regime)) out.push(r.regime);
    return out;
  }
}

/** What the verdicts and the closing sentence read of a RowIndex (a test may hand them a stand-in). */
export type RowIndexLike = Pick<RowIndex, 'paired' | 'ratioOf' | 'dist'>;
