/**
 * orchsim as a library: the model (scenarios, compile, replications, traces), experiments
 * (grids, shards, summaries) and runExperiment, which runs a run or a sweep on worker threads and
 * writes the same files as the CLI. It loads no CLI code (test/app/imports.test.ts checks).
 *
 *   import { simulate, runExperiment, resolveScenario } from 'orchsim';
 */
export * from './model/index.js';
export {
  applyOverrides,
  describe,
  expandGrid,
  parseSet,
  parseShard,
  parseVary,
  probabilityLower,
  shardRange,
  summarize,
  summarizePoint,
  SUMMARY_METRICS,
  runColumns,
  changeColumns,
  UsageError,
  type Description,
  type GridPoint,
  type Override,
  type PointValues,
  type Shard,
  type SummaryRow,
  type Vary,
} from './experiment/index.js';
export { dataDictionary, renderReport, type ReportInput } from './output/index.js';
export {
  listPresets,
  loadScenario,
  mergeOutputs,
  runExperiment,
  type ExperimentOptions,
  type ExperimentResult,
  type MergeOptions,
  type Meta,
} from './app/index.js';
