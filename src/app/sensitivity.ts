/**
 * `orchsim sensitivity`: which parameters the answer turns on. Scenario paths over ranges
 * (--param PATH=LOW..HIGH, or --judgment: the judgment figures of ./judgment.ts) go to the
 * library's tornado, Morris or Sobol on the function of ./scenarioFunction.ts (common random
 * numbers: replication r is the same luck at every point). Metrics: per regime, cost per merged
 * change (ratio of sums), wall clock and merge rate (means over replications) and the decision's
 * metric, and the headline paired difference: the decision's metric (../model/decision.ts) of its
 * subject minus its baseline's, per replication, averaged (as summary.csv's paired rows).
 */
import { resolveMetrics, type Metric, type MetricSpec } from '../analysis/index.js';
import { decisionMetric, resolveDecision, SENSITIVITY_METHODS, type Scenario, type SensitivityMethod } from '../model/index.js';
import { splitAssignment } from '../experiment/index.js';
import { UsageError } from '../errors/index.js';
import { checkOutputTarget, csvLine, human, SENSITIVITY_COLUMN_DOCS, statCell, table } from '../output/index.js';
import { decimalsFor, metricValueText, unitWords } from '../output/units.js';
import { writeAnalysisDir } from './analysisOutput.js';
import { checkSensitivityFits, planSensitivity, type SensitivityPlan } from './sensitivityPlan.js';
import { designOutputs, evaluateDesignPoints, type DesignEvaluationRequest, type DesignHooks, type DesignSpec } from './designPoints.js';
import { taskJournalKey, withTaskJournal, type JournalOptions } from './taskJournal.js';
import { METHOD_ROWS } from './sensitivityMethods.js';
import { judgmentRanges, type ParamRange } from './judgment.js';
import { columnsOf, parseRange, pathParameter, regimeMetric } from './scenarioFunction.js';

export { SENSITIVITY_METHODS, type SensitivityMethod };

/** The per-regime metrics, as runs.csv columns (the decision's first metric is added). */
export const SENSITIVITY_METRICS = ['cost_per_merged_usd', 'wall_clock_hours', 'merge_rate'] as const;
/** The headline paired difference's metric name: `delta_` and the decision's first metric's column. */
export const headlineMetric = (column: string) => `delta_${column}`;
/** The runs.csv columns every point's replications are reduced to (the decision's metric's are added). */
const POINT_COLUMNS = ['total_usd', 'merged', 'wall_clock_hours', 'merge_rate', 'cost_per_merged_usd'];

/** The decision's deciding metric (a runs.csv column), its subject and baseline. */
function headlineOf(scenario: Scenario): { column: string; subject: string | null; baseline: string } {
  const decision = resolveDecision(scenario);
  return { column: decisionMetric(decision.metrics[0]!).column, subject: decision.subject, baseline: decision.baseline };
}

/** The columns a point reduces to: the fixed ones and those of the decision's metric. */
function pointColumns(column: string): string[] {
  return [...new Set([...POINT_COLUMNS, ...columnsOf(column), column])];
}

/** The settings of each method unless told otherwise. */
export const SENSITIVITY_DEFAULTS = { method: 'tornado', trajectories: 20, levels: 4, samples: 200, sobolNoisePoints: 50 } as const;

export interface SensitivityOptions {
  scenario: Scenario;
  ranges: readonly ParamRange[];
  /** Add the judgment figures (./judgment.ts) not already in `ranges`. */
  judgment: boolean;
  method: SensitivityMethod;
  /** Replications per point (per end, for the tornado). */
  runs: number;
  seed?: number | string;
  /** Morris trajectories r (default 20). */
  trajectories?: number;
  /** Morris levels p (even; default 4). */
  levels?: number;
  /** Sobol base samples N (default 200). */
  samples?: number;
  /** Threads, this one included (default 'auto': the cores once the work pays for starting them). */
  workers?: number | 'auto';
  out?: string | null;
  force?: boolean;
  argv?: string[];
  /** Stop after the plan (its size, ./sensitivityPlan.ts): nothing simulated or written. */
  dryRun?: boolean;
  /** Called with the plan before anything is simulated. */
  onPlan?: (plan: SensitivityPlan) => void;
}

/** One tidy row of sensitivity.csv. */
export interface SensitivityRow {
  method: SensitivityMethod;
  parameter: string;
  regime: string;
  metric: string;
  statistic: string;
  value: number;
}

