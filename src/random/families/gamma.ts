/** The gamma law, by { shape, scale } or { mean, sd }; quantile from a tabulated inverse CDF. */
import { clampP, type FullDistribution } from '../distribution.js';
import { fail, pickParametrization, positive } from '../errors.js';
import { formatNumber as f } from '../format.js';
import { stdGammaSampler } from '../gammaSampler.js';
import { gammaTable, type HermiteTable } from '../inverseTable.js';
import { inverseNormalCdf, regularizedGammaP } from '../special.js';

export type GammaParams = { shape: number; scale: number } | { mean: number; sd: number };

/**
 * Gamma by `{ shape, scale }` or `{ mean, sd }` (shape = (mean/sd)², scale = sd²/mean).
 * quantile: tabulated inverse CDF (see ../distribution.ts), built on first use and
 * cached per shape; sample: Marsaglia–Tsang (exact).
 */
export function gamma(params: GammaParams): FullDistribution {
  const D = 'gamma';
  const which = pickParametrization(D, params, [
    ['shape', 'scale'],
    ['mean', 'sd'],
  ]);
  const raw = params as Record<string, unknown>;
  let shape: number;
  let scale: number;
  let label: string;
  if (which === 0) {
    shape = positive(D, 'shape', raw.shape);
    scale = positive(D, 'scale', raw.scale);
    label = `shape=${f(shape)}, scale=${f(scale)}`;
  } else {
    const m = positive(D, 'mean', raw.mean);
    const s = positive(D, 'sd', raw.sd, '; for a fixed value use constant');
    shape = (m / s) * (m / s);
    scale = (s * s) / m;
    label = `mean=${f(m)}, sd=${f(s)}`;
  }
  if (shape < 1e-3 || shape > 1e7) {
    fail(D, which === 0 ? 'shape' : 'sd', `gives shape ${f(shape)}, outside the supported [0.001, 1e7]`);
  }
  let table: HermiteTable | undefined;
  const quantile = (p: number) => {
    if (p === 0) return 0;
    const q = clampP(p);
    if (q !== q) return NaN;
    table ??= gammaTable(shape);
    return scale * Math.exp(table.at(inverseNormalCdf(q)));
  };
  const std = stdGammaSampler(shape);
  return {
    name: D,
    sample: (source) => scale * std(source),
    quantile,
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : regularizedGammaP(shape, x / scale)),
    mean: shape * scale,
    variance: shape * scale * scale,
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => `${D}(${label})`,
  };
}
