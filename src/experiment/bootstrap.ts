/**
 * A seeded bootstrap of ratio statistics (ratios of sums over replications). Replications are
 * independent, so they are grouped into at most `maxBlocks` contiguous blocks of (nearly) equal
 * size and blocks are resampled with replacement: with one replication per block this is the
 * textbook bootstrap; at a million replications it keeps 1,000 resamples cheap. Every statistic
 * of one call sees the same resampled blocks (a paired bootstrap). Uniforms come from
 * createStream(seed, 'bootstrap', ...path); the summary uses the same path at every sweep point
 * (common random numbers for the bootstrap too). The same data and seed give the same interval.
 */
import { quantileSorted } from 'simple-statistics';
import { createStream, type StreamPathElement } from '../random/index.js';

export const BOOTSTRAP_RESAMPLES = 1000;
export const BOOTSTRAP_MAX_BLOCKS = 1000;

export interface BootstrapOptions {
  resamples?: number;
  maxBlocks?: number;
}

/**
 * `vectors[k][i]`: per-replication values to sum (NaN counts as 0). Each statistic maps the
 * vector sums to a number. Returns, per statistic, the 2.5% and 97.5% percentiles of its
 * bootstrap distribution (NaN resamples left out; NaN if more than half are NaN).
 */
export function bootstrapSums(
  vectors: readonly ArrayLike<number>[],
  statistics: readonly ((sums: Float64Array) => number)[],
  seed: number | string,
  path: StreamPathElement[],
  options: BootstrapOptions = {},
): { low: number; high: number }[] {
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const n = vectors.length ? vectors[0]!.length : 0;
  const K = vectors.length;
  if (n === 0 || statistics.length === 0) return statistics.map(() => ({ low: Number.NaN, high: Number.NaN }));
  const B = Math.min(n, options.maxBlocks ?? BOOTSTRAP_MAX_BLOCKS);
  const blockSums = new Float64Array(K * B);
  for (let b = 0; b < B; b++) {
    const from = Math.floor((b * n) / B);
    const to = Math.floor(((b + 1) * n) / B);
    for (let k = 0; k < K; k++) {
      const v = vectors[k]!;
      let s = 0;
      for (let i = from; i < to; i++) {
        const x = v[i]!;
        if (x === x) s += x;
      }
      blockSums[k * B + b] = s;
    }
  }
  const u = createStream(seed, 'bootstrap', ...path);
  const tot = new Float64Array(K);
  const draws = statistics.map(() => new Float64Array(resamples));
  const picks = new Int32Array(B);
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < B; j++) picks[j] = Math.floor(u() * B);
    for (let k = 0; k < K; k++) {
      const base = k * B;
      let s = 0;
      for (let j = 0; j < B; j++) s += blockSums[base + picks[j]!]!;
      tot[k] = s;
    }
    for (let s = 0; s < statistics.length; s++) draws[s]![r] = statistics[s]!(tot);
  }
  return draws.map((d) => {
    const finite = Array.from(d).filter((x) => Number.isFinite(x));
    if (finite.length * 2 < resamples) return { low: Number.NaN, high: Number.NaN };
    finite.sort((a, b) => a - b);
    return { low: quantileSorted(finite, 0.025), high: quantileSorted(finite, 0.975) };
  });
}
