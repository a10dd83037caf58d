/**
 * Experiments: scenarios with --set overrides, sweep grids, shards and tasks, worker pools, and
 * the statistics of summary.csv. Imports the model and random layers only.
 */
export { applyOverrides, checkPath, parseSet, parseValue, pathToColumn, pathToObject, splitAssignment, type Override } from './overrides.js';
export { expandGrid, MAX_POINTS, MAX_VALUES, parseVary, pointScenario, showValue, splitTopLevel, type GridPoint, type Vary } from './grid.js';
export { guidedTasks, parseShard, shardRange, splitTasks, taskSize, unitSegments, type Segment, type Shard } from './shard.js';
export {
  ABANDON_REASON,
  BASELINES,
  changeColumns,
  PAIRED_METRICS,
  roundTo,
  RUN_KEY_COLUMNS,
  runColumns,
  SUMMARY_METRICS,
  KEPT_METRICS,
  type ColumnDef,
  type SummaryMetric,
} from './columns.js';
export { describe, describeSorted, finite, probabilityLower, shareBothPresent, QUANTILES, quantileOf, sortedFinite, tQuantile975, type Description } from './stats.js';
export { BOOTSTRAP_MAX_BLOCKS, BOOTSTRAP_RESAMPLES, BootstrapMemo, bootstrapSums, type BootstrapOptions } from './bootstrap.js';
export {
  allocatePointValues,
  describeJob,
  KEPT_INDEX,
  METRIC_INDEX,
  planPointSummary,
  summarize,
  summarizePoint,
  type DescribeJob,
  type PointSummaryPlan,
  type PointValues,
  type Statistic,
  type SummaryOptions,
  type SummaryRow,
} from './summary.js';
export { PointReplicators, runExperimentTask, runTask, taskPhase, type ExperimentTask, type ReplicationSink } from './chunk.js';
export { prestartWorkers, runPool, type PoolOptions, type WorkerErrorPayload } from './pool.js';
export { DescribeMemo, sameColumn } from './sharedJobs.js';
