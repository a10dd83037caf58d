/** The triangular law on [min, max] with its peak at mode, and the range check it shares with PERT. */
import type { FullDistribution } from '../distribution.js';
import { fail, finite, isObject, show } from '../errors.js';
import { formatNumber as f } from '../format.js';

export interface RangeParams {
  min: number;
  mode: number;
  max: number;
}

/** Checks { min, mode, max }: finite, min < max, min <= mode <= max. */
export function checkRange(D: string, params: unknown): { a: number; c: number; b: number } {
  if (!isObject(params)) fail(D, '', `expected { min, mode, max } (got ${show(params)})`);
  const a = finite(D, 'min', params.min);
  const c = finite(D, 'mode', params.mode);
  const b = finite(D, 'max', params.max);
  if (!(b > a)) fail(D, 'max', `must be greater than min (got ${f(b)} <= ${f(a)}); use constant for a fixed value`);
  if (c < a) fail(D, 'mode', `must be >= min (got ${f(c)} < ${f(a)})`);
  if (c > b) fail(D, 'mode', `must be <= max (got ${f(c)} > ${f(b)})`);
  return { a, c, b };
}

/** Triangular on [min, max] with peak at mode; closed-form quantile. */
export function triangular(params: RangeParams): FullDistribution {
  const D = 'triangular';
  const { a, c, b } = checkRange(D, params);
  const w = b - a;
  const fc = (c - a) / w;
  const kl = w * (c - a);
  const ku = w * (b - c);
  const wl = c - a;
  const wu = b - c;
  // Upper branch written as a + w((c − a) + p(b − c)) / (w + sqrt((1 − p) w (b − c))),
  // which equals b − sqrt((1 − p) w (b − c)) without its cancellation near min
  // (mode = min). Each branch is clamped to its side of the mode so rounding
  // cannot make the quantile step back where the branches meet.
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p < fc) {
      const x = a + Math.sqrt(p * kl);
      return x < c ? x : c;
    }
    const x = a + (w * (wl + p * wu)) / (w + Math.sqrt((1 - p) * ku));
    return x < c ? c : x > b ? b : x;
  };
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => {
      if (Number.isNaN(x)) return NaN;
      if (x <= a) return 0;
      if (x >= b) return 1;
      if (x <= c) return ((x - a) * (x - a)) / kl;
      const upperTail = ((b - x) * (b - x)) / ku;
      if (upperTail <= 0.5) return 1 - upperTail;
      // Below the median with mode near min: 1 − (b − x)²/ku without cancellation (u = x − mode).
      const u = x - c;
      return (wu * wl + u * (2 * wu - u)) / ku;
    },
    mean: (a + b + c) / 3,
    variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18,
    min: a,
    max: b,
    discrete: false,
    describe: () => `${D}(min=${f(a)}, mode=${f(c)}, max=${f(b)})`,
  };
}
