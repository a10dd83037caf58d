/**
 * `orchsim sensitivity`: which parameters the answer turns on. Scenario paths over ranges
 * (--param PATH=LOW..HIGH, or --judgment: the judgment figures of ./judgment.ts) go to the
 * library's tornado, Morris or Sobol on the function of ./scenarioFunction.ts (common random
 * numbers: replication r is the same luck at every point). Metrics: per regime, cost per merged
 * change (ratio of sums), wall clock and merge rate (means over replications), and the headline
 * paired difference: cost per merged change of the verdict's regime minus its baseline's, per
 * replication, averaged (as summary.csv's paired rows).
 */
import { morris, sobol, tornado, type AnalysisModel, type MetricSpec } from '../analysis/index.js';
import { BASELINES, verdictSubject, type Scenario } from '../model/index.js';
import { splitAssignment, UsageError } from '../experiment/index.js';
import { checkOutputTarget, csvLine, human, SENSITIVITY_COLUMN_DOCS, statCell, table } from '../output/index.js';
import { writeAnalysisDir } from './analysisOutput.js';
import { judgmentRanges, type ParamRange } from './judgment.js';
import { parseRange, pathParameter, regimeMetric, ScenarioFunction } from './scenarioFunction.js';

export const SENSITIVITY_METHODS = ['tornado', 'morris', 'sobol'] as const;
export type SensitivityMethod = (typeof SENSITIVITY_METHODS)[number];

/** The per-regime metrics, as runs.csv columns. */
export const SENSITIVITY_METRICS = ['cost_per_merged_usd', 'wall_clock_hours', 'merge_rate'] as const;
/** The headline paired difference's metric name. */
export const HEADLINE_METRIC = 'delta_cost_per_merged_usd';

export interface SensitivityOptions {
  scenario: Scenario;
  ranges: readonly ParamRange[];
  /** Add the judgment figures (./judgment.ts) not already in `ranges`. */
  judgment: boolean;
  method: SensitivityMethod;
  /** Replications per point (per end, for the tornado). */
  runs: number;
  seed?: number | string;
  /** Morris trajectories (default 20) or Sobol base samples (default 200). */
  samples?: number;
  out?: string | null;
  force?: boolean;
  argv?: string[];
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
  outDir: string | null;
}

/** `PATH=LOW..HIGH` → a range (UsageError naming --param). */
export function parseParamRange(arg: string): ParamRange {
  const { path, text } = splitAssignment(arg, '--param');
  const [low, high] = parseRange(text, `--param ${path}=`);
  return { path, low, high };
}

const SEP = ':';

/** The analysis model: outputs per regime plus the headline difference, and the metric specs. */
function sensitivityModel(options: SensitivityOptions, fn: ScenarioFunction): { model: AnalysisModel; headline: string | null } {
  const regimes = options.scenario.regimes as readonly string[];
  const subject = verdictSubject(regimes);
  const baseline = BASELINES.find((b) => b !== subject && regimes.includes(b));
  const headline = subject && baseline ? `${subject}-${baseline}` : null;
  const metrics: MetricSpec[] = regimes.flatMap((r) => SENSITIVITY_METRICS.map((m) => regimeMetric(r, m)));
  const outputs = [...fn.outputs];
  let f = fn.f;
  if (headline) {
    const a = fn.outputs.indexOf(`${subject}${SEP}cost_per_merged_usd`);
    const b = fn.outputs.indexOf(`${baseline}${SEP}cost_per_merged_usd`);
    outputs.push(`${headline}${SEP}${HEADLINE_METRIC}`);
    metrics.push({ name: `${headline}${SEP}${HEADLINE_METRIC}`, mean: `${headline}${SEP}${HEADLINE_METRIC}` });
    f = (point, replication) => {
      const values = fn.f(point, replication);
      const out = new Float64Array(values.length + 1);
      out.set(values);
      out[values.length] = values[a]! - values[b]!;
      return out;
    };
  }
  return { model: { parameters: fn.parameters, outputs, metrics, f }, headline };
}

const split = (name: string) => {
  const i = name.lastIndexOf(SEP);
  return { regime: name.slice(0, i), metric: name.slice(i + 1) };
};