export interface SensitivityResult {
  method: SensitivityMethod;
  parameters: string[];
  rows: SensitivityRow[];
  /** What the console ranks by for this method. */
  rankedBy: string;
  /** Regime-replications simulated, and out of how many the design asks for (the rest were shared between points). */
  simulated: number;
  requested: number;
  /** Threads that took part, this one included. */
  threads: number;
  /** The design's size, as planned before it was built. */
  plan?: SensitivityPlan;
  outDir: string | null;
}

/** `PATH=LOW..HIGH` → a range (UsageError naming --param). */
export function parseParamRange(arg: string): ParamRange {
  const { path, text } = splitAssignment(arg, '--param');
  const [low, high] = parseRange(text, `--param ${path}=`);
  return { path, low, high };
}

/**
 * The ranges and settings of a scenario's `sensitivity:` block, with the flags given on top (key
 * by key; --param replaces the block's params). Each range from the block names its field.
 */
export function sensitivityFromScenario(
  scenario: Scenario,
  flags: { ranges: readonly ParamRange[]; judgment?: boolean; method?: SensitivityMethod; runs?: number; trajectories?: number; levels?: number; samples?: number },
): Pick<SensitivityOptions, 'ranges' | 'judgment' | 'method'> & { runs?: number; trajectories?: number; levels?: number; samples?: number } {
  const block = scenario.sensitivity ?? {};
  const ranges = flags.ranges.length > 0 ? flags.ranges : (block.params ?? []).map((p, i) => ({ ...p, field: `sensitivity.params[${i}]` }));
  return {
    ranges,
    judgment: flags.judgment ?? block.judgment ?? false,
    method: flags.method ?? block.method ?? SENSITIVITY_DEFAULTS.method,
    runs: flags.runs ?? block.runs,
    trajectories: flags.trajectories ?? block.trajectories,
    levels: flags.levels ?? block.levels,
    samples: flags.samples ?? block.samples,
  };
}

const SEP = ':';

/**
 * The metrics: per regime cost per merged change, wall clock, merge rate and the decision's
 * metric; and the headline difference (the decision's subject minus its baseline, on its metric).
 */
function sensitivityMetrics(scenario: Scenario, outputs: readonly string[]): { metrics: Metric[]; headline: { a: number; b: number } | null } {
  const { column, subject, baseline } = headlineOf(scenario);
  const perRegime = [...new Set([...SENSITIVITY_METRICS, column])];
  const specs: MetricSpec[] = scenario.regimes.flatMap((r) => perRegime.map((m) => regimeMetric(r, m)));
  if (!subject) return { metrics: resolveMetrics(outputs, specs), headline: null };
  const name = `${subject}-${baseline}${SEP}${headlineMetric(column)}`;
  specs.push({ name, mean: name });
  const a = outputs.indexOf(`${subject}${SEP}${column}`);
  const b = outputs.indexOf(`${baseline}${SEP}${column}`);
  return { metrics: resolveMetrics([...outputs, name], specs), headline: { a, b } };
}

const split = (name: string) => {
  const i = name.lastIndexOf(SEP);
  return { regime: name.slice(0, i), metric: name.slice(i + 1) };
};

/** The parameters a sensitivity varies, checked (a UsageError naming the field of the first bad one). */
export function sensitivityParameters(options: Pick<SensitivityOptions, 'scenario' | 'ranges' | 'judgment'>) {
  const given = new Set(options.ranges.map((r) => r.path));
  const ranges = [...options.ranges, ...(options.judgment ? judgmentRanges(options.scenario).filter((r) => !given.has(r.path)) : [])];
  if (ranges.length === 0) throw new UsageError('sensitivity: give --param PATH=LOW..HIGH (repeatable), --judgment, or a sensitivity: block with params in the scenario', 'param');
  return ranges.map((r) => pathParameter(options.scenario, r.path, r.low, r.high, r.field ?? '--param'));
}

/** The settings a sensitivity's journal is keyed by (besides scenario, seed and runs). */
export function sensitivitySettings(options: SensitivityOptions, parameters: readonly { path: string; low: number; high: number }[]) {
  return {
    method: options.method,
    parameters: parameters.map((p) => [p.path, p.low, p.high]),
    trajectories: options.trajectories ?? SENSITIVITY_DEFAULTS.trajectories,
    levels: options.levels ?? SENSITIVITY_DEFAULTS.levels,
    samples: options.samples ?? SENSITIVITY_DEFAULTS.samples,
  };
}

