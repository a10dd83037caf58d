/**
 * From the per-replication values of each (sweep point, regime) to the rows of summary.csv:
 * the distribution of every summary metric, cost per merged change as a ratio of sums with a
 * bootstrap CI, and paired differences of each regime against `single` and `human`.
 *
 * Everything is computed from the values in canonical (replication) order, which do not depend
 * on how the work was split over workers or shards: the same inputs give the same bytes.
 */
import { BASELINES, PAIRED_METRICS, SUMMARY_METRICS, type SummaryMetric } from './columns.js';
import { BootstrapMemo, bootstrapSums, type BootstrapOptions } from './bootstrap.js';
import { KEPT_METRICS, METRICS, MISSING_IS_WORST, RATIO_OF_SUMS, type MetricDef } from '../model/index.js';

/** Summary columns where a larger value is better (P(better) counts the higher side). */
const HIGHER_IS_BETTER: ReadonlySet<string> = new Set((METRICS as readonly MetricDef[]).filter((m) => m.higherIsBetter && m.level !== 'change').map((m) => m.column));
import { describe, describeMissingAsWorst, EMPTY_DESCRIPTION, probabilityLower, shareBothPresent, type Description } from './stats.js';

/**
 * The kept values of one sweep point: data[regime][metric][replication - firstReplication], the
 * metrics of KEPT_METRICS (summary.csv's first, in SUMMARY_METRICS order, so METRIC_INDEX holds).
 */
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
    // Shared memory: worker threads fill and describe these columns in place, without copies.
    data: regimes.map(() => KEPT_METRICS.map(() => new Float64Array(new SharedArrayBuffer(count * 8)).fill(Number.NaN))),
    filled: 0,
  };
}

export const METRIC_INDEX: Record<SummaryMetric, number> = Object.fromEntries(SUMMARY_METRICS.map((m, i) => [m, i])) as Record<
  SummaryMetric,
  number
>;

/** Where each kept metric's column sits in PointValues.data[regime]. */
export const KEPT_INDEX: Readonly<Record<string, number>> = Object.fromEntries(KEPT_METRICS.map((m, i) => [m, i]));

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
  /**
   * Paired differences: over the replications where at least one side has a value, the share where
   * the regime beats the baseline (ties half; a side that did not merge loses; stats.probabilityLower).
   */
  pBetter: number;
  /** Paired differences: the share of replications where both sides have a value (both merged). */
  bothShare: number;
}

const NAN_EXTRAS = { relativePct: Number.NaN, relativeCiLowPct: Number.NaN, relativeCiHighPct: Number.NaN, pBetter: Number.NaN, bothShare: Number.NaN };

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

/**
 * One sample of summary.csv to describe (n, mean, sd, CI, quantiles): a column, or the per-
 * replication difference of two columns. Describing is the costly part of the summary (the
 * quantiles), so jobs may run on any thread; they read the columns in place (shared memory when
 * the columns live in SharedArrayBuffers) and give the same description wherever they run.
 */
export type DescribeJob = { column: Float64Array; missingIsWorst?: boolean } | { minuend: Float64Array; subtrahend: Float64Array };

export function describeJob(job: DescribeJob): Description {
  if ('column' in job) return job.missingIsWorst ? describeMissingAsWorst(job.column) : describe(job.column);
  const { minuend: a, subtrahend: b } = job;
  const d = new Float64Array(a.length);
  for (let i = 0; i < d.length; i++) d[i] = a[i]! - b[i]!;
  return describe(d);
}

interface Pair {
  a: number;
  b: number;
}

/** Every (regime, baseline) pair of the point: each regime against `single` and `human`. */
function pairsOf(pv: PointValues): Pair[] {
  const pairs: Pair[] = [];
  for (const baseline of BASELINES) {
    const b = pv.regimes.indexOf(baseline);
    if (b < 0) continue;
    for (let a = 0; a < pv.regimes.length; a++) if (a !== b) pairs.push({ a, b });
  }
  return pairs;
}

/** The describe jobs of one point: every regime's metrics, then every pair's paired differences. */
export function describeJobsOf(pv: PointValues): DescribeJob[] {
  const col = (r: number, m: SummaryMetric) => pv.data[r]![METRIC_INDEX[m]]!;
  const jobs: DescribeJob[] = [];
  for (let r = 0; r < pv.regimes.length; r++)
    for (const metric of SUMMARY_METRICS) jobs.push(MISSING_IS_WORST.has(metric) ? { column: col(r, metric), missingIsWorst: true } : { column: col(r, metric) });
  for (const { a, b } of pairsOf(pv)) for (const metric of PAIRED_METRICS) jobs.push({ minuend: col(a, metric), subtrahend: col(b, metric) });
  return jobs;
}

/**
 * The summary of one point in two steps, so that its describe jobs can run on other threads: the
 * jobs, then `finish` with their descriptions in the same order (ratios, bootstrap, P(better)).
 */
export interface PointSummaryPlan {
  jobs: DescribeJob[];
  finish(descriptions: readonly Description[]): SummaryRow[];
}

export function planPointSummary(pv: PointValues, options: SummaryOptions): PointSummaryPlan {
  return { jobs: describeJobsOf(pv), finish: (descriptions) => finishPointSummary(pv, descriptions, options) };
}

/** The summary rows of one sweep point, on this thread. */
export function summarizePoint(pv: PointValues, options: SummaryOptions): SummaryRow[] {
  const plan = planPointSummary(pv, options);
  return plan.finish(plan.jobs.map(describeJob));
}

