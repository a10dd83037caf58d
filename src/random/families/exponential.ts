/** The exponential law, by its mean or its rate. */
import { clampP, type FullDistribution } from '../distribution.js';
import { pickParametrization, positive } from '../errors.js';
import { formatNumber as f } from '../format.js';

export type ExponentialParams = { mean: number } | { rate: number };

/** Exponential, by its mean or its rate. */
export function exponential(params: ExponentialParams): FullDistribution {
  const which = pickParametrization('exponential', params, [['mean'], ['rate']]);
  const raw = params as Record<string, unknown>;
  const rate = which === 0 ? 1 / positive('exponential', 'mean', raw.mean) : positive('exponential', 'rate', raw.rate);
  const mean = 1 / rate;
  const quantile = (p: number) => {
    if (p === 0) return 0;
    const q = clampP(p);
    return -Math.log1p(-q) * mean;
  };
  return {
    name: 'exponential',
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
    mean,
    variance: mean * mean,
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => (which === 0 ? `exponential(mean=${f(mean)})` : `exponential(rate=${f(rate)})`),
  };
}
