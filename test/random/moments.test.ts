/**
 * Statistical tests of every distribution against ANALYTIC oracles written
 * here (not numbers copied from a run, and not the module's own `mean`).
 *
 * For each case, n = 200,000 draws via sample(source) and, separately, via
 * quantile(u) on an independent alea stream:
 *
 * - mean: |x̄ − μ| <= z·sqrt(σ²/n), z = 3.29 (two-sided 99.9%).
 * - variance: the unbiased sample variance s² has Var(s²) = (μ4 − σ⁴)/n + O(1/n²)
 *   where μ4 is the fourth central moment (analytic below), and s² is
 *   asymptotically normal (CLT on (X − μ)²), so |s² − σ²| <= z·sqrt((μ4 − σ⁴)/n).
 *   The lognormal cases keep σ moderate so that this normal approximation holds.
 *
 * Seeds are fixed, so the outcome is deterministic; with ~70 checks at 0.1%
 * each, a correct implementation passes with probability ~93% for a random
 * seed — a failure is worth a look, never a reseed.
 */
import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  constant,
  createStream,
  empirical,
  exponential,
  gamma,
  lognormal,
  mixture,
  normal,
  pert,
  poisson,
  scaled,
  shifted,
  triangular,
  uniform,
  weibull,
  type FullDistribution,
} from '../../src/random/index.js';
import { normalCdf, Z90 } from '../../src/random/special.js';

const N = 200_000;
const Z = 3.29;

interface Moments {
  mean: number;
  variance: number;
  /** Fourth central moment. */
  mu4: number;
  /** Third central moment (only needed for mixture components). */
  mu3?: number;
}

/** Moments of a variable whose excess kurtosis is known. */
const byKurtosis = (mean: number, variance: number, excess: number, mu3 = NaN): Moments => ({
  mean,
  variance,
  mu4: variance * variance * (3 + excess),
  mu3,
});

function lognormalMoments(mu: number, sigma: number): Moments {
  const s2 = sigma * sigma;
  const mean = Math.exp(mu + s2 / 2);
  const variance = Math.expm1(s2) * Math.exp(2 * mu + s2);
  return byKurtosis(mean, variance, Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 6);
}

function betaOnRange(min: number, max: number, a: number, b: number): Moments {
  const w = max - min;
  const mean = min + (w * a) / (a + b);
  const variance = (w * w * a * b) / ((a + b) ** 2 * (a + b + 1));
  const excess = (6 * ((a - b) ** 2 * (a + b + 1) - a * b * (a + b + 2))) / (a * b * (a + b + 2) * (a + b + 3));
  return byKurtosis(mean, variance, excess);
}

/** Moments of a finite mixture from its components' central moments. */
function mixtureMoments(parts: { w: number; m: Moments }[]): Moments {
  const mean = parts.reduce((s, p) => s + p.w * p.m.mean, 0);
  let variance = 0;
  let mu4 = 0;
  for (const { w, m } of parts) {
    const d = m.mean - mean;
    variance += w * (m.variance + d * d);
    mu4 += w * (m.mu4 + 4 * (m.mu3 ?? 0) * d + 6 * m.variance * d * d + d ** 4);
  }
  return { mean, variance, mu4 };
}

/** Moments of a normal truncated to [a, b] by composite Simpson quadrature of its density. */
function truncatedNormalMoments(mu: number, sd: number, a: number, b: number): Moments {
  const lo = Math.max(a, mu - 12 * sd);
  const hi = Math.min(b, mu + 12 * sd);
  const n = 20_000;
  const h = (hi - lo) / n;
  const raw = [0, 0, 0, 0, 0];
  for (let i = 0; i <= n; i++) {
    const x = lo + i * h;
    const wgt = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    const dens = Math.exp(-0.5 * ((x - mu) / sd) ** 2);
    for (let k = 0; k < 5; k++) raw[k] += wgt * dens * x ** k;
  }
  const [m0, m1, m2, m3, m4] = raw.map((r) => r / raw[0]);
  void m0;
  const mean = m1;
  return {
    mean,
    variance: m2 - mean * mean,
    mu4: m4 - 4 * mean * m3 + 6 * mean * mean * m2 - 3 * mean ** 4,
  };
}

const EMPIRICAL_DATA = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3];
function empiricalMoments(xs: number[]): Moments {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const c = (k: number) => xs.reduce((s, x) => s + (x - mean) ** k, 0) / xs.length;
  return { mean, variance: c(2), mu4: c(4) };
}

interface Case {
  label: string;
  dist: () => FullDistribution;
  oracle: Moments;
}

const EXP_RATE = 1 / 250;
const exponentialMoments: Moments = { mean: 1 / EXP_RATE, variance: EXP_RATE ** -2, mu3: 2 * EXP_RATE ** -3, mu4: 9 * EXP_RATE ** -4 };
const normalMoments = (m: number, s: number): Moments => ({ mean: m, variance: s * s, mu3: 0, mu4: 3 * s ** 4 });
const gammaMoments = (k: number, theta: number) => byKurtosis(k * theta, k * theta * theta, 6 / k);

