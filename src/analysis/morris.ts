/**
 * Morris elementary effects (Morris 1991, with mu* of Campolongo, Cariboni & Saltelli 2007), for
 * screening many parameters at once with r (k + 1) evaluations.
 *
 * Design: r trajectories on a p-level grid of the unit hypercube (levels 0, 1/(p-1), ..., 1; p
 * even, default 4), step Δ = p / (2 (p - 1)) (2/3 for p = 4). A trajectory starts at a grid point
 * whose every coordinate is drawn uniformly among the p levels, then moves the parameters one at a
 * time in a random order, each by +Δ or, when that would leave [0, 1], by -Δ (so every point of
 * the design is uniform on the grid). Trajectories are drawn from createStream(seed, 'morris', t):
 * the same seed gives the same design. Points are scaled to each range by fromUnit.
 *
 * Effects: EE_i = (Y(x after the move of i) - Y(x before)) / (the move of x_i as a share of its
 * range), so an effect is the metric's change per full range of the parameter (for an integer
 * parameter the share is its actual, rounded move). Per parameter and metric over the r effects:
 * mu (mean), mu* (mean of |EE|), sigma (sample sd), and a bootstrap 95% percentile interval on mu*
 * resampling whole trajectories (createStream(seed, 'bootstrap', 'morris'); every parameter and
 * metric sees the same resamples).
 *
 * Noise: the starting points of the trajectories are evaluated again on the next, disjoint
 * replication set and ./noise.ts gives the noise variance σ² of an evaluation across points. If
 * the noise of two points is uncorrelated, an effect carries noise of sd √(2σ²) / Δ and a
 * parameter with no effect at all shows mu* ≈ `noiseMuStar` = √(2/π) √(2σ²) / Δ (the mean of a
 * |normal|); under common random numbers neighbouring points' noise correlates positively, so it
 * is an upper bound. A mu* whose interval reaches below noiseMuStar is not distinguishable from
 * replication noise. Noise that does not depend on the point cancels exactly (σ² = 0).
 */
import { createStream } from '../random/index.js';
import { checkParameters, fromUnit, type Parameter } from './parameters.js';
import { evaluateDesign, replicationSet, type AnalysisModel, type NoiseEvaluation, type ReplicationOptions } from './evaluate.js';
import { noiseVariance } from './noise.js';
import { ANALYSIS_RESAMPLES, forEachResample, meanOf, percentileInterval, sampleVariance } from './sample.js';

/** The trajectories: trajectory t is `points[t (k+1)] .. points[t (k+1) + k]`. */
export interface MorrisDesign {
  parameters: readonly Parameter[];
  trajectories: number;
  levels: number;
  delta: number;
  points: Float64Array[];
  /** Step s of trajectory t (index t k + s) moves parameter `moved[t k + s]` ... */
  moved: Int32Array;
  /** ... by `unitMove[t k + s]` (signed, as a share of its range). */
  unitMove: Float64Array;
}

/** Design options: trajectories r (default 20), levels p (even, default 4), seed (default 1). */
export interface MorrisDesignOptions {
  trajectories?: number;
  levels?: number;
  seed?: number | string;
}

/** The r trajectories of a Morris design (see the module comment). */
export function morrisDesign(parameters: readonly Parameter[], options: MorrisDesignOptions = {}): MorrisDesign {
  checkParameters(parameters, 'morris');
  for (const p of parameters) if (!(p.low < p.high)) throw new RangeError(`morris: parameter '${p.name}' needs low < high`);
  const r = options.trajectories ?? 20;
  const levels = options.levels ?? 4;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(r) || r < 2) throw new RangeError(`morris: trajectories must be a whole number >= 2 (got ${r})`);
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) throw new RangeError(`morris: levels must be an even whole number >= 2 (got ${levels})`);
  const k = parameters.length;
  const half = levels / 2;
  const delta = half / (levels - 1);
  const points: Float64Array[] = [];
  const moved = new Int32Array(r * k);
  const unitMove = new Float64Array(r * k);
  for (let t = 0; t < r; t++) {
    const u = createStream(seed, 'morris', t);
    const level = new Int32Array(k);
    for (let i = 0; i < k; i++) level[i] = Math.floor(u() * levels);
    const order = Int32Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const unit = Float64Array.from(level, (l) => l / (levels - 1));
    let point = Float64Array.from(parameters, (p, i) => fromUnit(p, unit[i]!));
    points.push(point);
    for (let s = 0; s < k; s++) {
      const i = order[s]!;
      const p = parameters[i]!;
      unit[i] = (level[i]! < half ? level[i]! + half : level[i]! - half) / (levels - 1);
      const next = Float64Array.from(point);
      next[i] = fromUnit(p, unit[i]!);
      moved[t * k + s] = i;
      unitMove[t * k + s] = (next[i]! - point[i]!) / (p.high - p.low);
      points.push(next);
      point = next;
    }
  }
  return { parameters, trajectories: r, levels, delta, points, moved, unitMove };
}

