/**
 * A scrambled Sobol low-discrepancy sequence in base 2 (Bratley and Fox's Gray-code construction)
 * with the direction numbers of Joe and Kuo (2008), set new-joe-kuo-6.21201
 * (https://web.maths.unsw.edu.au/~fkuo/sobol/), for up to SOBOL_MAX_DIMENSIONS dimensions.
 *
 * Scrambling (Matoušek's linear matrix scrambling plus a random digital shift, the scheme of
 * scipy.stats.qmc.Sobol that SALib's sampler uses): each dimension's direction numbers are
 * multiplied by a random lower-triangular binary matrix with a unit diagonal, and every point is
 * XORed with a random 32-bit shift, both from createStream(seed, 'sobol-scramble', dimension). A
 * scrambled sequence keeps the net property (each of the first 2^m points falls in its own
 * elementary interval) and makes the estimates unbiased, so that repeating a design over seeds
 * measures its error. Point i depends only on (seed, i, dimension): a longer sequence keeps the
 * first points.
 */
import { createStream } from '../random/index.js';

/**
 * Joe-Kuo direction numbers for dimensions 2 to 41: the primitive polynomial's coefficient code
 * `a` and the initial numbers m_1..m_s (s, the polynomial's degree, is their count). Dimension 1
 * is the van der Corput sequence.
 */
const JOE_KUO: readonly (readonly [number, readonly number[]])[] = [
  [0, [1]],
  [1, [1, 3]],
  [1, [1, 3, 1]],
  [2, [1, 1, 1]],
  [1, [1, 1, 3, 3]],
  [4, [1, 3, 5, 13]],
  [2, [1, 1, 5, 5, 17]],
  [4, [1, 1, 5, 5, 5]],
  [7, [1, 1, 7, 11, 19]],
  [11, [1, 1, 5, 1, 1]],
  [13, [1, 1, 1, 3, 11]],
  [14, [1, 3, 5, 5, 31]],
  [1, [1, 3, 3, 9, 7, 49]],
  [13, [1, 1, 1, 15, 21, 21]],
  [16, [1, 3, 1, 13, 27, 49]],
  [19, [1, 1, 1, 15, 7, 5]],
  [22, [1, 3, 1, 15, 13, 25]],
  [25, [1, 1, 5, 5, 19, 61]],
  [1, [1, 3, 7, 11, 23, 15, 103]],
  [4, [1, 3, 7, 13, 13, 15, 69]],
  [7, [1, 1, 3, 13, 7, 35, 63]],
  [8, [1, 3, 5, 9, 1, 25, 53]],
  [14, [1, 3, 1, 13, 9, 35, 107]],
  [19, [1, 3, 1, 5, 27, 61, 31]],
  [21, [1, 1, 5, 11, 19, 41, 61]],
  [28, [1, 3, 5, 3, 3, 13, 69]],
  [31, [1, 1, 7, 13, 1, 19, 1]],
  [32, [1, 3, 7, 5, 13, 19, 59]],
  [37, [1, 1, 3, 9, 25, 29, 41]],
  [41, [1, 3, 5, 13, 23, 1, 55]],
  [42, [1, 3, 7, 3, 13, 59, 17]],
  [50, [1, 3, 1, 3, 5, 53, 69]],
  [55, [1, 1, 5, 5, 23, 33, 13]],
  [56, [1, 1, 7, 7, 1, 61, 123]],
  [59, [1, 1, 7, 9, 13, 61, 49]],
  [62, [1, 3, 3, 5, 3, 55, 33]],
  [14, [1, 3, 1, 15, 31, 13, 49, 245]],
  [21, [1, 3, 5, 15, 31, 59, 63, 97]],
  [22, [1, 3, 1, 11, 11, 11, 77, 249]],
  [38, [1, 3, 1, 11, 27, 43, 71, 9]],
];

