/**
 * The bridge from the analysis library (../analysis) to the model: scenario paths as numeric
 * parameters, and one replication of the scenario at a point as the function
 * f(point, replication) -> outputs that the library's methods evaluate. Replication r draws the
 * same changes and luck at every point (common random numbers): each point gets its own
 * Replicator on the same seed.
 *
 * Outputs are per regime: `<regime>:<runs.csv column>`, and the metrics of a regime are the
 * library's MetricSpecs on them (ratio-of-sums metrics of the registry, such as cost per merged
 * change = Σ total_usd / Σ merged, as ratio specs; the others as means).
 */
import { UsageError } from '../errors/index.js';
import type { MetricSpec, Parameter } from '../analysis/index.js';
import { RATIO_OF_SUMS, RegimeRunCache, regimeReuseKey, RUN_INDEX, RUN_METRICS, Replicator, type Scenario } from '../model/index.js';
import { applyOverrides, checkPath } from '../experiment/index.js';
import { compileOrUsage } from './scenario.js';

/** A scenario path taken as a numeric parameter over [low, high]. */
export interface PathParameter extends Parameter {
  /** The dotted path (also the parameter's name). */
  path: string;
  /** The scenario's own value there. */
  baseValue: number;
}

/** The value at a dotted path of a scenario (undefined where there is none). */
export function valueAtPath(scenario: unknown, path: string): unknown {
  let at: unknown = scenario;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The scenario with `path` = value, validated (a bad value is a UsageError naming `flag`). */
export function scenarioWith(base: Scenario, path: string, value: number, flag: string): Scenario {
  return applyOverrides(base, [{ path, value, source: `${flag} ${path}=${value}` }]);
}

/** `A..B` → [A, B]; a UsageError naming `flag` (e.g. `--between`, or `--param fanout=`) unless both are numbers and A < B. */
export function parseRange(text: string, flag: string): [number, number] {
  const m = /^\s*(-?[\d.eE+_-]+)\s*\.\.\s*(-?[\d.eE+_-]+)\s*$/.exec(text);
  const low = m ? Number(m[1]!.replace(/_/g, '')) : Number.NaN;
  const high = m ? Number(m[2]!.replace(/_/g, '')) : Number.NaN;
  const source = flag.endsWith('=') ? `${flag}${text}` : `${flag} ${text}`;
  const field = flag.split(/[ =]/)[0]!.replace(/^--/, '');
  const as = (a: number, b: number) => (flag.endsWith('=') ? `${flag}${a}..${b}` : `${flag} ${a}..${b}`);
  if (!Number.isFinite(low) || !Number.isFinite(high))
    throw new UsageError(`${source}: expected a range LOW..HIGH of two numbers (for example ${as(50, 200)})`, field);
  if (!(low < high)) {
    const [a, b] = low === high ? [low, low + 1] : [high, low];
    throw new UsageError(`${source}: the range is empty; give LOW < HIGH (for example ${as(a, b)})`, field);
  }
  return [low, high];
}

/**
 * A path of the scenario as a parameter over [low, high]: it must hold a number, both ends must
 * be valid values (the schema's bounds), and it is an integer parameter when the schema takes
 * whole numbers only there (a half-way value is refused). Every problem is a UsageError naming `flag`.
 */
export function pathParameter(base: Scenario, path: string, low: number, high: number, flag: string): PathParameter {
  checkPath(path, `${flag} ${path}`);
  const baseValue = valueAtPath(base, path);
  if (baseValue === undefined)
    throw new UsageError(`${flag} ${path}: the scenario has no field '${path}'; give a dotted path to a number (for example people.loadedUsdPerHour; orchsim validate prints every field)`, flag.replace(/^--/, ''));
  if (typeof baseValue !== 'number')
    throw new UsageError(`${flag} ${path}: '${path}' is not a number (it is ${JSON.stringify(baseValue)?.slice(0, 60)}); give a path to a numeric field`, flag.replace(/^--/, ''));
  for (const end of [low, high]) {
    try {
      compileOrUsage(scenarioWith(base, path, end, flag));
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`${flag} ${path}: ${end} is outside what the field takes: ${err.message}; narrow the range`, flag.replace(/^--/, ''));
      throw err;
    }
  }
  let integer = false;
  if (Number.isInteger(low) && Number.isInteger(high)) {
    try {
      scenarioWith(base, path, low + 0.5, flag);
    } catch {
      integer = true;
    }
  }
  return { name: path, path, low, high, integer, baseValue };
}