/** One parameter's elementary-effect statistics for one metric. */
export interface MorrisEffect {
  parameter: string;
  mu: number;
  muStar: number;
  sigma: number;
  muStarCiLow: number;
  muStarCiHigh: number;
}

/** A metric's Morris screening: noise figures and one entry per parameter (parameter order). */
export interface MorrisMetric {
  metric: string;
  noiseVariance: number;
  /** The mu* replication noise alone would give a parameter without effect (see the module comment). */
  noiseMuStar: number;
  effects: MorrisEffect[];
}

/** Analysis options: bootstrap seed (default 1) and resamples (default 1000). */
export interface MorrisAnalyzeOptions {
  seed?: number | string;
  resamples?: number;
}

/**
 * Morris statistics from `values[p][m]`, metric m at design point p, named `metricNames`; `noise`
 * the re-evaluations of some points on an independent replication set (omit it: noise NaN).
 */
export function morrisAnalyze(
  design: MorrisDesign,
  metricNames: readonly string[],
  values: readonly ArrayLike<number>[],
  noise: NoiseEvaluation = { points: [], values: [] },
  options: MorrisAnalyzeOptions = {},
): MorrisMetric[] {
  const { parameters, trajectories: r } = design;
  const k = parameters.length;
  if (values.length !== design.points.length) throw new RangeError(`morris: ${values.length} evaluations for ${design.points.length} points`);
  const noiseVar = noiseVariance(values, noise, metricNames.length);
  return metricNames.map((metric, m) => {
    // effects[i][t]: parameter i's elementary effect on trajectory t.
    const effects = parameters.map(() => new Float64Array(r));
    for (let t = 0; t < r; t++) {
      for (let s = 0; s < k; s++) {
        const before = values[t * (k + 1) + s]![m]!;
        const after = values[t * (k + 1) + s + 1]![m]!;
        effects[design.moved[t * k + s]!]![t] = (after - before) / design.unitMove[t * k + s]!;
      }
    }
    const absolute = effects.map((e) => e.map(Math.abs));
    const draws = parameters.map(() => new Float64Array(options.resamples ?? ANALYSIS_RESAMPLES));
    forEachResample(r, draws[0]!.length, options.seed ?? 1, ['morris'], (picks, b) => {
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j < r; j++) s += absolute[i]![picks[j]!]!;
        draws[i]![b] = s / r;
      }
    });
    return {
      metric,
      noiseVariance: noiseVar[m]!,
      noiseMuStar: (Math.sqrt(2 / Math.PI) * Math.sqrt(2 * noiseVar[m]!)) / design.delta,
      effects: parameters.map((p, i): MorrisEffect => {
        const ci = percentileInterval(draws[i]!);
        return {
          parameter: p.name,
          mu: meanOf(effects[i]!),
          muStar: meanOf(absolute[i]!),
          sigma: Math.sqrt(sampleVariance(effects[i]!)),
          muStarCiLow: ci.ciLow,
          muStarCiHigh: ci.ciHigh,
        };
      }),
    };
  });
}

/** Options of {@link morris}: design, analysis, replications; `noiseTrajectories` (default all r) start points re-evaluated for the noise (0: none). */
export interface MorrisOptions extends MorrisDesignOptions, ReplicationOptions {
  resamples?: number;
  noiseTrajectories?: number;
}

/**
 * Morris screening of `model`: designs, evaluates on common random numbers, analyses.
 *
 * @example
 * ```ts
 * import { morris } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const model = {
 *   parameters: [{ name: 'speed', low: 1, high: 3 }, { name: 'price', low: 10, high: 20 }],
 *   outputs: ['cost'],
 *   // One replication's outputs at a point: depends on (point, replication) only.
 *   f: (point, replication) => [point[1] / point[0] + 0.1 * Math.sin(replication)],
 * };
 * const [cost] = morris(model, { trajectories: 10, replications: 5, resamples: 100 });
 * const speed = cost.effects.find((e) => e.parameter === 'speed');
 * assert.ok(speed.muStar > 0);
 * ```
 */
export function morris(model: AnalysisModel, options: MorrisOptions = {}): MorrisMetric[] {
  const design = morrisDesign(model.parameters, options);
  const set = replicationSet(options, 'morris');
  const k = model.parameters.length;
  const noiseCount = Math.min(design.trajectories, options.noiseTrajectories ?? design.trajectories);
  const noisePoints = Array.from({ length: noiseCount }, (_, t) => t * (k + 1));
  const evaluation = evaluateDesign(model, design.points, noisePoints, set);
  return morrisAnalyze(design, evaluation.metrics.map((m) => m.name), evaluation.values, evaluation.noise, { seed: options.seed, resamples: options.resamples });
}