/** Run the method; the rows of sensitivity.csv (no files). */
export function analyseSensitivity(options: SensitivityOptions): Omit<SensitivityResult, 'outDir'> {
  const given = new Set(options.ranges.map((r) => r.path));
  const ranges = [...options.ranges, ...(options.judgment ? judgmentRanges(options.scenario).filter((r) => !given.has(r.path)) : [])];
  const parameters = ranges.map((r) => pathParameter(options.scenario, r.path, r.low, r.high, '--param'));
  const columns = ['total_usd', 'merged', 'wall_clock_hours', 'merge_rate', 'cost_per_merged_usd'];
  const fn = new ScenarioFunction(options.scenario, parameters, columns, options.seed ?? 1);
  const { model } = sensitivityModel(options, fn);
  const seed = options.seed ?? 1;
  const rows: SensitivityRow[] = [];
  const add = (method: SensitivityMethod, parameter: string, metricName: string, statistic: string, value: number) =>
    rows.push({ method, parameter, ...split(metricName), statistic, value });
  if (options.method === 'tornado') {
    // The base is the scenario's own value where it lies in the range (else the midpoint).
    const base = parameters.map((p) => (p.baseValue >= p.low && p.baseValue <= p.high ? p.baseValue : p.integer ? Math.floor((p.low + p.high) / 2) : (p.low + p.high) / 2));
    for (const m of tornado(model, { replications: options.runs, base }))
      for (const bar of m.bars) {
        const stats: [string, number][] = [
          ['rank', bar.rank],
          ['low_setting', bar.lowSetting],
          ['high_setting', bar.highSetting],
          ['base', m.base.estimate],
          ['low', bar.low],
          ['high', bar.high],
          ['swing', bar.swing],
          ['swing_ci_low', bar.swingDelta.ciLow],
          ['swing_ci_high', bar.swingDelta.ciHigh],
        ];
        for (const [s, v] of stats) add('tornado', bar.parameter, m.metric, s, v);
      }
  } else if (options.method === 'morris') {
    for (const m of morris(model, { replications: options.runs, trajectories: options.samples ?? 20, seed })) {
      const ranked = [...m.effects].sort((x, y) => y.muStar - x.muStar);
      for (const e of m.effects) {
        const stats: [string, number][] = [
          ['rank', ranked.indexOf(e) + 1],
          ['mu', e.mu],
          ['mu_star', e.muStar],
          ['sigma', e.sigma],
          ['mu_star_ci_low', e.muStarCiLow],
          ['mu_star_ci_high', e.muStarCiHigh],
          ['noise_mu_star', m.noiseMuStar],
        ];
        for (const [s, v] of stats) add('morris', e.parameter, m.metric, s, v);
      }
    }
  } else {
    for (const m of sobol(model, { replications: options.runs, baseSamples: options.samples ?? 200, seed, noisePoints: 50 })) {
      const ranked = [...m.indices].sort((x, y) => y.total - x.total);
      for (const i of m.indices) {
        const stats: [string, number][] = [
          ['rank', ranked.indexOf(i) + 1],
          ['s1', i.first],
          ['s1_ci_low', i.firstCiLow],
          ['s1_ci_high', i.firstCiHigh],
          ['st', i.total],
          ['st_ci_low', i.totalCiLow],
          ['st_ci_high', i.totalCiHigh],
          ['noise_share', m.noiseShare],
        ];
        for (const [s, v] of stats) add('sobol', i.parameter, m.metric, s, v);
      }
    }
  }
  const rankedBy = { tornado: 'swing', morris: 'mu_star', sobol: 'st' }[options.method];
  return { method: options.method, parameters: parameters.map((p) => p.path), rows, rankedBy };
}

export const SENSITIVITY_COLUMNS = SENSITIVITY_COLUMN_DOCS.map((c) => c.name);

export function sensitivityCsv(rows: readonly SensitivityRow[]): string {
  const lines = [csvLine(SENSITIVITY_COLUMNS), ...rows.map((r) => csvLine([r.method, r.parameter, r.regime, r.metric, r.statistic, statCell(r.value)]))];
  return `${lines.join('\n')}\n`;
}

/** The console table: per regime and metric, the parameters ranked (by swing, mu* or ST). */
export function renderSensitivity(result: Omit<SensitivityResult, 'outDir'>): string {
  const value = (r: SensitivityRow | undefined) => (r ? (r.statistic === 'rank' ? String(r.value) : human(r.value)) : '');
  const groups = new Map<string, SensitivityRow[]>();
  for (const r of result.rows) {
    const key = `${r.regime}${SEP}${r.metric}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const lines = [`sensitivity (${result.method}) over ${result.parameters.length} parameters, ranked by ${result.rankedBy}`];
  for (const [key, rows] of groups) {
    const { regime, metric } = split(key);
    const find = (p: string, s: string) => rows.find((r) => r.parameter === p && r.statistic === s);
    const ranked = result.parameters.filter((p) => find(p, 'rank')).sort((a, b) => find(a, 'rank')!.value - find(b, 'rank')!.value);
    const extra = { tornado: ['low', 'high', 'swing'], morris: ['mu', 'mu_star', 'sigma'], sobol: ['s1', 'st'] }[result.method];
    lines.push('', `${regime} ${metric}`, table(['rank', 'parameter', ...extra], ranked.map((p) => [value(find(p, 'rank')), p, ...extra.map((s) => value(find(p, s)))])));
  }
  return `${lines.join('\n')}\n`;
}

/** Run the sensitivity and write sensitivity.csv (and meta.json) in `out`. */
export function runSensitivity(options: SensitivityOptions): SensitivityResult {
  const started = performance.now();
  if (options.out) checkOutputTarget(options.out, options.force ?? false);
  if (!options.judgment && options.ranges.length === 0) throw new UsageError('sensitivity: give --param PATH=LOW..HIGH (repeatable) or --judgment', 'param');
  const result = analyseSensitivity(options);
  let outDir: string | null = null;
  if (options.out)
    outDir = writeAnalysisDir(options.out, options.force ?? false, { 'sensitivity.csv': sensitivityCsv(result.rows) }, {
      command: 'sensitivity',
      argv: options.argv ?? [],
      scenario: options.scenario,
      seed: options.seed ?? 1,
      runs: options.runs,
      settings: { method: options.method, parameters: result.parameters },
      seconds: Math.round(performance.now() - started) / 1000,
    });
  return { ...result, outDir };
}
