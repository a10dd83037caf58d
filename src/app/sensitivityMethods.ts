/**
 * The three methods of `orchsim sensitivity` (./sensitivity.ts): each builds its design, has its
 * points evaluated (Morris and Sobol also their noise points, on disjoint replications) and
 * adds its rows of sensitivity.csv, in its design's order.
 */
import { metricValues, morrisAnalyze, morrisDesign, noiseSet, sobolAnalyze, sobolDesign, tornadoAnalyze, tornadoDesign, type Metric } from '../analysis/index.js';
import type { SensitivityMethod } from '../model/index.js';
import type { DesignEvaluationRequest } from './designPoints.js';
import type { PathParameter } from './scenarioFunction.js';

/** What a method's rows are made from: the design's parameters and metrics, and how its points are evaluated. */
export interface MethodRun {
  parameters: readonly PathParameter[];
  metrics: Metric[];
  names: string[];
  seed: number | string;
  /** The replications every point runs. */
  set: { first: number; count: number };
  evaluate: (requests: DesignEvaluationRequest[]) => Promise<Float64Array[][]>;
  /** One row of sensitivity.csv. */
  add: (method: SensitivityMethod, parameter: string, metricName: string, statistic: string, value: number) => void;
  /** Morris's trajectories and levels, Sobol's base samples and noise points. */
  settings: { trajectories: number; levels: number; samples: number; sobolNoisePoints: number };
}

async function tornadoRows({ parameters, metrics, set, evaluate, add }: MethodRun): Promise<void> {
  // The base is the scenario's own value where it lies in the range (else the midpoint).
  const base = parameters.map((p) => (p.baseValue >= p.low && p.baseValue <= p.high ? p.baseValue : p.integer ? Math.floor((p.low + p.high) / 2) : (p.low + p.high) / 2));
  const design = tornadoDesign(parameters, base);
  const columns = await evaluate(design.points.map((point) => ({ point, ...set })));
  for (const m of tornadoAnalyze(design, metrics, columns))
    for (const bar of m.bars) {
      const stats: [string, number][] = [
        ['rank', bar.rank],
        ['low_setting', bar.lowSetting],
        ['high_setting', bar.highSetting],
        ['base', m.base.estimate],
        ['low', bar.low],
        ['high', bar.high],
        ['swing', bar.swing],
        ['swing_ci_low', bar.swingDelta.ciLow],
        ['swing_ci_high', bar.swingDelta.ciHigh],
      ];
      for (const [s, v] of stats) add('tornado', bar.parameter, m.metric, s, v);
    }
}

/**
 * The metric values of a design's points, and of its noise points again on the next (disjoint)
 * replications: what Morris and Sobol measure the replications' noise with.
 */
async function valuesWithNoise({ set, evaluate, metrics }: MethodRun, points: readonly ArrayLike<number>[], noisePoints: number[]) {
  const noise = noiseSet(set);
  const columns = await evaluate([...points.map((point) => ({ point, ...set })), ...noisePoints.map((i) => ({ point: points[i]!, ...noise }))]);
  const values = columns.map((c) => metricValues(metrics, c));
  return { values: values.slice(0, points.length), noise: { points: noisePoints, values: values.slice(points.length) } };
}

async function morrisRows(run: MethodRun): Promise<void> {
  const { settings, parameters, names, seed, add } = run;
  const design = morrisDesign(parameters, { trajectories: settings.trajectories, levels: settings.levels, seed });
  // The noise: every trajectory's start again.
  const noisePoints = Array.from({ length: design.trajectories }, (_, t) => t * (parameters.length + 1));
  const { values, noise } = await valuesWithNoise(run, design.points, noisePoints);
  for (const m of morrisAnalyze(design, names, values, noise, { seed })) {
    const ranked = [...m.effects].sort((x, y) => y.muStar - x.muStar);
    for (const e of m.effects) {
      const stats: [string, number][] = [
        ['rank', ranked.indexOf(e) + 1],
        ['mu', e.mu],
        ['mu_star', e.muStar],
        ['sigma', e.sigma],
        ['mu_star_ci_low', e.muStarCiLow],
        ['mu_star_ci_high', e.muStarCiHigh],
        ['noise_mu_star', m.noiseMuStar],
      ];
      for (const [s, v] of stats) add('morris', e.parameter, m.metric, s, v);
    }
  }
}

async function sobolRows(run: MethodRun): Promise<void> {
  const { settings, parameters, names, seed, add } = run;
  const design = sobolDesign(parameters, { baseSamples: settings.samples, seed });
  const noisePoints = Array.from({ length: Math.min(design.baseSamples, settings.sobolNoisePoints) }, (_, j) => j);
  const { values, noise } = await valuesWithNoise(run, design.points, noisePoints);
  for (const m of sobolAnalyze(design, names, values, noise, { seed })) {
    const ranked = [...m.indices].sort((x, y) => y.total - x.total);
    for (const i of m.indices) {
      const stats: [string, number][] = [
        ['rank', ranked.indexOf(i) + 1],
        ['s1', i.first],
        ['s1_ci_low', i.firstCiLow],
        ['s1_ci_high', i.firstCiHigh],
        ['st', i.total],
        ['st_ci_low', i.totalCiLow],
        ['st_ci_high', i.totalCiHigh],
        ['noise_share', m.noiseShare],
      ];
      for (const [s, v] of stats) add('sobol', i.parameter, m.metric, s, v);
    }
  }
}

/** Each method's rows of sensitivity.csv, in its design's order. */
export const METHOD_ROWS: Record<SensitivityMethod, (run: MethodRun) => Promise<void>> = { tornado: tornadoRows, morris: morrisRows, sobol: sobolRows };
