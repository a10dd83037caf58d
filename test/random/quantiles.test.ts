/**
 * Quantile functions: round trips with the CDF (accuracy of the closed forms and
 * of the tabulated gamma / beta-PERT inverses), conventions at the edges, and
 * fast-check properties (monotone in p, samples within the support).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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
  triangular,
  uniform,
  weibull,
  type FullDistribution,
} from '../../src/random/index.js';
import { regularizedBeta, regularizedGammaP } from '../../src/random/special.js';

/** Probabilities dense in both tails: 10^-15 .. 10^-1, their complements, and an interior grid. */
function probeProbabilities(): number[] {
  const ps: number[] = [];
  for (let e = -15; e <= -1; e += 0.1) ps.push(10 ** e, 1 - 10 ** e);
  for (let i = 1; i < 1000; i++) ps.push((i - 0.5 + 0.3 * Math.sin(i)) / 1000);
  return ps.filter((p) => p > 0 && p < 1);
}
const PROBES = probeProbabilities();
const ulp = (x: number) => Math.max(Math.abs(x) * 2.220446049250313e-16, 5e-324);

/**
 * Worst |F(Q(p)) − p| / min(p, 1 − p) over the probes, after allowing for the
 * rounding of Q(p) itself to a double (the CDF change over ±4 ulps of Q(p)).
 */
