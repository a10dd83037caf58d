/**
 * From what a user wrote to a checked scenario: merge onto the default, validate with the
 * schema, then check what a schema cannot (routing names real tiers, the explicit graph is a
 * DAG, working hours make sense). Every problem becomes one ScenarioError naming the field.
 */
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SCENARIO } from './defaults.js';
import { scenarioSchema, type Scenario, type WorkingHoursConfig } from './schema.js';

export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(field ? `${field}: ${problem}` : problem);
    this.name = 'ScenarioError';
  }
}

/** Keys whose presence means "this object replaces the default whole" (a different variant). */
const VARIANT_KEYS = ['dist', 'generator', 'kind', 'per'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge: objects merge key by key; arrays, scalars and variant objects (a distribution, a
 * graph generator, a mode) replace. So `{ review: { reviewers: 4 } }` changes one number.
 */
export function mergeScenario(base: unknown, override: unknown): unknown {
  if (!isPlainObject(override) || !isPlainObject(base)) return override === undefined ? base : override;
  if (VARIANT_KEYS.some((k) => k in override && override[k] !== base[k])) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeScenario(base[key], value);
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Validate a complete scenario object (already merged onto the default). */
export function validateScenario(candidate: unknown): Scenario {
  const result = scenarioSchema.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      message = `unknown field ${keys.map((k) => `'${k}'`).join(', ')}: check the spelling (orchsim validate prints every field)`;
    }
    throw new ScenarioError(formatPath(issue.path), message);
  }
  const scenario = result.data;
  crossCheck(scenario);
  return scenario;
}

/**
 * Merge a user's partial scenario onto a base (the embedded default unless given: the CLI passes
 * the default with the shipped price table, configs/tiers.yaml) and validate it.
 */
export function resolveScenario(partial: unknown = {}, base: Scenario = DEFAULT_SCENARIO): Scenario {
  if (!isPlainObject(partial)) throw new ScenarioError('', 'a scenario must be a mapping of fields (YAML or JSON object)');
  // Fresh copy so that callers never mutate the base.
  return validateScenario(mergeScenario(structuredClone(base), partial));
}

/** Parse YAML or JSON text (JSON is YAML) into a resolved scenario. */
export function parseScenarioText(text: string, sourceName = 'scenario', base: Scenario = DEFAULT_SCENARIO): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ScenarioError('', `${sourceName} is not valid YAML or JSON: ${detail}`);
  }
  return resolveScenario(data ?? {}, base);
}

function checkWorkingHours(field: string, hours: WorkingHoursConfig): void {
  if (hours === 'always') return;
  if (hours.endHour <= hours.startHour)
    throw new ScenarioError(`${field}.endHour`, `must be after startHour (${hours.endHour} <= ${hours.startHour})`);
  if (new Set(hours.workDays).size !== hours.workDays.length)
    throw new ScenarioError(`${field}.workDays`, 'lists a weekday twice: give each day once (0 = Sunday ... 6 = Saturday)');
}

function crossCheck(s: Scenario): void {
  const tiers = new Set(Object.keys(s.prices.tiers));
  const kinds = new Set(Object.keys(s.workload.kinds));
  if (tiers.size === 0) throw new ScenarioError('prices.tiers', 'needs at least one tier');
  if (kinds.size === 0) throw new ScenarioError('workload.kinds', 'needs at least one subtask kind');
  const tierList = [...tiers].join(', ');
  const needTier = (field: string, name: string) => {
    if (!tiers.has(name)) throw new ScenarioError(field, `unknown tier '${name}': use one of ${tierList} or add it under prices.tiers`);
  };
  needTier('routing.orchestrator', s.routing.orchestrator);
  needTier('routing.default', s.routing.default);
  for (const [kind, tier] of Object.entries(s.routing.kinds)) {
    needTier(`routing.kinds.${kind}`, tier);
    if (!kinds.has(kind)) throw new ScenarioError(`routing.kinds.${kind}`, `unknown subtask kind: use one of ${[...kinds].join(', ')}`);
  }
  s.routing.escalationLadder.forEach((t, i) => needTier(`routing.escalationLadder[${i}]`, t));
  if (new Set(s.routing.escalationLadder).size !== s.routing.escalationLadder.length)
    throw new ScenarioError('routing.escalationLadder', 'lists a tier twice: a ladder goes up, one step per tier');
  if (Object.values(s.workload.kinds).every((k) => k.share === 0) && s.workload.graph.generator !== 'explicit')
    throw new ScenarioError('workload.kinds', 'every share is 0: give at least one kind a positive share');
  checkWorkingHours('review.workingHours', s.review.workingHours);
  checkWorkingHours('people.workingHours', s.people.workingHours);
  if (new Set(s.regimes).size !== s.regimes.length) throw new ScenarioError('regimes', 'lists a regime twice');

  const graph = s.workload.graph;
  if (graph.generator === 'explicit') {
    const ids = new Map<string, number>();
    graph.subtasks.forEach((t, i) => {
      if (ids.has(t.id)) throw new ScenarioError(`workload.graph.subtasks[${i}].id`, `duplicate id '${t.id}'`);
      if (!kinds.has(t.kind))
        throw new ScenarioError(`workload.graph.subtasks[${i}].kind`, `unknown kind '${t.kind}': use one of ${[...kinds].join(', ')}`);
      ids.set(t.id, i);
    });
    graph.subtasks.forEach((t, i) =>
      t.after.forEach((dep, j) => {
        const at = ids.get(dep);
        if (at === undefined) throw new ScenarioError(`workload.graph.subtasks[${i}].after[${j}]`, `unknown subtask id '${dep}'`);
        // Requiring predecessors to be listed first rules out cycles and fixes a topological order.
        if (at >= i)
          throw new ScenarioError(`workload.graph.subtasks[${i}].after[${j}]`, `'${dep}' must be listed before '${t.id}' (the graph must be acyclic)`);
      }),
    );
  }
}
