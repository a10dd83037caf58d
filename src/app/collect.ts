/**
 * The summary's columns: one Float64Array per (regime, metric) per sweep point, filled from the
 * tasks' results as they arrive (in any thread's order, each at its own replications), and read
 * in place by the summary's describe jobs.
 */
import { allocatePointValues, KEPT_METRICS, type PointValues, type Segment } from '../experiment/index.js';
import type { ChunkResult } from '../output/index.js';

/** Columns for the replications of a shard's segments, by global point index. */
export function allocateShardValues(segments: readonly Segment[], regimes: readonly (readonly string[])[]): Map<number, PointValues> {
  const values = new Map<number, PointValues>();
  for (const s of segments) values.set(s.point, allocatePointValues(s.point, regimes[s.point]!, s.from, s.to - s.from));
  return values;
}

/**
 * Copies a chunk's kept values (replication-major, then regime, then metric of KEPT_METRICS:
 * `values[((rep - from) * regimes + regime) * metrics + metric]`) into its point's columns.
 * Returns the number of replications copied.
 */
export function collectChunk(pv: PointValues, chunk: ChunkResult): number {
  const M = KEPT_METRICS.length;
  const R = pv.regimes.length;
  const n = chunk.to - chunk.from;
  const off = chunk.from - pv.firstReplication;
  for (let i = 0; i < n; i++)
    for (let r = 0; r < R; r++) {
      const src = (i * R + r) * M;
      const data = pv.data[r]!;
      for (let m = 0; m < M; m++) data[m]![off + i] = chunk.values[src + m]!;
    }
  pv.filled += n;
  return n;
}
