/**
 * The checks a schema cannot make: routing names real tiers and kinds, the explicit graph is
 * acyclic and listed in order, working hours make sense. They read the merged scenario before
 * (or whatever) the schema says, so that one pass reports every problem; a value of the wrong
 * type is the schema's to report and is skipped here.
 */
import type { ScenarioProblem } from '../../errors/index.js';
import { DECISION_BASELINES } from '../decision.js';
import { REGIMES } from '../regimes/index.js';

type Loose = Record<string, unknown>;

function isMapping(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of plain objects, or undefined. */
function at(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = isMapping(v) && Object.hasOwn(v, k) ? v[k] : undefined;
  return v;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const keysOf = (value: unknown): string[] => (isMapping(value) ? Object.keys(value) : []);

function checkWorkingHours(field: string, hours: unknown, add: (field: string, problem: string) => void): void {
  if (!isMapping(hours)) return;
  const { startHour, endHour, workDays } = hours;
  if (typeof startHour === 'number' && typeof endHour === 'number' && endHour <= startHour)
    add(`${field}.endHour`, `must be after startHour (${endHour} <= ${startHour})`);
  if (Array.isArray(workDays) && new Set(workDays).size !== workDays.length)
    add(`${field}.workDays`, 'lists a weekday twice: give each day once (0 = Sunday ... 6 = Saturday)');
}

/** Every problem of the scenario's cross-references (none: an empty list). */
export function crossCheck(s: unknown): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  const tiersValue = at(s, 'prices', 'tiers');
  const kindsValue = at(s, 'workload', 'kinds');
  const tiers = new Set(keysOf(tiersValue));
  const kinds = new Set(keysOf(kindsValue));
  const graph = at(s, 'workload', 'graph');
  const explicit = at(graph, 'generator') === 'explicit';
  if (isMapping(tiersValue) && tiers.size === 0) add('prices.tiers', 'needs at least one tier');
  if (isMapping(kindsValue) && kinds.size === 0) add('workload.kinds', 'needs at least one subtask kind');
  const kindList = [...kinds].join(', ');
  const needTier = (field: string, name: unknown) => {
    if (typeof name === 'string' && tiers.size > 0 && !tiers.has(name))
      add(field, `unknown tier '${name}': use one of ${[...tiers].join(', ')} or add it under prices.tiers`);
  };
  const routing = at(s, 'routing');
  needTier('routing.orchestrator', at(routing, 'orchestrator'));
  needTier('routing.default', at(routing, 'default'));
  for (const kind of keysOf(at(routing, 'kinds'))) {
    needTier(`routing.kinds.${kind}`, at(routing, 'kinds', kind));
    if (kinds.size > 0 && !kinds.has(kind)) add(`routing.kinds.${kind}`, `unknown subtask kind: use one of ${kindList}`);
  }
  const ladder = list(at(routing, 'escalationLadder'));
  ladder.forEach((t, i) => needTier(`routing.escalationLadder[${i}]`, t));
  if (new Set(ladder).size !== ladder.length) add('routing.escalationLadder', 'lists a tier twice: a ladder goes up, one step per tier');
  const shares = Object.values(isMapping(kindsValue) ? kindsValue : {}).map((k) => at(k, 'share'));
  if (shares.length > 0 && shares.every((share) => share === 0) && !explicit)
    add('workload.kinds', 'every share is 0: give at least one kind a positive share');
  checkWorkingHours('review.workingHours', at(s, 'review', 'workingHours'), add);
  checkWorkingHours('people.workingHours', at(s, 'people', 'workingHours'), add);
  const regimes = list(at(s, 'regimes'));
  if (new Set(regimes).size !== regimes.length) add('regimes', 'lists a regime twice');
  if (explicit) for (const problem of explicitGraphProblems(list(at(graph, 'subtasks')), kinds)) problems.push(problem);
  checkSensitivityParams(list(at(s, 'sensitivity', 'params')), add);
  checkDecision(at(s, 'decision'), regimes, add);
  checkUncertainty(s, add);
  return problems;
}

/** The decision names regimes the scenario runs, a baseline summary.csv pairs against, and each metric once. */
function checkDecision(decision: unknown, regimes: readonly unknown[], add: (field: string, problem: string) => void): void {
  if (!isMapping(decision)) return;
  const runs = regimes.filter((r): r is string => typeof r === 'string');
  const notRun = (field: string, name: unknown) => {
    if (typeof name === 'string' && runs.length > 0 && !runs.includes(name))
      add(field, `the scenario does not run '${name}' (it runs ${runs.join(', ')}): name one of those, or add it to regimes`);
  };
  const candidates = list(decision.candidates);
  candidates.forEach((c, i) => notRun(`decision.candidates[${i}]`, c));
  if (new Set(candidates).size !== candidates.length) add('decision.candidates', 'lists a regime twice: give each candidate once');
  const baseline = decision.baseline;
  notRun('decision.baseline', baseline);
  if (typeof baseline === 'string' && (REGIMES as readonly string[]).includes(baseline) && !DECISION_BASELINES.includes(baseline))
    add('decision.baseline', `'${baseline}' is not a baseline summary.csv compares against: use one of ${DECISION_BASELINES.join(', ')}`);
  const named = new Set([...candidates, ...(typeof baseline === 'string' ? [baseline] : [])]);
  if (candidates.length > 0 && named.size < 2) add('decision.candidates', 'a decision needs two regimes: name a candidate besides the baseline');
  const metrics = list(decision.metrics);
  if (new Set(metrics).size !== metrics.length) add('decision.metrics', 'lists a metric twice: give each once');
}

/**
 * The uncertainty block names numeric fields the scenario has (whether a distribution stays within
 * a field's bounds is the robustness command's to check: it compiles the scenario at both ends).
 */
function checkUncertainty(s: unknown, add: (field: string, problem: string) => void): void {
  for (const path of keysOf(at(s, 'uncertainty'))) {
    const value = at(s, ...path.split('.'));
    if (value === undefined) add(`uncertainty.${path}`, `the scenario has no field '${path}': give a dotted path to a number (for example people.supervisionShare; orchsim validate prints every field)`);
    else if (typeof value !== 'number') add(`uncertainty.${path}`, `'${path}' is not a number: give a path to a numeric field`);
  }
}

/** The sensitivity block's ranges: low below high, each path once. Whether a path holds a number is the command's to check. */
function checkSensitivityParams(params: readonly unknown[], add: (field: string, problem: string) => void): void {
  const seen = new Set<unknown>();
  params.forEach((p, i) => {
    const [path, low, high] = [at(p, 'path'), at(p, 'low'), at(p, 'high')];
    if (typeof low === 'number' && typeof high === 'number' && !(low < high))
      add(`sensitivity.params[${i}].high`, `must be above low (${high} <= ${low}): give low < high`);
    if (typeof path === 'string' && seen.has(path)) add(`sensitivity.params[${i}].path`, `'${path}' is listed twice: give each parameter once`);
    seen.add(path);
  });
}

/**
 * An explicit graph: ids unique, kinds known, `after` names listed subtasks, no cycle (named with
 * its members), and predecessors listed first (which fixes the order subtasks are numbered in).
 */
export function explicitGraphProblems(subtasks: readonly unknown[], kinds: ReadonlySet<string>): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  const where = (i: number) => `workload.graph.subtasks[${i}]`;
  const ids = new Map<string, number>();
  subtasks.forEach((t, i) => {
    const id = at(t, 'id');
    const kind = at(t, 'kind');
    if (typeof id === 'string') {
      if (ids.has(id)) add(`${where(i)}.id`, `duplicate id '${id}': give each subtask its own id`);
      else ids.set(id, i);
    }
    if (typeof kind === 'string' && kinds.size > 0 && !kinds.has(kind))
      add(`${where(i)}.kind`, `unknown kind '${kind}': use one of ${[...kinds].join(', ')}`);
  });
  // after[i]: the indices subtask i waits on (unknown ids reported and left out).
  const after: number[][] = subtasks.map((t, i) =>
    list(at(t, 'after')).flatMap((dep, j) => {
      if (typeof dep !== 'string') return [];
      const k = ids.get(dep);
      if (k === undefined) add(`${where(i)}.after[${j}]`, `unknown subtask id '${dep}': use the id of a listed subtask`);
      return k === undefined ? [] : [k];
    }),
  );
  const id = (i: number) => at(subtasks[i], 'id');
  // A subtask is named by its id; one whose id is not text (the schema reports it) by its place.
  const idOf = (i: number) => (typeof id(i) === 'string' ? `'${String(id(i))}'` : `subtask ${i}`);
  const cycles = findCycles(after);
  for (const cycle of cycles) {
    const [from, to] = [cycle[cycle.length - 2]!, cycle[cycle.length - 1]!];
    const j = list(at(subtasks[from], 'after')).indexOf(id(to));
    const names = cycle.map(idOf).join(' -> ');
    add(
      `${where(from)}.after[${j}]`,
      cycle.length === 2
        ? `${idOf(from)} waits on itself: remove it from its own after`
        : `cycle ${names}: each waits on the next, so none can start; remove one of these after entries`,
    );
  }
  if (cycles.length > 0) return problems;
  after.forEach((deps, i) => {
    const listed = list(at(subtasks[i], 'after'));
    deps.forEach((k) => {
      if (k >= i) add(`${where(i)}.after[${listed.indexOf(id(k))}]`, `${idOf(k)} must be listed before ${idOf(i)} (the graph must be acyclic)`);
    });
  });
  return problems;
}