/** Run the method; the rows of sensitivity.csv (no files). Every point's replications go to the worker pool (./designPoints.ts). */
export async function analyseSensitivity(options: SensitivityOptions, hooks: DesignHooks = {}): Promise<Omit<SensitivityResult, 'outDir'>> {
  const parameters = sensitivityParameters(options);
  const seed = options.seed ?? 1;
  const spec: DesignSpec = { base: options.scenario, paths: parameters.map((p) => p.path), columns: pointColumns(headlineOf(options.scenario).column), seed };
  const { metrics, headline } = sensitivityMetrics(options.scenario, designOutputs(spec));
  const names = metrics.map((m) => m.name);
  // Its size by formula, before the design is built (./sensitivityPlan.ts); --dry-run stops here.
  const plan = planSensitivity(options.method, parameters.length, options.runs, metrics.length + (headline ? 1 : 0), {
    trajectories: options.trajectories ?? SENSITIVITY_DEFAULTS.trajectories,
    samples: options.samples ?? SENSITIVITY_DEFAULTS.samples,
    sobolNoise: SENSITIVITY_DEFAULTS.sobolNoisePoints,
  });
  options.onPlan?.(plan);
  checkSensitivityFits(plan);
  if (options.dryRun) return { method: options.method, parameters: parameters.map((p) => p.path), rows: [], rankedBy: '', simulated: 0, requested: 0, threads: 1, plan };
  const set = { first: 0, count: options.runs };
  const counts = { simulated: 0, requested: 0, threads: 1 };
  const evaluate = async (requests: DesignEvaluationRequest[]) => {
    const evaluation = await evaluateDesignPoints(spec, requests, options.workers, hooks);
    counts.simulated += evaluation.simulated;
    counts.requested += evaluation.requested;
    counts.threads = Math.max(counts.threads, evaluation.threads);
    if (!headline) return evaluation.columns;
    // The headline difference, per replication: the decision's subject minus its baseline.
    return evaluation.columns.map((columns) => [...columns, columns[headline.a]!.map((x, r) => x - columns[headline.b]![r]!)]);
  };
  const rows: SensitivityRow[] = [];
  const add = (method: SensitivityMethod, parameter: string, metricName: string, statistic: string, value: number) =>
    rows.push({ method, parameter, ...split(metricName), statistic, value });
  const settings = {
    trajectories: options.trajectories ?? SENSITIVITY_DEFAULTS.trajectories,
    levels: options.levels ?? SENSITIVITY_DEFAULTS.levels,
    samples: options.samples ?? SENSITIVITY_DEFAULTS.samples,
    sobolNoisePoints: SENSITIVITY_DEFAULTS.sobolNoisePoints,
  };
  await METHOD_ROWS[options.method]({ parameters, metrics, names, seed, set, evaluate, add, settings });
  const rankedBy = { tornado: 'swing', morris: 'mu_star', sobol: 'st' }[options.method];
  return { method: options.method, parameters: parameters.map((p) => p.path), rows, rankedBy, ...counts, plan };
}

export const SENSITIVITY_COLUMNS = SENSITIVITY_COLUMN_DOCS.map((c) => c.name);

export function sensitivityCsv(rows: readonly SensitivityRow[]): string {
  const lines = [csvLine(SENSITIVITY_COLUMNS), ...rows.map((r) => csvLine([r.method, r.parameter, r.regime, r.metric, r.statistic, statCell(r.value)]))];
  return `${lines.join('\n')}\n`;
}

/**
 * The console table: per regime and metric, the parameters ranked (by swing, mu* or ST). A
 * tornado's heading names the metric's unit and the base (every parameter at its base), and each
 * row the low and high settings with the metric at each, in the metric's unit and with the
 * decimals that tell the ends apart (as the report's tornado prints them).
 */
