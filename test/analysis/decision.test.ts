import { describe as group, expect, it } from 'vitest';
import { createStream } from '../../src/random/index.js';
import { inverseNormalCdf, normalCdf, normalPdf } from '../../src/random/special.js';
import { evpi, evppi, expectedLoss, probabilityBest, sobolSequence } from '../../src/analysis/index.js';

/** E[max(X, 0)] - max(E X, 0) for X ~ N(m, s²): the value of knowing X before choosing between X and 0. */
function gaussianValue(m: number, s: number): number {
  return s * normalPdf(m / s) + m * normalCdf(m / s) - Math.max(m, 0);
}

group('decision measures', () => {
  it('EVPI and per-parameter EVPPI match their closed forms on a linear net benefit in Gaussian parameters', () => {
    // Option 0: net benefit 0. Option 1: m + Σ b_i θ_i with θ_i ~ N(0, 1) independent, plus
    // inner-replication noise (mean 0) for EVPPI, which regression averages out.
    const m = 0.4;
    const b = [1, 0.6, 0.3];
    const n = 4096;
    const theta = sobolSequence(n, 3, { seed: 11 }).map((u) => Array.from(u, (x) => inverseNormalCdf(x)));
    const clean = theta.map((t) => [0, m + b[0]! * t[0]! + b[1]! * t[1]! + b[2]! * t[2]!]);
    const noise = createStream('decision-test-noise');
    const noisy = clean.map(([zero, one]) => [zero!, one! + 0.5 * inverseNormalCdf(noise())]);
    const s = Math.hypot(...b);
    const perfect = evpi(clean, { higherIsBetter: true, resamples: 300 });
    expect(Math.abs(perfect.value - gaussianValue(m, s))).toBeLessThan(2 * perfect.standardError);
    expect(perfect.standardError).toBeLessThan(0.02);
    for (let i = 0; i < 3; i++) {
      const exact = gaussianValue(m, Math.abs(b[i]!));
      const partial = evppi(noisy, Float64Array.from(theta, (t) => t[i]!), { higherIsBetter: true, resamples: 200 });
      expect(Math.abs(partial.value - exact)).toBeLessThan(2 * partial.standardError);
      expect(partial.ciLow).toBeLessThanOrEqual(exact);
      expect(partial.ciHigh).toBeGreaterThanOrEqual(exact);
    }
    // As costs (lower is better) the same decision has the same values.
    const asCosts = clean.map((row) => row.map((x) => -x));
    expect(evpi(asCosts, { resamples: 10 }).value).toBeCloseTo(perfect.value, 12);
  });

  it('EVPPI of a parameter the decision does not turn on is about 0, and never below 0', () => {
    const u = sobolSequence(1024, 2, { seed: 3 });
    const values = u.map((p) => [p[0]!, 0.5]);
    const none = evppi(values, Float64Array.from(u, (p) => p[1]!), { resamples: 100 });
    const all = evppi(values, Float64Array.from(u, (p) => p[0]!), { resamples: 100 });
    expect(none.value).toBeGreaterThanOrEqual(0);
    expect(none.value).toBeLessThan(0.005);
    // Knowing x0 is perfect information here: E[min(x0, 0.5)] against 0.5 = 0.5 - 0.375 = 0.125.
    expect(Math.abs(all.value - 0.125)).toBeLessThan(0.005);
    // A parameter of a few values is fitted by its group means.
    const grouped = evppi(values, Float64Array.from(u, (p) => (p[0]! < 0.5 ? 0 : 1)), { resamples: 50 });
    expect(Math.abs(grouped.value - 0.125)).toBeLessThan(0.005);
  });

  it('probability best and expected loss equal a direct calculation on a toy with known distributions', () => {
    // Costs A = u, B = 1 - u, C = 0.3 with u uniform: A is best for u < 0.3, C for 0.3 < u < 0.7,
    // B above: probabilities 0.3, 0.3, 0.4. The best is min(u, 1 - u, 0.3), whose mean is
    // 0.045 + 0.12 + 0.045 = 0.21, so the expected losses are 0.5 - 0.21 = 0.29 for A and B and
    // 0.3 - 0.21 = 0.09 for C.
    const u = sobolSequence(4096, 1, { seed: 2 }).map((p) => p[0]!);
    const values = u.map((x) => [x, 1 - x, 0.3]);
    const best = probabilityBest(values, { resamples: 200 });
    const direct = [0, 1, 2].map((o) => values.filter((row) => row.indexOf(Math.min(...row)) === o).length / values.length);
    best.forEach((p, o) => {
      expect(p.probability).toBeCloseTo(direct[o]!, 12);
      expect(p.ciLow).toBeLessThanOrEqual(p.probability);
      expect(p.ciHigh).toBeGreaterThanOrEqual(p.probability);
    });
    expect(best.map((p) => p.probability)).toEqual([expect.closeTo(0.3, 2), expect.closeTo(0.3, 2), expect.closeTo(0.4, 2)]);
    const loss = expectedLoss(values);
    expect(loss[0]).toBeCloseTo(0.29, 3);
    expect(loss[1]).toBeCloseTo(0.29, 3);
    expect(loss[2]).toBeCloseTo(0.09, 3);
    // EVPI is the smallest expected loss.
    expect(evpi(values, { resamples: 10 }).value).toBeCloseTo(Math.min(...loss), 12);
  });

  it('splits a tie and rejects ragged or non-finite draws', () => {
    const best = probabilityBest([[1, 1], [1, 1]], { resamples: 5 });
    expect(best.map((p) => p.probability)).toEqual([0.5, 0.5]);
    expect(() => probabilityBest([[1, 2], [1]])).toThrow(/draw 1 has 1 options/);
    expect(() => evpi([[1, Number.NaN], [1, 2]])).toThrow(/not a finite number/);
  });
});