/** The runs.csv columns the analyses read, and the registry entry of each. */
const COLUMN_INDEX = new Map(RUN_METRICS.map((m) => [m.column, RUN_INDEX[m.key as keyof typeof RUN_INDEX]]));

/** Is `column` a numeric runs.csv column (a metric to compare)? */
export function isRunColumn(column: string): boolean {
  return COLUMN_INDEX.has(column);
}

/** The library's metric for a runs.csv column of one regime (ratio of sums where the registry gives one). */
export function regimeMetric(regime: string, column: string): MetricSpec {
  const ratio = RATIO_OF_SUMS.find((r) => r.metric === column);
  return ratio
    ? { name: `${regime}:${column}`, numerator: `${regime}:${ratio.numerator}`, denominator: `${regime}:${ratio.denominator}` }
    : { name: `${regime}:${column}`, mean: `${regime}:${column}` };
}

/** The outputs a metric of a column needs (the column, or its ratio's two). */
export function columnsOf(column: string): string[] {
  const ratio = RATIO_OF_SUMS.find((r) => r.metric === column);
  return ratio ? [ratio.numerator, ratio.denominator] : [column];
}

/**
 * f(point, replication) for scenario paths: one replication of the scenario with every path set
 * to the point's value, reduced to the outputs `<regime>:<column>` in the order of `outputs()`.
 * The replicator of the last point is kept (the library evaluates a point's replications in a
 * row), so a point is compiled once per visit.
 */
export class ScenarioFunction {
  readonly outputs: string[];
  private readonly slots: { regime: number; column: number }[];
  private last: { key: string; replicator: Replicator } | null = null;
  /** The base scenario's runs of each regime, reused at points where its reuse key is the base's (it reads nothing they change). */
  private readonly baseRuns: RegimeRunCache;
  /** Kernel events of every replication run (for benchmarks). */
  eventsProcessed = 0;

  constructor(
    readonly base: Scenario,
    readonly parameters: readonly PathParameter[],
    readonly columns: readonly string[],
    readonly seed: number | string,
  ) {
    this.outputs = base.regimes.flatMap((r) => columns.map((c) => `${r}:${c}`));
    this.baseRuns = new RegimeRunCache(new Set(base.regimes.map((r) => regimeReuseKey(base, r))));
    this.slots = base.regimes.flatMap((_, regime) =>
      columns.map((c) => {
        const column = COLUMN_INDEX.get(c);
        if (column === undefined) throw new Error(`internal: no runs.csv column '${c}'`);
        return { regime, column };
      }),
    );
  }

  /** The scenario at a point (the parameters' paths set, in order). */
  scenarioAt(point: ArrayLike<number>): Scenario {
    if (this.parameters.length === 0) return this.base;
    return applyOverrides(
      this.base,
      this.parameters.map((p, i) => ({ path: p.path, value: point[i]!, source: `${p.path}=${point[i]}` })),
    );
  }

  private replicatorAt(point: ArrayLike<number>): Replicator {
    const key = Array.from(point).join(',');
    if (this.last?.key !== key) {
      if (this.last) this.eventsProcessed += this.last.replicator.eventsProcessed;
      const scenario = this.scenarioAt(point);
      // A regime that reads none of the fields this point changes has the base's key: its runs are reused.
      this.last = { key, replicator: new Replicator(compileOrUsage(scenario), this.seed, { reuse: this.baseRuns }) };
    }
    return this.last.replicator;
  }

  /** One replication's outputs at a point. */
  readonly f = (point: ArrayLike<number>, replication: number): Float64Array => {
    const { runs } = this.replicatorAt(point).run(replication);
    const out = new Float64Array(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      out[i] = runs[s.regime]!.values[s.column]!;
    }
    return out;
  };

  /** Every replication's events so far. */
  events(): number {
    return this.eventsProcessed + (this.last?.replicator.eventsProcessed ?? 0);
  }
}