/** The rows of one sweep point from its jobs' descriptions (in the order of describeJobsOf). */
function finishPointSummary(pv: PointValues, descriptions: readonly Description[], options: SummaryOptions): SummaryRow[] {
  const pairs = pairsOf(pv);
  if (descriptions.length !== pv.regimes.length * SUMMARY_METRICS.length + pairs.length * PAIRED_METRICS.length)
    throw new Error('internal: the summary descriptions do not match the point\'s jobs');
  const rows: SummaryRow[] = [];
  let next = 0;
  const col = (r: number, m: SummaryMetric) => pv.data[r]![METRIC_INDEX[m]]!;
  const base = { point: pv.point, baseline: '' };
  const ratioOf = new Map(RATIO_OF_SUMS.map((x) => [x.metric, x]));

  // Bootstrap vectors and statistics, all on the same resampled blocks.
  const vectors: Float64Array[] = [];
  const stats: ((s: Float64Array) => number)[] = [];
  const vectorOf = new Map<string, number>();
  /** The bootstrap vector of a regime's column (one per column). */
  const vec = (r: number, m: SummaryMetric) => {
    const key = `${r}/${m}`;
    let i = vectorOf.get(key);
    if (i === undefined) vectorOf.set(key, (i = vectors.push(col(r, m)) - 1));
    return i;
  };
  const ratioStat = new Map<string, number>();
  pv.regimes.forEach((_, r) => {
    for (const x of RATIO_OF_SUMS) {
      const num = vec(r, x.numerator);
      const den = vec(r, x.denominator);
      ratioStat.set(`${r}/${x.metric}`, stats.push((t) => t[num]! / t[den]!) - 1);
    }
  });
  const pairStats = new Map<string, number>();
  for (const { a, b } of pairs)
    for (const metric of PAIRED_METRICS) {
      const key = `${a}/${b}/${metric}`;
      const ratio = ratioOf.get(metric);
      if (ratio) {
        // The ratio of the two ratios of sums (cost per merged change of a over b's).
        const [na, da, nb, db] = [vec(a, ratio.numerator), vec(a, ratio.denominator), vec(b, ratio.numerator), vec(b, ratio.denominator)];
        pairStats.set(key, stats.push((t) => t[na]! / t[da]! / (t[nb]! / t[db]!) - 1) - 1);
      } else {
        // Sums over the replications where both have a value (wall clock: where both merged).
        const va = col(a, metric);
        const vb = col(b, metric);
        const ma = vectors.push(masked(va, va, vb)) - 1;
        const mb = vectors.push(masked(vb, va, vb)) - 1;
        pairStats.set(key, stats.push((t) => t[ma]! / t[mb]! - 1) - 1);
      }
    }
  // The same resamples at every sweep point (common random numbers for the bootstrap too).
  const ci = bootstrapSums(vectors, stats, options.seed, [], options);
  const ratioOfSums = (r: number, x: { numerator: SummaryMetric; denominator: SummaryMetric }) => sum(col(r, x.numerator)) / sum(col(r, x.denominator));

  pv.regimes.forEach((regime, r) => {
    SUMMARY_METRICS.forEach((metric) => {
      rows.push({ ...base, regime, metric, statistic: 'distribution', ...descriptions[next++]!, ...NAN_EXTRAS });
    });
    for (const x of RATIO_OF_SUMS) {
      const ratio = ratioOfSums(r, x);
      const c = ci[ratioStat.get(`${r}/${x.metric}`)!]!;
      rows.push({
        ...base,
        regime,
        metric: x.metric,
        statistic: 'ratio_of_sums',
        ...EMPTY_DESCRIPTION,
        n: pv.count,
        mean: Number.isFinite(ratio) ? ratio : Number.NaN,
        ciLow: c.low,
        ciHigh: c.high,
        ...NAN_EXTRAS,
      });
    }
  });

  for (const pair of pairs) {
    const regime = pv.regimes[pair.a]!;
    const baseline = pv.regimes[pair.b]!;
    for (const metric of PAIRED_METRICS) {
      const va = col(pair.a, metric);
      const vb = col(pair.b, metric);
      const ratio = ratioOf.get(metric);
      const relative = ratio
        ? ratioOfSums(pair.a, ratio) / ratioOfSums(pair.b, ratio) - 1
        : sumWhereBoth(va, va, vb) / sumWhereBoth(vb, va, vb) - 1;
      const c = ci[pairStats.get(`${pair.a}/${pair.b}/${metric}`)!]!;
      rows.push({
        point: pv.point,
        regime,
        baseline,
        metric,
        statistic: 'paired_difference',
        ...descriptions[next++]!,
        relativePct: Number.isFinite(relative) ? relative * 100 : Number.NaN,
        relativeCiLowPct: c.low * 100,
        relativeCiHighPct: c.high * 100,
        pBetter: probabilityLower(va, vb, HIGHER_IS_BETTER.has(metric)),
        bothShare: shareBothPresent(va, vb),
      });
    }
  }
  return rows;
}

/** Summary rows of every point, in point order. */
export function summarize(points: readonly PointValues[], options: SummaryOptions): SummaryRow[] {
  const shared = { ...options, memo: options.memo ?? new BootstrapMemo() };
  return points.flatMap((pv) => summarizePoint(pv, shared));
}
