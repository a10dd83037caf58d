/**
 * Small sample helpers of the analysis layer: two-pass mean and variance on typed arrays, a
 * seeded resampling of indices, and percentile intervals of bootstrap draws.
 */
import { quantileSorted } from 'simple-statistics';
import { createStream, type StreamPathElement } from '../random/index.js';

/** The mean of `x` (NaN when empty). */
export function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return x.length ? s / x.length : Number.NaN;
}

/** The sample variance of `x` (divisor n - 1; two passes, so a constant sample gives 0; NaN below 2). */
export function sampleVariance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const m = meanOf(x);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - m) * (x[i]! - m);
  return ss / (n - 1);
}

/** The bootstrap resamples of the methods unless told otherwise. */
export const ANALYSIS_RESAMPLES = 1000;

/**
 * Calls `each(picks)` `resamples` times with `picks` holding `n` indices drawn uniformly with
 * replacement from 0..n-1, from the stream createStream(seed, 'bootstrap', ...path): the same
 * seed and path give the same resamples.
 */
export function forEachResample(
  n: number,
  resamples: number,
  seed: number | string,
  path: StreamPathElement[],
  each: (picks: Int32Array, resample: number) => void,
): void {
  const u = createStream(seed, 'bootstrap', ...path);
  const picks = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < n; j++) picks[j] = Math.floor(u() * n);
    each(picks, b);
  }
}

/** The 2.5% and 97.5% percentiles (type 7) of the finite draws; NaN when fewer than half are finite. */
export function percentileInterval(draws: ArrayLike<number>): { ciLow: number; ciHigh: number } {
  const finite: number[] = [];
  for (let i = 0; i < draws.length; i++) if (Number.isFinite(draws[i]!)) finite.push(draws[i]!);
  if (finite.length * 2 < draws.length || finite.length === 0) return { ciLow: Number.NaN, ciHigh: Number.NaN };
  finite.sort((a, b) => a - b);
  return { ciLow: quantileSorted(finite, 0.025), ciHigh: quantileSorted(finite, 0.975) };
}