function worstRoundTrip(
  d: FullDistribution,
  cdf: (x: number) => number = (x) => d.cdf(x),
  relative = true,
): number {
  let worst = 0;
  for (const p of PROBES) {
    const x = d.quantile(p);
    const slack = cdf(x + 4 * ulp(x)) - cdf(x - 4 * ulp(x));
    const err = Math.max(0, Math.abs(cdf(x) - p) - slack) / (relative ? Math.min(p, 1 - p) : 1);
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

describe('closed-form quantiles round-trip with their CDFs', () => {
  const cases: [string, FullDistribution, number][] = [
    ['uniform', uniform(-3, 8), 1e-12],
    ['exponential', exponential({ mean: 250 }), 1e-12],
    ['normal', normal({ mean: 10, sd: 3 }), 1e-12],
    ['lognormal', lognormal({ median: 40_000, p90: 150_000 }), 1e-12],
    ['triangular', triangular({ min: 1, mode: 2, max: 6 }), 1e-12],
    ['triangular (mode = min)', triangular({ min: 0, mode: 0, max: 1 }), 1e-12],
    ['weibull(shape 0.5)', weibull({ shape: 0.5, scale: 10 }), 1e-12],
    ['weibull(shape 3.7)', weibull({ shape: 3.7, scale: 2 }), 1e-12],
    ['weibull(shape 800)', weibull({ shape: 800, scale: 1 }), 1e-12],
  ];
  for (const [label, d, tol] of cases) {
    it(label, () => {
      expect(worstRoundTrip(d)).toBeLessThan(tol);
    });
  }
  // Truncated normal: quantile and CDF work with Φ(min) + p·mass, so the error is
  // absolute in p (~1e-16), not relative to 1 − p near the truncation point.
  for (const [label, d] of [
    ['normal truncated [8, 20]', normal({ mean: 10, sd: 3, min: 8, max: 20 })],
    ['normal truncated [2.5, 4] (upper-tail form)', normal({ mean: 0, sd: 1, min: 2.5, max: 4 })],
    ['normal truncated (-∞, 1]', normal({ mean: 0, sd: 1, max: 1 })],
  ] as const) {
    it(label, () => {
      expect(worstRoundTrip(d, (x) => d.cdf(x), false)).toBeLessThan(1e-14);
    });
  }
  it('the CDF written here agrees (exponential via exp, weibull via exp of a power)', () => {
    const d = exponential({ rate: 0.5 });
    expect(worstRoundTrip(d, (x) => (x <= 0 ? 0 : -Math.expm1(-0.5 * x)))).toBeLessThan(1e-12);
    const w = weibull({ shape: 1.5, scale: 4 });
    expect(worstRoundTrip(w, (x) => (x <= 0 ? 0 : 1 - Math.exp(-((x / 4) ** 1.5))), false)).toBeLessThan(1e-14);
  });
});

describe('weibull quantiles by hand: λ (−ln(1 − p))^(1/k)', () => {
  it('shape 1 is the exponential with mean = scale, to the last bit', () => {
    const w = weibull({ shape: 1, scale: 250 });
    const e = exponential({ mean: 250 });
    for (const p of PROBES) expect(w.quantile(p)).toBe(e.quantile(p));
    for (const p of [0, 1]) expect(w.quantile(p)).toBe(e.quantile(p));
  });
  it('scale is the 1 − 1/e quantile, the median is λ (ln 2)^(1/k)', () => {
    for (const k of [0.3, 1, 2.5, 40]) {
      const w = weibull({ shape: k, scale: 7 });
      expect(w.quantile(1 - Math.exp(-1))).toBeCloseTo(7, 12);
      expect(w.quantile(0.5)).toBeCloseTo(7 * Math.LN2 ** (1 / k), 12);
      expect(w.cdf(7)).toBeCloseTo(1 - Math.exp(-1), 15);
    }
  });
  it('shape 2 (Rayleigh): Q(0.75) = 3 √(ln 4) for scale 3', () => {
    expect(weibull({ shape: 2, scale: 3 }).quantile(0.75)).toBeCloseTo(3 * Math.sqrt(Math.log(4)), 14);
  });
});

describe('tabulated quantiles (gamma, beta-PERT): |F(Q(p)) − p| <= 1e-9 · min(p, 1 − p), p in [1e-15, 1 − 1e-15]', () => {
  for (const shape of [0.05, 0.1, 0.5, 1, 2.5, 10, 100, 1e4]) {
    it(`gamma(shape ${shape})`, () => {
      const scale = 3;
      const d = gamma({ shape, scale });
      // CDF written independently of the module's cdf(): P(shape, x / scale).
      expect(worstRoundTrip(d, (x) => (x <= 0 ? 0 : regularizedGammaP(shape, x / scale)))).toBeLessThan(1e-9);
    });
  }
  const perts: [number, number, number, number][] = [
    [0, 0, 1, 4],
    [0, 0.1, 1, 4],
    [0, 0.5, 1, 4],
    [0, 0.9, 1, 4],
    [0, 1, 1, 4],
    [0, 0.3, 1, 0],
    [0, 0.3, 1, 50],
    [2, 5, 30, 4],
  ];
  for (const [min, mode, max, lambda] of perts) {
    it(`pert(${min}, ${mode}, ${max}, lambda ${lambda})`, () => {
      const d = pert({ min, mode, max, lambda });
      const a = 1 + (lambda * (mode - min)) / (max - min);
      const b = 1 + (lambda * (max - mode)) / (max - min);
      expect(worstRoundTrip(d, (x) => regularizedBeta((x - min) / (max - min), a, b))).toBeLessThan(1e-9);
    });
  }
});

describe('discrete quantiles are the generalized inverse min { k : F(k) > p }', () => {
  for (const mean of [0, 0.01, 0.7, 12, 250, 40_000]) {
    it(`poisson(${mean})`, () => {
      const d = poisson(mean);
      for (const p of PROBES) {
        const k = d.quantile(p);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        expect(d.cdf(k)).toBeGreaterThan(p - 1e-12);
        if (k > 0) expect(d.cdf(k - 1)).toBeLessThanOrEqual(p + 1e-12);
      }
    });
  }

  it('bernoulli: quantile(u) = u >= 1 − p ? 1 : 0', () => {
    const d = bernoulli(0.25);
    expect([0, 0.5, 0.7499, 0.75, 0.9999].map((u) => d.quantile(u))).toEqual([0, 0, 0, 1, 1]);
    expect(bernoulli(0).quantile(1)).toBe(0);
    expect(bernoulli(0).quantile(0.999)).toBe(0);
    expect(bernoulli(1).quantile(0)).toBe(1);
  });

  it('empirical: quantile picks sorted[floor(p · n)]', () => {
    const d = empirical([5, 1, 3, 2]);
    expect([0, 0.24, 0.25, 0.5, 0.75, 0.99, 1].map((p) => d.quantile(p))).toEqual([1, 1, 2, 3, 5, 5, 5]);
    expect([0.5, 1, 2.5, 5].map((x) => d.cdf(x))).toEqual([0, 0.25, 0.5, 1]);
  });

  it('mixture: one uniform picks the band, then is rescaled within it', () => {
    const d = mixture([
      { weight: 1, dist: constant(10) },
      { weight: 3, dist: uniform(0, 1) },
    ]);
    expect(d.quantile(0.1)).toBe(10);
    expect(d.quantile(0.25)).toBeCloseTo(0, 12);
    expect(d.quantile(0.625)).toBeCloseTo(0.5, 12);
    expect(d.quantile(1)).toBe(1);
    expect(d.cdf(0.5)).toBeCloseTo(0.375, 12);
  });
});

describe('quantile conventions', () => {
  const all: [string, FullDistribution][] = [
    ['constant', constant(2)],
    ['uniform', uniform(0, 1)],
    ['exponential', exponential({ mean: 1 })],
    ['normal', normal({ mean: 0, sd: 1 })],
    ['normal truncated', normal({ mean: 0, sd: 1, min: -1 })],
    ['lognormal', lognormal({ mu: 0, sigma: 1 })],
    ['gamma', gamma({ shape: 2, scale: 1 })],
    ['weibull', weibull({ shape: 1.5, scale: 2 })],
    ['triangular', triangular({ min: 0, mode: 1, max: 2 })],
    ['pert', pert({ min: 0, mode: 1, max: 2 })],
    ['bernoulli', bernoulli(0.5)],
    ['poisson', poisson(3)],
    ['empirical', empirical([1, 2])],
    ['mixture', mixture([{ weight: 1, dist: normal({ mean: 0, sd: 1 }) }])],
  ];
  for (const [label, d] of all) {
    it(`${label}: NaN outside [0, 1]; finite at 0 and 1; support ends where finite`, () => {
      for (const p of [-0.1, 1.1, Number.NaN]) expect(d.quantile(p)).toBeNaN();
      expect(Number.isFinite(d.quantile(0))).toBe(true);
      expect(Number.isFinite(d.quantile(1))).toBe(true);
      if (Number.isFinite(d.min)) expect(d.quantile(0)).toBe(d.min);
      if (Number.isFinite(d.max)) expect(d.quantile(1)).toBe(d.max);
    });
  }
  it('an unbounded normal tail stops at the 2^-53 quantile (|z| ≈ 8.2)', () => {
    const d = normal({ mean: 0, sd: 1 });
    expect(d.quantile(0)).toBeCloseTo(-8.2095, 3);
    expect(d.quantile(1)).toBeCloseTo(8.2095, 3);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const pos = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** Random families with the support implied by their parameters (not read from the object). */
interface Drawn {
  d: FullDistribution;
  lo: number;
  hi: number;
  integer?: boolean;
}

const families: Record<string, fc.Arbitrary<Drawn>> = {
  uniform: fc.tuple(real(-1e6, 1e6), pos(1e-6, 1e6)).map(([a, w]) => ({ d: uniform(a, a + w), lo: a, hi: a + w })),
  exponential: pos(1e-6, 1e6).map((mean) => ({ d: exponential({ mean }), lo: 0, hi: Infinity })),
  normal: fc.tuple(real(-1e6, 1e6), pos(1e-3, 1e4)).map(([mean, sd]) => ({ d: normal({ mean, sd }), lo: -Infinity, hi: Infinity })),
  truncatedNormal: fc
    .tuple(real(-100, 100), pos(0.1, 50), real(-3, 2), pos(0.5, 10))
    .map(([mean, sd, za, width]) => {
      const min = mean + za * sd;
      const max = min + width * sd;
      return { d: normal({ mean, sd, min, max }), lo: min, hi: max };
    }),
  lognormal: fc.tuple(pos(1, 1e6), pos(1.01, 20)).map(([median, ratio]) => ({
    d: lognormal({ median, p90: median * ratio }),
    lo: 0,
    hi: Infinity,
  })),
  gamma: fc.tuple(fc.constantFrom(0.3, 0.7, 1, 1.5, 3, 8, 40), pos(1e-3, 1e3)).map(([shape, scale]) => ({
    d: gamma({ shape, scale }),
    lo: 0,
    hi: Infinity,
  })),
  weibull: fc.tuple(pos(0.05, 1e3), pos(1e-3, 1e3)).map(([shape, scale]) => ({ d: weibull({ shape, scale }), lo: 0, hi: Infinity })),
  triangular: fc.tuple(real(-1e3, 1e3), pos(1e-3, 1e3), fc.double({ min: 0, max: 1, noNaN: true })).map(([min, w, r]) => ({
    d: triangular({ min, mode: min + r * w, max: min + w }),
    lo: min,
    hi: min + w,
  })),
  pert: fc
    .tuple(real(-1e3, 1e3), pos(1e-3, 1e3), fc.constantFrom(0, 0.05, 0.25, 0.5, 0.8, 1), fc.constantFrom(1, 4, 10))
    .map(([min, w, r, lambda]) => ({ d: pert({ min, mode: min + r * w, max: min + w, lambda }), lo: min, hi: min + w })),
  bernoulli: fc.double({ min: 0, max: 1, noNaN: true }).map((p) => ({ d: bernoulli(p), lo: 0, hi: 1, integer: true })),
  poisson: pos(0, 1e5).map((mean) => ({ d: poisson(mean), lo: 0, hi: Infinity, integer: true })),
  empirical: fc.array(real(-1e6, 1e6), { minLength: 1, maxLength: 50 }).map((xs) => ({
    d: empirical(xs),
    lo: Math.min(...xs),
    hi: Math.max(...xs),
  })),
};

const probPair = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([a, b]): readonly [number, number] => (a <= b ? [a, b] : [b, a]));

describe('properties', () => {
  for (const [name, arb] of Object.entries(families)) {
    const runs = name === 'gamma' || name === 'pert' ? 40 : 100;

    it(`${name}: quantile is non-decreasing in p`, () => {
      fc.assert(
        fc.property(arb, fc.array(probPair, { minLength: 1, maxLength: 20 }), ({ d }, pairs) => {
          for (const [p1, p2] of pairs) expect(d.quantile(p1)).toBeLessThanOrEqual(d.quantile(p2));
        }),
        { numRuns: runs },
      );
    });

    it(`${name}: sample() and quantile(u) stay in the support`, () => {
      fc.assert(
        fc.property(arb, fc.nat(1000), ({ d, lo, hi, integer }, seed) => {
          const s = createStream(seed, 'support', name);
          for (let i = 0; i < 30; i++) {
            for (const x of [d.sample(s), d.quantile(s())]) {
              expect(Number.isFinite(x)).toBe(true);
              expect(x).toBeGreaterThanOrEqual(lo);
              expect(x).toBeLessThanOrEqual(hi);
              if (integer) expect(Number.isInteger(x)).toBe(true);
            }
          }
        }),
        { numRuns: runs },
      );
    });
  }

  it('tabulated quantiles are strictly increasing on a fine grid (no interpolation wiggles)', () => {
    for (const d of [gamma({ shape: 0.3, scale: 1 }), gamma({ shape: 40, scale: 1 }), pert({ min: 0, mode: 0, max: 1 }), pert({ min: 0, mode: 0.7, max: 1, lambda: 10 })]) {
      let prev = -Infinity;
      for (let i = 1; i < 20_000; i++) {
        const x = d.quantile(i / 20_000);
        expect(x).toBeGreaterThan(prev);
        prev = x;
      }
    }
  });

  it('mixture quantile is non-decreasing within each weight band', () => {
    const d = mixture([
      { weight: 2, dist: lognormal({ median: 10, p90: 30 }) },
      { weight: 1, dist: normal({ mean: 0, sd: 1 }) },
    ]);
    fc.assert(
      fc.property(fc.constantFrom<[number, number]>([0, 2 / 3 - 1e-12], [2 / 3 + 1e-12, 1]), probPair, ([a, b], [p1, p2]) => {
        const u1 = a + (b - a) * p1;
        const u2 = a + (b - a) * p2;
        expect(d.quantile(u1)).toBeLessThanOrEqual(d.quantile(u2));
      }),
    );
  });
});
