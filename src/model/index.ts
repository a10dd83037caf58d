export { resolveScenario, parseScenarioText, validateScenario, mergeScenario, ScenarioError } from './scenario/resolve.js';
export { DEFAULT_SCENARIO, DEFAULT_PRICES } from './scenario/defaults.js';
export { scenarioSchema, REGIMES, type Scenario, type Regime } from './scenario/schema.js';
export { compileScenario, TOKEN_CLASSES, type CompiledModel, type TokenClass } from './compile.js';
export { drawChange, ChangeSpec } from './change.js';
export { ChangeRecord, type TraceRow, type Tracer } from './record.js';
export { Replicator, simulate, traceReplication, type RunMetrics, type ReplicationOutcome, type SimulateOptions, type ScenarioInput } from './simulate.js';
export { agentCall, CallOutcome, type CallShape } from './agentCall.js';
