/** The lognormal law, by { median, p90 }, { mean, sd } or { mu, sigma }. */
import { clampP, P_MAX, P_MIN, type FullDistribution } from '../distribution.js';
import { fail, finite, pickParametrization, positive } from '../errors.js';
import { formatNumber as f } from '../format.js';
import { inverseNormalCdf, normalCdf, Z90 } from '../special.js';

export type LognormalParams =
  | { median: number; p90: number }
  | { mean: number; sd: number }
  | { mu: number; sigma: number };

/**
 * Lognormal: ln X ~ normal(mu, sigma). First-class parametrization is the
 * "typical and bad case" one, `{ median, p90 }` (mu = ln median,
 * sigma = ln(p90/median) / Φ⁻¹(0.9)); also `{ mean, sd }` of X itself and the
 * log-scale `{ mu, sigma }`.
 */
export function lognormal(params: LognormalParams): FullDistribution {
  const D = 'lognormal';
  const which = pickParametrization(D, params, [
    ['median', 'p90'],
    ['mean', 'sd'],
    ['mu', 'sigma'],
  ]);
  const raw = params as Record<string, unknown>;
  let mu: number;
  let sigma: number;
  let label: string;
  if (which === 0) {
    const median = positive(D, 'median', raw.median);
    const p90 = finite(D, 'p90', raw.p90);
    if (!(p90 > median)) {
      fail(D, 'p90', `must be greater than median (got ${f(p90)} <= ${f(median)}); for a fixed value use constant`);
    }
    mu = Math.log(median);
    sigma = Math.log(p90 / median) / Z90;
    label = `median=${f(median)}, p90=${f(p90)}`;
  } else if (which === 1) {
    const m = positive(D, 'mean', raw.mean);
    const s = positive(D, 'sd', raw.sd, '; for a fixed value use constant');
    const s2 = Math.log1p((s / m) * (s / m));
    sigma = Math.sqrt(s2);
    mu = Math.log(m) - s2 / 2;
    label = `mean=${f(m)}, sd=${f(s)}`;
  } else {
    mu = finite(D, 'mu', raw.mu);
    sigma = positive(D, 'sigma', raw.sigma, '; for a fixed value use constant');
    label = `mu=${f(mu)}, sigma=${f(sigma)}`;
  }
  const s2 = sigma * sigma;
  // Constants for the closure (mu and sigma are reassigned above, which keeps V8 from folding them).
  const m = mu;
  const sg = sigma;
  const quantile = (p: number) => (p === 0 ? 0 : Math.exp(m + sg * inverseNormalCdf(p > P_MIN && p < P_MAX ? p : clampP(p))));
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : normalCdf((Math.log(x) - mu) / sigma)),
    mean: Math.exp(mu + s2 / 2),
    variance: Math.expm1(s2) * Math.exp(2 * mu + s2),
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => `${D}(${label})`,
  };
}
