/** The Poisson law, inverted exactly from a CDF table with a guide table. */
import type { FullDistribution } from '../distribution.js';
import { fail, nonNegative } from '../errors.js';
import { formatNumber as f } from '../format.js';
import { regularizedGammaQ } from '../special.js';

interface PoissonTable {
  k0: number;
  cdf: Float64Array;
  guide: Int32Array;
}

function buildPoissonTable(mean: number): PoissonTable {
  if (mean === 0) return { k0: 0, cdf: Float64Array.of(1), guide: Int32Array.of(0) };
  // Relative weights recursed outward from the mode (no underflow for any mean).
  const mode = Math.floor(mean);
  const cut = 1e-18;
  const up: number[] = [];
  for (let k = mode, w = 1; w > cut; k++) {
    up.push(w);
    w *= mean / (k + 1);
  }
  const down: number[] = [];
  for (let k = mode, w = 1; k > 0; k--) {
    w *= k / mean;
    if (w <= cut) break;
    down.push(w);
  }
  const k0 = mode - down.length;
  const n = down.length + up.length;
  const weights = new Float64Array(n);
  for (let i = 0; i < down.length; i++) weights[down.length - 1 - i] = down[i];
  for (let i = 0; i < up.length; i++) weights[down.length + i] = up[i];
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += weights[i];
    cdf[i] = acc / total;
  }
  cdf[n - 1] = 1;
  const guide = new Int32Array(n);
  for (let j = 0, k = 0; j < n; j++) {
    const pj = j / n;
    while (cdf[k] <= pj) k++;
    guide[j] = k;
  }
  return { k0, cdf, guide };
}

/**
 * Poisson(mean). quantile: exact inversion of a CDF table built on first use
 * (recursed from the mode, so no underflow even for huge means; mass below
 * 1e-18 of the mode weight dropped), searched from a guide table: O(1) per draw.
 */
export function poisson(mean: number): FullDistribution {
  const D = 'poisson';
  const m = nonNegative(D, 'mean', mean);
  if (m > 1e9) fail(D, 'mean', `must be <= 1e9 (got ${f(m)}); use normal({ mean, sd: sqrt(mean) })`);
  let table: PoissonTable | undefined;
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    table ??= buildPoissonTable(m);
    const { cdf, guide } = table;
    const n = cdf.length;
    let j = Math.floor(p * n);
    if (j >= n) j = n - 1;
    let k = guide[j];
    while (k < n - 1 && cdf[k] <= p) k++;
    return table.k0 + k;
  };
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x < 0 ? 0 : Number.isNaN(x) ? NaN : m === 0 ? 1 : regularizedGammaQ(Math.floor(x) + 1, m)),
    mean: m,
    variance: m,
    min: 0,
    max: m === 0 ? 0 : Infinity,
    discrete: true,
    describe: () => `${D}(mean=${f(m)})`,
  };
}
