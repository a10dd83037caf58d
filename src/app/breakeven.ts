/**
 * `orchsim breakeven`: the value of one scenario parameter at which two regimes are equal on a
 * metric. At each probe x the path is set to x and the same replications 0 .. runs-1 are run
 * (common random numbers); the library's breakEven brackets and bisects the paired difference
 * A - B (a ratio-of-sums metric such as cost per merged change through its ratio MetricSpec) and
 * gives the crossing's 95% interval from the difference's band at the probes.
 */
import { UsageError } from '../errors/index.js';
import { breakEven, evaluateColumns, pairedDifference, resolveMetrics, type BreakEvenResult, type Columns, type Estimate } from '../analysis/index.js';
import { decisionMetric, resolveDecision, SUMMARY_METRICS, type Scenario } from '../model/index.js';
import { BREAKEVEN_COLUMN_DOCS, cellText, checkOutputTarget, csvLine, statCell } from '../output/index.js';
import { writeAnalysisDir } from './analysisOutput.js';
import { columnsOf, isRunColumn, pathParameter, ScenarioFunction, type PathParameter } from './scenarioFunction.js';
import { taskJournalKey, withTaskJournal, type JournalOptions, type TaskJournal } from './taskJournal.js';


/** What breakeven compares when not told: the decision's subject against its baseline, on its first metric. */
export function breakevenDefaults(scenario: Scenario): { compare: string | null; metric: string } {
  const decision = resolveDecision(scenario);
  return {
    compare: decision.subject ? `${decision.subject}:${decision.baseline}` : null,
    metric: decisionMetric(decision.metrics[0]!).column,
  };
}

export interface BreakevenOptions {
  scenario: Scenario;
  /** The dotted path varied. */
  path: string;
  low: number;
  high: number;
  /** `A:B`: the difference is A - B (default: the decision's subject and baseline). */
  compare?: string;
  /** Default: the decision's first metric. */
  metric?: string;
  runs: number;
  seed?: number | string;
  out?: string | null;
  force?: boolean;
  argv?: string[];
}

export interface BreakevenReport {
  parameter: PathParameter;
  regimes: [string, string];
  metric: string;
  result: BreakEvenResult;
  outDir: string | null;
}

/** `A:B` → the two regimes, both run by the scenario, and different. */
export function parseCompare(text: string, scenario: Scenario): [string, string] {
  const parts = text.split(':').map((s) => s.trim());
  const present = scenario.regimes.join(', ');
  if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0] === parts[1])
    throw new UsageError(`--compare ${text}: expected two different regimes A:B (for example --compare fanout:single; this scenario runs ${present})`, 'compare');
  for (const r of parts)
    if (!(scenario.regimes as readonly string[]).includes(r))
      throw new UsageError(`--compare ${text}: the scenario does not run '${r}' (it runs ${present}); name two of them, or add it with --set regimes=[...]`, 'compare');
  return [parts[0], parts[1]];
}

/** A metric flag's column, checked against runs.csv's summarised metrics. */
export function checkMetric(metric: string, flag = '--metric'): string {
  if (!isRunColumn(metric) || !(SUMMARY_METRICS as readonly string[]).includes(metric))
    throw new UsageError(`${flag} ${metric}: not a metric of runs.csv (for example cost_per_merged_usd, cost_per_resolved_usd, wall_clock_hours, total_usd)`, flag.replace(/^--/, ''));
  return metric;
}

/** The per-regime slices of one point's columns: the outputs of regime `r` in `columns` order. */
function regimeColumns(fn: ScenarioFunction, all: Columns, regime: string): Columns {
  return fn.columns.map((c) => all[fn.outputs.indexOf(`${regime}:${c}`)]!);
}

/** Replications a probe runs between two turns of the event loop (so that a signal is answered) and between two journal entries. */
export const BREAKEVEN_CHUNK = 250;

/** What a long break-even reports as it goes (the CLI's progress bar, estimate and signal handling). */
export interface BreakevenHooks {
  /** The journal of the command (./taskJournal.ts): probes already in it are read back, new ones recorded. */
  journal?: TaskJournal | null;
  /** Replications done, and the expected total (probes are found as the search goes: the total is the expected number). */
  onProgress?: (done: number, expectedTotal: number) => void;
}

/** Probes a search is expected to make: the scan, then the estimate's bisection and each interval end's (see ../analysis/breakEven.ts). */
export function expectedProbes(parameter: { low: number; high: number; integer?: boolean }): number {
  const scan = parameter.integer ? Math.min(5, parameter.high - parameter.low + 1) : 5;
  const halvings = parameter.integer ? Math.ceil(Math.log2(Math.max(2, (parameter.high - parameter.low) / 4))) : Math.ceil(Math.log2(1000 / 4));
  return scan + 3 * halvings;
}

