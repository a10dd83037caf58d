/**
 * Analysis: the numerical methods that turn a simulation into answers, on any function of
 * parameters and replication, knowing nothing of the orchsim model (issue 14). Imports the random
 * layer and ../experiment/stats.ts only.
 *
 * ## The function and its metrics (./evaluate, ./metrics, ./parameters)
 *
 *   type ReplicationFunction = (point: Float64Array, replication: number) => ArrayLike<number>
 *   interface Parameter { name; low; high; integer? }
 *   type MetricSpec = { name, mean: output } | { name, numerator: output, denominator: output }
 *   interface AnalysisModel { parameters; outputs: string[]; metrics?: MetricSpec[]; f }
 *
 * f returns one replication's outputs (in `outputs` order) at a point in natural units; it must
 * depend on (point, replication) only, so that replication r is the same luck at every point
 * (common random numbers). A point's evaluation is a metric over replications
 * firstReplication .. firstReplication + replications - 1: the mean of an output, or a ratio of
 * sums (cost per merged change = Σ total_usd / Σ merged), with 95% intervals from the metric's
 * linearisation (Student t; delta method for ratios): metricInterval, pairedDifference.
 *
 * ## Sensitivity (./tornado, ./morris, ./sobol)
 *
 * Each method has a design (the points to evaluate), an analysis (from the evaluations), and a
 * one-call form that evaluates a synchronous f itself; a caller with workers evaluates the
 * design's points its own way and calls the analysis:
 *
 *   tornado(model, { replications?, firstReplication?, base? }): TornadoMetric[]
 *     tornadoDesign(parameters, base?) -> points; tornadoAnalyze(design, metrics, columnsPerPoint)
 *   morris(model, { trajectories = 20, levels = 4, seed = 1, resamples = 1000, noiseTrajectories, ...replications }): MorrisMetric[]
 *     morrisDesign(parameters, options) -> points; morrisAnalyze(design, metricNames, valuesPerPoint, noise?, options)
 *   sobol(model, { baseSamples = 1000, seed = 1, resamples = 1000, noisePoints = 100, ...replications }): SobolMetric[]
 *     (Saltelli's scheme on a scrambled Sobol sequence, ./sobolSequence: sobolSequence(n, dimensions, { seed }))
 *     sobolDesign(parameters, options) -> points; sobolAnalyze(design, metricNames, valuesPerPoint, noise?, options)
 *
 * Replication noise: the tornado compares each end with the base by paired differences with
 * intervals; Morris and Sobol re-evaluate some design points on the next, disjoint replication
 * set and estimate the noise variance across points (./noise): Morris reports the mu* that noise
 * alone would give (noiseMuStar), Sobol reports noiseShare and corrects the indices for it (see
 * ./sobol for the formulas and their bounds). Noise that does not depend on the point cancels.
 *
 * ## Decisions (./breakEven, ./bestPoint, ./precision)
 *
 *   breakEven(differenceAt: (x) => Estimate, { low, high, tolerance?, maxProbes = 60, integer?, scan = 5 }): BreakEvenResult
 *     the x where a paired difference changes sign, with the x range where its band contains 0,
 *     or { found: false, sign } when it keeps one sign; every probe for a chart.
 *   bestPoint(valuesPerPoint, { alpha = 0.05, plateauShare = 0.05 }): BestPoint
 *     lowest mean, the points not distinguishable from it (paired t, Holm), the plateau.
 *   runUntilPrecise({ outputs, metrics?, batch(from, to), relativeHalfWidth, batchSize, maxReplications, ... }): Promise<PrecisionResult>
 *     deterministic batches until every metric's 95% half-width is within a share of |value|.
 *
 * ## How sure is a decision (./decision, ./prim)
 *
 * On outer draws of uncertain parameters, values[d][o] = option o's metric at draw d:
 *   probabilityBest(values, { higherIsBetter?, resamples?, seed? }): ProbabilityBest[]
 *   expectedLoss(values, options): Float64Array       the regret of each choice
 *   evpi(values, options): ValueEstimate              expected value of perfect information
 *   evppi(values, parameterValues, options): ValueEstimate   of one parameter (Strong et al. 2014 regression)
 *   prim(inputs, y, { peelAlpha, pasteAlpha, minMass, threshold, ... }): PrimResult   scenario discovery
 *
 * Everything seeded is reproducible from its seed: streams createStream(seed, 'morris' | 'sobol'
 * | 'bootstrap', ...).
 */
export { checkParameters, fromUnit, midpoint, pointFromUnit, toUnit, type Parameter } from './parameters.js';
export {
  influenceInterval,
  metricInfluence,
  metricInterval,
  metricValue,
  metricValues,
  pairedDifference,
  resolveMetrics,
  type Columns,
  type Estimate,
  type Metric,
  type MetricEstimate,
  type MetricSpec,
} from './metrics.js';
export {
  evaluateColumns,
  evaluateDesign,
  noiseSet,
  replicationSet,
  type AnalysisModel,
  type DesignEvaluation,
  type NoiseEvaluation,
  type ReplicationFunction,
  type ReplicationOptions,
  type ReplicationSet,
} from './evaluate.js';
export { noiseVariance } from './noise.js';
export { ANALYSIS_RESAMPLES, forEachResample, meanOf, percentileInterval, sampleVariance } from './sample.js';
export { tornado, tornadoAnalyze, tornadoDesign, type TornadoBar, type TornadoDesign, type TornadoMetric, type TornadoOptions } from './tornado.js';
export {
  morris,
  morrisAnalyze,
  morrisDesign,
  type MorrisAnalyzeOptions,
  type MorrisDesign,
  type MorrisDesignOptions,
  type MorrisEffect,
  type MorrisMetric,
  type MorrisOptions,
} from './morris.js';
export {
  sobol,
  sobolAnalyze,
  sobolDesign,
  type SobolAnalyzeOptions,
  type SobolDesign,
  type SobolDesignOptions,
  type SobolIndex,
  type SobolMetric,
  type SobolOptions,
} from './sobol.js';
export { sobolSequence, SOBOL_MAX_DIMENSIONS, type SobolSequenceOptions } from './sobolSequence.js';
export {
  DECISION_RESAMPLES,
  evpi,
  evppi,
  expectedLoss,
  probabilityBest,
  SMOOTHER_BASIS,
  type DecisionOptions,
  type ProbabilityBest,
  type ValueEstimate,
} from './decision.js';
export { prim, PRIM_DEFAULTS, type PrimBound, type PrimBox, type PrimOptions, type PrimResult } from './prim.js';
export { breakEven, type BreakEvenCrossing, type BreakEvenOptions, type BreakEvenResult, type NoBreakEven, type Probe } from './breakEven.js';
export { bestPoint, holmAdjust, pairedTTest, tTestPValue, type BestPoint, type BestPointOptions } from './bestPoint.js';
export { runUntilPrecise, type PrecisionOptions, type PrecisionResult, type PreciseMetric } from './precision.js';
