/**
 * Summary statistics of one sample: n, mean, sd, a 95% confidence interval of the mean (Student
 * t), and type-7 quantiles (numpy's and R's default), through simple-statistics. NaN values
 * (a wall clock when nothing merged, say) are left out and n counts the rest.
 */
import { mean, quantile, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { regularizedBeta } from '../random/special.js';

export interface Description {
  n: number;
  mean: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

const tCache = new Map<number, number>();

/** The 0.975 quantile of Student's t with `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  if (df > 1e7) return 1.959963984540054;
  const cached = tCache.get(df);
  if (cached !== undefined) return cached;
  // P(T <= t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2; bisection on t.
  const cdf = (t: number) => 1 - 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < 0.975) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  if (tCache.size < 10_000) tCache.set(df, t);
  return t;
}

/** The finite values of `values`, sorted ascending, in a new array. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out.sort();
}

export const EMPTY_DESCRIPTION: Readonly<Description> = {
  n: 0,
  mean: Number.NaN,
  sd: Number.NaN,
  ciLow: Number.NaN,
  ciHigh: Number.NaN,
  p5: Number.NaN,
  p25: Number.NaN,
  p50: Number.NaN,
  p75: Number.NaN,
  p95: Number.NaN,
  p99: Number.NaN,
};

/** Describe an ascending sorted sample of finite values. */
export function describeSorted(sorted: Float64Array): Description {
  const n = sorted.length;
  if (n === 0) return { ...EMPTY_DESCRIPTION };
  const x = sorted as unknown as number[];
  const m = mean(x);
  const sd = n > 1 ? sampleStandardDeviation(x) : Number.NaN;
  const half = n > 1 ? (tQuantile975(n - 1) * sd) / Math.sqrt(n) : Number.NaN;
  const q = (p: number) => quantileSorted(x, p);
  return {
    n,
    mean: m,
    sd,
    ciLow: m - half,
    ciHigh: m + half,
    p5: q(0.05),
    p25: q(0.25),
    p50: q(0.5),
    p75: q(0.75),
    p95: q(0.95),
    p99: q(0.99),
  };
}

/** The finite values of `values`, in their order: `values` itself when all are finite, else a new array. */
export function finite(values: ArrayLike<number>): Float64Array {
  // Typed arrays (every summary column) and plain arrays take separate loops, so that neither
  // kind of element access makes the other's loop polymorphic.
  return values instanceof Float64Array ? finiteOfColumn(values) : finiteOfColumn(Float64Array.from(values));
}

function finiteOfColumn(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  if (n === values.length) return values;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out;
}

/**
 * Describe a sample, leaving out NaN. Quantiles by selection (simple-statistics' quantile, the
 * same type-7 values as sorting, in linear time); the mean sums in the sample's own order.
 */
/**
 * The distribution of a metric whose missing values (NaN: nothing merged) are worse than any value:
 * they count as +Infinity, so n is every replication and a quantile above the share of finite
 * values is Infinity; the mean, sd and interval are undefined (NaN) whenever a value is missing.
 */
export function describeMissingAsWorst(values: ArrayLike<number>): Description {
  const x = Float64Array.from(values, (v) => (v === v ? v : Number.POSITIVE_INFINITY));
  const n = x.length;
  if (n === 0) return { ...EMPTY_DESCRIPTION };
  const allFinite = x.every(Number.isFinite);
  const base = allFinite ? describe(x) : { ...EMPTY_DESCRIPTION };
  // Quantiles interpolate, and Infinity - Infinity is NaN: stand in the largest double for the
  // missing values, and read any quantile above the largest finite value as Infinity.
  let maxFinite = Number.NEGATIVE_INFINITY;
  for (const v of x) if (Number.isFinite(v) && v > maxFinite) maxFinite = v;
  const arr = Array.from(x, (v) => (Number.isFinite(v) ? v : Number.MAX_VALUE));
  const qs = (quantile(arr, QUANTILES as unknown as number[]) as number[]).map((q) => (q > maxFinite ? Number.POSITIVE_INFINITY : q));
  const [p5, p25, p50, p75, p95, p99] = qs;
  return { ...base, n, p5: p5!, p25: p25!, p50: p50!, p75: p75!, p95: p95!, p99: p99! };
}

export function describe(values: ArrayLike<number>): Description {
  const x = finite(values);
  const n = x.length;
  if (n === 0) return { ...EMPTY_DESCRIPTION };
  const arr = x as unknown as number[];
  const m = mean(arr);
  const sd = n > 1 ? sampleStandardDeviation(arr) : Number.NaN;
  const half = n > 1 ? (tQuantile975(n - 1) * sd) / Math.sqrt(n) : Number.NaN;
  const [p5, p25, p50, p75, p95, p99] = quantile(arr, QUANTILES as unknown as number[]) as number[];
  return { n, mean: m, sd, ciLow: m - half, ciHigh: m + half, p5: p5!, p25: p25!, p50: p50!, p75: p75!, p95: p95!, p99: p99! };
}

/** Type-7 quantile of an ascending sorted sample (NaN when empty). */
export function quantileOf(sorted: Float64Array, p: number): number {
  return sorted.length ? quantileSorted(sorted as unknown as number[], p) : Number.NaN;
}

/**
 * P(better), as the outputs define it: the share of the replications where at least one side has
 * a value (merged) in which `a` is better than `b` (lower, or higher with `higherIsBetter`), ties
 * counting half. A side without a value (nothing merged) loses; replications where neither side
 * has one are left out (NaN when every replication is such).
 */
export function probabilityLower(a: ArrayLike<number>, b: ArrayLike<number>, higherIsBetter = false): number {
  const n = Math.min(a.length, b.length);
  let wins = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xMissing = Number.isNaN(x);
    const yMissing = Number.isNaN(y);
    if (xMissing && yMissing) continue;
    counted += 1;
    if (xMissing) continue;
    if (yMissing) wins += 1;
    else if (higherIsBetter ? x > y : x < y) wins += 1;
    else if (x === y) wins += 0.5;
  }
  return counted === 0 ? Number.NaN : wins / counted;
}

/** The share of the replications where both sides have a value (both merged): what P(better) is mostly about. */
export function shareBothPresent(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return Number.NaN;
  let both = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) both += 1;
  return both / n;
}

/** Two columns with the same values (NaN equal to NaN, -0 not equal to 0). */
export function sameColumn(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
