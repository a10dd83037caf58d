/**
 * Random-module benchmark: draws per second of the hot-path operations.
 *
 * - alea raw: the generator alone (the floor every other figure sits on);
 * - lognormal.sample(source): one uniform + AS 241 inverse normal + exp;
 * - X.quantile(u): inversion from a pre-drawn table of uniforms, as the model
 *   does it — normal and lognormal (AS 241), gamma and PERT (tabulated inverse
 *   CDF), poisson (guide table);
 * - stream creation (per (replication, change, purpose), not per draw).
 *
 * Each figure is the median of REPEATS timed runs after one untimed warm-up.
 * The sink accumulates results so V8 cannot drop the work.
 */
import { performance } from 'node:perf_hooks';
import { createStream, fillUniforms, gamma, lognormal, normal, pert, poisson, type Distribution } from '../src/random/index.js';

const REPEATS = 5;
const DRAWS = 2_000_000;
const STREAMS = 200_000;

let sink = 0;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median operations per second of `body` (which performs `ops` operations). */
function rate(ops: number, body: () => number): number {
  sink += body();
  const seconds: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    sink += body();
    seconds.push((performance.now() - t0) / 1000);
  }
  return ops / median(seconds);
}

function quantileRate(dist: Distribution, uniforms: Float64Array): number {
  return rate(uniforms.length, () => {
    let s = 0;
    for (let i = 0; i < uniforms.length; i++) s += dist.quantile(uniforms[i]);
    return s;
  });
}

export async function runRandomBench(): Promise<Record<string, number>> {
  const source = createStream(1, 'bench', 'uniforms');
  const uniforms = fillUniforms(source, new Float64Array(DRAWS));
  const logn = lognormal({ median: 40_000, p90: 150_000 });
  const norm = normal({ mean: 10, sd: 3 });
  const gam = gamma({ shape: 2.5, scale: 4 });
  const prt = pert({ min: 1, mode: 3, max: 10 });
  const poi = poisson(12);
  const poiLarge = poisson(40_000);
  // Build lazy tables outside the timed loops.
  for (const d of [gam, prt, poi, poiLarge]) sink += d.quantile(0.5);

  const results: Record<string, number> = {
    aleaRaw: rate(DRAWS, () => {
      let s = 0;
      for (let i = 0; i < DRAWS; i++) s += source();
      return s;
    }),
    lognormalSample: rate(DRAWS, () => {
      let s = 0;
      for (let i = 0; i < DRAWS; i++) s += logn.sample(source);
      return s;
    }),
    lognormalQuantile: quantileRate(logn, uniforms),
    normalQuantile: quantileRate(norm, uniforms),
    gammaQuantile: quantileRate(gam, uniforms),
    gammaSample: rate(DRAWS, () => {
      let s = 0;
      for (let i = 0; i < DRAWS; i++) s += gam.sample(source);
      return s;
    }),
    pertQuantile: quantileRate(prt, uniforms),
    poissonQuantile: quantileRate(poi, uniforms),
    poissonLargeQuantile: quantileRate(poiLarge, uniforms),
    createStream: rate(STREAMS, () => {
      let s = 0;
      for (let i = 0; i < STREAMS; i++) s += createStream(1, 'rep', i, 'tokens')();
      return s;
    }),
  };
  for (const [name, perSecond] of Object.entries(results)) {
    const unit = name === 'createStream' ? 'streams/s' : 'draws/s';
    console.log(`${name.padEnd(22)} ${(perSecond / 1e6).toFixed(2).padStart(8)} M ${unit}  (${(1e9 / perSecond).toFixed(1)} ns each)`);
  }
  if (sink === 42) console.log('');
  return results;
}