/** Γ(x) for x an integer or a half-integer >= 1/2, by hand: (n − 1)! and (2n)! √π / (4^n n!). */
function gammaOfHalfInteger(x: number): number {
  let g = Number.isInteger(x) ? 1 : Math.sqrt(Math.PI);
  for (let y = x - 1; y > 0; y--) g *= y;
  return g;
}

/** Weibull(k, λ) from its raw moments E[X^n] = λ^n Γ(1 + n/k); k in {0.5, 1, 2} keeps Γ's arguments half-integers. */
function weibullMoments(k: number, lambda: number): Moments {
  const [e1, e2, e3, e4] = [1, 2, 3, 4].map((n) => lambda ** n * gammaOfHalfInteger(1 + n / k));
  return {
    mean: e1,
    variance: e2 - e1 * e1,
    mu3: e3 - 3 * e1 * e2 + 2 * e1 ** 3,
    mu4: e4 - 4 * e1 * e3 + 6 * e1 * e1 * e2 - 3 * e1 ** 4,
  };
}

const CASES: Case[] = [
  { label: 'uniform(2, 7)', dist: () => uniform(2, 7), oracle: byKurtosis(4.5, 25 / 12, -6 / 5) },
  { label: 'exponential(mean 250)', dist: () => exponential({ mean: 250 }), oracle: exponentialMoments },
  { label: 'exponential(rate 2)', dist: () => exponential({ rate: 2 }), oracle: byKurtosis(0.5, 0.25, 6) },
  { label: 'normal(10, 3)', dist: () => normal({ mean: 10, sd: 3 }), oracle: normalMoments(10, 3) },
  {
    label: 'normal(10, 3) truncated [8, 20]',
    dist: () => normal({ mean: 10, sd: 3, min: 8, max: 20 }),
    oracle: truncatedNormalMoments(10, 3, 8, 20),
  },
  {
    label: 'normal(0, 1) truncated [0, ∞)',
    dist: () => normal({ mean: 0, sd: 1, min: 0 }),
    oracle: truncatedNormalMoments(0, 1, 0, Infinity),
  },
  {
    label: 'normal(0, 1) truncated [2.5, 4] (upper-tail branch)',
    dist: () => normal({ mean: 0, sd: 1, min: 2.5, max: 4 }),
    oracle: truncatedNormalMoments(0, 1, 2.5, 4),
  },
  {
    label: 'lognormal(median 40000, p90 150000)',
    dist: () => lognormal({ median: 40_000, p90: 150_000 }),
    oracle: lognormalMoments(Math.log(40_000), Math.log(150_000 / 40_000) / Z90),
  },
  {
    label: 'lognormal(mean 10, sd 4)',
    dist: () => lognormal({ mean: 10, sd: 4 }),
    oracle: byKurtosis(10, 16, (() => {
      const s2 = Math.log(1 + 0.16);
      return Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 6;
    })()),
  },
  { label: 'lognormal(mu 1, sigma 0.5)', dist: () => lognormal({ mu: 1, sigma: 0.5 }), oracle: lognormalMoments(1, 0.5) },
  { label: 'gamma(shape 2.5, scale 4)', dist: () => gamma({ shape: 2.5, scale: 4 }), oracle: gammaMoments(2.5, 4) },
  { label: 'gamma(shape 0.5, scale 1)', dist: () => gamma({ shape: 0.5, scale: 1 }), oracle: gammaMoments(0.5, 1) },
  { label: 'weibull(shape 1, scale 250) = exponential(mean 250)', dist: () => weibull({ shape: 1, scale: 250 }), oracle: exponentialMoments },
  { label: 'weibull(shape 2, scale 3) (Rayleigh)', dist: () => weibull({ shape: 2, scale: 3 }), oracle: weibullMoments(2, 3) },
  { label: 'weibull(shape 0.5, scale 10)', dist: () => weibull({ shape: 0.5, scale: 10 }), oracle: weibullMoments(0.5, 10) },
  { label: 'gamma(mean 100, sd 10)', dist: () => gamma({ mean: 100, sd: 10 }), oracle: gammaMoments(100, 1) },
  {
    label: 'triangular(1, 2, 6)',
    dist: () => triangular({ min: 1, mode: 2, max: 6 }),
    oracle: byKurtosis(3, (1 + 4 + 36 - 2 - 6 - 12) / 18, -3 / 5),
  },
  {
    label: 'pert(1, 3, 10)',
    dist: () => pert({ min: 1, mode: 3, max: 10 }),
    oracle: betaOnRange(1, 10, 1 + (4 * 2) / 9, 1 + (4 * 7) / 9),
  },
  {
    label: 'pert(0, 0, 5, lambda 2)',
    dist: () => pert({ min: 0, mode: 0, max: 5, lambda: 2 }),
    oracle: betaOnRange(0, 5, 1, 3),
  },
  { label: 'bernoulli(0.3)', dist: () => bernoulli(0.3), oracle: byKurtosis(0.3, 0.21, (1 - 6 * 0.21) / 0.21) },
  { label: 'poisson(0.7)', dist: () => poisson(0.7), oracle: { mean: 0.7, variance: 0.7, mu4: 0.7 * (1 + 3 * 0.7) } },
  { label: 'poisson(12)', dist: () => poisson(12), oracle: { mean: 12, variance: 12, mu4: 12 * (1 + 36) } },
  { label: 'poisson(40000)', dist: () => poisson(40_000), oracle: { mean: 4e4, variance: 4e4, mu4: 4e4 * (1 + 12e4) } },
  { label: 'empirical(26 values)', dist: () => empirical(EMPIRICAL_DATA), oracle: empiricalMoments(EMPIRICAL_DATA) },
  {
    label: 'mixture(0.7 normal(0,1), 0.3 exponential(mean 250))',
    dist: () =>
      mixture([
        { weight: 7, dist: normal({ mean: 0, sd: 1 }) },
        { weight: 3, dist: exponential({ mean: 250 }) },
      ]),
    oracle: mixtureMoments([
      { w: 0.7, m: normalMoments(0, 1) },
      { w: 0.3, m: exponentialMoments },
    ]),
  },
  {
    label: '3 × normal(10, 3) + 5',
    dist: () => shifted(scaled(normal({ mean: 10, sd: 3 }), 3), 5),
    oracle: normalMoments(35, 9),
  },
];

