/** The constant law: one value, one uniform consumed per sample. */
import type { FullDistribution } from '../distribution.js';
import { finite } from '../errors.js';
import { formatNumber as f } from '../format.js';

/** Always `value`. `sample` still consumes one uniform, so swapping it in keeps streams aligned. */
export function constant(value: number): FullDistribution {
  const v = finite('constant', 'value', value);
  return {
    name: 'constant',
    sample: (source) => (source(), v),
    quantile: (p) => (p >= 0 && p <= 1 ? v : NaN),
    cdf: (x) => (x >= v ? 1 : 0),
    mean: v,
    variance: 0,
    min: v,
    max: v,
    discrete: true,
    describe: () => `constant(${f(v)})`,
  };
}
