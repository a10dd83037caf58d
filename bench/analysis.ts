/**
 * Analysis benchmark: the sensitivity methods' own cost on known functions (the function costs
 * next to nothing, so this is the design, evaluation plumbing, estimators and bootstrap):
 * Sobol indices on Ishigami at N = 10,000 (50,000 evaluations, 1,000 bootstrap resamples) and
 * Morris on the 8-parameter G function with r = 20. Each figure is the median of timed repeats.
 */
import { morris, sobol, type AnalysisModel } from '../src/analysis/index.js';
import { timeMedian } from './kernel.js';

const A_G = [0, 1, 4.5, 9, 99, 99, 99, 99];

function ishigami(x: Float64Array): number {
  return Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);
}

function sobolG(x: Float64Array): number {
  let g = 1;
  for (let i = 0; i < A_G.length; i++) g *= (Math.abs(4 * x[i]! - 2) + A_G[i]!) / (1 + A_G[i]!);
  return g;
}

export async function runAnalysisBench(): Promise<Record<string, number>> {
  const ishigamiModel: AnalysisModel = {
    parameters: ['x1', 'x2', 'x3'].map((name) => ({ name, low: -Math.PI, high: Math.PI })),
    outputs: ['y'],
    f: (x) => [ishigami(x)],
  };
  const gModel: AnalysisModel = {
    parameters: A_G.map((_, i) => ({ name: `x${i + 1}`, low: 0, high: 1 })),
    outputs: ['g'],
    f: (x) => [sobolG(x)],
  };
  const sobolRun = timeMedian((r) => sobol(ishigamiModel, { baseSamples: 10_000, seed: r + 2 }));
  const morrisRun = timeMedian((r) => morris(gModel, { trajectories: 20, seed: r + 2 }));
  const s = sobolRun.result[0]!.indices;
  const m = morrisRun.result[0]!.effects;
  console.log(`analysis bench (node ${process.version}, one thread)`);
  console.log(
    `  sobol, Ishigami, N = 10,000 (50,000 evaluations, 1,000 resamples): ${(sobolRun.seconds * 1000).toFixed(0)} ms; ` +
      `S1 = ${s.map((i) => i.first.toFixed(3)).join(', ')}, ST = ${s.map((i) => i.total.toFixed(3)).join(', ')}`,
  );
  console.log(
    `  morris, G function (8 parameters), r = 20 (180 evaluations, 1,000 resamples): ${(morrisRun.seconds * 1000).toFixed(1)} ms; ` +
      `mu* = ${m.map((e) => e.muStar.toFixed(3)).join(', ')}`,
  );
  return { sobolIshigami10kMs: sobolRun.seconds * 1000, morrisG20Ms: morrisRun.seconds * 1000 };
}
