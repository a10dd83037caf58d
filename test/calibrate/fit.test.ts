import { describe, expect, it } from 'vitest';
import { createStream, gamma, lognormal } from '../../src/random/index.js';
import { lgamma } from '../../src/random/special.js';
import { fitCandidates } from '../../src/calibrate/fit/fit.js';
import { gammaShape } from '../../src/calibrate/fit/families.js';
import { adStatistic, ksStatistic } from '../../src/calibrate/fit/gof.js';
import { digamma, trigamma } from '../../src/calibrate/fit/special.js';
import type { CandidateFit } from '../../src/calibrate/fit/fit.js';

const EULER_GAMMA = 0.5772156649015329;

/** n draws by inversion from a seeded stream. */
function draw(n: number, name: string, quantile: (u: number) => number): Float64Array {
  const u = createStream(20260101, 'test', name);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = quantile(u() || 2 ** -33);
  return out;
}

function inside(fit: CandidateFit, key: string, truth: number): void {
  const iv = fit.intervals![key]!;
  expect(iv.low, `${fit.family}.${key} interval low`).toBeLessThan(truth);
  expect(iv.high, `${fit.family}.${key} interval high`).toBeGreaterThan(truth);
}

describe('special functions (theory values)', () => {
  it('digamma and trigamma at 1 and 1/2', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 13);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 13);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 13);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 12);
    // ψ(x + 1) = ψ(x) + 1/x across the switch to the asymptotic series
    for (const x of [0.01, 3.3, 7.5, 20]) expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 11);
  });
});

describe('goodness-of-fit statistics (hand arithmetic)', () => {
  const sample = [0.1, 0.4, 0.7];
  const uniformCdf = (x: number) => x;
  it('KS: the largest gap is 1 − 0.7 = 0.3', () => expect(ksStatistic(sample, uniformCdf)).toBeCloseTo(0.3, 14));
  it('AD: −3 − (1/3)[1(ln .1 + ln .3) + 3(ln .4 + ln .6) + 5(ln .7 + ln .9)] = 0.366029', () =>
    expect(adStatistic(sample, uniformCdf)).toBeCloseTo(0.366029, 5));
});

describe('fit recovers known parameters within its reported intervals', () => {
  const options = { bootstrap: 199, seed: 1 };

  it('lognormal: the closed-form MLE, and median and p90 inside their intervals', () => {
    const truth = { median: 40, p90: 150 };
    const x = draw(2000, 'lognormal', (u) => lognormal(truth).quantile(u));
    const fit = fitCandidates(x, { ...options, families: ['lognormal'] }).candidates[0]!;
    // Independent closed form: mu and sigma of ln x (divisor n).
    let mu = 0;
    for (const v of x) mu += Math.log(v) / x.length;
    let ss = 0;
    for (const v of x) ss += (Math.log(v) - mu) ** 2;
    const sigma = Math.sqrt(ss / x.length);
    expect(fit.spec.values.median).toBeCloseTo(Math.exp(mu), 9);
    expect(fit.spec.values.p90! / Math.exp(mu + 1.2815515655446004 * sigma)).toBeCloseTo(1, 12);
    inside(fit, 'median', truth.median);
    inside(fit, 'p90', truth.p90);
  });

  it('gamma: the Newton root equals a bisection reference, and shape and scale inside their intervals', () => {
    const truth = { shape: 2.5, scale: 300 };
    const x = draw(2000, 'gamma', (u) => gamma(truth).quantile(u));
    const fit = fitCandidates(x, { ...options, families: ['gamma'] }).candidates[0]!;
    let mean = 0;
    let meanLog = 0;
    for (const v of x) {
      mean += v / x.length;
      meanLog += Math.log(v) / x.length;
    }
    const s = Math.log(mean) - meanLog;
    // Reference: bisection on ln k − ψ(k) = s, with ψ from central differences of ln Γ.
    const psi = (k: number) => (lgamma(k + 1e-4) - lgamma(k - 1e-4)) / 2e-4;
    let lo = 0.01;
    let hi = 1000;
    for (let i = 0; i < 80; i++) {
      const mid = 0.5 * (lo + hi);
      if (Math.log(mid) - psi(mid) > s) lo = mid;
      else hi = mid;
    }
    const reference = 0.5 * (lo + hi);
    expect(gammaShape(s) / reference).toBeCloseTo(1, 8);
    expect(fit.spec.values.shape! / reference).toBeCloseTo(1, 8);
    expect(fit.spec.values.scale! / (mean / reference)).toBeCloseTo(1, 8);
    inside(fit, 'shape', truth.shape);
    inside(fit, 'scale', truth.scale);
  });

  it('Weibull: shape and scale inside their intervals', () => {
    const truth = { shape: 1.7, scale: 20 };
    const x = draw(2000, 'weibull', (u) => truth.scale * (-Math.log(1 - u)) ** (1 / truth.shape));
    const fit = fitCandidates(x, { ...options, families: ['weibull'] }).candidates[0]!;
    inside(fit, 'shape', truth.shape);
    inside(fit, 'scale', truth.scale);
    // The MLE shape makes the score zero: Σ x^k ln x / Σ x^k − 1/k − mean ln x = 0.
    const k = fit.spec.values.shape!;
    let a = 0;
    let b = 0;
    let m = 0;
    for (const v of x) {
      a += v ** k * Math.log(v);
      b += v ** k;
      m += Math.log(v) / x.length;
    }
    expect(a / b - 1 / k - m).toBeCloseTo(0, 10);
  });
});

