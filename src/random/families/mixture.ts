/** A finite mixture, drawn from one uniform. */
import type { FullDistribution } from '../distribution.js';
import { fail, isObject, nonNegative, show } from '../errors.js';
import { formatNumber as f } from '../format.js';

export interface MixtureComponent {
  /** Relative weight (>= 0; weights are normalised). */
  weight: number;
  dist: FullDistribution;
}

/**
 * A finite mixture. `quantile(u)` picks the component whose weight band
 * contains u, rescales u within that band and feeds it to the component's
 * quantile, so ONE uniform gives an exact draw. Note: this is a one-uniform
 * transform, not the inverse CDF of the mixture — it is non-decreasing within
 * each band only (the only quantile here that is not monotone overall).
 */
export function mixture(components: readonly MixtureComponent[]): FullDistribution {
  const D = 'mixture';
  if (!Array.isArray(components) || components.length === 0) {
    fail(D, 'components', 'must be a non-empty array of { weight, dist }');
  }
  let total = 0;
  components.forEach((c, i) => {
    if (!isObject(c)) fail(D, `components[${i}]`, `must be { weight, dist } (got ${show(c)})`);
    total += nonNegative(D, `components[${i}].weight`, c.weight);
    const d = c.dist as unknown;
    if (!isObject(d) || typeof d.quantile !== 'function' || typeof d.cdf !== 'function') {
      fail(D, `components[${i}].dist`, 'must be a distribution built by this module');
    }
  });
  if (!(total > 0)) fail(D, 'components', 'weights must not all be 0');
  const kept = components.filter((c) => c.weight > 0);
  const k = kept.length;
  const weights = kept.map((c) => c.weight / total);
  const dists = kept.map((c) => c.dist);
  const upper = new Float64Array(k); // cumulative weights
  const lower = new Float64Array(k);
  const inv = new Float64Array(k);
  let acc = 0;
  for (let i = 0; i < k; i++) {
    lower[i] = acc;
    acc += weights[i];
    upper[i] = i === k - 1 ? 1 : acc;
    inv[i] = 1 / weights[i];
  }
  const quantile = (u: number) => {
    if (!(u >= 0 && u <= 1)) return NaN;
    let i = 0;
    while (i < k - 1 && u >= upper[i]) i++;
    let v = (u - lower[i]) * inv[i];
    if (v > 1) v = 1;
    else if (v < 0) v = 0;
    return dists[i].quantile(v);
  };
  let mean = 0;
  let second = 0;
  for (let i = 0; i < k; i++) {
    mean += weights[i] * dists[i].mean;
    second += weights[i] * (dists[i].variance + dists[i].mean * dists[i].mean);
  }
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => {
      let s = 0;
      for (let i = 0; i < k; i++) s += weights[i] * dists[i].cdf(x);
      return s > 1 ? 1 : s;
    },
    mean,
    variance: Math.max(0, second - mean * mean),
    min: Math.min(...dists.map((d) => d.min)),
    max: Math.max(...dists.map((d) => d.max)),
    discrete: dists.every((d) => d.discrete),
    describe: () => `${D}(${weights.map((w, i) => `${f(w)}: ${dists[i].describe()}`).join(', ')})`,
  };
}