export function renderSensitivity(result: Pick<SensitivityResult, 'method' | 'parameters' | 'rows' | 'rankedBy'>): string {
  const value = (r: SensitivityRow | undefined) => (r ? (r.statistic === 'rank' ? String(r.value) : human(r.value)) : '');
  const groups = new Map<string, SensitivityRow[]>();
  for (const r of result.rows) {
    const key = `${r.regime}${SEP}${r.metric}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const lines = [`sensitivity (${result.method}) over ${result.parameters.length} parameters, ranked by ${result.rankedBy}`];
  // The headline (the decision's subject against its baseline) first: the comparison the scenario is about.
  const ordered = [...groups].sort(([a], [b]) => Number(split(b).metric.startsWith('delta_')) - Number(split(a).metric.startsWith('delta_')));
  for (const [key, rows] of ordered) {
    const { regime, metric } = split(key);
    const find = (p: string, s: string) => rows.find((r) => r.parameter === p && r.statistic === s);
    const ranked = result.parameters.filter((p) => find(p, 'rank')).sort((a, b) => find(a, 'rank')!.value - find(b, 'rank')!.value);
    const title = metric.startsWith('delta_') ? `headline: ${regime.replace('-', ' minus ')}, ${metric.slice('delta_'.length)} (the decision's comparison)` : `${regime} ${metric}`;
    if (result.method === 'tornado') {
      const swings = ranked.map((p) => Math.abs(find(p, 'swing')?.value ?? 0)).filter((s) => s > 0);
      const digits = decimalsFor(metric, Math.min(...swings));
      const show = (v: number | undefined) => metricValueText(metric, v, digits);
      const setting = (p: string, s: string) => { const v = find(p, s)?.value; return v === undefined ? '' : String(Number(v.toPrecision(6))); };
      const base = find(ranked[0] ?? '', 'base')?.value;
      lines.push(
        '',
        title,
        `  ${unitWords(metric) || 'no unit'}; base, every parameter at its base: ${show(base)}`,
        table(
          ['rank', 'parameter', 'low setting', `${metric} there`, 'high setting', `${metric} there`, 'swing'],
          ranked.map((p) => [value(find(p, 'rank')), p, setting(p, 'low_setting'), show(find(p, 'low')?.value), setting(p, 'high_setting'), show(find(p, 'high')?.value), show(Math.abs(find(p, 'swing')?.value ?? Number.NaN))]),
        ),
      );
      continue;
    }
    const extra = { tornado: ['low', 'high', 'swing'], morris: ['mu', 'mu_star', 'sigma'], sobol: ['s1', 'st'] }[result.method];
    lines.push('', title, table(['rank', 'parameter', ...extra], ranked.map((p) => [value(find(p, 'rank')), p, ...extra.map((s) => value(find(p, s)))])));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Run the sensitivity and write sensitivity.csv (and meta.json) in `out`, atomically. With `out`,
 * a journal (`<out>.partial/`, ./taskJournal.ts) keeps each task of replications until the output
 * is in place: `resume` continues from it.
 */
export async function runSensitivity(
  options: SensitivityOptions & JournalOptions,
  hooks: Omit<DesignHooks, 'journal'> = {},
): Promise<SensitivityResult> {
  const started = performance.now();
  if (options.out && !options.dryRun) checkOutputTarget(options.out, options.force ?? false);
  // A dry run plans and writes nothing: no journal.
  if (options.dryRun) return { ...(await analyseSensitivity(options, hooks)), outDir: null };
  // Every input is checked before the journal is touched.
  const parameters = sensitivityParameters(options);
  const key = taskJournalKey('sensitivity', options.scenario, options.seed ?? 1, options.runs, sensitivitySettings(options, parameters));
  return withTaskJournal(options.out, key, options, async (journal) => {
    const result = await analyseSensitivity(options, { ...hooks, journal });
    return { ...result, outDir: writeSensitivityDir(options, result, started) };
  });
}

function writeSensitivityDir(options: SensitivityOptions, result: Omit<SensitivityResult, 'outDir'>, started: number): string | null {
  let outDir: string | null = null;
  if (options.out && !options.dryRun)
    outDir = writeAnalysisDir(options.out, options.force ?? false, { 'sensitivity.csv': sensitivityCsv(result.rows) }, {
      command: 'sensitivity',
      argv: options.argv ?? [],
      scenario: options.scenario,
      seed: options.seed ?? 1,
      runs: options.runs,
      settings: {
        method: options.method,
        parameters: result.parameters,
        ...(options.method === 'morris' ? { trajectories: options.trajectories ?? SENSITIVITY_DEFAULTS.trajectories, levels: options.levels ?? SENSITIVITY_DEFAULTS.levels } : {}),
        ...(options.method === 'sobol' ? { samples: options.samples ?? SENSITIVITY_DEFAULTS.samples } : {}),
      },
      seconds: Math.round(performance.now() - started) / 1000,
    });
  return outDir;
}
