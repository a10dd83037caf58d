/**
 * Evaluating a function of parameters and replication at design points, on common random
 * numbers: every point is run on the same replication indices, so noise that does not depend on
 * the point cancels in differences between points.
 *
 * A point's evaluation is a metric over a replication set (the mean of an output, or a ratio of
 * sums: ./metrics.ts). The replication noise of Morris and Sobol is estimated by evaluating a few
 * design points again on a second, disjoint replication set (./noise.ts).
 */
import { metricValues, resolveMetrics, type Metric, type MetricSpec } from './metrics.js';
import type { Parameter } from './parameters.js';

/**
 * One replication of the model at `point` (parameter values in natural units, in parameter
 * order): the outputs, in the order of `AnalysisModel.outputs`. Must be a pure function of
 * (point, replication): replication r draws the same random numbers at every point.
 */
export type ReplicationFunction = (point: Float64Array, replication: number) => ArrayLike<number>;

/** A function to analyse: its parameters, output names, metrics (default: each output's mean). */
export interface AnalysisModel {
  parameters: readonly Parameter[];
  outputs: readonly string[];
  metrics?: readonly MetricSpec[];
  f: ReplicationFunction;
}

/** Replication indices first, first + 1, ..., first + count - 1. */
export interface ReplicationSet {
  first: number;
  count: number;
}

/** The replication options every method takes. */
export interface ReplicationOptions {
  /** Replications per point (default 1: enough for a deterministic function). */
  replications?: number;
  /** The first replication index (default 0). */
  firstReplication?: number;
}

/** The replication set of the options; the noise set is the next `count` indices after it. */
export function replicationSet(options: ReplicationOptions, what: string): ReplicationSet {
  const count = options.replications ?? 1;
  const first = options.firstReplication ?? 0;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${what}: replications must be a whole number >= 1 (got ${count})`);
  if (!Number.isInteger(first) || first < 0) throw new RangeError(`${what}: firstReplication must be a whole number >= 0 (got ${first})`);
  return { first, count };
}

/** The next `count` replications after `set`: independent of it, for the noise estimate. */
export function noiseSet(set: ReplicationSet): ReplicationSet {
  return { first: set.first + set.count, count: set.count };
}

/** Per output, the values of the replications of `set` at `point`. */
export function evaluateColumns(model: AnalysisModel, point: Float64Array, set: ReplicationSet): Float64Array[] {
  const columns = model.outputs.map(() => new Float64Array(set.count));
  for (let r = 0; r < set.count; r++) {
    const out = model.f(point, set.first + r);
    if (out.length !== columns.length) {
      throw new RangeError(`the function returned ${out.length} outputs, expected ${columns.length} (${model.outputs.join(', ')})`);
    }
    for (let o = 0; o < columns.length; o++) columns[o]![r] = out[o]!;
  }
  return columns;
}

/** Metric values at design points, and at the noise points on the second replication set. */
export interface DesignEvaluation {
  metrics: Metric[];
  /** values[p][m]: metric m at design point p. */
  values: Float64Array[];
  noise: NoiseEvaluation;
}

/** Metric values at some design points (indices into the design) on an independent replication set. */
export interface NoiseEvaluation {
  points: readonly number[];
  values: readonly ArrayLike<number>[];
}

/** Evaluates every point of a design, then the points `noisePoints` again on the noise set. */
export function evaluateDesign(
  model: AnalysisModel,
  points: readonly Float64Array[],
  noisePoints: readonly number[],
  set: ReplicationSet,
): DesignEvaluation {
  const metrics = resolveMetrics(model.outputs, model.metrics);
  const at = (point: Float64Array, s: ReplicationSet) => metricValues(metrics, evaluateColumns(model, point, s));
  const values = points.map((p) => at(p, set));
  const second = noiseSet(set);
  return { metrics, values, noise: { points: noisePoints, values: noisePoints.map((i) => at(points[i]!, second)) } };
}
