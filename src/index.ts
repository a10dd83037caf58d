/**
 * orchsim as a library: scenarios, replications in this thread, experiments on worker threads
 * that write the same files as the CLI, the analysis methods (sensitivity, break-even, best point,
 * precision, how sure a decision is), calibration from a team's data, and the errors a user's
 * input can raise. Named exports only: this list is the public surface (test/app/publicApi.test.ts
 * fails on an export added or removed by accident), and docs/api.md is generated from it and from
 * each export's doc comment (`npm run docs`). It loads no CLI code (test/app/imports.test.ts).
 *
 *   import { simulate, runExperiment, resolveScenario } from 'orchsim';
 */

// Errors by kind: a user's mistake is an InputError (the CLI's exit code 2), naming its field.
export {
  DistributionParameterError,
  InputError,
  InputFileError,
  ScenarioError,
  UsageError,
  type InputErrorKind,
  type ScenarioProblem,
} from './errors/index.js';

// Scenarios: resolve, validate, compile; the regimes, the metrics, the decision a scenario is about.
export {
  compileScenario,
  DEFAULT_SCENARIO,
  mergeScenario,
  METRICS,
  parseScenarioText,
  REGIMES,
  resolveDecision,
  resolveScenario,
  scenarioJsonSchema,
  validateScenario,
  type ChangeRecord,
  type CompiledModel,
  type Decision,
  type MetricDef,
  type Regime,
  type RunMetrics,
  type Scenario,
} from './model/index.js';

// Replications: in this thread, and the trace of one.
export { simulate, traceReplication, type ReplicationOutcome, type ScenarioInput, type SimulateOptions, type TraceRow } from './model/index.js';

// Grids, overrides and shards: what a sweep and a cluster job are made of.
export { applyOverrides, expandGrid, parseSet, parseShard, parseVary, shardRange, type GridPoint, type Override, type Shard, type SummaryRow, type Vary } from './experiment/index.js';

// Runs and sweeps: on worker threads, writing the CLI's files; merging shards; presets.
export { listPresets, loadScenario, mergeOutputs, runExperiment, type ExperimentOptions, type ExperimentResult, type MergeOptions, type Meta, type PresetInfo } from './app/index.js';

// Analysis: on any function of (parameters, replication), sensitivity, break-even, best point,
// precision, how sure a decision is and where it flips.
export {
  bestPoint,
  breakEven,
  evpi,
  evppi,
  expectedLoss,
  morris,
  prim,
  probabilityBest,
  runUntilPrecise,
  sobol,
  sobolSequence,
  tornado,
  type AnalysisModel,
  type BestPoint,
  type BestPointOptions,
  type BreakEvenOptions,
  type BreakEvenResult,
  type Columns,
  type DecisionOptions,
  type Estimate,
  type MetricSpec,
  type MorrisMetric,
  type MorrisOptions,
  type Parameter,
  type PrecisionOptions,
  type PrecisionResult,
  type PrimOptions,
  type PrimResult,
  type ProbabilityBest,
  type ReplicationFunction,
  type SobolMetric,
  type SobolOptions,
  type TornadoMetric,
  type TornadoOptions,
  type ValueEstimate,
} from './analysis/index.js';

// Calibration: from a team's session logs, usage reports and pull-request history.
export { calibrate, type CalibrateOptions, type Calibration } from './calibrate/calibrate.js';
