import { describe as group, expect, it } from 'vitest';
import { sobolSequence, SOBOL_MAX_DIMENSIONS } from '../../src/analysis/sobolSequence.js';

group('sobolSequence', () => {
  it('gives the published unscrambled points (Joe and Kuo; scipy.stats.qmc.Sobol with scramble=False)', () => {
    const points = sobolSequence(8, 3, { seed: null }).map((p) => Array.from(p));
    expect(points).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it('keeps the net property when scrambled: 2^m points fill every interval of width 2^-m, and the first two dimensions every square of side 2^-m/2', () => {
    const points = sobolSequence(1024, SOBOL_MAX_DIMENSIONS, { seed: 5 });
    for (let d = 0; d < SOBOL_MAX_DIMENSIONS; d++) expect(new Set(points.map((p) => Math.floor(p[d]! * 1024))).size).toBe(1024);
    // The first two dimensions are a (0, m, 2)-net: each of the 32 x 32 squares holds one point.
    expect(new Set(points.map((p) => `${Math.floor(p[0]! * 32)},${Math.floor(p[1]! * 32)}`)).size).toBe(1024);
  });

  it('is reproducible from its seed, a longer sequence keeps the first points, and seeds differ', () => {
    const short = sobolSequence(10, 4, { seed: 'x' });
    const long = sobolSequence(100, 4, { seed: 'x' });
    expect(long.slice(0, 10)).toEqual(short);
    expect(sobolSequence(10, 4, { seed: 'y' })[0]).not.toEqual(short[0]);
    for (const p of long) for (const x of p) expect(x >= 0 && x < 1).toBe(true);
  });

  it('rejects too many dimensions', () => {
    expect(() => sobolSequence(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/dimensions must be/);
  });
});
