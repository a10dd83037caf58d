/** Scaled and shifted copies of a distribution. */
import type { FullDistribution } from '../distribution.js';
import { finite, positive } from '../errors.js';
import { formatNumber as f } from '../format.js';

/** `factor · X` for factor > 0 (keeps quantile monotone), e.g. tokens × price. */
export function scaled(dist: FullDistribution, factor: number): FullDistribution {
  const s = positive('scaled', 'factor', factor);
  return {
    name: dist.name,
    sample: (source) => s * dist.sample(source),
    quantile: (p) => s * dist.quantile(p),
    cdf: (x) => dist.cdf(x / s),
    mean: s * dist.mean,
    variance: s * s * dist.variance,
    min: s * dist.min,
    max: s * dist.max,
    discrete: dist.discrete,
    describe: () => `${f(s)} × ${dist.describe()}`,
  };
}

/** `X + offset`, e.g. a fixed overhead plus a random duration. */
export function shifted(dist: FullDistribution, offset: number): FullDistribution {
  const o = finite('shifted', 'offset', offset);
  return {
    name: dist.name,
    sample: (source) => o + dist.sample(source),
    quantile: (p) => o + dist.quantile(p),
    cdf: (x) => dist.cdf(x - o),
    mean: o + dist.mean,
    variance: dist.variance,
    min: o + dist.min,
    max: o + dist.max,
    discrete: dist.discrete,
    describe: () => `${f(o)} + ${dist.describe()}`,
  };
}
