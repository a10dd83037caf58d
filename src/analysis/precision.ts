/**
 * Replicating until precise: run replications in fixed batches until the 95% interval of every
 * headline metric's value is within a share of its magnitude, or a cap.
 *
 * Batches are fixed: batch b holds replications first + b size .. first + (b + 1) size - 1 (the
 * last cut at the cap), and `batch(from, to)` must return per-replication outputs that depend on
 * the replication indices only. The rule is checked after each whole batch, in order, on all the
 * replications so far: stop at the first batch end (at or past `minReplications`) where every
 * metric has halfWidth <= relativeHalfWidth x |value| (./metrics.ts: Student t for a mean, the
 * delta method for a ratio of sums such as cost per merged change). The stopping point is thus a
 * function of the values in replication order alone: batches may be evaluated `concurrency` at a
 * time on any workers or shards and finish in any order, and the result is the same. Batches
 * evaluated past the stopping point are awaited and discarded.
 */
import { metricInterval, resolveMetrics, type Columns, type MetricEstimate, type MetricSpec } from './metrics.js';

/** Options of {@link runUntilPrecise}. */
export interface PrecisionOptions {
  /** Output names, in the order of `batch`'s columns. */
  outputs: readonly string[];
  /** The headline metrics (default: the mean of each output). */
  metrics?: readonly MetricSpec[];
  /** Per output, the values of replications from .. to - 1 in order (sync or async). */
  batch: (from: number, to: number) => Columns | Promise<Columns>;
  /** The target half-width as a share of |value| (0.05 for 5%). */
  relativeHalfWidth: number;
  /** Replications per batch. */
  batchSize: number;
  /** The cap: at most this many replications. */
  maxReplications: number;
  /** No stop before this many replications (default: one batch, at least 2). */
  minReplications?: number;
  /** The first replication index (default 0). */
  firstReplication?: number;
  /** Batches evaluated at once (default 1). */
  concurrency?: number;
}

/** A metric's value and interval at the stop, with the half-width as a share of |value|. */
export interface PreciseMetric extends MetricEstimate {
  metric: string;
  relativeHalfWidth: number;
  precise: boolean;
}

/** Where the run stopped and why. */
export interface PrecisionResult {
  /** Replications used: from firstReplication to firstReplication + replications - 1. */
  replications: number;
  batches: number;
  /** Every metric met the target (false: stopped at the cap). */
  precise: boolean;
  metrics: PreciseMetric[];
  /** Per output, the values of the replications used, in order. */
  columns: Float64Array[];
}

/** Growable per-output columns. */
class ColumnBuffer {
  private data: Float64Array[];
  length = 0;
  constructor(outputs: number) {
    this.data = Array.from({ length: outputs }, () => new Float64Array(1024));
  }
  append(columns: Columns, count: number): void {
    if (columns.length !== this.data.length) throw new RangeError(`runUntilPrecise: a batch returned ${columns.length} columns, expected ${this.data.length}`);
    this.data = this.data.map((d, o) => {
      const c = columns[o]!;
      if (c.length !== count) throw new RangeError(`runUntilPrecise: a batch column has ${c.length} values, expected ${count}`);
      let out = d;
      if (this.length + count > d.length) {
        out = new Float64Array(Math.max(2 * d.length, this.length + count));
        out.set(d.subarray(0, this.length));
      }
      for (let i = 0; i < count; i++) out[this.length + i] = c[i]!;
      return out;
    });
    this.length += count;
  }
  view(): Float64Array[] {
    return this.data.map((d) => d.subarray(0, this.length));
  }
}

/**
 * Replicates in deterministic batches until every metric is precise or the cap (see the module comment).
 *
 * @example
 * ```ts
 * import { runUntilPrecise } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // Batches of replications until the mean is known within 1%.
 * const result = await runUntilPrecise({
 *   outputs: ['cost'],
 *   batch: (from, to) => [Float64Array.from({ length: to - from }, (_, i) => 100 + 5 * Math.sin(from + i))],
 *   relativeHalfWidth: 0.01,
 *   batchSize: 50,
 *   maxReplications: 10_000,
 * });
 * assert.ok(result.replications <= 10_000);
 * ```
 */
export async function runUntilPrecise(options: PrecisionOptions): Promise<PrecisionResult> {
  const { batchSize: size, maxReplications: cap, relativeHalfWidth: target } = options;
  const first = options.firstReplication ?? 0;
  const concurrency = options.concurrency ?? 1;
  const minimum = Math.max(2, options.minReplications ?? size);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`runUntilPrecise: batchSize must be a whole number >= 1 (got ${size})`);
  if (!Number.isInteger(cap) || cap < 2) throw new RangeError(`runUntilPrecise: maxReplications must be a whole number >= 2 (got ${cap})`);
  if (!(target > 0)) throw new RangeError(`runUntilPrecise: relativeHalfWidth must be > 0 (got ${target})`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`runUntilPrecise: concurrency must be a whole number >= 1 (got ${concurrency})`);
  const metrics = resolveMetrics(options.outputs, options.metrics);
  const batchCount = Math.ceil(cap / size);
  const range = (b: number) => [first + b * size, first + Math.min(cap, (b + 1) * size)] as const;
  const inFlight = new Map<number, Promise<Columns>>();
  const launch = (b: number) => {
    if (b >= batchCount || inFlight.has(b)) return;
    const [from, to] = range(b);
    inFlight.set(b, Promise.resolve().then(() => options.batch(from, to)));
  };
  const buffer = new ColumnBuffer(options.outputs.length);
  let estimates: MetricEstimate[] = [];
  let precise = false;
  let b = 0;
  try {
    for (; b < batchCount && !precise; b++) {
      for (let ahead = b; ahead < b + concurrency; ahead++) launch(ahead);
      const [from, to] = range(b);
      const columns = await inFlight.get(b)!;
      inFlight.delete(b);
      buffer.append(columns, to - from);
      if (buffer.length < minimum && b < batchCount - 1) continue;
      const view = buffer.view();
      estimates = metrics.map((m) => metricInterval(m, view));
      precise = estimates.every((e) => e.halfWidth <= target * Math.abs(e.estimate));
    }
  } finally {
    await Promise.allSettled(inFlight.values());
  }
  return {
    replications: buffer.length,
    batches: b,
    precise,
    metrics: metrics.map((m, i) => {
      const e = estimates[i]!;
      const relative = e.halfWidth / Math.abs(e.estimate);
      return { metric: m.name, ...e, relativeHalfWidth: relative, precise: e.halfWidth <= target * Math.abs(e.estimate) };
    }),
    columns: buffer.view(),
  };
}
