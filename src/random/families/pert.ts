/** The beta-PERT law on [min, max]; quantile from a tabulated inverse CDF. */
import { clampP, type FullDistribution } from '../distribution.js';
import { fail, nonNegative } from '../errors.js';
import { formatNumber as f } from '../format.js';
import { stdGammaSampler } from '../gammaSampler.js';
import { betaTable, type HermiteTable } from '../inverseTable.js';
import { inverseNormalCdf, regularizedBeta } from '../special.js';
import { checkRange, type RangeParams } from './triangular.js';

export interface PertParams extends RangeParams {
  /** Weight of the mode (default 4, the classic PERT). */
  lambda?: number;
}

/**
 * Beta-PERT on [min, max]: Beta(α, β) with α = 1 + λ (mode − min)/(max − min),
 * β = 1 + λ (max − mode)/(max − min); mean = (min + λ·mode + max)/(λ + 2).
 * quantile: tabulated inverse CDF (see ../distribution.ts), cached per (α, β);
 * sample: ratio of exact gamma draws.
 */
export function pert(params: PertParams): FullDistribution {
  const D = 'pert';
  const { a, c, b } = checkRange(D, params);
  const lambda = params.lambda === undefined ? 4 : nonNegative(D, 'lambda', params.lambda);
  if (lambda > 1e4) fail(D, 'lambda', `must be <= 10000 (got ${f(lambda)})`);
  const w = b - a;
  const al = 1 + (lambda * (c - a)) / w;
  const be = 1 + (lambda * (b - c)) / w;
  const mean = (a + lambda * c + b) / (lambda + 2);
  const variance = ((mean - a) * (b - mean)) / (lambda + 3);
  let table: HermiteTable | undefined;
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p === 0) return a;
    if (p === 1) return b;
    table ??= betaTable(al, be);
    const y = table.at(inverseNormalCdf(clampP(p)));
    const x = a + w / (1 + Math.exp(-y));
    return x > b ? b : x;
  };
  const ga = stdGammaSampler(al);
  const gb = stdGammaSampler(be);
  return {
    name: D,
    sample: (source) => {
      const x = ga(source);
      const y = gb(source);
      return a + (w * x) / (x + y);
    },
    quantile,
    cdf: (x) => regularizedBeta((x - a) / w, al, be),
    mean,
    variance,
    min: a,
    max: b,
    discrete: false,
    describe: () =>
      `${D}(min=${f(a)}, mode=${f(c)}, max=${f(b)}${params.lambda === undefined ? '' : `, lambda=${f(lambda)}`})`,
  };
}