/** Dimensions the table covers. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

const BITS = 32;
const SCALE = 2 ** -BITS;

/** The 32 direction numbers of dimension `d` (0-based), unscrambled. */
function directionNumbers(d: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (d === 0) {
    for (let j = 0; j < BITS; j++) v[j] = 2 ** (BITS - 1 - j);
    return v;
  }
  const [a, m] = JOE_KUO[d - 1]!;
  const s = m.length;
  for (let j = 0; j < s; j++) v[j] = (m[j]! * 2 ** (BITS - 1 - j)) >>> 0;
  for (let j = s; j < BITS; j++) {
    let x = (v[j - s]! ^ (v[j - s]! >>> s)) >>> 0;
    for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x = (x ^ v[j - k]!) >>> 0;
    v[j] = x;
  }
  return v;
}

/** Bits set in a 32-bit word, mod 2. */
function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** A uniform 32-bit word from a stream of uniforms. */
const word = (u: () => number) => Math.floor(u() * 2 ** BITS) >>> 0;

/** Linear matrix scrambling of one dimension's direction numbers, and its digital shift. */
function scramble(v: Uint32Array, seed: number | string, d: number): number {
  const u = createStream(seed, 'sobol-scramble', d);
  // Row r of the lower-triangular matrix (bit r counted from the most significant): random bits
  // left of the diagonal, 1 on it, 0 right of it.
  const rows = new Uint32Array(BITS);
  for (let r = 0; r < BITS; r++) {
    const diagonal = 2 ** (BITS - 1 - r);
    const left = r === 0 ? 0 : (word(u) & ~(diagonal * 2 - 1)) >>> 0;
    rows[r] = (left | diagonal) >>> 0;
  }
  for (let j = 0; j < BITS; j++) {
    let out = 0;
    for (let r = 0; r < BITS; r++) if (parity((rows[r]! & v[j]!) >>> 0)) out += 2 ** (BITS - 1 - r);
    v[j] = out >>> 0;
  }
  return word(u);
}

/** Options: the scrambling seed (null: the plain, unscrambled sequence, whose first point is 0). */
export interface SobolSequenceOptions {
  seed?: number | string | null;
}

/**
 * The first `n` points of the `dimensions`-dimensional sequence, each a Float64Array of
 * coordinates in [0, 1).
 *
 * @example
 * ```ts
 * import { sobolSequence } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const points = sobolSequence(8, 2, { seed: 1 }); // scrambled: a seed gives the same points
 * assert.equal(points.length, 8);
 * assert.ok(points.every((p) => p.length === 2 && p.every((x) => x >= 0 && x < 1)));
 * ```
 */
export function sobolSequence(n: number, dimensions: number, options: SobolSequenceOptions = {}): Float64Array[] {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS)
    throw new RangeError(`sobolSequence: dimensions must be a whole number from 1 to ${SOBOL_MAX_DIMENSIONS} (got ${dimensions})`);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** BITS) throw new RangeError(`sobolSequence: n must be a whole number from 0 to 2^32 (got ${n})`);
  const seed = options.seed === undefined ? 1 : options.seed;
  const directions: Uint32Array[] = [];
  const state = new Uint32Array(dimensions);
  for (let d = 0; d < dimensions; d++) {
    const v = directionNumbers(d);
    state[d] = seed === null ? 0 : scramble(v, seed, d);
    directions.push(v);
  }
  const points: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // Gray code: point i differs from point i - 1 by the direction of i - 1's lowest zero bit.
      let c = 0;
      let x = i - 1;
      while (x & 1) {
        x = Math.floor(x / 2);
        c++;
      }
      for (let d = 0; d < dimensions; d++) state[d] = (state[d]! ^ directions[d]![c]!) >>> 0;
    }
    const p = new Float64Array(dimensions);
    for (let d = 0; d < dimensions; d++) p[d] = state[d]! * SCALE;
    points.push(p);
  }
  return points;
}