/** The break-even's inputs checked, and the function evaluated at a probe. */
function breakevenProblem(options: BreakevenOptions) {
  const defaults = breakevenDefaults(options.scenario);
  const metric = checkMetric(options.metric ?? defaults.metric);
  const compare = options.compare ?? defaults.compare;
  if (!compare) throw new UsageError(`--compare: the scenario's decision has one candidate (${options.scenario.regimes.join(', ')}): give two regimes, e.g. --compare fanout:single`, 'compare');
  const regimes = parseCompare(compare, options.scenario);
  const parameter = pathParameter(options.scenario, options.path, options.low, options.high, '--param');
  // Only the two compared regimes run: each regime's luck is its own, so the others change nothing.
  // The decision is read above; it may name the regimes left out here.
  const scenario = { ...options.scenario, regimes: options.scenario.regimes.filter((r) => regimes.includes(r)), decision: undefined } as Scenario;
  const fn = new ScenarioFunction(scenario, [parameter], columnsOf(metric), options.seed ?? 1);
  const [local] = resolveMetrics(fn.columns, [{ name: metric, ...localSpec(metric) }]);
  const difference = (all: Columns): Estimate => pairedDifference(local!, regimeColumns(fn, all, regimes[0]), regimeColumns(fn, all, regimes[1]));
  return { metric, regimes, parameter, scenario, fn, difference };
}

/** The work of a break-even, for its estimate: the scenario it simulates (the two regimes) and the probes it is expected to make. Checks every input. */
export function breakevenWork(options: BreakevenOptions): { scenario: Scenario; probes: number } {
  const { scenario, parameter } = breakevenProblem(options);
  return { scenario, probes: expectedProbes(parameter) };
}

/** Find the break-even (no files): checks every input first, then probes. */
export function findBreakeven(options: BreakevenOptions): Omit<BreakevenReport, 'outDir'> {
  const { metric, regimes, parameter, fn, difference } = breakevenProblem(options);
  const set = { first: 0, count: options.runs };
  const differenceAt = (x: number): Estimate => difference(evaluateColumns({ parameters: [parameter], outputs: fn.outputs, f: fn.f }, Float64Array.of(x), set));
  const result = breakEven(differenceAt, { low: parameter.low, high: parameter.high, integer: parameter.integer });
  return { metric, regimes, parameter, result };
}

/** A probe the search asked for that is not known yet (the search is replayed once it is). */
class ProbeNeeded {
  constructor(readonly x: number) {}
}

/**
 * The same search as findBreakeven, the same bytes, made to last: each probe's replications run in
 * chunks of BREAKEVEN_CHUNK with a turn of the event loop between them (a signal is answered within
 * a chunk), every finished probe is journaled (its estimate and interval, bit for bit) and read
 * back on --resume. The library's search is synchronous: it is replayed from the start with the
 * probes known so far until it asks for none it lacks (a replay costs nothing next to a probe).
 */
