/**
 * The best point of a sweep on one metric (lower is better, or higher with `higherIsBetter`:
 * throughput), the points not distinguishable from it, and the plateau.
 *
 * Input: per point, the metric's value in each replication, paired across points (replication r
 * is the same luck at every point: common random numbers), the points in the caller's order of
 * preference (cheaper, smaller settings first), which decides ties.
 *
 * - best: the lowest mean (the highest with higherIsBetter); equal means go to the earlier point.
 * - indistinguishable: the best and every point whose paired t test against the best (two-sided,
 *   on the per-replication differences) is not rejected after Holm's step-down correction for
 *   the m = points - 1 comparisons at level `alpha` (default 5%): sort the p-values ascending,
 *   adjusted p_(j) = max over i <= j of min(1, (m - i + 1) p_(i)); rejected when adjusted <= alpha.
 *   A point whose differences are all equal has p = 0 if they are non-zero, 1 if zero.
 * - plateau: the earliest point whose mean is within `plateauShare` (default 5%) of the best,
 *   mean <= best + share |best| (>= best - share |best| with higherIsBetter): the smallest fan-out
 *   width that gets most of the gain.
 * Replications with a non-finite value at either point of a comparison are left out of it; a
 * point's mean is over its finite values; a comparison left with fewer than two pairs cannot reject.
 */
import { regularizedBeta } from '../random/special.js';
import { meanOf, sampleVariance } from './sample.js';

/** Options: the test level (default 0.05) and the plateau share (default 0.05). */
export interface BestPointOptions {
  alpha?: number;
  plateauShare?: number;
  /** A larger mean is better (merged changes per month); default false: lower is better. */
  higherIsBetter?: boolean;
}

/** The result: indices into the points as given. */
export interface BestPoint {
  best: number;
  means: number[];
  /** Per point, the paired t test's two-sided p-value against the best (NaN for the best). */
  pValues: number[];
  /** Holm-adjusted p-values (NaN for the best). */
  adjustedPValues: number[];
  /** The best and the points not distinguishable from it, in the points' order. */
  indistinguishable: number[];
  plateau: number;
}

/** Two-sided p-value of Student's t statistic `t` with `df` degrees of freedom. */
export function tTestPValue(t: number, df: number): number {
  if (Number.isNaN(t) || !(df >= 1)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** The paired t test's two-sided p-value of a - b over the replications finite in both. */
export function pairedTTest(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d: number[] = [];
  for (let r = 0; r < Math.min(a.length, b.length); r++) {
    const v = a[r]! - b[r]!;
    if (Number.isFinite(v)) d.push(v);
  }
  if (d.length < 2) return Number.NaN;
  const m = meanOf(d);
  const se = Math.sqrt(sampleVariance(d) / d.length);
  if (se === 0) return m === 0 ? 1 : 0;
  return tTestPValue(m / se, d.length - 1);
}

/** Holm's step-down adjusted p-values of `pValues` (same order; NaN stays NaN and is not counted). */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues.map((_, i) => i).filter((i) => !Number.isNaN(pValues[i]!));
  order.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 0;
  order.forEach((i, j) => {
    running = Math.max(running, Math.min(1, (m - j) * pValues[i]!));
    adjusted[i] = running;
  });
  return adjusted;
}

function finiteMean(values: ArrayLike<number>): number {
  const x: number[] = [];
  for (let r = 0; r < values.length; r++) if (Number.isFinite(values[r]!)) x.push(values[r]!);
  return meanOf(x);
}

/**
 * The best point, the points indistinguishable from it, and the plateau (see the module comment).
 *
 * @example
 * ```ts
 * import { bestPoint } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // Per point of a sweep, a metric's value in each replication (paired across points).
 * const best = bestPoint([
 *   [5.1, 6.0, 5.5, 6.2, 5.8],
 *   [3.0, 3.1, 2.9, 3.2, 3.1],
 *   [3.05, 3.2, 2.95, 3.1, 3.15],
 * ]);
 * assert.equal(best.best, 1);
 * assert.deepEqual(best.indistinguishable, [1, 2]);
 * ```
 */
export function bestPoint(values: readonly ArrayLike<number>[], options: BestPointOptions = {}): BestPoint {
  const alpha = options.alpha ?? 0.05;
  const share = options.plateauShare ?? 0.05;
  if (values.length === 0) throw new RangeError('bestPoint: give at least one point');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`bestPoint: alpha must be in (0, 1) (got ${alpha})`);
  if (!(share >= 0)) throw new RangeError(`bestPoint: plateauShare must be >= 0 (got ${share})`);
  const means = values.map(finiteMean);
  const higher = options.higherIsBetter === true;
  let best = -1;
  means.forEach((m, i) => {
    if (Number.isFinite(m) && (best < 0 || (higher ? m > means[best]! : m < means[best]!))) best = i;
  });
  if (best < 0) throw new RangeError('bestPoint: no point has a finite mean');
  const pValues = values.map((v, i) => (i === best ? Number.NaN : pairedTTest(v, values[best]!)));
  const adjustedPValues = holmAdjust(pValues);
  // A comparison that cannot be made (fewer than two pairs: p NaN) is not a rejection.
  const indistinguishable = values.map((_, i) => i).filter((i) => i === best || !(adjustedPValues[i]! <= alpha));
  const slack = share * Math.abs(means[best]!);
  const plateau = higher ? means.findIndex((m) => m >= means[best]! - slack) : means.findIndex((m) => m <= means[best]! + slack);
  return { best, means, pValues, adjustedPValues, indistinguishable, plateau };
}
