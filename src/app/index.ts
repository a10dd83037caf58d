/**
 * The application: running an experiment (a run or a sweep, on worker threads), merging shards,
 * the declared list of output files both write, scenarios from files and presets, meta.json.
 * Imports the model, experiment and output layers; the CLI (../cli) is built on it.
 */
export {
  changesByDefault,
  CHANGES_CSV_DEFAULT_ROWS,
  expectedChangesPerReplication,
  planExperiment,
  runExperiment,
  type ExperimentOptions,
  type ExperimentResult,
} from './experiment.js';
export { capWorkers, checkRunFits, describeEstimate, estimateRun, freeDiskBytes, LONG_RUN_SECONDS, showBytes, showSeconds, type GuardInput, type RunEstimate } from './guards.js';
export { SHARD_ENV_VARIABLES, shardFromEnv } from './shardEnv.js';
export { mergeOutputs, type MergeOptions } from './merge.js';
export {
  chosenFiles,
  OUTPUT_FILES,
  OutputWriter,
  streamFiles,
  type CsvLayout,
  type OutputChoice,
  type OutputContent,
  type OutputFile,
  type StreamWrite,
  type TextWrite,
  type WrittenFiles,
} from './outputs.js';
export { canonicalJson, pointLabel, scenarioHash, type Meta, type PointMeta } from './meta.js';
export { describeJournaled, inspectJournal, journalPath, JOURNAL_FILE, type Checkpoint, type JournalKey, type JournalPlan } from './resume.js';
export { RunJournal } from './runJournal.js';
export { AUTO_PROBE_REPLICATIONS, AUTO_THREADS_EVENTS, planThreads, threadsPay, type ThreadPlan } from './threads.js';
export { baseScenario, compileOrUsage, findPreset, listPresets, loadScenario, loadScenarioSource, PRICE_TABLE_FILE, type PresetInfo } from './scenario.js';
export { packageRoot, presetsDir, version } from './paths.js';
