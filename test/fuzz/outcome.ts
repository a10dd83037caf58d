/**
 * One fuzzed input, tried the way a user's would be: read (YAML text or an object), resolved,
 * compiled and run for a few replications in-process, with a cap on kernel events so that no case
 * can run away. Its outcome is accepted, refused cleanly (a ScenarioError, DistributionParameterError
 * or UsageError whose message names the field), or a crash (anything else, or a refusal that names
 * nothing). Prototypes are compared before and after.
 */
import { DistributionParameterError, ScenarioError, UsageError } from '../../src/errors/index.js';
import { checkReplicationVolume, compileScenario, DEFAULT_SCENARIO, parseScenarioText, Replicator, resolveScenario } from '../../src/model/index.js';
import { applyOverrides, expandGrid, parseSet, parseVary } from '../../src/experiment/index.js';

/** What a fuzz case hands to the tool. */
export type FuzzInput =
  | { kind: 'object'; value: unknown }
  | { kind: 'text'; value: string }
  | { kind: 'set'; value: string[] }
  | { kind: 'vary'; value: string[] };

export type Outcome = { status: 'accepted' } | { status: 'refused'; field: string; message: string } | { status: 'crashed'; error: unknown };

/** Kernel events one replication of one regime may process in a fuzz case (the default is 50,000,000). */
export const FUZZ_MAX_EVENTS = 100_000;
/** Replications run for each accepted case. */
export const FUZZ_REPLICATIONS = 2;

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];

function prototypeSnapshot(): string {
  return PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}

/** Whole-file problems have no field to name; each says what is wrong with the file. */
const WHOLE_FILE = /is not valid YAML or JSON|is empty \(no fields\)|must be a mapping of fields|unknown field '/;

function refusal(err: unknown): Outcome {
  if (err instanceof ScenarioError) {
    const named = err.problems.every((p) => p.field !== '' || WHOLE_FILE.test(p.problem));
    const sane = err.problems.every((p) => p.problem.length > 0 && !/\bundefined\b|\[object Object\]/.test(p.problem));
    if (named && sane) return { status: 'refused', field: err.field, message: err.message };
  } else if (err instanceof DistributionParameterError && err.field !== '') {
    return { status: 'refused', field: err.field, message: err.message };
  } else if (err instanceof UsageError && err.message.length > 0) {
    return { status: 'refused', field: err.field, message: err.message };
  }
  return { status: 'crashed', error: err };
}

function simulateBriefly(input: FuzzInput): void {
  let scenarios;
  switch (input.kind) {
    case 'object':
      scenarios = [resolveScenario(input.value)];
      break;
    case 'text':
      scenarios = [parseScenarioText(input.value, 'fuzz.yaml', DEFAULT_SCENARIO, 'fuzz')];
      break;
    case 'set':
      scenarios = [applyOverrides(DEFAULT_SCENARIO, input.value.map(parseSet))];
      break;
    case 'vary': {
      const varies = input.value.map(parseVary);
      const points = varies.reduce((n, v) => n * v.values.length, 1);
      // A grid is validated point by point: keep a case's work small.
      scenarios = points <= 16 ? expandGrid(DEFAULT_SCENARIO, varies).map((p) => p.scenario) : [];
      break;
    }
  }
  for (const scenario of scenarios) {
    const model = compileScenario(scenario);
    checkReplicationVolume(model); // as validate and run do
    const replicator = new Replicator(model, 16, { maxEvents: FUZZ_MAX_EVENTS });
    for (let r = 0; r < FUZZ_REPLICATIONS; r++) replicator.run(r);
  }
}

/** Try one input; a crash also when a prototype changed. */
export function tryInput(input: FuzzInput): Outcome {
  const before = prototypeSnapshot();
  let outcome: Outcome;
  try {
    simulateBriefly(input);
    outcome = { status: 'accepted' };
  } catch (err) {
    outcome = refusal(err);
  }
  const polluted = prototypeSnapshot() !== before || ({} as Record<string, unknown>).polluted !== undefined;
  return polluted ? { status: 'crashed', error: new Error('a prototype changed') } : outcome;
}
