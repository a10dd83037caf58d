/**
 * Metrics of a set of replications, computed from per-replication output columns, and their 95%
 * intervals. A metric is either the mean of one output or a ratio of sums of two (cost per merged
 * change = Σ total_usd / Σ merged).
 *
 * Intervals come from each metric's linearisation (its influence values z_r, one per
 * replication), so that one formula serves a metric, a paired difference of two metrics on the
 * same replications, and both kinds:
 *
 * - mean of y: z_r = y_r - ȳ; the interval ȳ ± t(n-1) sd(z) / √n is then Student's t interval.
 * - ratio R = Σy / Σx: the delta method, z_r = (y_r - R x_r) / x̄, so Var(R) ≈ Var(z) / n and the
 *   interval is R ± t(n-1) sd(z) / √n. It is first order: good when the relative spread of x̄ is
 *   small (many replications, a denominator rarely 0), as in cost per merged change.
 * - paired difference of metric a at one point and b at another, on the same replications:
 *   a - b ± t(n-1) sd(z_a - z_b) / √n (common random numbers make z_a and z_b correlate, so the
 *   interval is narrower than either metric's own).
 *
 * Missing values: a NaN (or infinite) value of a mean's output is left out (n counts the rest, as
 * in describe of ../experiment/stats.ts); in a ratio's sums it counts as 0 (as bootstrapSums).
 * A paired difference uses the replications where both influence values are finite.
 */
import { tQuantile975 } from '../experiment/stats.js';

/** A metric as written by the caller, naming outputs. */
export type MetricSpec = { name: string; mean: string } | { name: string; numerator: string; denominator: string };

/** A metric with its outputs resolved to column indices (`denominator` is -1 for a mean). */
export interface Metric {
  name: string;
  kind: 'mean' | 'ratio';
  numerator: number;
  denominator: number;
}

/** Per output, the values of each replication in order (all columns have the same length). */
export type Columns = readonly ArrayLike<number>[];

/** A value with its 95% interval. */
export interface Estimate {
  estimate: number;
  ciLow: number;
  ciHigh: number;
}

/** An estimate with the half-width of its interval and the replications it rests on. */
export interface MetricEstimate extends Estimate {
  halfWidth: number;
  n: number;
}

/**
 * Resolves metric specs against the output names; without specs, the mean of every output,
 * named as the output. Throws a RangeError naming an unknown output or a repeated metric name.
 */
export function resolveMetrics(outputs: readonly string[], specs?: readonly MetricSpec[]): Metric[] {
  const index = (name: string, metric: string): number => {
    const i = outputs.indexOf(name);
    if (i < 0) throw new RangeError(`metric '${metric}': unknown output '${name}' (outputs: ${outputs.join(', ')})`);
    return i;
  };
  const metrics = specs
    ? specs.map((s): Metric =>
        'mean' in s
          ? { name: s.name, kind: 'mean', numerator: index(s.mean, s.name), denominator: -1 }
          : { name: s.name, kind: 'ratio', numerator: index(s.numerator, s.name), denominator: index(s.denominator, s.name) },
      )
    : outputs.map((name, i): Metric => ({ name, kind: 'mean', numerator: i, denominator: -1 }));
  const names = new Set<string>();
  for (const m of metrics) {
    if (names.has(m.name)) throw new RangeError(`metric '${m.name}' is defined twice`);
    names.add(m.name);
  }
  return metrics;
}

function sumOf(column: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (Number.isFinite(v)) s += v;
  }
  return s;
}

function meanOfFinite(column: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : Number.NaN;
}

/** The metric over all replications of `columns` (NaN when nothing counts or Σx is 0). */
export function metricValue(metric: Metric, columns: Columns): number {
  const y = columns[metric.numerator]!;
  if (metric.kind === 'mean') return meanOfFinite(y);
  const ratio = sumOf(y) / sumOf(columns[metric.denominator]!);
  return Number.isFinite(ratio) ? ratio : Number.NaN;
}

/** Every metric's value over `columns`, in metric order. */
export function metricValues(metrics: readonly Metric[], columns: Columns): Float64Array {
  const out = new Float64Array(metrics.length);
  for (let m = 0; m < metrics.length; m++) out[m] = metricValue(metrics[m]!, columns);
  return out;
}

/** The metric's value and its influence values (see the module comment; NaN where left out). */
export function metricInfluence(metric: Metric, columns: Columns): { value: number; influence: Float64Array } {
  const y = columns[metric.numerator]!;
  const n = y.length;
  const value = metricValue(metric, columns);
  const influence = new Float64Array(n);
  if (metric.kind === 'mean') {
    for (let r = 0; r < n; r++) influence[r] = Number.isFinite(y[r]!) ? y[r]! - value : Number.NaN;
    return { value, influence };
  }
  const x = columns[metric.denominator]!;
  const xBar = sumOf(x) / n;
  for (let r = 0; r < n; r++) {
    const yr = Number.isFinite(y[r]!) ? y[r]! : 0;
    const xr = Number.isFinite(x[r]!) ? x[r]! : 0;
    influence[r] = (yr - value * xr) / xBar;
  }
  return { value, influence };
}

/**
 * `center` ± t(n-1) sd(z) / √n over the finite values of z (the influence values, or their
 * differences), with n the number of them; NaN bounds with fewer than 2.
 */
export function influenceInterval(center: number, z: ArrayLike<number>): MetricEstimate {
  let n = 0;
  let s = 0;
  for (let r = 0; r < z.length; r++) {
    const v = z[r]!;
    if (Number.isFinite(v)) {
      n++;
      s += v;
    }
  }
  const m = n ? s / n : 0;
  let ss = 0;
  for (let r = 0; r < z.length; r++) {
    const v = z[r]!;
    if (Number.isFinite(v)) ss += (v - m) * (v - m);
  }
  const halfWidth = n > 1 ? (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n) : Number.NaN;
  return { estimate: center, ciLow: center - halfWidth, ciHigh: center + halfWidth, halfWidth, n };
}

/** The metric over `columns` with its 95% interval. */
export function metricInterval(metric: Metric, columns: Columns): MetricEstimate {
  const { value, influence } = metricInfluence(metric, columns);
  return influenceInterval(value, influence);
}

/**
 * The paired difference metric(columns) - metric(baseColumns) with its 95% interval: both column
 * sets hold the same replications in the same order (common random numbers).
 */
export function pairedDifference(metric: Metric, columns: Columns, baseColumns: Columns): MetricEstimate {
  const a = metricInfluence(metric, columns);
  const b = metricInfluence(metric, baseColumns);
  if (a.influence.length !== b.influence.length) {
    throw new RangeError(`pairedDifference '${metric.name}': ${a.influence.length} replications against ${b.influence.length}`);
  }
  const z = new Float64Array(a.influence.length);
  for (let r = 0; r < z.length; r++) z[r] = a.influence[r]! - b.influence[r]!;
  return influenceInterval(a.value - b.value, z);
}
