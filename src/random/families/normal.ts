/** The normal law, optionally truncated (exactly) to [min, max]. */
import { clampP, type FullDistribution } from '../distribution.js';
import { fail, finite, isObject, positive, show } from '../errors.js';
import { formatNumber as f } from '../format.js';
import { inverseNormalCdf, normalCdf, normalPdf, normalSf } from '../special.js';

export interface NormalParams {
  mean: number;
  sd: number;
  /** Truncate below (optional). */
  min?: number;
  /** Truncate above (optional). */
  max?: number;
}

/**
 * Normal, optionally truncated to [min, max]: sample and quantile stay inside,
 * mean and variance are those of the truncated law. Truncation is exact
 * (inversion on the restricted CDF range), not clamping.
 */
export function normal(params: NormalParams): FullDistribution {
  if (!isObject(params)) fail('normal', '', `expected { mean, sd, min?, max? } (got ${show(params)})`);
  const mu = finite('normal', 'mean', params.mean);
  const sd = positive('normal', 'sd', params.sd, '; use constant for a fixed value');
  const lo = params.min === undefined ? -Infinity : finite('normal', 'min', params.min);
  const hi = params.max === undefined ? Infinity : finite('normal', 'max', params.max);
  if (!(hi > lo)) fail('normal', 'max', `must be greater than min (got ${f(hi)} <= ${f(lo)})`);
  const truncated = lo > -Infinity || hi < Infinity;
  const alpha = (lo - mu) / sd;
  const beta = (hi - mu) / sd;
  // Work in the upper-tail representation when the whole interval is above the mean.
  const upper = alpha > 0;
  const cA = upper ? normalSf(alpha) : normalCdf(alpha); // Φ(α) or 1-Φ(α)
  const cB = upper ? normalSf(beta) : normalCdf(beta);
  const mass = upper ? cA - cB : cB - cA;
  if (truncated && !(mass > 1e-12)) {
    fail(
      'normal',
      upper ? 'min' : 'max',
      `the truncation interval [${f(lo)}, ${f(hi)}] holds almost no probability (${mass.toExponential(2)}); ` +
        'move min/max towards the mean or increase sd',
    );
  }
  let mean = mu;
  let variance = sd * sd;
  if (truncated) {
    const pa = alpha > -Infinity ? normalPdf(alpha) : 0;
    const pb = beta < Infinity ? normalPdf(beta) : 0;
    const apa = alpha > -Infinity ? alpha * pa : 0;
    const bpb = beta < Infinity ? beta * pb : 0;
    const mills = (pa - pb) / mass;
    mean = mu + sd * mills;
    variance = sd * sd * Math.max(0, 1 + (apa - bpb) / mass - mills * mills);
  }
  let quantile: (p: number) => number;
  // p = 0 or 1 at an unbounded end (or p outside [0, 1]): the generic clamped formula.
  const edge = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    const q = clampP(p === 0 ? cA : cB);
    const x = upper ? mu - sd * inverseNormalCdf(q) : mu + sd * inverseNormalCdf(q);
    return x < lo ? lo : x > hi ? hi : x;
  };
  if (!truncated) {
    quantile = (p) => mu + sd * inverseNormalCdf(clampP(p));
  } else if (!upper) {
    quantile = (p) => {
      if (!(p > 0 && p < 1)) return p === 0 && lo > -Infinity ? lo : p === 1 && hi < Infinity ? hi : edge(p);
      const q = clampP(cA + p * mass);
      const x = mu + sd * inverseNormalCdf(q);
      return x < lo ? lo : x > hi ? hi : x;
    };
  } else {
    quantile = (p) => {
      if (!(p > 0 && p < 1)) return p === 0 ? lo : p === 1 && hi < Infinity ? hi : edge(p);
      const s = clampP(cA - p * mass);
      const x = mu - sd * inverseNormalCdf(s);
      return x < lo ? lo : x > hi ? hi : x;
    };
  }
  const cdf = (x: number) => {
    const z = (x - mu) / sd;
    if (!truncated) return normalCdf(z);
    if (Number.isNaN(x)) return NaN;
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const v = upper ? (cA - normalSf(z)) / mass : (normalCdf(z) - cA) / mass;
    return v < 0 ? 0 : v > 1 ? 1 : v;
  };
  const bounds = `${lo > -Infinity ? `, min=${f(lo)}` : ''}${hi < Infinity ? `, max=${f(hi)}` : ''}`;
  return {
    name: 'normal',
    sample: (source) => quantile(source()),
    quantile,
    cdf,
    mean,
    variance,
    min: lo,
    max: hi,
    discrete: false,
    describe: () => `normal(mean=${f(mu)}, sd=${f(sd)}${bounds})`,
  };
}
