/**
 * The candidate families of `orchsim fit`. Lognormal, gamma, Weibull and normal are fitted
 * by maximum likelihood; triangular and PERT by a range-and-mean rule (see rangeFamily).
 * CDFs and quantiles come from src/random's factories where it has the family; the Weibull
 * (which src/random gains separately) is computed here.
 */
import { gamma, lognormal, normal } from '../../random/index.js';
import { lgamma, Z90 } from '../../random/special.js';
import { digamma, trigamma } from './special.js';
import { fromFactory, type Family, type FamilyName } from './family.js';
import { pertFamily, triangularFamily } from './range.js';
import { weibullFamily } from './weibull.js';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export const lognormalFamily: Family = {
  name: 'lognormal',
  needsPositive: true,
  parameterCount: 2,
  estimator: 'maximum likelihood, closed form: mu = mean of ln x, sigma = sd of ln x (divisor n)',
  fit: (s) => (s.positive && s.sdLog > 0 ? { mu: s.meanLog, sigma: s.sdLog } : undefined),
  logDensity: ({ mu, sigma }, x) => {
    if (!(x > 0)) return -Infinity;
    const z = (Math.log(x) - mu!) / sigma!;
    return -Math.log(x) - Math.log(sigma!) - LN_SQRT_2PI - 0.5 * z * z;
  },
  distribution: ({ mu, sigma }) => fromFactory(lognormal({ mu: mu!, sigma: sigma! })),
  spec: ({ mu, sigma }) => ({ dist: 'lognormal', values: { median: Math.exp(mu!), p90: Math.exp(mu! + Z90 * sigma!) } }),
};

/**
 * Solves ln k − ψ(k) = s (s = ln mean − mean ln x > 0) for the gamma shape by Newton's method
 * from Minka's closed-form start; the left side falls from +∞ to 0, so the root is unique.
 */
export function gammaShape(s: number): number {
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const g = Math.log(k) - digamma(k) - s;
    const dg = 1 / k - trigamma(k);
    let next = k - g / dg;
    if (!(next > 0)) next = k / 2;
    if (Math.abs(next - k) <= 1e-14 * k) return next;
    k = next;
  }
  return k;
}

export const gammaFamily: Family = {
  name: 'gamma',
  needsPositive: true,
  parameterCount: 2,
  estimator: 'maximum likelihood: Newton on ln k − ψ(k) = ln(mean) − mean(ln x), scale = mean / k',
  fit: (s) => {
    if (!s.positive) return undefined;
    const gap = Math.log(s.mean) - s.meanLog;
    if (!(gap > 1e-14)) return undefined;
    const shape = gammaShape(gap);
    return { shape, scale: s.mean / shape };
  },
  logDensity: ({ shape, scale }, x) =>
    x > 0 ? (shape! - 1) * Math.log(x) - x / scale! - lgamma(shape!) - shape! * Math.log(scale!) : -Infinity,
  distribution: ({ shape, scale }) => fromFactory(gamma({ shape: shape!, scale: scale! })),
  spec: ({ shape, scale }) => ({ dist: 'gamma', values: { shape: shape!, scale: scale! } }),
};

export const normalFamily: Family = {
  name: 'normal',
  needsPositive: false,
  parameterCount: 2,
  estimator: 'maximum likelihood: mean, sd (divisor n)',
  fit: (s) => (s.sd > 0 ? { mean: s.mean, sd: s.sd } : undefined),
  logDensity: ({ mean, sd }, x) => {
    const z = (x - mean!) / sd!;
    return -Math.log(sd!) - LN_SQRT_2PI - 0.5 * z * z;
  },
  distribution: ({ mean, sd }) => fromFactory(normal({ mean: mean!, sd: sd! })),
  spec: ({ mean, sd }) => ({ dist: 'normal', values: { mean: mean!, sd: sd! } }),
};

export const FAMILIES: Readonly<Record<FamilyName, Family>> = {
  lognormal: lognormalFamily,
  gamma: gammaFamily,
  weibull: weibullFamily,
  normal: normalFamily,
  triangular: triangularFamily,
  pert: pertFamily,
};
