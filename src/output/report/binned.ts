/**
 * Data the charts draw, reduced so that no chart has a mark per replication: an ECDF as its
 * quantiles at fixed probabilities (distributions.csv's), figures rounded to a few significant
 * digits (a chart cannot show more, and the report stays small and byte-stable).
 */
import { columnDistribution, DISTRIBUTION_LEVELS, type ColumnDistribution } from '../distributions.js';

/** Probabilities of the ECDF steps: 0, 1/200, ..., 1 (the minimum and maximum included). */
export const ECDF_LEVELS = DISTRIBUTION_LEVELS;

/** `x` to 6 significant digits (NaN and infinities stay). */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) + 0 : x;
}

export interface EcdfPoint {
  value: number;
  probability: number;
}

const asDistribution = (v: ArrayLike<number> | ColumnDistribution): ColumnDistribution => ('quantiles' in v ? v : columnDistribution(v));

/**
 * The ECDF of the finite values as its ECDF_LEVELS + 1 quantiles (type 7): the curve an ECDF of
 * every value would draw, to within 1/ECDF_LEVELS in probability. Empty for no values.
 */
export function binnedEcdf(values: ArrayLike<number> | ColumnDistribution): EcdfPoint[] {
  const { quantiles } = asDistribution(values);
  return Array.from(quantiles, (q, k) => ({ value: sig(q), probability: sig(k / (quantiles.length - 1)) }));
}

/** Mean and the 5% and 95% quantiles of the finite values (NaN when none). */
export function meanAndRange(values: ArrayLike<number> | ColumnDistribution): { mean: number; p5: number; p95: number; n: number } {
  const d = asDistribution(values);
  const at = (p: number) => d.quantiles[Math.round(p * (d.quantiles.length - 1))] ?? Number.NaN;
  return { mean: d.mean, p5: at(0.05), p95: at(0.95), n: d.n };
}

/** Should an axis over [lo, hi] be logarithmic? When positive and spanning more than `factor` (30: as the console's histograms). */
export function wantsLog(lo: number, hi: number, factor = 30): boolean {
  return lo > 0 && hi / lo > factor;
}
