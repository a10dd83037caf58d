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
import { sameColumn } from './stats.js';

export const BOOTSTRAP_RESAMPLES = 1000;
export const BOOTSTRAP_MAX_BLOCKS = 1000;

export interface BootstrapOptions {
  resamples?: number;
  maxBlocks?: number;
  /** Resamples remembered from earlier calls (the points of a sweep): see BootstrapMemo. */
  memo?: BootstrapMemo;
}

/**
 * What a run of calls with the same seed, path and sizes can share (the points of a sweep: the
 * summary resamples the same blocks at every point): the picks of every resample, and per vector
 * position the last vector resampled there with its resampled sums, so that a vector equal to it
 * (a regime whose results are the same at every point) is not resampled again. Reuse gives the
 * very numbers resampling again would: the sums are the same additions in the same order.
 */
export class BootstrapMemo {
  private key = '';
  private picks: Int32Array | null = null;
  private readonly slots: { vector: ArrayLike<number>; sums: Float64Array }[] = [];

  /** The picks of every resample (resamples x blocks), drawn once per key. */
  picksFor(key: string, draw: () => Int32Array): Int32Array {
    if (this.key !== key || !this.picks) {
      this.key = key;
      this.picks = draw();
      this.slots.length = 0;
    }
    return this.picks;
  }

  /** The resampled sums remembered at `slot` if its vector had the same values. */
  sums(slot: number, vector: ArrayLike<number>): Float64Array | null {
    const kept = this.slots[slot];
    return kept && sameColumn(kept.vector, vector) ? kept.sums : null;
  }

  keep(slot: number, vector: ArrayLike<number>, sums: Float64Array): void {
    this.slots[slot] = { vector, sums };
  }
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
  const drawPicks = () => {
    const u = createStream(seed, 'bootstrap', ...path);
    const picks = new Int32Array(resamples * B);
    for (let i = 0; i < picks.length; i++) picks[i] = Math.floor(u() * B);
    return picks;
  };
  const memo = options.memo;
  const picks = memo ? memo.picksFor(JSON.stringify([seed, path, resamples, n, B]), drawPicks) : drawPicks();
  // sums[k][r]: vector k's total over resample r's blocks.
  const blockSums = new Float64Array(B);
  const sums = vectors.map((v, k) => {
    const kept = memo?.sums(k, v);
    if (kept) return kept;
    for (let b = 0; b < B; b++) {
      const from = Math.floor((b * n) / B);
      const to = Math.floor(((b + 1) * n) / B);
      let s = 0;
      for (let i = from; i < to; i++) {
        const x = v[i]!;
        if (x === x) s += x;
      }
      blockSums[b] = s;
    }
    const out = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      const base = r * B;
      let s = 0;
      for (let j = 0; j < B; j++) s += blockSums[picks[base + j]!]!;
      out[r] = s;
    }
    memo?.keep(k, v, out);
    return out;
  });
  const tot = new Float64Array(K);
  const draws = statistics.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < K; k++) tot[k] = sums[k]![r]!;
    for (let s = 0; s < statistics.length; s++) draws[s]![r] = statistics[s]!(tot);
  }
  return draws.map((d) => {
    const finite = Array.from(d).filter((x) => Number.isFinite(x));
    if (finite.length * 2 < resamples) return { low: Number.NaN, high: Number.NaN };
    finite.sort((a, b) => a - b);
    return { low: quantileSorted(finite, 0.025), high: quantileSorted(finite, 0.975) };
  });
}
