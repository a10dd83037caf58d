export { resolveScenario, parseScenarioText, validateScenario, mergeScenario } from './scenario/resolve.js';
export { DEFAULT_SCENARIO, DEFAULT_PRICES } from './scenario/defaults.js';
export { readYaml } from './scenario/yamlText.js';
export { FIELD_DOCS, GROUP_DOCS, type FieldDoc } from './scenario/fieldDocs.js';
export { defaultText, docFor, mapKeys, scenarioJsonSchema } from './scenario/describeField.js';
export { leafPaths, matchesPattern } from './scenario/fieldPaths.js';
export { scenarioSchema, SENSITIVITY_METHODS, type Scenario, type SensitivityMethod, type SensitivitySettings } from './scenario/schema.js';
export {
  AGENT_BASELINE,
  BASELINES,
  PEOPLE_BASELINE,
  REGIME_LIST,
  REGIMES,
  fansOut,
  regimeLabel,
  regimeSettingNotes,
  SWEEP_AXIS_PATHS,
  regimeNamed,
  regimeReads,
  verdictSubject,
  type Author,
  type Regime,
  type RegimeDefinition,
} from './regimes/index.js';
export * from './metrics.js';
export {
  calibrationSchema,
  changeColumn,
  OBSERVED_KEYS,
  OBSERVED_QUANTILE_LEVELS,
  OBSERVED_QUANTITIES,
  OBSERVED_SAMPLE_MAX,
  observedOf,
  observedQuantity,
  type CalibrationConfig,
  type ObservedQuantity,
  type ObservedValues,
} from './observed.js';
export { compileScenario, TOKEN_CLASSES, type CompiledModel, type TokenClass } from './compile.js';
export { drawChange, ChangeSpec } from './change.js';
export { ChangeRecord, RunMetrics, type TraceRow, type Tracer } from './record.js';
export { replicationTotals, type WorldStats } from './totals.js';
export { anyOf, attemptWrongProbability, buildUsdPerOutcome, reviewWorkHours, timeHorizonWrongProbability } from './formulas.js';
export { HOURS_PER_MONTH, horizonHoursOf, outcomesPerMonth } from './compile.js';
export { checkReplicationVolume, closedLoopChangesBound, REVIEW_SERIES_BINS } from './world.js';
export { Replicator, simulate, traceReplication, type ReplicationOutcome, type SimulateOptions, type ScenarioInput } from './simulate.js';
export { agentCall, CallOutcome, type CallPace, type CallShape } from './agentCall.js';
export { invariantRegimes, RegimeRunCache, regimeReuseKey, REUSE_MAX_RECORDS, sharedReuseKeys, type RegimeRun } from './reuse.js';
export { DECISION_BASELINES, DECISION_METRIC_KEYS, decisionMetric, defaultDecisionMetrics, higherIsBetter, resolveDecision, type Decision, type DecisionConfig } from './decision.js';