export async function findBreakevenLong(options: BreakevenOptions, hooks: BreakevenHooks = {}): Promise<Omit<BreakevenReport, 'outDir'>> {
  const { metric, regimes, parameter, fn, difference } = breakevenProblem(options);
  const known = new Map<number, Estimate>();
  const expected = expectedProbes(parameter) * options.runs;
  let done = 0;
  const model = { parameters: [parameter], outputs: fn.outputs, f: fn.f };
  const probeAt = async (x: number): Promise<Estimate> => {
    const task = `x=${x}`;
    const journaled = hooks.journal?.get(task);
    if (journaled) {
      done += options.runs;
      hooks.onProgress?.(done, Math.max(expected, done));
      return { estimate: journaled[0]!, ciLow: journaled[1]!, ciHigh: journaled[2]! };
    }
    const columns = fn.outputs.map(() => new Float64Array(options.runs));
    for (let first = 0; first < options.runs; first += BREAKEVEN_CHUNK) {
      const count = Math.min(BREAKEVEN_CHUNK, options.runs - first);
      const part = evaluateColumns(model, Float64Array.of(x), { first, count });
      part.forEach((c, o) => columns[o]!.set(c, first));
      done += count;
      hooks.onProgress?.(done, Math.max(expected, done));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const d = difference(columns);
    hooks.journal?.record(task, Float64Array.of(d.estimate, d.ciLow, d.ciHigh), options.runs);
    return d;
  };
  for (;;) {
    try {
      const result = breakEven(
        (x) => {
          const d = known.get(x);
          if (!d) throw new ProbeNeeded(x);
          return d;
        },
        { low: parameter.low, high: parameter.high, integer: parameter.integer },
      );
      return { metric, regimes, parameter, result };
    } catch (err) {
      if (!(err instanceof ProbeNeeded)) throw err;
      known.set(err.x, await probeAt(err.x));
    }
  }
}

/** The metric spec on one regime's own columns (no regime prefix). */
function localSpec(metric: string) {
  const columns = columnsOf(metric);
  return columns.length === 2 ? { numerator: columns[0]!, denominator: columns[1]! } : { mean: columns[0]! };
}

export const BREAKEVEN_COLUMNS = BREAKEVEN_COLUMN_DOCS.map((c) => c.name);

/** breakeven.csv: a row per probe (sorted by value), then the answer row. */
export function breakevenCsv(report: Omit<BreakevenReport, 'outDir'>): string {
  const { parameter, regimes, metric, result } = report;
  const [a, b] = regimes;
  const head = [parameter.path, metric, a, b];
  const lines = [csvLine(BREAKEVEN_COLUMNS)];
  for (const p of result.probes)
    lines.push(csvLine([...head, 'probe', cellText(p.x), '', '', statCell(p.estimate), statCell(p.ciLow), statCell(p.ciHigh), p.estimate < 0 ? a : p.estimate > 0 ? b : '']));
  if (result.found) {
    const lowerBelow = result.signAtLow < 0 ? a : b;
    lines.push(csvLine([...head, 'break_even', statCell(result.value), statCell(result.ciLow), statCell(result.ciHigh), '', '', '', lowerBelow]));
  } else lines.push(csvLine([...head, 'none', '', '', '', '', '', '', result.sign > 0 ? b : a]));
  return `${lines.join('\n')}\n`;
}

/** The console line: `break-even PATH = V [LOW, HIGH]` or `no break-even in [A, B]: REGIME wins`. */
export function breakevenLine(report: Omit<BreakevenReport, 'outDir'>): string {
  const { parameter, regimes, result } = report;
  // Four significant figures on the console (breakeven.csv keeps every digit): the interval is wider than that.
  const show = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(4))) : 'NaN');
  if (!result.found) return `no break-even in [${parameter.low}, ${parameter.high}]: ${result.sign > 0 ? regimes[1] : regimes[0]} wins`;
  const lowEnd = result.lowOpen ? `<=${show(result.ciLow)}` : show(result.ciLow);
  const highEnd = result.highOpen ? `>=${show(result.ciHigh)}` : show(result.ciHigh);
  const below = result.signAtLow < 0 ? regimes[0] : regimes[1];
  const above = below === regimes[0] ? regimes[1] : regimes[0];
  return `break-even ${parameter.path} = ${show(result.value)} [${lowEnd}, ${highEnd}] (${below} lower below, ${above} above)`;
}

/** The settings a break-even's journal is keyed by (besides scenario, seed and runs). */
export function breakevenSettings(options: BreakevenOptions) {
  const defaults = breakevenDefaults(options.scenario);
  return { param: options.path, between: [options.low, options.high], compare: options.compare ?? defaults.compare, metric: options.metric ?? defaults.metric };
}

/**
 * Find the break-even and write breakeven.csv (and meta.json) in `out`, atomically. With `out`, a
 * journal (`<out>.partial/`, ./taskJournal.ts) keeps each probe until the output is in place:
 * `resume` continues from it.
 */
export async function runBreakeven(options: BreakevenOptions & JournalOptions, hooks: Omit<BreakevenHooks, 'journal'> = {}): Promise<BreakevenReport> {
  const started = performance.now();
  if (options.out) checkOutputTarget(options.out, options.force ?? false);
  // Every input is checked before the journal is touched.
  breakevenProblem(options);
  const key = taskJournalKey('breakeven', options.scenario, options.seed ?? 1, options.runs, breakevenSettings(options));
  return withTaskJournal(options.out, key, options, async (journal) => {
    const found = await findBreakevenLong(options, { ...hooks, journal });
    let outDir: string | null = null;
    if (options.out) {
      outDir = writeAnalysisDir(options.out, options.force ?? false, { 'breakeven.csv': breakevenCsv(found) }, {
        command: 'breakeven',
        argv: options.argv ?? [],
        scenario: options.scenario,
        seed: options.seed ?? 1,
        runs: options.runs,
        settings: { param: options.path, between: [options.low, options.high], compare: found.regimes, metric: found.metric },
        seconds: Math.round(performance.now() - started) / 1000,
      });
    }
    return { ...found, outDir };
  });
}
