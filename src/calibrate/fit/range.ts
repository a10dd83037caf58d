/**
 * Triangular and PERT on [min, max] with a mode. Their maximum-likelihood estimates sit on the
 * sample's extremes (where the likelihood of the next value outside is zero), so a simple,
 * stated rule is used instead:
 * - the ends are the sample's extremes pushed out by range / (n − 1), the unbiased estimate of a
 *   bounded range's ends (never below 0 when every value is >= 0);
 * - the mode matches the sample mean: triangular mean = (min + mode + max) / 3, PERT mean =
 *   (min + 4 mode + max) / 6, clamped to [min, max].
 */
import { pert, triangular } from '../../random/index.js';
import { lbeta } from '../../random/special.js';
import { fromFactory, type Family, type Params } from './family.js';
import type { Sample } from './sample.js';

const PERT_LAMBDA = 4;

function ends(s: Sample): { a: number; b: number } | undefined {
  const lo = s.sorted[0]!;
  const hi = s.sorted[s.n - 1]!;
  if (!(hi > lo) || s.n < 2) return undefined;
  const pad = (hi - lo) / (s.n - 1);
  return { a: lo >= 0 ? Math.max(0, lo - pad) : lo - pad, b: hi + pad };
}

const clamp = (x: number, a: number, b: number) => (x < a ? a : x > b ? b : x);

function rangeSpec(dist: 'triangular' | 'pert') {
  return ({ min, mode, max }: Params) => ({ dist, values: { min: min!, mode: mode!, max: max! } });
}

export const triangularFamily: Family = {
  name: 'triangular',
  needsPositive: false,
  parameterCount: 3,
  estimator: 'ends: extremes pushed out by range/(n − 1); mode from the mean, (min + mode + max)/3',
  fit: (s) => {
    const e = ends(s);
    return e && { min: e.a, mode: clamp(3 * s.mean - e.a - e.b, e.a, e.b), max: e.b };
  },
  logDensity: ({ min: a, mode: c, max: b }, x) => {
    if (!(x >= a! && x <= b!)) return -Infinity;
    if (x < c!) return Math.log((2 * (x - a!)) / ((b! - a!) * (c! - a!)));
    if (x > c!) return Math.log((2 * (b! - x)) / ((b! - a!) * (b! - c!)));
    return Math.log(2 / (b! - a!));
  },
  distribution: ({ min, mode, max }) => fromFactory(triangular({ min: min!, mode: mode!, max: max! })),
  spec: rangeSpec('triangular'),
};

export const pertFamily: Family = {
  name: 'pert',
  needsPositive: false,
  parameterCount: 3,
  estimator: 'ends as triangular; mode from the mean, (min + 4 mode + max)/6',
  fit: (s) => {
    const e = ends(s);
    return e && { min: e.a, mode: clamp(((PERT_LAMBDA + 2) * s.mean - e.a - e.b) / PERT_LAMBDA, e.a, e.b), max: e.b };
  },
  logDensity: ({ min: a, mode: c, max: b }, x) => {
    if (!(x >= a! && x <= b!)) return -Infinity;
    const w = b! - a!;
    const alpha = 1 + (PERT_LAMBDA * (c! - a!)) / w;
    const beta = 1 + (PERT_LAMBDA * (b! - c!)) / w;
    const left = alpha === 1 ? 0 : (alpha - 1) * Math.log(x - a!);
    const right = beta === 1 ? 0 : (beta - 1) * Math.log(b! - x);
    return left + right - lbeta(alpha, beta) - (alpha + beta - 1) * Math.log(w);
  },
  distribution: ({ min, mode, max }) => fromFactory(pert({ min: min!, mode: mode!, max: max! })),
  spec: rangeSpec('pert'),
};