/** Cycles named at most: each is a problem line, and a dense graph may hold one per edge. */
export const MAX_CYCLES_FOUND = 20;

/**
 * Cycles of a graph given as successor lists, one per back edge of a depth-first search: each is
 * the path of nodes from a node back to itself (`[a, b, c, a]`: a -> b -> c -> a). Iterative, so a
 * long chain cannot overflow the stack.
 */
export function findCycles(next: readonly (readonly number[])[], limit = MAX_CYCLES_FOUND): number[][] {
  const state = new Uint8Array(next.length); // 0 new, 1 on the path, 2 done
  const cycles: number[][] = [];
  for (let root = 0; root < next.length; root++) {
    if (state[root] !== 0) continue;
    const path: number[] = [root];
    const edge: number[] = [0];
    state[root] = 1;
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const e = edge[edge.length - 1]!;
      if (e >= next[node]!.length) {
        state[node] = 2;
        path.pop();
        edge.pop();
        continue;
      }
      edge[edge.length - 1] = e + 1;
      const to = next[node]![e]!;
      if (state[to] === 1) {
        cycles.push([...path.slice(path.indexOf(to)), to]);
        // A graph of every subtask after every other holds a cycle per edge: a few name the problem.
        if (cycles.length >= limit) return cycles;
      }
      else if (state[to] === 0) {
        state[to] = 1;
        path.push(to);
        edge.push(0);
      }
    }
  }
  return cycles;
}
