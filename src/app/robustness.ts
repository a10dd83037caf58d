/**
 * `orchsim robustness`: how sure the scenario's verdict is over what is not known (issue 22).
 *
 * A nested Monte Carlo. Outer: `draws` points of the uncertain parameters (./uncertainty.ts), row
 * d of a scrambled Sobol sequence (../analysis/sobolSequence.ts, seeded by the seed) mapped through
 * each parameter's inverse CDF. Inner: replications 0..runs-1 of the scenario at each draw, the
 * same replications at every draw and for every regime (common random numbers), reduced to the
 * decision's deciding metric per candidate (a ratio of sums for cost per merged change). The
 * scenario's own values are evaluated too: the verdict there is what may flip. Every point goes
 * to the worker pool through ./designPoints.ts, each regime simulated only where a drawn
 * parameter it reads moves, so the results are the same on any number of threads.
 *
 * From the draws' metric values (../analysis/decision.ts, ../analysis/prim.ts): the probability
 * each candidate is best with its interval, each choice's expected loss, EVPI, each parameter's
 * EVPPI with its standard error (per change, and per month at the scenario's monthly volume), and
 * PRIM boxes of the draws where the verdict flips, in a sentence.
 *
 * Each draw's metric carries the inner replications' noise as well as the parameters' effect;
 * EVPI and probability best see both (noise can make a candidate best at a draw by luck), so
 * `runs` should keep the metric's replication interval well below the differences between the
 * candidates (docs/cli.md says so; the noise is not separated out here).
 */
