/**
 * Limits that keep every replication finite, checked before anything runs, each problem naming
 * its field:
 * - a scenario is a tree of fields, at most MAX_NESTING deep, with no cycle (a YAML alias inside
 *   its own anchor makes one);
 * - every number is at most MAX_MAGNITUDE in size, and so is every distribution's range up to
 *   its one-in-a-billion tails: no quantity of a scenario (hours, tokens, USD, lines, counts)
 *   means anything beyond a trillion, and products of such numbers (tokens x turns) stay far
 *   from overflowing to infinity;
 * - what the model divides by (a reviewer's lines per hour, a tier's output speed) is, where
 *   positive, at least MIN_MAGNITUDE, so that no quotient overflows either;
 * - a change holds at most MAX_SUBTASKS_PER_CHANGE subtasks (its graph's one-in-a-billion draw);
 * - no key is `__proto__`, `constructor` or `prototype` (RESERVED_KEYS).
 */
import type { ScenarioProblem } from '../../errors/index.js';
import { parseDist, type Distribution } from '../../random/index.js';
import { formatPath } from './problems.js';

export const MAX_NESTING = 64;
export const MAX_MAGNITUDE = 1e12;
export const MIN_MAGNITUDE = 1e-12;
export const MAX_SUBTASKS_PER_CHANGE = 500;
/** The tails whose draws must stay within the magnitudes: one draw in a billion falls beyond. */
export const TAIL_PROBABILITY = 1e-9;

type Path = (string | number)[];

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function entriesOf(value: object): [string | number, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

/** Where a value nests too deep or refers to itself (undefined: a finite tree). Iterative: a deep value cannot overflow the stack. */
export function nestingProblem(value: unknown): ScenarioProblem | undefined {
  const stack: { value: unknown; path: Path; ancestors: Set<object> }[] = [{ value, path: [], ancestors: new Set() }];
  while (stack.length > 0) {
    const { value: v, path, ancestors } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (ancestors.has(v)) return { field: formatPath(path), problem: 'refers to itself (a YAML alias inside its own anchor?): a scenario is a tree of fields' };
    if (path.length >= MAX_NESTING) return { field: formatPath(path), problem: `nests deeper than ${MAX_NESTING} levels: a scenario is far shallower` };
    const inner = new Set(ancestors).add(v);
    for (const [key, child] of entriesOf(v)) stack.push({ value: child, path: [...path, key], ancestors: inner });
  }
  return undefined;
}

/** The fields the model divides by (`[^.]+`: any tier). */
const DIVISORS: readonly RegExp[] = [
  /^review\.linesPerHour$/,
  /^prices\.tiers\.[^.]+\.outputTokensPerSecond$/,
  // The amortised build: oneOffUsd / amortisationMonths, per outcome of the month (monthlyVolume, or the arrival rate's).
  /^money\.amortisationMonths$/,
  /^money\.monthlyVolume$/,
  /^mode\.arrivals\.rate$/,
];

/**
 * Keys no map of a scenario may hold (a kind, a tier, a field): JavaScript objects give them a
 * meaning of their own, so a map keyed by them loses the entry (`__proto__`) or misreads it.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Every key of a (nesting-checked) scenario that is a reserved name, each naming its field. Iterative. */
export function reservedKeyProblems(value: unknown): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    for (const [key, child] of entriesOf(v)) {
      if (typeof key === 'string' && RESERVED_KEYS.has(key))
        problems.push({ field: formatPath([...path, key]), problem: `'${key}' is a name JavaScript reserves, so no kind, tier or field may be called so: choose another name` });
      else stack.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}

const tiny = (x: number) => x > 0 && x < MIN_MAGNITUDE;
const huge = (x: number) => !Number.isFinite(x) || Math.abs(x) > MAX_MAGNITUDE;

/** A distribution's one-in-a-billion tails, or undefined when its spec is not valid (the schema says why). */
function tails(spec: unknown): [number, number] | undefined {
  let d: Distribution;
  try {
    d = parseDist(spec as never);
  } catch {
    return undefined;
  }
  return [d.quantile(TAIL_PROBABILITY), d.quantile(1 - TAIL_PROBABILITY)];
}

function rounded(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);
}

/** Every number and distribution of a (nesting-checked) scenario beyond the magnitudes. */
export function magnitudeProblems(value: unknown, path: Path = []): ScenarioProblem[] {
  const field = formatPath(path);
  const divisor = DIVISORS.some((d) => d.test(field));
  if (typeof value === 'number') {
    if (Number.isFinite(value) && huge(value)) return [{ field, problem: `must be at most ${MAX_MAGNITUDE.toExponential()} in size (got ${value})` }];
    if (divisor && tiny(value)) return [{ field, problem: `must be 0 or at least ${MIN_MAGNITUDE} (got ${value}): the model divides by it` }];
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const inner = entriesOf(value).flatMap(([key, child]) => magnitudeProblems(child, [...path, key]));
  if (inner.length > 0 || !isMapping(value) || typeof value.dist !== 'string') return inner;
  const range = tails(value);
  if (!range) return [];
  const reach = `its draws reach ${rounded(range[0])} .. ${rounded(range[1])} (one in a billion beyond)`;
  if (range.some(huge)) return [{ field, problem: `${reach}: every draw must stay within ${MAX_MAGNITUDE.toExponential()}; narrow it (is a p90 or max a typo?)` }];
  if (divisor && range.some(tiny))
    return [{ field, problem: `${reach}: the model divides by it, so a positive draw must be at least ${MIN_MAGNITUDE}` }];
  return [];
}

/** The most subtasks a change of this graph draws, one time in a billion (undefined: not a drawn graph, or invalid). */
function graphTail(graph: unknown, key: string): number | undefined {
  const range = isMapping(graph) && key in graph ? tails(graph[key]) : undefined;
  return range && Math.max(1, Math.round(range[1]));
}

/** A graph whose changes would hold more than MAX_SUBTASKS_PER_CHANGE subtasks. */
export function graphSizeProblems(graph: unknown): ScenarioProblem[] {
  if (!isMapping(graph)) return [];
  const limit = `a change holds at most ${MAX_SUBTASKS_PER_CHANGE.toLocaleString('en-US')} subtasks`;
  if (graph.generator === 'layered') {
    const layers = graphTail(graph, 'layers');
    const width = graphTail(graph, 'width');
    if (layers !== undefined && width !== undefined && layers * width > MAX_SUBTASKS_PER_CHANGE)
      return [{ field: 'workload.graph', problem: `up to ${layers} layers of ${width} subtasks (one change in a billion): ${limit}; lower layers or width` }];
    return [];
  }
  const count = graphTail(graph, 'count');
  if (count !== undefined && count > MAX_SUBTASKS_PER_CHANGE)
    return [{ field: 'workload.graph.count', problem: `draws up to ${count.toLocaleString('en-US')} subtasks (one change in a billion): ${limit}` }];
  const subtasks = graph.subtasks;
  if (Array.isArray(subtasks) && subtasks.length > MAX_SUBTASKS_PER_CHANGE)
    return [{ field: 'workload.graph.subtasks', problem: `lists ${subtasks.length.toLocaleString('en-US')} subtasks: ${limit}` }];
  return [];
}
