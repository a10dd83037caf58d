/** The continuous uniform law on [min, max). */
import type { FullDistribution } from '../distribution.js';
import { fail, finite } from '../errors.js';
import { formatNumber as f } from '../format.js';

/** Uniform on [min, max). */
export function uniform(min: number, max: number): FullDistribution {
  const a = finite('uniform', 'min', min);
  const b = finite('uniform', 'max', max);
  if (!(b > a)) {
    fail('uniform', 'max', `must be greater than min (got ${f(b)} <= ${f(a)}); use constant for a fixed value`);
  }
  const w = b - a;
  const quantile = (p: number) => (p >= 0 && p <= 1 ? a + w * p : NaN);
  return {
    name: 'uniform',
    sample: (source) => a + w * source(),
    quantile,
    cdf: (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / w),
    mean: (a + b) / 2,
    variance: (w * w) / 12,
    min: a,
    max: b,
    discrete: false,
    describe: () => `uniform(min=${f(a)}, max=${f(b)})`,
  };
}
