/** The Weibull law by { shape, scale }; closed-form quantile (inversion). */
import { clampP, type FullDistribution } from '../distribution.js';
import { fail, isObject, positive, show } from '../errors.js';
import { formatNumber as f } from '../format.js';
import { lgamma } from '../special.js';

export interface WeibullParams {
  /** k: below 1 a falling hazard (long tail), 1 the exponential, above 1 a rising hazard. */
  shape: number;
  /** λ: the 63rd percentile, F(λ) = 1 − 1/e. */
  scale: number;
}

/** Outside [0.02, 1e4] the moments leave double precision (Γ(1 + 2/k) overflows; Var loses digits). */
const SHAPE_MIN = 0.02;
const SHAPE_MAX = 1e4;

/**
 * Weibull(shape k, scale λ): F(x) = 1 − exp(−(x/λ)^k) for x >= 0, quantile
 * λ (−ln(1 − p))^(1/k); mean λ Γ(1 + 1/k), variance λ² (Γ(1 + 2/k) − Γ(1 + 1/k)²),
 * both from ln Γ, the difference through expm1 so that it keeps its digits at large k.
 */
export function weibull(params: WeibullParams): FullDistribution {
  const D = 'weibull';
  if (!isObject(params)) fail(D, '', `expected { shape, scale } (got ${show(params)})`);
  const k = positive(D, 'shape', params.shape);
  const lambda = positive(D, 'scale', params.scale);
  if (k < SHAPE_MIN || k > SHAPE_MAX) {
    fail(D, 'shape', `must be between ${f(SHAPE_MIN)} and ${f(SHAPE_MAX)} (got ${f(k)}); outside, the moments overflow or lose their digits`);
  }
  const invK = 1 / k;
  const quantile = (p: number) => {
    if (p === 0) return 0;
    const q = clampP(p);
    return lambda * Math.pow(-Math.log1p(-q), invK);
  };
  const lg1 = lgamma(1 + invK);
  const lg2 = lgamma(1 + 2 * invK);
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : -Math.expm1(-Math.pow(x / lambda, k))),
    mean: lambda * Math.exp(lg1),
    variance: lambda * lambda * Math.exp(2 * lg1) * Math.expm1(lg2 - 2 * lg1),
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => `${D}(shape=${f(k)}, scale=${f(lambda)})`,
  };
}
