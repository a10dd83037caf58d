import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { sampleCorrelation } from 'simple-statistics';
import { createStream, fillUniforms, streamKey, STREAM_KEY_PREFIX } from '../../src/random/index.js';

const seedArb = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes('/')));
const partArb = fc.oneof(fc.nat(10_000), fc.constantFrom('rep', 'tokens', 'turns', 'review', 'graph', 'agent'));
const pathArb = fc.array(partArb, { minLength: 1, maxLength: 4 });

function draw(source: () => number, n: number): number[] {
  return Array.from({ length: n }, () => source());
}

describe('streamKey', () => {
  it('is the documented derivation', () => {
    expect(streamKey(42, 'rep', 3, 'tokens')).toBe(`${STREAM_KEY_PREFIX}:42/rep/3/tokens`);
    expect(streamKey(42, 'rep', 3, 'tokens')).toBe('orchsim:v1:42/rep/3/tokens');
    expect(streamKey('abc')).toBe('orchsim:v1:abc/');
  });

  it('refuses path elements that would alias another path', () => {
    expect(() => streamKey(1, 'a/b')).toThrow(/must not contain '\/'/);
    expect(() => streamKey(1, '')).toThrow(/must not be empty/);
    expect(() => streamKey(Number.NaN, 'x')).toThrow(/finite/);
    expect(() => streamKey(1, Infinity)).toThrow(/path\[0\]/);
  });
});

describe('createStream', () => {
  it('is seedrandom.alea on the key (uniforms in [0, 1))', () => {
    const a = createStream(7, 'rep', 1, 'x');
    const b = seedrandom.alea(streamKey(7, 'rep', 1, 'x'));
    const xs = draw(a, 1000);
    expect(xs).toEqual(draw(b, 1000));
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('same key, same sequence', () => {
    fc.assert(
      fc.property(seedArb, pathArb, (seed, path) => {
        expect(draw(createStream(seed, ...path), 20)).toEqual(draw(createStream(seed, ...path), 20));
      }),
      { numRuns: 100 },
    );
  });

  it('a substream does not depend on draws made from other streams', () => {
    fc.assert(
      fc.property(seedArb, pathArb, pathArb, fc.nat(500), (seed, pathA, pathB, k) => {
        const fresh = draw(createStream(seed, ...pathB), 20);
        const a = createStream(seed, ...pathA);
        draw(a, k); // draw k numbers from A first...
        const b = createStream(seed, ...pathB);
        draw(a, 3); // ...and interleave more
        expect(draw(b, 20)).toEqual(fresh); // B is unchanged
      }),
      { numRuns: 100 },
    );
  });

  it('different purposes, replications and seeds give different sequences', () => {
    fc.assert(
      fc.property(seedArb, pathArb, pathArb, (seed, pathA, pathB) => {
        fc.pre(streamKey(seed, ...pathA) !== streamKey(seed, ...pathB));
        expect(draw(createStream(seed, ...pathA), 4)).not.toEqual(draw(createStream(seed, ...pathB), 4));
      }),
      { numRuns: 200 },
    );
    expect(draw(createStream(1, 'x'), 4)).not.toEqual(draw(createStream(2, 'x'), 4));
  });

  it('substreams are roughly uncorrelated (|r| < 4/sqrt(n), n = 100,000)', () => {
    const n = 100_000;
    const pairs: [string | number, string | number][] = [
      ['tokens', 'turns'],
      [1, 2],
      ['a', 'b'],
    ];
    for (const [p, q] of pairs) {
      const xs = draw(createStream(2024, 'rep', 0, p), n);
      const ys = draw(createStream(2024, 'rep', 0, q), n);
      expect(Math.abs(sampleCorrelation(xs, ys))).toBeLessThan(4 / Math.sqrt(n));
      // Lag-1 within one stream, too.
      expect(Math.abs(sampleCorrelation(xs.slice(1), xs.slice(0, -1)))).toBeLessThan(4 / Math.sqrt(n));
    }
  });
});

describe('fillUniforms', () => {
  it('fills the requested range in draw order', () => {
    const out = new Float64Array(10).fill(-1);
    fillUniforms(createStream(3, 'fill'), out, 2, 5);
    const expected = draw(createStream(3, 'fill'), 5);
    expect(Array.from(out.subarray(2, 7))).toEqual(expected);
    expect(out[0]).toBe(-1);
    expect(out[7]).toBe(-1);
    expect(Array.from(fillUniforms(createStream(3, 'fill'), new Float64Array(5)))).toEqual(expected);
  });

  it('rejects ranges outside the array', () => {
    expect(() => fillUniforms(createStream(3, 'fill'), new Float64Array(4), 3, 2)).toThrow(/count/);
    expect(() => fillUniforms(createStream(3, 'fill'), new Float64Array(4), -1)).toThrow(/offset/);
  });
});
