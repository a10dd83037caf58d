/**
 * The reducer of a run: the tasks' results gathered as they arrive (in canonical order from the
 * pool). The summary's columns: one Float64Array per (regime, metric) per sweep point, each
 * task's values at its own replications, read in place by the summary's describe jobs; the exact
 * sums of distributions.csv; stream mode's review queue over time.
 */
import { horizonHoursOf } from '../model/index.js';
import { allocatePointValues, KEPT_METRICS, type PointValues, type Segment } from '../experiment/index.js';
import { addSeriesSums, newPointReviewSeries, reviewSeriesBinCells, RunSums, type ChunkResult, type PointReviewSeries } from '../output/index.js';
import type { ExperimentPlan } from './plan.js';

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

/** A run's results as they are reduced: see the module comment. */
export class RunReducer {
  /** The summary's columns, by global point index. */
  readonly values: Map<number, PointValues>;
  /** distributions.csv's sums (only with an output directory: the sinks sum nothing otherwise). */
  readonly sums: RunSums;
  /** Stream mode: the review queue over time of each stream point of the shard. */
  readonly reviewSeries = new Map<number, PointReviewSeries>();

  constructor(
    plan: Pick<ExperimentPlan, 'segments' | 'regimes' | 'tiers' | 'points' | 'streamPoints'>,
    private readonly keepsSums: boolean,
  ) {
    this.values = allocateShardValues(plan.segments, plan.regimes);
    this.sums = new RunSums(plan.tiers, plan.regimes);
    for (const point of plan.streamPoints) {
      const mode = plan.points[point]!.scenario.mode;
      if (mode.kind === 'stream') this.reviewSeries.set(point, newPointReviewSeries(point, plan.regimes[point]!, reviewSeriesBinCells(horizonHoursOf(mode))));
    }
  }

  /** A task's result. Returns its replications. */
  add(chunk: ChunkResult): number {
    if (this.keepsSums) this.sums.addChunk(chunk.point, chunk.sums);
    const replications = collectChunk(this.values.get(chunk.point)!, chunk);
    const series = this.reviewSeries.get(chunk.point);
    if (series && chunk.reviewSeries?.length) addSeriesSums(series, chunk.reviewSeries, chunk.to - chunk.from);
    return replications;
  }

  /** The points' columns in point order. */
  pointValues(): PointValues[] {
    return [...this.values.values()];
  }
}
