import { describe as group, expect, it } from 'vitest';
import { createStream } from '../../src/random/index.js';
import { tornado, tornadoDesign, type AnalysisModel, type Parameter } from '../../src/analysis/index.js';

const PARAMETERS: Parameter[] = [
  { name: 'x1', low: 0, high: 10 }, // slope 2: swing 20
  { name: 'x2', low: 1, high: 3 }, // slope -5: swing 10
  { name: 'x3', low: 0, high: 100 }, // slope 0.5: swing 50
];
const SLOPES = [2, -5, 0.5];

group('tornado', () => {
  it('ranks a linear function by |slope| x range, exactly, with noise cancelled by common random numbers', () => {
    const noise = (r: number) => 100 * (createStream('tornado-noise', r)() - 0.5);
    const model: AnalysisModel = {
      parameters: PARAMETERS,
      outputs: ['y'],
      f: (x, r) => [SLOPES[0]! * x[0]! + SLOPES[1]! * x[1]! + SLOPES[2]! * x[2]! + noise(r)],
    };
    const [result] = tornado(model, { replications: 50 });
    const bars = result!.bars;
    expect(bars.map((b) => b.parameter)).toEqual(['x3', 'x1', 'x2']);
    expect(bars.map((b) => b.rank)).toEqual([1, 2, 3]);
    const bySlope = new Map(PARAMETERS.map((p, i) => [p.name, { slope: SLOPES[i]!, p }]));
    for (const bar of bars) {
      const { slope, p } = bySlope.get(bar.parameter)!;
      const mid = (p.low + p.high) / 2;
      expect(bar.swing).toBeCloseTo(Math.abs(slope) * (p.high - p.low), 9);
      expect(bar.lowDelta.estimate).toBeCloseTo(slope * (p.low - mid), 9);
      expect(bar.highDelta.estimate).toBeCloseTo(slope * (p.high - mid), 9);
      expect(bar.swingDelta.estimate).toBeCloseTo(slope * (p.high - p.low), 9);
      // The noise is the same at every point: the paired intervals have no width.
      expect(bar.highDelta.halfWidth).toBeLessThan(1e-9);
      expect(bar.lowDelta.n).toBe(50);
      expect([bar.lowSetting, bar.highSetting]).toEqual([p.low, p.high]);
    }
    // The base itself carries the noise: its own interval is wide.
    expect(result!.base.halfWidth).toBeGreaterThan(1);
  });

  it('gives paired intervals that cover the true difference when the noise depends on the point', () => {
    // y = x (1 + e_r), E[e] = 0: the high end's difference from the base is (high - base) exactly in expectation.
    const model: AnalysisModel = {
      parameters: [{ name: 'x', low: 0, high: 4 }],
      outputs: ['y'],
      f: (x, r) => [x[0]! * (1 + (createStream('mult', r)() - 0.5))],
    };
    const [result] = tornado(model, { replications: 400, base: [1] });
    const bar = result!.bars[0]!;
    expect(bar.highDelta.ciLow).toBeLessThan(3);
    expect(bar.highDelta.ciHigh).toBeGreaterThan(3);
    expect(bar.highDelta.halfWidth).toBeGreaterThan(0);
    expect(bar.lowDelta.ciLow).toBeLessThan(-1);
    expect(bar.lowDelta.ciHigh).toBeGreaterThan(-1);
  });

  it('tracks several metrics, a ratio of sums among them', () => {
    const model: AnalysisModel = {
      parameters: PARAMETERS.slice(0, 2),
      outputs: ['cost', 'merged'],
      metrics: [
        { name: 'cost', mean: 'cost' },
        { name: 'costPerMerged', numerator: 'cost', denominator: 'merged' },
      ],
      f: (x, r) => [x[0]! * 10, r % 2], // half the replications merge
    };
    const results = tornado(model, { replications: 10 });
    expect(results.map((m) => m.metric)).toEqual(['cost', 'costPerMerged']);
    expect(results[1]!.bars[0]!.parameter).toBe('x1');
    expect(results[1]!.bars[0]!.swing).toBeCloseTo(200, 9); // cost swing 100 over half merged
    expect(results[1]!.bars[1]!.swing).toBe(0);
  });

  it('uses midpoints (integers rounded down) as the base and checks a given one', () => {
    const parameters: Parameter[] = [{ name: 'n', low: 1, high: 16, integer: true }, { name: 'p', low: 0, high: 1 }];
    const design = tornadoDesign(parameters);
    expect(Array.from(design.base)).toEqual([8, 0.5]);
    expect(design.points.map((p) => Array.from(p))).toEqual([[8, 0.5], [1, 0.5], [16, 0.5], [8, 0], [8, 1]]);
    expect(() => tornadoDesign(parameters, [8, 1.2])).toThrow(/base value 1.2 of 'p' must be in 0..1/);
    expect(() => tornadoDesign(parameters, [2.5, 0])).toThrow(/'n' must be a whole number/);
    expect(() => tornadoDesign([{ name: 'q', low: 2, high: 1 }])).toThrow(/'q' needs finite low <= high/);
  });
});
