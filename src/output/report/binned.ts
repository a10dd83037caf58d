/**
 * Data the charts draw, reduced so that no chart has a mark per replication: an ECDF as its
 * quantiles at fixed probabilities, figures rounded to a few significant digits (a chart cannot
 * show more, and the report stays small and byte-stable).
 */
import { quantileOf, sortedFinite } from '../../experiment/index.js';

/** Probabilities of the ECDF steps: 0, 1/200, ..., 1 (the minimum and maximum included). */
export const ECDF_LEVELS = 200;

/** `x` to 6 significant digits (NaN and infinities stay). */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) + 0 : x;
}

export interface EcdfPoint {
  value: number;
  probability: number;
}

/**
 * The ECDF of the finite values as ECDF_LEVELS + 1 of its quantiles (type 7): the curve an ECDF
 * of every value would draw, to within 1/ECDF_LEVELS in probability. Empty for no values.
 */
export function binnedEcdf(values: ArrayLike<number>, levels = ECDF_LEVELS): EcdfPoint[] {
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return [];
  const out: EcdfPoint[] = [];
  for (let k = 0; k <= levels; k++) out.push({ value: sig(quantileOf(sorted, k / levels)), probability: sig(k / levels) });
  return out;
}

/** Mean and the 5% and 95% quantiles of the finite values (NaN when none). */
export function meanAndRange(values: ArrayLike<number>): { mean: number; p5: number; p95: number; n: number } {
  const sorted = sortedFinite(values);
  let s = 0;
  for (const x of sorted) s += x;
  return { mean: sorted.length ? s / sorted.length : Number.NaN, p5: quantileOf(sorted, 0.05), p95: quantileOf(sorted, 0.95), n: sorted.length };
}

/** Should an axis over [lo, hi] be logarithmic? When positive and spanning more than `factor` (30: as the console's histograms). */
export function wantsLog(lo: number, hi: number, factor = 30): boolean {
  return lo > 0 && hi / lo > factor;
}