import { UsageError } from '../errors/index.js';
import { taskJournalKey, withTaskJournal, type JournalOptions, type TaskJournal } from './taskJournal.js';
import {
  evpi,
  evppi,
  expectedLoss,
  metricValues,
  prim,
  probabilityBest,
  resolveMetrics,
  sobolSequence,
  SOBOL_MAX_DIMENSIONS,
  type PrimResult,
  type ProbabilityBest,
  type ValueEstimate,
} from '../analysis/index.js';
import { decisionMetric, higherIsBetter, outcomesPerMonth, regimeLabel, resolveDecision, type Scenario } from '../model/index.js';
import { checkOutputTarget } from '../output/index.js';
import { robustnessCsv, robustnessDrawsCsv, verdictSentence } from './robustnessText.js';
import { writeAnalysisDir } from './analysisOutput.js';
import { DesignRunner, designOutputs, evaluateDesignPoints, type DesignSpec } from './designPoints.js';
import { EVENTS_PER_SECOND, FREE_SHARE, showBytes, showSeconds } from './guards.js';
import { columnsOf, regimeMetric } from './scenarioFunction.js';
import { drawParameters, uncertainParameters, type UncertainParameter } from './uncertainty.js';
import { existsSync, readFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';
import { scenarioHash } from './meta.js';

/** Outer draws unless told otherwise (a power of two keeps the Sobol sequence balanced). */
export const ROBUSTNESS_DEFAULT_DRAWS = 256;
// What it writes and says: ./robustnessText.ts (the CLI and the tests read them here).
export { renderRobustness, ROBUSTNESS_COLUMNS, robustnessCsv, robustnessDrawsCsv } from './robustnessText.js';

/** The decision robustness reads: the candidates (the baseline among them) and the deciding metric first. */
export function robustnessDecision(scenario: Scenario): { candidates: readonly string[]; baseline: string; metrics: readonly string[] } {
  return resolveDecision(scenario);
}

export interface RobustnessOptions {
  scenario: Scenario;
  /** Outer draws. */
  draws: number;
  /** Inner replications per draw. */
  runs: number;
  seed?: number | string;
  workers?: number | 'auto';
  out?: string | null;
  force?: boolean;
  argv?: string[];
  onProgress?: (done: number, total: number) => void;
}

export interface RobustnessParameterResult {
  parameter: UncertainParameter;
  evppi: ValueEstimate;
  rank: number;
}

export interface RobustnessAnalysis {
  metric: string;
  /** The runs.csv column of the deciding metric, and its unit. */
  column: string;
  unit: string;
  higherIsBetter: boolean;
  candidates: string[];
  /** The candidates as the console names them. */
  labels: string[];
  parameters: UncertainParameter[];
  /** The outer draws: values[d] the parameters' values, metrics[d] the candidates'. */
  drawValues: number[][];
  drawMetrics: Float64Array[];
  /** At the scenario's own values. */
  baseMetrics: Float64Array;
  baseBest: number;
  best: number[];
  probabilityBest: ProbabilityBest[];
  expectedLoss: Float64Array;
  evpi: ValueEstimate;
  evppi: RobustnessParameterResult[];
  prim: PrimResult | null;
  flipShare: number;
  perMonth: number;
  sentence: string;
  simulated: number;
  requested: number;
  threads: number;
}

export interface RobustnessResult extends RobustnessAnalysis {
  outDir: string | null;
}

/** The plan of a robustness run, for --dry-run and the size guard. */
export interface RobustnessPlan {
  draws: number;
  runs: number;
  parameters: UncertainParameter[];
  candidates: string[];
  /** Regime-replications at most (every regime simulated at every draw). */
  regimeReplications: number;
  seconds: number;
  memoryBytes: number;
  freeMemoryBytes: number;
}

/** Kernel events per regime-replication, from a couple of replications at the scenario's values. */
function probeEvents(spec: DesignSpec, runs: number): number {
  const runner = new DesignRunner(spec);
  const n = Math.min(2, runs);
  runner.run({ point: [], regimes: [...spec.base.regimes], from: 0, to: n });
  return runner.events() / n / spec.base.regimes.length;
}

function prepare(options: Pick<RobustnessOptions, 'scenario' | 'draws' | 'runs' | 'seed'>) {
  const { scenario } = options;
  if (!Number.isInteger(options.draws) || options.draws < 8) throw new UsageError(`--draws ${options.draws}: give at least 8 outer draws (256 or more for EVPPI)`, 'draws');
  if (!Number.isInteger(options.runs) || options.runs < 2) throw new UsageError(`--runs ${options.runs}: give at least 2 inner replications`, 'runs');
  const decision = robustnessDecision(scenario);
  if (decision.candidates.length < 2)
    throw new UsageError(`robustness: the decision has one candidate (${decision.candidates.join(', ')}); run two regimes or name them under decision.candidates`, 'decision.candidates');
  const metric = decision.metrics[0]!;
  const def = decisionMetric(metric);
  const parameters = uncertainParameters(scenario);
  if (parameters.length === 0)
    throw new UsageError('robustness: nothing is uncertain here (every judgment figure is 0 or off); declare an uncertainty: block (path -> distribution, docs/model.md)', 'uncertainty');
  if (parameters.length > SOBOL_MAX_DIMENSIONS)
    throw new UsageError(`uncertainty: ${parameters.length} uncertain parameters; at most ${SOBOL_MAX_DIMENSIONS} (drop some from the uncertainty: block)`, 'uncertainty');
  const candidates = [...decision.candidates];
  // Only the candidates run: each regime's luck is its own, so leaving the others out changes nothing.
  const base = { ...scenario, regimes: scenario.regimes.filter((r) => candidates.includes(r)) } as Scenario;
  const spec: DesignSpec = { base, paths: parameters.map((p) => p.path), columns: columnsOf(def.column), seed: options.seed ?? 1 };
  return { decision, metric, def, parameters, candidates: base.regimes as string[], spec };
}

/** The plan: the work and its estimated time and memory (a short probe at the scenario's values). */
export function planRobustness(options: Pick<RobustnessOptions, 'scenario' | 'draws' | 'runs' | 'seed' | 'workers'>): RobustnessPlan {
  const p = prepare(options);
  const regimeReplications = (options.draws + 1) * options.runs * p.candidates.length;
  const threads = typeof options.workers === 'number' ? options.workers : 1;
  const columns = p.spec.columns.length;
  // Each (draw, regime) keeps its columns of `runs` doubles twice (the units and the evaluation), plus the process.
  const memoryBytes = 1.25 * (process.memoryUsage().rss + 2 * 8 * columns * regimeReplications);
  return {
    draws: options.draws,
    runs: options.runs,
    parameters: p.parameters,
    candidates: p.candidates,
    regimeReplications,
    seconds: (regimeReplications * probeEvents(p.spec, options.runs)) / EVENTS_PER_SECOND / Math.max(1, threads),
    memoryBytes,
    freeMemoryBytes: freemem(),
  };
}

export function describePlan(plan: RobustnessPlan): string {
  return [
    `draws:         ${plan.draws.toLocaleString('en-US')} outer draws of ${plan.parameters.length} uncertain parameters (${plan.parameters.map((p) => p.path).join(', ')})`,
    `runs:          ${plan.runs.toLocaleString('en-US')} inner replications per draw (the same at every draw)`,
    `candidates:    ${plan.candidates.join(', ')}`,
    `simulations:   at most ${plan.regimeReplications.toLocaleString('en-US')} regime-replications (fewer where a regime reads no drawn parameter)`,
    `time:          about ${showSeconds(plan.seconds)} (upper bound, on the threads given)`,
    `memory:        about ${showBytes(plan.memoryBytes)} (free: ${showBytes(plan.freeMemoryBytes)})`,
  ].join('\n');
}

/** Refuses (exit 2) a run that would not fit in free memory. */
export function checkRobustnessFits(plan: RobustnessPlan): void {
  if (plan.memoryBytes > FREE_SHARE * plan.freeMemoryBytes)
    throw new UsageError(
      `robustness: about ${showBytes(plan.memoryBytes)} of memory needed, ${showBytes(plan.freeMemoryBytes)} free: lower --draws or --runs (memory grows with draws x runs x candidates)`,
      'runs',
    );
}

/** Run the nested Monte Carlo and analyse it (no files). */
export async function analyseRobustness(options: RobustnessOptions, journal: TaskJournal | null = null): Promise<RobustnessAnalysis> {
  const { metric, def, parameters, candidates, spec } = prepare(options);
  const k = parameters.length;
  const unit = sobolSequence(options.draws, k, { seed: options.seed ?? 1 });
  const drawValues = unit.map((u) => drawParameters(parameters, u));
  const baseValues = parameters.map((p) => p.baseValue);
  const requests = [baseValues, ...drawValues].map((point) => ({ point, first: 0, count: options.runs }));
  const evaluation = await evaluateDesignPoints(spec, requests, options.workers, { onProgress: options.onProgress, journal });
  const outputs = designOutputs(spec);
  const metrics = resolveMetrics(
    outputs,
    candidates.map((r) => regimeMetric(r, def.column)),
  );
  const values = evaluation.columns.map((columns) => metricValues(metrics, columns));
  const bad = values.findIndex((row) => Array.from(row).some((x) => !Number.isFinite(x)));
  if (bad >= 0)
    throw new UsageError(
      `robustness: ${def.column} is undefined at ${bad === 0 ? "the scenario's own values" : `draw ${bad - 1}`} (no change merged in ${options.runs} replications); raise --runs`,
      'runs',
    );
  const baseMetrics = Float64Array.from(values[0]!);
  const drawMetrics = values.slice(1).map((v) => Float64Array.from(v));
  const higher = higherIsBetter(metric);
  const argBest = (row: ArrayLike<number>) => {
    let b = 0;
    for (let o = 1; o < row.length; o++) if (higher ? row[o]! > row[b]! : row[o]! < row[b]!) b = o;
    return b;
  };
  const baseBest = argBest(baseMetrics);
  const best = drawMetrics.map(argBest);
  const flips = Float64Array.from(best, (b) => (b === baseBest ? 0 : 1));
  const flipShare = flips.reduce((s, x) => s + x, 0) / flips.length;
  const seed = options.seed ?? 1;
  const decisionOptions = { higherIsBetter: higher, seed };
  const evppis = parameters.map((_, i) => evppi(drawMetrics, Float64Array.from(drawValues, (v) => v[i]!), decisionOptions));
  const order = evppis.map((_, i) => i).sort((a, b) => evppis[b]!.value - evppis[a]!.value || a - b);
  const analysis = {
    metric,
    column: def.column,
    unit: def.unit,
    higherIsBetter: higher,
    candidates,
    labels: candidates.map((c) => regimeLabel(c, options.scenario)),
    parameters,
    drawValues,
    drawMetrics,
    baseMetrics,
    baseBest,
    best,
    probabilityBest: probabilityBest(drawMetrics, decisionOptions),
    expectedLoss: expectedLoss(drawMetrics, decisionOptions),
    evpi: evpi(drawMetrics, decisionOptions),
    evppi: evppis.map((e, i) => ({ parameter: parameters[i]!, evppi: e, rank: order.indexOf(i) + 1 })),
    prim: flipShare > 0 && flipShare < 1 ? prim(parameters.map((_, i) => drawValues.map((v) => v[i]!)), flips) : null,
    flipShare,
    perMonth: outcomesPerMonth(options.scenario),
  };
  return { ...analysis, sentence: verdictSentence(analysis), simulated: evaluation.simulated, requested: evaluation.requested, threads: evaluation.threads };
}

/**
 * Run the robustness analysis and write robustness.csv, robustness_draws.csv and meta.json in
 * `out`, atomically. With `out`, a journal (`<out>.partial/`, ./taskJournal.ts) keeps each task of
 * replications until the output is in place: `resume` continues from it, as breakeven and
 * sensitivity do.
 */
export async function runRobustness(options: RobustnessOptions & JournalOptions): Promise<RobustnessResult> {
  const started = performance.now();
  if (options.out) checkOutputTarget(options.out, options.force ?? false);
  // Every input is checked before the journal is touched.
  prepare(options);
  const key = taskJournalKey('robustness', options.scenario, options.seed ?? 1, options.runs, { draws: options.draws });
  return withTaskJournal(options.out, key, options, async (journal) => {
    const result = await analyseRobustness(options, journal);
    return { ...result, outDir: writeRobustnessDir(options, result, started) };
  });
}

function writeRobustnessDir(options: RobustnessOptions, result: RobustnessAnalysis, started: number): string | null {
  let outDir: string | null = null;
  if (options.out)
    outDir = writeAnalysisDir(
      options.out,
      options.force ?? false,
      { 'robustness.csv': robustnessCsv(result), 'robustness_draws.csv': robustnessDrawsCsv(result) },
      {
        command: 'robustness',
        argv: options.argv ?? [],
        scenario: options.scenario,
        seed: options.seed ?? 1,
        runs: options.runs,
        settings: {
          draws: options.draws,
          metric: result.column,
          candidates: result.candidates,
          parameters: result.parameters.map((p) => ({ path: p.path, distribution: p.spec, source: p.source })),
          sentence: result.sentence,
        },
        seconds: Math.round(performance.now() - started) / 1000,
      },
    );
  return outDir;
}

/** The text with a full stop at its end, once. */
const sentenceEnd = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** The quick pass `run` makes: this many outer draws... */
export const QUICK_DRAWS = 32;
/** ...of at least this many replications each (fewer: the noise would pass for fragility, so no quick pass). */
export const QUICK_MIN_RUNS = 100;

/**
 * The line `run` prints after its verdict: whether the verdict holds across the judgment ranges.
 * From the last robustness output of this very scenario (`lastDir`'s meta.json names the same
 * scenario hash), else a quick pass of QUICK_DRAWS draws sized to about the run's own work
 * (its replications x regimes), when that leaves each draw at least QUICK_MIN_RUNS replications.
 * `command` is the robustness command to see why.
 */
export async function fragilityLine(
  scenario: Scenario,
  run: { runs: number; seed: number | string; workers?: number | 'auto'; lastDir: string; command: string },
): Promise<string> {
  const meta = join(run.lastDir, 'meta.json');
  if (existsSync(meta)) {
    try {
      const last = JSON.parse(readFileSync(meta, 'utf8')) as { command?: string; scenarioHash?: string; sentence?: string; draws?: number };
      if (last.command === 'robustness' && last.scenarioHash === scenarioHash(scenario) && last.sentence)
        return `robustness (${run.lastDir}, ${last.draws} draws): ${sentenceEnd(last.sentence)} See why: ${run.command}`;
    } catch {
      // An unreadable meta.json is no result: fall through to the quick pass.
    }
  }
  const candidates = robustnessDecision(scenario).candidates.length;
  const perDraw = Math.floor((run.runs * scenario.regimes.length) / ((QUICK_DRAWS + 1) * Math.max(1, candidates)));
  if (perDraw < QUICK_MIN_RUNS)
    return `robustness: not checked at this size (a quick pass needs about ${((QUICK_MIN_RUNS * (QUICK_DRAWS + 1) * candidates) / scenario.regimes.length).toLocaleString('en-US')} replications); how sure the verdict is: ${run.command}`;
  try {
    const a = await analyseRobustness({ scenario, draws: QUICK_DRAWS, runs: perDraw, seed: run.seed, workers: run.workers });
    const verdict = a.flipShare === 0 ? 'holds across the judgment ranges' : `is fragile: ${a.sentence}`;
    return `robustness (a quick pass: ${QUICK_DRAWS} draws x ${perDraw} replications): the verdict ${sentenceEnd(a.flipShare === 0 ? `${verdict} (${a.labels[a.baseBest]} best at every draw)` : verdict)} See why: ${run.command}`;
  } catch (err) {
    if (err instanceof UsageError) return `robustness: not checked (${err.message})`;
    throw err;
  }
}
