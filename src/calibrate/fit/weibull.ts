/**
 * Weibull(shape k, scale λ): F(x) = 1 − exp(−(x/λ)^k) for x > 0. Its log-density, CDF and
 * quantile are computed here (src/random gains the family, as `{ dist: weibull, shape, scale }`,
 * in a separate change), and its maximum-likelihood estimate.
 */
import type { Family, Params } from './family.js';
import type { Sample } from './sample.js';

export function weibullLogDensity(shape: number, scale: number, x: number): number {
  if (!(x > 0)) return -Infinity;
  const lz = Math.log(x / scale);
  return Math.log(shape / scale) + (shape - 1) * lz - Math.exp(shape * lz);
}

export function weibullCdf(shape: number, scale: number, x: number): number {
  return x > 0 ? -Math.expm1(-((x / scale) ** shape)) : 0;
}

export function weibullQuantile(shape: number, scale: number, p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 1) p = 1 - 2 ** -53;
  return scale * (-Math.log1p(-p)) ** (1 / shape);
}

/**
 * The maximum-likelihood shape solves h(k) = Σ y^k ln y / Σ y^k − 1/k = 0, with y = x / geometric
 * mean (so mean ln y = 0). h rises from −∞ to max ln y > 0, so the root is unique: Newton from
 * the Gumbel-moment start k0 = π / (√6 · sd ln x), kept inside a shrinking bracket.
 * Powers are taken as exp(k (ln y − max ln y)) so a large k cannot overflow; the shift cancels.
 */
export function weibullMle(sample: Sample): Params | undefined {
  if (!sample.positive || !(sample.sdLog > 0)) return undefined;
  const n = sample.n;
  const ly = new Float64Array(n);
  let maxLy = -Infinity;
  for (let i = 0; i < n; i++) {
    ly[i] = Math.log(sample.sorted[i]!) - sample.meanLog;
    if (ly[i]! > maxLy) maxLy = ly[i]!;
  }
  const sums = (k: number) => {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const l = ly[i]!;
      const w = Math.exp(k * (l - maxLy));
      s0 += w;
      s1 += w * l;
      s2 += w * l * l;
    }
    return { s0, s1, s2 };
  };
  let lo = 0;
  let hi = Infinity;
  let k = Math.PI / (Math.sqrt(6) * sample.sdLog);
  for (let i = 0; i < 200; i++) {
    const { s0, s1, s2 } = sums(k);
    const m1 = s1 / s0;
    const h = m1 - 1 / k;
    if (h < 0) lo = k;
    else hi = k;
    const dh = s2 / s0 - m1 * m1 + 1 / (k * k);
    let next = k - h / dh;
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * k;
    if (Math.abs(next - k) <= 1e-13 * k) {
      k = next;
      break;
    }
    k = next;
  }
  const { s0 } = sums(k);
  // ln λ = mean ln x + (1/k) ln(mean y^k)
  const logScale = sample.meanLog + maxLy + Math.log(s0 / n) / k;
  return { shape: k, scale: Math.exp(logScale) };
}

export const weibullFamily: Family = {
  name: 'weibull',
  needsPositive: true,
  parameterCount: 2,
  estimator: 'maximum likelihood: Newton on the shape equation, scale = (mean x^k)^(1/k)',
  fit: weibullMle,
  logDensity: ({ shape, scale }, x) => weibullLogDensity(shape!, scale!, x),
  distribution: ({ shape, scale }) => ({
    cdf: (x) => weibullCdf(shape!, scale!, x),
    quantile: (p) => weibullQuantile(shape!, scale!, p),
  }),
  spec: ({ shape, scale }) => ({ dist: 'weibull', values: { shape: shape!, scale: scale! } }),
};
