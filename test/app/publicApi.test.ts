/**
 * The library's public surface (src/index.ts) is a deliberate list: an export added or removed by
 * accident fails here (and docs/api.md, generated from it, would change). Internals such as the
 * reuse cache, the call outcome scratch object and the summary's plumbing stay out.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as orchsim from '../../src/index.js';

const RUNTIME_NAMES = [
  // errors
  'DistributionParameterError', 'InputError', 'InputFileError', 'ScenarioError', 'UsageError',
  // scenarios
  'compileScenario', 'DEFAULT_SCENARIO', 'mergeScenario', 'METRICS', 'parseScenarioText', 'REGIMES', 'resolveDecision', 'resolveScenario', 'scenarioJsonSchema', 'validateScenario',
  // replications
  'simulate', 'traceReplication',
  // experiments
  'applyOverrides', 'expandGrid', 'parseSet', 'parseShard', 'parseVary', 'shardRange',
  'listPresets', 'loadScenario', 'mergeOutputs', 'runExperiment',
  // analysis
  'bestPoint', 'breakEven', 'evpi', 'evppi', 'expectedLoss', 'morris', 'prim', 'probabilityBest', 'runUntilPrecise', 'sobol', 'sobolSequence', 'tornado',
  // calibration
  'calibrate',
];

const TYPE_NAMES = [
  'InputErrorKind', 'ScenarioProblem',
  'ChangeRecord', 'CompiledModel', 'Decision', 'MetricDef', 'Regime', 'RunMetrics', 'Scenario',
  'ReplicationOutcome', 'ScenarioInput', 'SimulateOptions', 'TraceRow',
  'GridPoint', 'Override', 'Shard', 'SummaryRow', 'Vary',
  'ExperimentOptions', 'ExperimentResult', 'MergeOptions', 'Meta', 'PresetInfo',
  'AnalysisModel', 'BestPoint', 'BestPointOptions', 'BreakEvenOptions', 'BreakEvenResult', 'Columns', 'DecisionOptions', 'Estimate', 'MetricSpec',
  'MorrisMetric', 'MorrisOptions', 'Parameter', 'PrecisionOptions', 'PrecisionResult', 'PrimOptions', 'PrimResult', 'ProbabilityBest', 'ReplicationFunction',
  'SobolMetric', 'SobolOptions', 'TornadoMetric', 'TornadoOptions', 'ValueEstimate',
  'CalibrateOptions', 'Calibration',
];

const byName = (a: string, b: string) => a.localeCompare(b);

describe('the public API', () => {
  it('exports exactly the listed values', () => {
    expect(Object.keys(orchsim).sort(byName)).toEqual([...RUNTIME_NAMES].sort(byName));
  });

  it('exports exactly the listed types, by name only (no export *)', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../src/index.ts'), 'utf8');
    expect(text).not.toMatch(/export \*/);
    const types = [...text.matchAll(/\btype (\w+)/g)].map((m) => m[1]!);
    expect(types.sort(byName)).toEqual([...TYPE_NAMES].sort(byName));
  });

  it('hides the internals the old export * exposed', () => {
    for (const name of ['RegimeRunCache', 'REUSE_MAX_RECORDS', 'CallOutcome', 'agentCall', 'Replicator', 'summarize', 'BootstrapMemo']) expect(orchsim).not.toHaveProperty(name);
  });
});
