/** The empirical law of observed values (a bootstrap). */
import type { FullDistribution } from '../distribution.js';
import { fail, finite, show } from '../errors.js';
import { formatNumber as f } from '../format.js';

/**
 * Resamples the given values with equal weights (a bootstrap of observed data).
 * quantile(p) = sorted[floor(p · n)]; mean and variance are those of the
 * empirical law (variance divides by n).
 */
export function empirical(samples: readonly number[]): FullDistribution {
  const D = 'empirical';
  if (!Array.isArray(samples) || samples.length === 0) {
    fail(D, 'samples', `must be a non-empty array of numbers (got ${Array.isArray(samples) ? 'an empty array' : show(samples)})`);
  }
  const n = samples.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = finite(D, `samples[${i}]`, samples[i]);
  sorted.sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) * (sorted[i] - mean);
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    const i = Math.floor(p * n);
    return sorted[i < n ? i : n - 1];
  };
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => {
      if (Number.isNaN(x)) return NaN;
      let lo = 0;
      let hi = n; // first index with sorted[i] > x
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      return lo / n;
    },
    mean,
    variance: ss / n,
    min: sorted[0],
    max: sorted[n - 1],
    discrete: true,
    describe: () => `${D}(n=${n}, mean=${f(mean)})`,
  };
}