describe('ranking and bootstrap p-values', () => {
  it('the generating family ranks first among all six on 2,000 draws', () => {
    const cases: [string, (u: number) => number][] = [
      ['lognormal', (u) => lognormal({ median: 40, p90: 150 }).quantile(u)],
      ['gamma', (u) => gamma({ shape: 2.5, scale: 300 }).quantile(u)],
      ['weibull', (u) => 20 * (-Math.log(1 - u)) ** (1 / 0.7)],
    ];
    for (const [name, q] of cases) {
      const result = fitCandidates(draw(2000, name, q), { bootstrap: 0, seed: 1 });
      expect(result.candidates[0]!.family, name).toBe(name);
      expect(result.candidates).toHaveLength(6);
    }
  });

  it('a badly wrong family gets the smallest possible p-value, the right one does not', () => {
    const x = draw(500, 'skewed', (u) => lognormal({ mu: 0, sigma: 1 }).quantile(u));
    const result = fitCandidates(x, { bootstrap: 99, seed: 3, families: ['lognormal', 'normal'] });
    const normal = result.candidates.find((c) => c.family === 'normal')!;
    const right = result.candidates.find((c) => c.family === 'lognormal')!;
    expect(normal.ksP).toBe(1 / 100);
    expect(normal.adP).toBe(1 / 100);
    expect(right.adP!).toBeGreaterThan(0.01);
  });

  it('is deterministic for a seed, and differs for another seed', () => {
    const x = draw(300, 'det', (u) => gamma({ shape: 2, scale: 1 }).quantile(u));
    const a = fitCandidates(x, { bootstrap: 49, seed: 5 });
    const b = fitCandidates(x, { bootstrap: 49, seed: 5 });
    const c = fitCandidates(x, { bootstrap: 49, seed: 6 });
    expect(a).toEqual(b);
    expect(a.candidates.map((k) => k.intervals)).not.toEqual(c.candidates.map((k) => k.intervals));
  });

  it('skips the positive-only families on data with a negative value, and says why', () => {
    const result = fitCandidates([-1, 0.5, 2, 3, 4.5, 6], { bootstrap: 0, seed: 1 });
    expect(result.candidates.map((c) => c.family).sort()).toEqual(['normal', 'pert', 'triangular']);
    expect(result.skipped.map((s) => s.family)).toEqual(['lognormal', 'gamma', 'weibull']);
  });
});
