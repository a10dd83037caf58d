/**
 * From the per-replication values of each (sweep point, regime) to the rows of summary.csv:
 * the distribution of every summary metric, cost per merged change as a ratio of sums with a
 * bootstrap CI, and paired differences of each regime against `single` and `human`.
 *
 * Everything is computed from the values in canonical (replication) order, which do not depend
 * on how the work was split over workers or shards: the same inputs give the same bytes.
 */
import { BASELINES, PAIRED_METRICS, SUMMARY_METRICS, type SummaryMetric } from './columns.js';
import { bootstrapSums, type BootstrapOptions } from './bootstrap.js';
import { describe, EMPTY_DESCRIPTION, probabilityLower, type Description } from './stats.js';

/** The kept values of one sweep point: data[regime][metric][replication - firstReplication]. */
export interface PointValues {
  /** Global index of the sweep point. */
  point: number;
  regimes: string[];
  firstReplication: number;
  count: number;
  data: Float64Array[][];
  /** How many replications have been filled (for progress and checks). */
  filled: number;
}

export function allocatePointValues(point: number, regimes: readonly string[], firstReplication: number, count: number): PointValues {
  return {
    point,
    regimes: [...regimes],
    firstReplication,
    count,
    data: regimes.map(() => SUMMARY_METRICS.map(() => new Float64Array(count).fill(Number.NaN))),
    filled: 0,
  };
}

export const METRIC_INDEX: Record<SummaryMetric, number> = Object.fromEntries(SUMMARY_METRICS.map((m, i) => [m, i])) as Record<
  SummaryMetric,
  number
>;

export type Statistic = 'distribution' | 'ratio_of_sums' | 'paired_difference';

export interface SummaryRow extends Description {
  point: number;
  regime: string;
  /** For paired differences: the regime subtracted; '' otherwise. */
  baseline: string;
  metric: string;
  statistic: Statistic;
  /** Paired differences and ratios: relative difference in % (ratio of sums - 1), with a bootstrap CI. */
  relativePct: number;
  relativeCiLowPct: number;
  relativeCiHighPct: number;
  /** Paired differences: share of replications where the regime beats the baseline (lower; ties half). */
  pBetter: number;
}

const NAN_EXTRAS = { relativePct: Number.NaN, relativeCiLowPct: Number.NaN, relativeCiHighPct: Number.NaN, pBetter: Number.NaN };

/** The sum of the values that are not NaN. */
function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x === x) s += x;
  }
  return s;
}

/** The sum of v over the replications where both a and b are finite. */
function sumWhereBoth(v: Float64Array, a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) s += v[i]!;
  return s;
}

/** Values of `v` where both a and b are finite, else NaN (paired wall clock). */
function masked(v: Float64Array, a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number.isFinite(a[i]!) && Number.isFinite(b[i]!) ? v[i]! : Number.NaN;
  return out;
}

export interface SummaryOptions extends BootstrapOptions {
  seed: number | string;
}

/** The summary rows of one sweep point. */
export function summarizePoint(pv: PointValues, options: SummaryOptions): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const col = (r: number, m: SummaryMetric) => pv.data[r]![METRIC_INDEX[m]]!;
  const base = { point: pv.point, baseline: '' };

  // Bootstrap vectors and statistics, all on the same resampled blocks.
  const vectors: Float64Array[] = [];
  const stats: ((s: Float64Array) => number)[] = [];
  const vec = (v: Float64Array) => vectors.push(v) - 1;
  const usd = pv.regimes.map((_, r) => vec(col(r, 'total_usd')));
  const merged = pv.regimes.map((_, r) => vec(col(r, 'merged')));
  const tokens = pv.regimes.map((_, r) => vec(col(r, 'total_tokens')));
  const costStat = pv.regimes.map((_, r) => stats.push((s) => s[usd[r]!]! / s[merged[r]!]!) - 1);

  interface Pair {
    a: number;
    b: number;
    wall: [number, number];
  }
  const pairs: Pair[] = [];
  const pairStats = new Map<string, number>();
  for (const baseline of BASELINES) {
    const b = pv.regimes.indexOf(baseline);
    if (b < 0) continue;
    for (let a = 0; a < pv.regimes.length; a++) {
      if (a === b) continue;
      const wa = col(a, 'wall_clock_hours');
      const wb = col(b, 'wall_clock_hours');
      const pair: Pair = { a, b, wall: [vec(masked(wa, wa, wb)), vec(masked(wb, wa, wb))] };
      pairs.push(pair);
      const key = `${a}/${b}`;
      pairStats.set(`${key}/wall_clock_hours`, stats.push((s) => s[pair.wall[0]]! / s[pair.wall[1]]! - 1) - 1);
      pairStats.set(
        `${key}/cost_per_merged_usd`,
        stats.push((s) => s[usd[a]!]! / s[merged[a]!]! / (s[usd[b]!]! / s[merged[b]!]!) - 1) - 1,
      );
      pairStats.set(`${key}/total_tokens`, stats.push((s) => s[tokens[a]!]! / s[tokens[b]!]! - 1) - 1);
    }
  }
  // The same resamples at every sweep point (common random numbers for the bootstrap too).
  const ci = bootstrapSums(vectors, stats, options.seed, [], options);

  pv.regimes.forEach((regime, r) => {
    SUMMARY_METRICS.forEach((metric) => {
      rows.push({ ...base, regime, metric, statistic: 'distribution', ...describe(col(r, metric)), ...NAN_EXTRAS });
    });
    const ratio = sum(col(r, 'total_usd')) / sum(col(r, 'merged'));
    const c = ci[costStat[r]!]!;
    rows.push({
      ...base,
      regime,
      metric: 'cost_per_merged_usd',
      statistic: 'ratio_of_sums',
      ...EMPTY_DESCRIPTION,
      n: pv.count,
      mean: Number.isFinite(ratio) ? ratio : Number.NaN,
      ciLow: c.low,
      ciHigh: c.high,
      ...NAN_EXTRAS,
    });
  });

  for (const pair of pairs) {
    const regime = pv.regimes[pair.a]!;
    const baseline = pv.regimes[pair.b]!;
    for (const metric of PAIRED_METRICS) {
      const va = col(pair.a, metric);
      const vb = col(pair.b, metric);
      const d = new Float64Array(va.length);
      for (let i = 0; i < d.length; i++) d[i] = va[i]! - vb[i]!;
      let relative: number;
      if (metric === 'cost_per_merged_usd') {
        const ra = sum(col(pair.a, 'total_usd')) / sum(col(pair.a, 'merged'));
        const rb = sum(col(pair.b, 'total_usd')) / sum(col(pair.b, 'merged'));
        relative = ra / rb - 1;
      } else if (metric === 'wall_clock_hours') {
        relative = sumWhereBoth(va, va, vb) / sumWhereBoth(vb, va, vb) - 1;
      } else relative = sum(va) / sum(vb) - 1;
      const c = ci[pairStats.get(`${pair.a}/${pair.b}/${metric}`)!]!;
      rows.push({
        point: pv.point,
        regime,
        baseline,
        metric,
        statistic: 'paired_difference',
        ...describe(d),
        relativePct: Number.isFinite(relative) ? relative * 100 : Number.NaN,
        relativeCiLowPct: c.low * 100,
        relativeCiHighPct: c.high * 100,
        pBetter: probabilityLower(va, vb),
      });
    }
  }
  return rows;
}

/** Summary rows of every point, in point order. */
export function summarize(points: readonly PointValues[], options: SummaryOptions): SummaryRow[] {
  return points.flatMap((pv) => summarizePoint(pv, options));
}
