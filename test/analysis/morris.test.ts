import { describe as group, expect, it } from 'vitest';
import { createStream } from '../../src/random/index.js';
import { morris, morrisDesign, type AnalysisModel, type Parameter } from '../../src/analysis/index.js';
import { sobolG } from './functions.js';

const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const G_PARAMETERS: Parameter[] = G_A.map((_, i) => ({ name: `x${i + 1}`, low: 0, high: 1 }));

group('morris', () => {
  it('ranks the G function factors by their analytic first-order importance, the last four indistinguishable', () => {
    const model: AnalysisModel = { parameters: G_PARAMETERS, outputs: ['g'], f: (x) => [sobolG(x, G_A)] };
    const [result] = morris(model, { trajectories: 20, seed: 1 });
    const effects = result!.effects;
    // V_i = 1 / (3 (1 + a_i)^2) decreases with a_i: x1 > x2 > x3 > x4 > x5 = ... = x8.
    for (let i = 0; i < 4; i++) expect(effects[i]!.muStar).toBeGreaterThan(effects[i + 1]!.muStar);
    for (let i = 4; i < 8; i++) {
      for (let j = 4; j < 8; j++) expect(effects[i]!.muStarCiLow).toBeLessThanOrEqual(effects[j]!.muStarCiHigh);
      // And each of the four is distinguishable from x4 (a = 9): a tenth of its importance.
      expect(effects[i]!.muStarCiHigh).toBeLessThan(effects[3]!.muStarCiLow);
    }
    for (const e of effects) {
      expect(e.muStarCiLow).toBeLessThanOrEqual(e.muStar);
      expect(e.muStarCiHigh).toBeGreaterThanOrEqual(e.muStar);
      expect(e.muStar).toBeGreaterThanOrEqual(Math.abs(e.mu));
    }
  });

  it('gives the exact effect (change per full range) of a linear function, integer parameters included', () => {
    const parameters: Parameter[] = [
      { name: 'a', low: 0, high: 2 },
      { name: 'b', low: 1, high: 5 },
      { name: 'fanout', low: 1, high: 16, integer: true },
    ];
    const model: AnalysisModel = { parameters, outputs: ['y'], f: (x) => [3 * x[0]! - 2 * x[1]! + 5 * x[2]!] };
    const [result] = morris(model, { trajectories: 6, seed: 'lin' });
    const expected = [3 * 2, -2 * 4, 5 * 15];
    result!.effects.forEach((e, i) => {
      expect(e.mu).toBeCloseTo(expected[i]!, 9);
      expect(e.muStar).toBeCloseTo(Math.abs(expected[i]!), 9);
      expect(e.sigma).toBeCloseTo(0, 9);
    });
  });

  it('builds trajectories on the p-level grid, moving each parameter once by ±Δ, reproducibly', () => {
    const parameters: Parameter[] = [0, 1, 2, 3].map((i) => ({ name: `p${i}`, low: 0, high: 1 }));
    const design = morrisDesign(parameters, { trajectories: 10, levels: 6, seed: 9 });
    expect(design.delta).toBeCloseTo(6 / 10, 15);
    expect(design.points.length).toBe(10 * 5);
    for (let t = 0; t < 10; t++) {
      const movedParams = new Set<number>();
      for (let s = 0; s < 4; s++) {
        const before = design.points[t * 5 + s]!;
        const after = design.points[t * 5 + s + 1]!;
        const changed = [0, 1, 2, 3].filter((i) => after[i] !== before[i]);
        expect(changed.length).toBe(1);
        movedParams.add(changed[0]!);
        expect(Math.abs(after[changed[0]!]! - before[changed[0]!]!)).toBeCloseTo(0.6, 12);
        for (const v of after) expect(Math.abs(v * 5 - Math.round(v * 5))).toBeLessThan(1e-12); // levels k / 5
      }
      expect(movedParams.size).toBe(4);
    }
    expect(morrisDesign(parameters, { trajectories: 10, levels: 6, seed: 9 })).toEqual(design);
    expect(morrisDesign(parameters, { trajectories: 10, levels: 6, seed: 10 }).points).not.toEqual(design.points);
  });

  it('is unmoved by noise that does not depend on the point, and reports noise that does', () => {
    const clean: AnalysisModel = { parameters: G_PARAMETERS, outputs: ['g'], f: (x) => [sobolG(x, G_A)] };
    const additive: AnalysisModel = { ...clean, f: (x, r) => [sobolG(x, G_A) + 3 * createStream('additive', r)()] };
    const options = { trajectories: 10, seed: 2, replications: 5, resamples: 100 };
    const [a] = morris(clean, options);
    const [b] = morris(additive, options);
    expect(b!.noiseVariance).toBeLessThan(1e-20);
    b!.effects.forEach((e, i) => expect(e.muStar).toBeCloseTo(a!.effects[i]!.muStar, 9));

    // Independent noise per (point, replication), variance 0.3 / 3 replications = 0.1, and a
    // parameter without effect: its mu* is noise only, near noiseMuStar = √(2/π) √(2 σ²) / Δ.
    const parameters: Parameter[] = [{ name: 'x', low: 0, high: 1 }, { name: 'dummy', low: 0, high: 1 }];
    const noisy: AnalysisModel = {
      parameters,
      outputs: ['y'],
      f: (x, r) => [10 * x[0]! + Math.sqrt(12 * 0.3) * (createStream('noise', r, Array.from(x).join(','))() - 0.5)],
    };
    const [n] = morris(noisy, { trajectories: 60, seed: 4, replications: 3, resamples: 200 });
    const theory = (Math.sqrt(2 / Math.PI) * Math.sqrt(2 * 0.1)) / (2 / 3);
    expect(n!.noiseVariance).toBeGreaterThan(0.1 * 0.6); // 60 noise points: sd of the estimate ±18%
    expect(n!.noiseVariance).toBeLessThan(0.1 * 1.4);
    expect(n!.noiseMuStar).toBeGreaterThan(theory * 0.8);
    expect(n!.noiseMuStar).toBeLessThan(theory * 1.2);
    const dummy = n!.effects[1]!;
    expect(dummy.muStarCiLow).toBeLessThan(n!.noiseMuStar);
    expect(dummy.muStar).toBeGreaterThan(theory * 0.6);
    expect(dummy.muStar).toBeLessThan(theory * 1.4);
    expect(n!.effects[0]!.muStarCiLow).toBeGreaterThan(10 * 0.9);
  });

  it('rejects odd levels and too few trajectories', () => {
    expect(() => morrisDesign(G_PARAMETERS, { levels: 3 })).toThrow(/levels must be an even/);
    expect(() => morrisDesign(G_PARAMETERS, { trajectories: 1 })).toThrow(/trajectories/);
  });
});
