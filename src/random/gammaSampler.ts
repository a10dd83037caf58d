/** The exact standard-gamma sampler shared by gamma (directly) and beta-PERT (as a ratio). */
import type { Uniform } from './streams.js';
import { inverseNormalCdf } from './special.js';

/**
 * A standard gamma(shape) sampler (Marsaglia & Tsang 2000, normals by inversion;
 * shape < 1 boosted by U^(1/shape)). Exact; consumes a variable number of uniforms.
 */
export function stdGammaSampler(shape: number): (source: Uniform) => number {
  const boost = shape < 1;
  const a = boost ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  return (source) => {
    let g: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = inverseNormalCdf(source());
        v = 1 + c * x;
      } while (!(v > 0));
      v = v * v * v;
      const u = source();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    return boost ? g * Math.pow(source(), invShape) : g;
  };
}
