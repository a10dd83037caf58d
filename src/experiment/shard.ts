/**
 * Units of work and shards. The unit is (sweep point, replication), in canonical order: point
 * by point, replications 0..runs-1 within a point. Shard K of N is the contiguous block
 * [floor((K-1)U/N), floor(KU/N)) of the U units, so the shards partition the work, in order, and
 * concatenating their outputs in K order gives the unsharded output.
 */
import { UsageError } from '../errors/index.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface Segment {
  point: number;
  /** First replication (inclusive). */
  from: number;
  /** Last replication (exclusive). */
  to: number;
}

/**
 * `K/N` (K of N, from 1), as `--shard` takes it.
 *
 * @example
 * ```ts
 * import { parseShard } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--shard ${text}: expected K/N, for example --shard 3/8 (the third of eight shards)`, 'shard');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new UsageError(`--shard ${text}: N must be at least 1`, 'shard');
  if (index < 1 || index > count) throw new UsageError(`--shard ${text}: K must be between 1 and N (${count})`, 'shard');
  return { index, count };
}

/**
 * The half-open unit range [start, end) of shard K/N among `units` units.
 *
 * @example
 * ```ts
 * import { parseShard, shardRange } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * assert.deepEqual(shardRange(1000, parseShard('2/4')), { start: 250, end: 500 });
 * ```
 */
export function shardRange(units: number, shard: Shard): { start: number; end: number } {
  const start = Math.floor(((shard.index - 1) * units) / shard.count);
  const end = Math.floor((shard.index * units) / shard.count);
  return { start, end };
}

/** The units [start, end) of a grid of `points` points x `runs` replications, as per-point segments. */
export function unitSegments(points: number, runs: number, start: number, end: number): Segment[] {
  const out: Segment[] = [];
  for (let p = Math.floor(start / runs); p < points && p * runs < end; p++) {
    const from = Math.max(start, p * runs) - p * runs;
    const to = Math.min(end, (p + 1) * runs) - p * runs;
    if (to > from) out.push({ point: p, from, to });
  }
  return out;
}

/** Split segments into tasks of at most `size` replications, keeping canonical order. */
export function splitTasks(segments: readonly Segment[], size: number): Segment[] {
  const out: Segment[] = [];
  for (const s of segments)
    for (let from = s.from; from < s.to; from += size) out.push({ point: s.point, from, to: Math.min(s.to, from + size) });
  return out;
}

/** A task size that keeps every worker busy (about 8 tasks each) without tiny messages. */
export function taskSize(units: number, workers: number, max = 2000): number {
  return Math.max(1, Math.min(max, Math.ceil(units / (Math.max(1, workers) * 8))));
}

/**
 * Tasks for `workers` threads, shrinking toward the end (guided self-scheduling): each takes
 * about 1/(4 x workers) of what is left, between `min` and `max` replications, so that early
 * tasks are large (few messages) and the last ones small (no thread sits idle while another
 * finishes a big one). The default `min`, 100, shrinks for small runs to a 16th of each thread's
 * share: a replication of a long stream can take a second, and 200 of them in two tasks of 100
 * left one thread idle for half the run. Canonical order is kept; task boundaries never change
 * any output.
 */
export function guidedTasks(segments: readonly Segment[], workers: number, max = 2000, min?: number): Segment[] {
  const threads = Math.max(1, workers);
  let remaining = segments.reduce((n, s) => n + (s.to - s.from), 0);
  min ??= Math.max(1, Math.min(100, Math.ceil(remaining / (16 * threads))));
  const out: Segment[] = [];
  for (const s of segments)
    for (let from = s.from; from < s.to; ) {
      const size = Math.max(1, Math.min(max, Math.max(min, Math.ceil(remaining / (4 * threads)))));
      const to = Math.min(s.to, from + size);
      out.push({ point: s.point, from, to });
      remaining -= to - from;
      from = to;
    }
  return out;
}
