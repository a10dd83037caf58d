/**
 * Special functions against analytic identities and textbook values
 * (Abramowitz & Stegun tables for Φ; Γ at integers and 1/2).
 */
import { describe, expect, it } from 'vitest';
import {
  inverseNormalCdf,
  lgamma,
  normalCdf,
  normalSf,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  Z90,
} from '../../src/random/special.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('lgamma', () => {
  it('matches ln((n-1)!) and ln Γ(1/2) = ln √π', () => {
    let fact = 1;
    for (let n = 1; n < 30; n++) {
      expect(Math.abs(lgamma(n) - Math.log(fact))).toBeLessThan(1e-13 * Math.max(1, Math.log(fact)));
      fact *= n;
    }
    expect(rel(lgamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    // Stirling for large x
    const x = 1e6;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x);
    expect(rel(lgamma(x), stirling)).toBeLessThan(1e-14);
  });
});

describe('normal CDF and inverse', () => {
  it('matches tabulated values', () => {
    expect(rel(normalCdf(-1), 0.15865525393145707)).toBeLessThan(1e-13);
    expect(rel(normalCdf(-3), 0.0013498980316301)).toBeLessThan(1e-12);
    expect(rel(normalCdf(-5), 2.866515718791939e-7)).toBeLessThan(1e-12);
    expect(rel(normalCdf(-8), 6.22096057427178e-16)).toBeLessThan(1e-12);
    expect(rel(normalSf(6), 9.865876450377e-10)).toBeLessThan(1e-11);
    expect(normalCdf(0)).toBe(0.5);
    expect(rel(inverseNormalCdf(0.975), 1.959963984540054)).toBeLessThan(1e-15);
    expect(rel(inverseNormalCdf(0.9), Z90)).toBeLessThan(1e-15);
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(inverseNormalCdf(1.5)).toBeNaN();
  });

  it('AS 241 round-trips with Φ to ~1e-14 relative, in both tails', () => {
    for (let e = -16; e <= -0.31; e += 0.01) {
      const p = 10 ** e;
      expect(rel(normalCdf(inverseNormalCdf(p)), p)).toBeLessThan(1e-13);
      expect(rel(normalSf(inverseNormalCdf(1 - p)), 1 - (1 - p))).toBeLessThan(1e-13 + 1e-16 / p);
    }
  });
});

describe('regularized incomplete gamma and beta', () => {
  it('satisfy closed forms', () => {
    for (const x of [1e-8, 0.01, 0.5, 1, 3, 10, 50]) {
      expect(rel(regularizedGammaP(1, x), -Math.expm1(-x))).toBeLessThan(1e-13);
      expect(rel(regularizedGammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-13);
      // Q(n, x) = P(Poisson(x) < n) = e^{-x} Σ_{k<n} x^k / k!
      let term = Math.exp(-x);
      let sum = 0;
      for (let k = 0; k < 4; k++) {
        sum += term;
        term *= x / (k + 1);
      }
      expect(rel(regularizedGammaQ(4, x), sum)).toBeLessThan(1e-12);
      expect(Math.abs(regularizedGammaP(4, x) + regularizedGammaQ(4, x) - 1)).toBeLessThan(1e-15);
    }
    for (const x of [1e-6, 0.1, 0.3, 0.5, 0.8, 0.999]) {
      expect(rel(regularizedBeta(x, 3.5, 1), x ** 3.5)).toBeLessThan(1e-13);
      expect(rel(regularizedBeta(x, 1, 2.5), -Math.expm1(2.5 * Math.log1p(-x)))).toBeLessThan(1e-13);
      // I_x(2, 2) = 3x² - 2x³
      expect(rel(regularizedBeta(x, 2, 2), 3 * x * x - 2 * x ** 3)).toBeLessThan(1e-12);
    }
  });
});
