/** The Bernoulli law: 1 with probability p, else 0. */
import type { FullDistribution } from '../distribution.js';
import { fail, finite } from '../errors.js';
import { formatNumber as f } from '../format.js';

/**
 * 1 with probability p, else 0. Convention (the generalized inverse, like every
 * other quantile here): quantile(u) = u >= 1 − p ? 1 : 0 — non-decreasing in u,
 * so a larger uniform never turns a 1 into a 0.
 */
export function bernoulli(p: number): FullDistribution {
  const D = 'bernoulli';
  const prob = finite(D, 'p', p);
  if (prob < 0 || prob > 1) fail(D, 'p', `must be a probability in [0, 1] (got ${f(prob)})`);
  const threshold = 1 - prob;
  const quantile =
    prob === 0
      ? (u: number) => (u >= 0 && u <= 1 ? 0 : NaN)
      : (u: number) => (u >= 0 && u <= 1 ? (u >= threshold ? 1 : 0) : NaN);
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x < 0 ? 0 : x < 1 ? threshold : 1),
    mean: prob,
    variance: prob * (1 - prob),
    min: prob === 1 ? 1 : 0,
    max: prob === 0 ? 0 : 1,
    discrete: true,
    describe: () => `${D}(p=${f(prob)})`,
  };
}
