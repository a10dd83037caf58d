import { describe as group, expect, it } from 'vitest';
import { createStream } from '../../src/random/index.js';
import { prim } from '../../src/analysis/index.js';

group('prim', () => {
  it('recovers a known box (a rectangle in 2 of 5 uniform inputs, plus noise) with coverage and density above 0.8', () => {
    // Cases: x1 in [0.2, 0.6] and x3 in [0.5, 0.9] (a mass of 0.16), with 2% of labels flipped (the
    // true box then holds 90% of the cases at a density of 98%).
    const n = 2000;
    const u = createStream('prim-test');
    const inputs = Array.from({ length: 5 }, () => new Float64Array(n));
    const y = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      for (let i = 0; i < 5; i++) inputs[i]![d] = u();
      const inBox = inputs[1]![d]! >= 0.2 && inputs[1]![d]! <= 0.6 && inputs[3]![d]! >= 0.5 && inputs[3]![d]! <= 0.9;
      y[d] = (u() < 0.02 ? !inBox : inBox) ? 1 : 0;
    }
    const result = prim(inputs, y);
    const box = result.boxes[0]!;
    expect(box.coverage).toBeGreaterThan(0.8);
    expect(box.density).toBeGreaterThan(0.8);
    expect(box.bounds.map((b) => b.input).sort()).toEqual([1, 3]);
    const x1 = box.bounds.find((b) => b.input === 1)!;
    const x3 = box.bounds.find((b) => b.input === 3)!;
    for (const [got, want] of [[x1.low, 0.2], [x1.high, 0.6], [x3.low, 0.5], [x3.high, 0.9]] as const) expect(Math.abs(got - want)).toBeLessThan(0.05);
    expect(result.baseDensity).toBeGreaterThan(0.1);
    expect(result.baseDensity).toBeLessThan(0.25);
    // The trajectory starts at the whole space and gets denser as it narrows.
    expect(result.trajectory[0]).toEqual({ coverage: 1, density: result.baseDensity, mass: 1 });
    expect(result.trajectory.at(-1)!.density).toBeGreaterThan(result.baseDensity);
  });

  it('finds no box without cases, and a second box on the draws the first leaves', () => {
    expect(prim([[1, 2, 3]], [0, 0, 0]).boxes).toEqual([]);
    // Two regions: x0 below 0.25, or x1 above 0.8 (PRIM peels from the edges, so each region is a box).
    const n = 1000;
    const u = createStream('prim-two');
    const x0 = Float64Array.from({ length: n }, () => u());
    const x1 = Float64Array.from({ length: n }, () => u());
    const y = Float64Array.from(x0, (x, d) => (x < 0.25 || x1[d]! > 0.8 ? 1 : 0));
    const { boxes } = prim([x0, x1], y);
    expect(boxes.length).toBe(2);
    expect(boxes[0]!.coverage + boxes[1]!.coverage).toBeGreaterThan(0.9);
    for (const b of boxes) expect(b.density).toBeGreaterThan(0.9);
    expect(boxes.map((b) => b.bounds.map((x) => x.input)).sort()).toEqual([[0], [1]]);
  });
});