function check(xs: Float64Array, oracle: Moments): void {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - mean) ** 2;
  const variance = ss / (xs.length - 1);
  const n = xs.length;
  const meanHalfWidth = Z * Math.sqrt(oracle.variance / n);
  const varHalfWidth = Z * Math.sqrt((oracle.mu4 - oracle.variance ** 2) / n);
  expect(Math.abs(mean - oracle.mean), `mean ${mean} vs ${oracle.mean} ± ${meanHalfWidth}`).toBeLessThanOrEqual(meanHalfWidth);
  expect(Math.abs(variance - oracle.variance), `variance ${variance} vs ${oracle.variance} ± ${varHalfWidth}`).toBeLessThanOrEqual(
    varHalfWidth,
  );
}

describe('moments: sample() and quantile(u) against analytic mean and variance (99.9% CIs, n = 200,000)', () => {
  for (const c of CASES) {
    it(c.label, () => {
      const d = c.dist();
      // The module's own analytic moments equal the oracle.
      expect(Math.abs(d.mean - c.oracle.mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.oracle.mean)));
      expect(Math.abs(d.variance - c.oracle.variance)).toBeLessThanOrEqual(1e-7 * Math.max(1, c.oracle.variance));

      const viaSample = new Float64Array(N);
      const s = createStream(20_240_601, 'moments', c.label, 'sample');
      for (let i = 0; i < N; i++) viaSample[i] = d.sample(s);
      check(viaSample, c.oracle);

      const viaQuantile = new Float64Array(N);
      const u = createStream(20_240_601, 'moments', c.label, 'quantile');
      for (let i = 0; i < N; i++) viaQuantile[i] = d.quantile(u());
      check(viaQuantile, c.oracle);
    });
  }

  it('constant(5): every draw is 5, and sample consumes one uniform', () => {
    const d = constant(5);
    const s = createStream(1, 'constant');
    const t = createStream(1, 'constant');
    for (let i = 0; i < 100; i++) {
      expect(d.sample(s)).toBe(5);
      expect(d.quantile(t())).toBe(5);
    }
    expect(s()).toBe(t());
    expect([d.mean, d.variance]).toEqual([5, 0]);
  });
});

describe('lognormal by { median, p90 }', () => {
  it('has the requested empirical median and p90 (order-statistic CI, z = 3.29)', () => {
    const median = 40_000;
    const p90 = 150_000;
    const d = lognormal({ median, p90 });
    const sigma = Math.log(p90 / median) / Z90;
    const xs = new Float64Array(N);
    const s = createStream(7, 'lognormal', 'median-p90');
    for (let i = 0; i < N; i++) xs[i] = d.sample(s);
    xs.sort();
    for (const [p, target, z] of [
      [0.5, median, 0],
      [0.9, p90, Z90],
    ] as const) {
      // sd of the empirical p-quantile ≈ sqrt(p(1-p)/n) / f(x_p), f(x) = φ(z) / (x σ)
      const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / (target * sigma);
      const halfWidth = (Z * Math.sqrt((p * (1 - p)) / N)) / density;
      expect(Math.abs(xs[Math.floor(p * N)] - target)).toBeLessThanOrEqual(halfWidth);
      // and exactly through the quantile function
      expect(d.quantile(p)).toBeCloseTo(target, 6);
      expect(Math.abs(normalCdf((Math.log(target) - Math.log(median)) / sigma) - p)).toBeLessThan(1e-14);
    }
  });
});
