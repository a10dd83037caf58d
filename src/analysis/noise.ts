/**
 * The replication noise of a design's evaluations.
 *
 * Each evaluation Y_R(x) is a metric over the fixed replication set R, so it is g(x) + e_R(x)
 * where g is the metric over infinitely many replications. Under common random numbers part of
 * e_R is the same at every point (a constant shift that no index or effect can see), so what
 * matters is how much e_R(x) varies across points. Re-evaluating M design points on a second,
 * disjoint set R' gives d_m = Y_R(x_m) - Y_R'(x_m) = e_R(x_m) - e_R'(x_m); the sample variance of
 * d across the M points (around their mean, which removes the common part) estimates twice the
 * variance across points of e_R. So
 *
 *     noiseVariance = Var_m(d_m) / 2,
 *
 * exactly 0 when the noise does not depend on the point (f = g(x) + noise(replication)), and
 * σ² / n when each point's n replications carry independent noise of variance σ².
 * Its relative precision is about √(2 / (M - 1)) (M = 100: ±14%).
 */
import type { NoiseEvaluation } from './evaluate.js';
import { sampleVariance } from './sample.js';

/**
 * Per metric, the noise variance of the evaluations (see the module comment): `values[p][m]` the
 * main evaluations, `noise` the re-evaluations of some points on the second set. NaN with fewer
 * than two noise points; non-finite pairs are left out.
 */
export function noiseVariance(values: readonly ArrayLike<number>[], noise: NoiseEvaluation, metricCount: number): Float64Array {
  const out = new Float64Array(metricCount);
  const d = new Float64Array(noise.points.length);
  for (let m = 0; m < metricCount; m++) {
    let n = 0;
    for (let j = 0; j < noise.points.length; j++) {
      const v = values[noise.points[j]!]![m]! - noise.values[j]![m]!;
      if (Number.isFinite(v)) d[n++] = v;
    }
    out[m] = n > 1 ? sampleVariance(d.subarray(0, n)) / 2 : Number.NaN;
  }
  return out;
}
