/**
 * The console report: a table per regime (merge rate, wall clock p50 and p95 over the merged
 * changes, cost per merged change as one figure, the ratio of sums with its interval, token
 * multiple over single), text histograms labelled with what they are over, then the scenario's
 * decision (../model/decision.ts): a verdict per candidate against the baseline on the decision's
 * metrics, with intervals and paired probabilities, and one plain closing sentence. A sweep prints
 * the table of its grid and names the best point for each metric of the decision (best.csv's
 * rows); a team's run or sweep also prints its throughput and bottleneck (./team.ts).
 */
import { bestPointLines, unchangedRegimes } from './sweepBest.js';
import { isTeamPoint, teamBottleneck, type TeamBottleneck, TEAM_NOTE, TEAM_SWEEP_HEADER, teamHeading, teamSweepRow, teamTable, type SummaryLookup } from './team.js';
import { METRIC_INDEX, sortedFinite, quantileOf, type PointValues, type SummaryRow } from '../experiment/index.js';
import { AGENT_BASELINE, decisionMetric, higherIsBetter, regimeLabel, resolveDecision, type Decision, type Scenario } from '../model/index.js';

export interface ReportPoint {
  point: number;
  /** `fanout=8, review.reviewers=2` (empty for a run). */
  label: string;
  /** The point's scenario (each regime labels itself from it: `fanout N=4`). */
  scenario: Scenario;
  /** The kept values (for histograms); absent when not available. */
  values?: PointValues;
}

export interface ReportInput {
  command: string;
  scenarioName: string;
  /** Replications per point in this output. */
  runs: number;
  seed: number | string;
  workers?: number;
  seconds?: number;
  shard?: { index: number; count: number };
  points: ReportPoint[];
  rows: readonly SummaryRow[];
  outDir?: string;
  files?: string[];
  /** The scenario's decision (resolveDecision); absent: the one-change default over the regimes present. */
  decision?: Decision;
  /** A closed loop or a stream: its horizon and, for a closed loop, the engineers filing. */
  team?: { horizonDays: number; engineers: number | null };
  /** The metrics a sweep's best points are judged on (the scenario's decision; best.csv's). */
  bestMetrics?: readonly string[];
  /** A line printed right under the verdict: whether it holds across the judgment ranges (app/robustness's fragilityLine). */
  robustness?: string;
}

export interface RenderOptions {
  color?: boolean;
  /** Terminal width (default 100). */
  width?: number;
}

const key = (point: number, regime: string, baseline: string, metric: string, statistic: string) =>
  `${point}|${regime}|${baseline}|${metric}|${statistic}`;

class RowIndex {
  private readonly map = new Map<string, SummaryRow>();
  constructor(rows: readonly SummaryRow[]) {
    for (const r of rows) this.map.set(key(r.point, r.regime, r.baseline, r.metric, r.statistic), r);
  }
  dist(point: number, regime: string, metric: string) {
    return this.map.get(key(point, regime, '', metric, 'distribution'));
  }
  ratio(point: number, regime: string) {
    return this.ratioOf(point, regime, 'cost_per_merged_usd');
  }
  ratioOf(point: number, regime: string, metric: string) {
    return this.map.get(key(point, regime, '', metric, 'ratio_of_sums'));
  }
  /** The summary rows as team.ts reads them. */
  readonly look: SummaryLookup = (point, regime, metric, statistic) => this.map.get(key(point, regime, '', metric, statistic));
  paired(point: number, regime: string, baseline: string, metric: string) {
    return this.map.get(key(point, regime, baseline, metric, 'paired_difference'));
  }
  regimes(point: number): string[] {
    const out: string[] = [];
    for (const r of this.map.values()) if (r.point === point && r.statistic === 'distribution' && !out.includes(r.regime)) out.push(r.regime);
    return out;
  }
}

/** A number for people: 3 significant figures or so, thousands separated; NaN as '-'. */
export function human(x: number | undefined, digits?: number): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  const d = digits ?? (a >= 100 ? 0 : a >= 10 ? 1 : 2);
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** USD for people ('$1,234'; '-' for none). */
export const usd = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `$${human(x)}`);
/** A signed percentage for people ('+12%', '-3.5%'; '-' for none). */
export const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${x > 0 ? '+' : ''}${x.toFixed(Math.abs(x) >= 10 ? 0 : 1)}%`);
const pctCi = (lo: number | undefined, hi: number | undefined) =>
  lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi) ? '' : ` [${pct(lo)}, ${pct(hi)}]`;

/** Lay out rows of cells in columns; the first column left-aligned, others right-aligned. */
export function table(header: string[], rows: string[][], indent = '  '): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    indent + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const BARS = ' ▁▂▃▄▅▆▇█';

/**
 * One text histogram line per regime on a common scale, from the smallest p1 to the largest p99
 * of the regimes (so one long tail does not flatten the rest); a log scale when that range spans
 * more than a factor of 30 (hours from minutes to weeks).
 */
export function histograms(samples: { label: string; values: Float64Array }[], bins: number, unit: (x: number) => string, showMedian = true): string {
  const sorted = samples.map((s) => ({ label: s.label, v: sortedFinite(s.values) })).filter((s) => s.v.length > 0);
  if (sorted.length === 0) return '  (no values)';
  let lo = Math.min(...sorted.map((s) => quantileOf(s.v, 0.01)));
  let hi = Math.max(...sorted.map((s) => quantileOf(s.v, 0.99)));
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const log = lo > 0 && hi / lo > 30;
  const scale = log ? Math.log : (x: number) => x;
  const a = scale(lo);
  const width = (scale(hi) - a) / bins;
  const labelWidth = Math.max(...sorted.map((s) => s.label.length));
  const lines = sorted.map((s) => {
    const counts = new Array<number>(bins).fill(0);
    for (const x of s.v) {
      if (x < lo || x > hi) continue;
      const b = Math.min(bins - 1, Math.floor((scale(x) - a) / width));
      counts[b]!++;
    }
    const max = Math.max(...counts);
    const bar = counts.map((c) => (c === 0 ? ' ' : BARS[Math.max(1, Math.round((c / max) * 8))])).join('');
    return `  ${s.label.padEnd(labelWidth)} |${bar}|${showMedian ? `  median ${unit(quantileOf(s.v, 0.5))}` : ''}`;
  });
  const left = unit(lo);
  const right = `${unit(hi)}${log ? ' (log scale)' : ''}`;
  const axis = `  ${' '.repeat(labelWidth)}  ${left}${' '.repeat(Math.max(1, bins - left.length - unit(hi).length + 2))}${right}`;
  return [...lines, axis].join('\n');
}

function paint(text: string, code: number, color: boolean): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** A regime as the reports name it at a point (its scenario): `fanout N=4`, `single`, `human`. */
export function regimeName(regime: string, at: Scenario): string {
  return regimeLabel(regime, at);
}

/** How the console words a decision metric: its name, its probability, its two readings. */
interface MetricWords {
  name: string;
  p: string;
  better: string;
  worse: string;
  /** What "both have a value" means for it. */
  both: string;
  /** A value for people, with its unit. */
  show: (x: number) => string;
}

const hoursText = (x: number) => `${human(x)} h`;
const WORDS: Readonly<Record<string, MetricWords>> = {
  costPerMergedUsd: { name: 'cost per merged change', p: 'P(cheaper)', better: 'cheaper per merged change', worse: 'dearer per merged change', both: 'both merged', show: usd },
  costPerResolvedUsd: { name: 'cost per resolved outcome', p: 'P(cheaper)', better: 'cheaper per resolved outcome', worse: 'dearer per resolved outcome', both: 'both resolved', show: usd },
  wallClockHours: { name: 'wall clock', p: 'P(faster)', better: 'faster', worse: 'slower', both: 'both merged', show: hoursText },
  leadTimeHours: { name: 'lead time', p: 'P(faster)', better: 'quicker to merge', worse: 'slower to merge', both: 'both merged', show: hoursText },
  mergedPerMonth: { name: 'merged changes a month', p: 'P(more)', better: 'higher in throughput', worse: 'lower in throughput', both: 'both merged', show: (x) => `${human(x, 1)} merged a month` },
  merged: { name: 'changes merged', p: 'P(more)', better: 'higher in throughput', worse: 'lower in throughput', both: 'both merged', show: (x) => `${human(x, 1)} merged` },
};

/** What a side without a value did: 'resolved none', 'merged none'. */
const noneWord = (w: MetricWords) => (w.both.includes('resolved') ? 'resolved none' : 'merged none');

/** The words for a decision metric (a generic form for one without its own). */
export function metricWords(key: string): MetricWords {
  const known = WORDS[key];
  if (known) return known;
  const column = decisionMetric(key).column;
  return { name: column, p: 'P(better)', better: `better on ${column}`, worse: `worse on ${column}`, both: 'both had a value', show: (x) => human(x) };
}

/** A regime's headline value of a metric: the ratio of sums where it has one, else the mean over replications. */
function headlineValue(index: RowIndexLike, point: number, regime: string, column: string): { mean: number; ciLow: number; ciHigh: number } | undefined {
  const r = index.ratioOf(point, regime, column) ?? index.dist(point, regime, column);
  return r && Number.isFinite(r.mean) ? r : undefined;
}

/** a against b on a metric: relative % with its interval and P(a better), from summary's paired row (either way round). */
export interface Relative {
  pct: number;
  lowPct: number;
  highPct: number;
  pBetter: number;
  bothShare: number;
}

function relative(index: RowIndexLike, point: number, a: string, b: string, key: string): Relative | undefined {
  const column = decisionMetric(key).column;
  const direct = index.paired(point, a, b, column);
  if (direct) return { pct: direct.relativePct, lowPct: direct.relativeCiLowPct, highPct: direct.relativeCiHighPct, pBetter: direct.pBetter, bothShare: direct.bothShare };
  const inverse = index.paired(point, b, a, column);
  // (1 + r)^-1 - 1: the same comparison read from the other side (the interval's ends swap).
  const flip = (x: number) => (1 / (1 + x / 100) - 1) * 100;
  if (inverse)
    return { pct: flip(inverse.relativePct), lowPct: flip(inverse.relativeCiHighPct), highPct: flip(inverse.relativeCiLowPct), pBetter: 1 - inverse.pBetter, bothShare: inverse.bothShare };
  // Not paired in summary.csv: the two headline values, without an interval.
  const va = headlineValue(index, point, a, column);
  const vb = headlineValue(index, point, b, column);
  if (!va || !vb || vb.mean === 0) return undefined;
  return { pct: (va.mean / vb.mean - 1) * 100, lowPct: Number.NaN, highPct: Number.NaN, pBetter: Number.NaN, bothShare: Number.NaN };
}

/** Is a clearly better than b (its interval excludes no difference, on the better side)? 1 better, -1 worse, 0 unclear. */
function clearSign(rel: Relative, key: string): number {
  const up = higherIsBetter(key);
  if (rel.highPct < 0) return up ? -1 : 1;
  if (rel.lowPct > 0) return up ? 1 : -1;
  return 0;
}

/**
 * "fanout N=4 vs single: cost per merged change -12% [CI], P(cheaper) 0.62 (both merged in 0.95);
 * wall clock -58% [CI], P(faster) 0.91 (...): cheaper per merged change and faster", over the
 * decision's metrics (one change by default: cost per merged change, then wall clock).
 */
export function verdict(index: RowIndexLike, point: number, regime: string, baseline: string, at: Scenario, metrics: readonly string[] = ['costPerMergedUsd', 'wallClockHours']): string | null {
  const parts: string[] = [];
  const readings: string[] = [];
  const unclear: string[] = [];
  const p = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  for (const key of metrics) {
    const rel = relative(index, point, regime, baseline, key);
    if (!rel) continue;
    const w = metricWords(key);
    const prob = Number.isFinite(rel.pBetter) ? `, ${w.p} ${p(rel.pBetter)} (${w.both} in ${p(rel.bothShare)})` : '';
    if (!Number.isFinite(rel.pct)) {
      // A ratio over nothing: one side never merged (or resolved) in any replication.
      const column = decisionMetric(key).column;
      const none = (r: string) => !headlineValue(index, point, r, column);
      const who = none(regime) && !none(baseline) ? regimeName(regime, at) : !none(regime) && none(baseline) ? regimeName(baseline, at) : 'neither';
      parts.push(`${w.name}: ${who} ${noneWord(w)}${prob}`);
      if (who === regimeName(regime, at)) readings.push(w.worse);
      else if (who === regimeName(baseline, at)) readings.push(w.better);
      else unclear.push(w.name);
      continue;
    }
    parts.push(`${w.name} ${pct(rel.pct)}${pctCi(rel.lowPct, rel.highPct)}${prob}`);
    const sign = clearSign(rel, key);
    if (sign > 0) readings.push(w.better);
    else if (sign < 0) readings.push(w.worse);
    else unclear.push(w.name);
  }
  if (parts.length === 0) return null;
  let reading = readings.join(' and ');
  if (unclear.length) reading += `${reading ? '; ' : ''}no clear difference in ${unclear.join(' or ')}${readings.length ? '' : ' at this many replications'}`;
  return `${regimeName(regime, at)} vs ${regimeName(baseline, at)}: ${parts.join('; ')}: ${reading}`;
}

type RowIndexLike = Pick<RowIndex, 'paired' | 'ratioOf' | 'dist'>;

function header(input: ReportInput): string {
  const parts = [
    `orchsim ${input.command}`,
    input.scenarioName,
    `${input.runs.toLocaleString('en-US')} replication${input.runs === 1 ? '' : 's'}${input.points.length > 1 ? ` x ${input.points.length} points` : ''}`,
    `seed ${input.seed}`,
  ];
  if (input.shard && input.shard.count > 1) parts.push(`shard ${input.shard.index}/${input.shard.count}`);
  if (input.workers !== undefined) parts.push(`${input.workers} worker${input.workers === 1 ? '' : 's'}`);
  if (input.seconds !== undefined) parts.push(`${input.seconds.toFixed(1)} s`);
  return parts.join(' · ');
}

function regimeTable(index: RowIndex, point: number, at: Scenario): string {
  const regimes = index.regimes(point);
  const agentBaseline = AGENT_BASELINE && regimes.includes(AGENT_BASELINE) ? AGENT_BASELINE : null;
  const rows = regimes.map((regime) => {
    const wall = index.dist(point, regime, 'wall_clock_hours');
    const ratio = index.ratio(point, regime);
    const rate = index.dist(point, regime, 'merge_rate');
    const tokens = index.dist(point, regime, 'total_tokens');
    const base = agentBaseline ? index.dist(point, agentBaseline, 'total_tokens') : undefined;
    const multiple = tokens && base && base.mean > 0 && tokens.mean > 0 ? `${(tokens.mean / base.mean).toFixed(2)}x` : '-';
    // The published premiums' own baseline: a single-shot answer to the same change.
    const shot = index.dist(point, regime, 'single_shot_tokens');
    const overShot = tokens && shot && shot.mean > 0 && tokens.mean > 0 ? `${human(tokens.mean / shot.mean, 0)}x` : '-';
    return [
      regimeName(regime, at),
      human(rate?.mean, 3),
      human(wall?.p50),
      human(wall?.p95),
      `${usd(ratio?.mean)}${ratio && Number.isFinite(ratio.ciLow) ? ` [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : ''}`,
      multiple,
      overShot,
    ];
  });
  return table(
    ['regime', 'merge rate', 'wall h p50', 'wall h p95', 'cost per merged change [95% CI]', `tokens vs ${AGENT_BASELINE ?? '-'}`, 'vs single-shot'],
    rows,
  ) +
    '\n  (wall clock: over the replications that merged; cost per merged change: everything spent, merged or not, over the changes merged, with its 95% bootstrap interval;' +
    '\n   tokens against one agent, and against a single-shot answer to the same change, the baseline of the published 4x (an agent) and 15x (a multi-agent system))';
}

/** The report of a run (one point) or of a sweep (a grid). */
export function renderReport(input: ReportInput, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const index = new RowIndex(input.rows);
  const out: string[] = [paint(header(input), 1, color), ''];
  if (input.points.length === 0) {
    out.push('this shard holds no replications (more shards than units of work)');
  } else if (input.points.length === 1) {
    const p = input.points[0]!;
    out.push(regimeTable(index, p.point, p.scenario), '');
    const regimes = index.regimes(p.point);
    if (isTeamPoint(index.look, p.point, regimes)) {
      const team = teamTable(index.look, p.point, regimes, (regime) => regimeName(regime, p.scenario));
      out.push(teamHeading(input.team), table(team.header, team.rows), TEAM_NOTE, '');
    }
    out.push(...resolvedOutcomes(index, p), '');
    out.push(...tokenRoles(index, p), '');
    if (p.values) {
      const pv = p.values;
      const sample = (metric: 'wall_clock_hours' | 'cost_per_merged_usd') =>
        pv.regimes.map((regime, r) => ({ label: regimeName(regime, p.scenario), values: pv.data[r]![METRIC_INDEX[metric]]! }));
      out.push('wall clock hours, request to merge: merged changes only (per replication, p1 to p99)');
      out.push(histograms(sample('wall_clock_hours'), 40, (x) => `${human(x)} h`, false), '');
      out.push("cost per merged change, USD: the replications that merged only (p1 to p99; the table's figure, the ratio of sums, also counts what unmerged ones spent)");
      out.push(histograms(sample('cost_per_merged_usd'), 40, usd, false), '');
    }
    const decision = input.decision ?? resolveDecision({ regimes: index.regimes(p.point), mode: { kind: 'single-change' } });
    out.push(...verdicts(index, p, decision, color));
    const teamRun = isTeamPoint(index.look, p.point, index.regimes(p.point));
    const sentence = closingSentence(index, p, decision, {
      team: teamRun,
      bottleneck: teamRun ? (regime) => bottleneckSentence(teamBottleneck(index.look, p.point, regime), regimeName(regime, p.scenario)) : undefined,
    });
    if (sentence) out.push('', paint(sentence, 1, color));
    if (input.robustness) out.push(input.robustness);
  } else {
    const team = input.points.some((p) => isTeamPoint(index.look, p.point, index.regimes(p.point)));
    if (team) out.push(teamHeading(input.team));
    out.push(sweepTable(index, input.points, unchangedRegimes(input.points), team));
    out.push(...(team ? [TEAM_NOTE, ''] : ['']));
    // One definition of the best point, best.csv's, on every line: no second "best" by medians.
    const marks = bestPointLines(input.points, showMetric, input.bestMetrics);
    if (marks.length) out.push(...marks.map((line, i) => (i < marks.length - 1 ? paint(line, 1, color) : line)));
    else out.push('(best points need every replication of every point: see best.csv after merging the shards)');
  }
  if (input.outDir) out.push('', `results: ${input.outDir}${input.files ? ` (${input.files.join(', ')})` : ''}`);
  return `${out.join('\n')}\n`;
}

/** The outcome view: cost per resolved outcome (every dollar over the outcomes no person stepped into). */
function resolvedOutcomes(index: RowIndex, p: ReportPoint): string[] {
  const parts: string[] = [];
  for (const regime of index.regimes(p.point)) {
    const cost = index.ratioOf(p.point, regime, 'cost_per_resolved_usd');
    const rate = index.dist(p.point, regime, 'unaided_resolution_rate')?.mean;
    if (!cost) continue;
    const ci = Number.isFinite(cost.ciLow) ? ` [${usd(cost.ciLow)}, ${usd(cost.ciHigh)}]` : '';
    parts.push(`${regimeName(regime, p.scenario)} ${usd(cost.mean)}${ci} (${human(rate, 3)} resolved)`);
  }
  return parts.length ? [`cost per resolved outcome (share resolved without a person stepping in): ${parts.join(', ')}`] : [];
}

/** The token columns by role, in registry order, with their labels. */
const TOKEN_ROLES = [
  ['tokens_plan', 'plan'],
  ['tokens_consolidate', 'consolidate'],
  ['tokens_context', 'fresh-context start-up'],
  ['tokens_work', 'work'],
  ['tokens_retry', 'retries and rework'],
  ['tokens_revision', 'revisions'],
] as const;

/** Where each regime's tokens go (mean per replication): where fan-out's multiple comes from. */
function tokenRoles(index: RowIndex, p: ReportPoint): string[] {
  const rows: string[][] = [];
  for (const regime of index.regimes(p.point)) {
    const total = index.dist(p.point, regime, 'total_tokens')?.mean;
    if (!total || !Number.isFinite(total)) continue;
    rows.push([
      regimeName(regime, p.scenario),
      ...TOKEN_ROLES.map(([metric]) => {
        const v = index.dist(p.point, regime, metric)?.mean;
        return v === undefined || !Number.isFinite(v) ? '-' : `${human(v / 1000, 0)}k (${((100 * v) / total).toFixed(0)}%)`;
      }),
      `${human(total / 1000, 0)}k`,
    ]);
  }
  if (rows.length === 0) return [];
  return ['tokens by role (mean per replication)', table(['regime', ...TOKEN_ROLES.map(([, label]) => label), 'total'], rows)];
}

/** The decision's section: what is decided, then each candidate against the baseline on the decision's metrics. */
function verdicts(index: RowIndex, p: ReportPoint, decision: Decision, color: boolean): string[] {
  const regimes = index.regimes(p.point);
  if (!regimes.includes(decision.baseline)) return [];
  const lines: string[] = [];
  for (const candidate of decision.candidates) {
    if (candidate === decision.baseline || !regimes.includes(candidate)) continue;
    const v = verdict(index, p.point, candidate, decision.baseline, p.scenario, decision.metrics);
    if (v) lines.push(paint(v, 1, color));
  }
  if (lines.length === 0) return [];
  const on = decision.metrics.map((k) => metricWords(k).name);
  const what = decision.question ? `decision (${decision.question})` : 'decision';
  return [
    `${what}: ${decision.candidates.filter((r) => r !== decision.baseline).map((r) => regimeName(r, p.scenario)).join(', ')} against ${regimeName(decision.baseline, p.scenario)}, on ${on[0]}${on.length > 1 ? ` (then ${on.slice(1).join(', ')})` : ''}`,
    ...lines,
    '  (relative differences: ratio of sums over the same replications, 95% bootstrap CI; P: share of the replications where at least one side merged (resolved, for cost per resolved outcome), a side that did not losing, with the share where both did)',
  ];
}

/** "Under single the bottleneck, which sets the pace, is the reviewers: 89% busy (wait 12.5 h a review round)." */
function bottleneckSentence(b: TeamBottleneck | null, regime: string): string | null {
  if (!b || !(b.utilisation > 0)) return null;
  const wait = Number.isFinite(b.waitHours) ? ` (wait ${human(b.waitHours)} h a ${b.waitPer})` : '';
  return `Under ${regime} the bottleneck, which sets the pace, is the ${b.resource}: ${Math.round(100 * b.utilisation)}% busy${wait}.`;
}

/** The candidates ranked on the decision's first metric (best first), with their headline values. */
function ranked(index: RowIndexLike, point: number, decision: Decision, present: readonly string[]): { regime: string; value: number }[] {
  const key = decision.metrics[0]!;
  const column = decisionMetric(key).column;
  const up = higherIsBetter(key);
  return decision.candidates
    .filter((r) => present.includes(r))
    .map((regime) => ({ regime, value: headlineValue(index, point, regime, column)?.mean ?? Number.NaN }))
    .filter((x) => Number.isFinite(x.value))
    .sort((a, b) => (up ? b.value - a.value : a.value - b.value));
}

/**
 * The regimes the decision's first metric cannot tell from its leader (the leader first): their
 * paired interval against it includes no difference, or, unpaired, their values are equal.
 */
function tiedWithLeader(index: RowIndexLike, point: number, decision: Decision): { regime: string; value: number }[] {
  const key = decision.metrics[0]!;
  const column = decisionMetric(key).column;
  const order = ranked(index, point, decision, decision.candidates.filter((r) => headlineValue(index, point, r, column)));
  if (order.length < 2) return order;
  return order.filter((o, i) => {
    if (i === 0) return true;
    const rel = relative(index, point, o.regime, order[0]!.regime, key);
    return rel !== undefined && (Number.isFinite(rel.lowPct) ? clearSign(rel, key) === 0 : rel.pct === 0);
  });
}

/**
 * One plain sentence: the recommendation on the decision's first metric, how large its lead is
 * over the runner-up (with the interval), and whether this many replications tell them apart.
 * Where the first metric cannot tell the leaders apart (every way of working merges every
 * arrival of a stream, say), the next metric decides among them, as the decision's "then" reads.
 */
export function closingSentence(
  index: RowIndexLike,
  p: { point: number; scenario: Scenario },
  full: Decision,
  options: { team?: boolean; bottleneck?: (regime: string) => string | null } = {},
): string | null {
  const ties: string[] = [];
  let decision = full;
  while (decision.metrics.length > 1) {
    const tied = tiedWithLeader(index, p.point, decision);
    if (tied.length < 2) break;
    const words = metricWords(decision.metrics[0]!);
    const names = tied.map((t) => regimeName(t.regime, p.scenario));
    ties.push(`${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} cannot be told apart on ${words.name} (${words.show(tied[0]!.value)})`);
    decision = { ...decision, candidates: tied.map((t) => t.regime) as Decision['candidates'], metrics: decision.metrics.slice(1) };
  }
  const opening = `${options.team ? 'For this team' : 'Answer'}, ${ties.map((t) => `${t}; `).join('')}on`;
  const present = decision.candidates.filter((r) => headlineValue(index, p.point, r, decisionMetric(decision.metrics[0]!).column));
  const order = ranked(index, p.point, decision, present);
  const key = decision.metrics[0]!;
  const w = metricWords(key);
  const name0 = (r: string) => regimeName(r, p.scenario);
  if (order.length === 1) {
    const without = decision.candidates.filter((r) => r !== order[0]!.regime && index.dist(p.point, r, 'total_usd'));
    if (without.length === 0) return null;
    return `${opening} ${w.name}: ${name0(order[0]!.regime)}, ${w.show(order[0]!.value)}; ${without.map(name0).join(', ')} ${noneWord(w)} in these replications.`;
  }
  if (order.length < 2) return null;
  const [best, next] = [order[0]!, order[1]!];
  const name = (r: string) => regimeName(r, p.scenario);
  const rel = relative(index, p.point, next.regime, best.regime, key);
  let size = '';
  let clear = true;
  if (rel) {
    const sign = clearSign(rel, key);
    clear = sign < 0;
    const word = rel.pct > 0 ? (/usd/i.test(decisionMetric(key).column) ? 'dearer' : 'higher') : 'lower';
    size = `; the runner-up, ${name(next.regime)}, is ${pct(Math.abs(rel.pct)).replace('+', '')} ${word}${pctCi(rel.lowPct, rel.highPct)}`;
  }
  const others = decision.metrics.slice(1).flatMap((k) => {
    const r = relative(index, p.point, best.regime, next.regime, k);
    if (!r) return [];
    const sign = clearSign(r, k);
    const words = metricWords(k);
    return [sign > 0 ? `${words.better} (${pct(r.pct)})` : sign < 0 ? `${words.worse} (${pct(r.pct)})` : `no clearly different ${words.name}`];
  });
  const lead = clear ? `${name(best.regime)}` : `${name(best.regime)} by a nose (not distinguishable from ${name(next.regime)} at this many replications)`;
  const against = others.length ? `; against ${name(next.regime)}, ${name(best.regime)} is ${others.join(', ')}` : '';
  const bottleneck = options.bottleneck?.(best.regime);
  return `${opening} ${w.name}: ${lead}, ${w.show(best.value)}${size}${against}.${bottleneck ? ` ${bottleneck}` : ''}`;
}

/** The sweep's table; a regime in `unchanged` (the same at every point) gets one row, 'every point'. */
function sweepTable(index: RowIndex, points: readonly ReportPoint[], unchanged: ReadonlySet<string> = new Set(), team = false): string {
  if (team) return teamSweepTable(index, points, unchanged);
  const rows: string[][] = [];
  for (const p of points)
    for (const regime of index.regimes(p.point)) {
      if (unchanged.has(regime) && p !== points[0]) continue;
      const wall = index.dist(p.point, regime, 'wall_clock_hours');
      const ratio = index.ratio(p.point, regime);
      const rate = index.dist(p.point, regime, 'merge_rate');
      const dw = AGENT_BASELINE ? index.paired(p.point, regime, AGENT_BASELINE, 'wall_clock_hours') : undefined;
      const dc = AGENT_BASELINE ? index.paired(p.point, regime, AGENT_BASELINE, 'cost_per_merged_usd') : undefined;
      rows.push([
        unchanged.has(regime) ? 'every point' : p.label || `point ${p.point}`,
        regime,
        human(rate?.mean, 3),
        human(wall?.p50),
        human(wall?.p95),
        `${usd(ratio?.mean)}${ratio && Number.isFinite(ratio.ciLow) ? ` [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : ''}`,
        pct(dw?.relativePct),
        pct(dc?.relativePct),
        dw ? human(dw.pBetter, 2) : '-',
      ]);
    }
  return table(
    [
      'point',
      'regime',
      'merge rate',
      'wall h p50',
      'wall h p95',
      'cost per merged change [95% CI]',
      `wall vs ${AGENT_BASELINE ?? '-'}`,
      `cost vs ${AGENT_BASELINE ?? '-'}`,
      'P(faster)',
    ],
    rows,
  );
}

/** A team's sweep: throughput, lead time, cost per merged change and the bottleneck (never ranked on per-change wall clock). */
function teamSweepTable(index: RowIndex, points: readonly ReportPoint[], unchanged: ReadonlySet<string>): string {
  const rows: string[][] = [];
  for (const p of points)
    for (const regime of index.regimes(p.point)) {
      if (unchanged.has(regime) && p !== points[0]) continue;
      const dc = AGENT_BASELINE ? index.paired(p.point, regime, AGENT_BASELINE, 'cost_per_merged_usd') : undefined;
      rows.push([
        unchanged.has(regime) ? 'every point' : p.label || `point ${p.point}`,
        regime,
        human(index.dist(p.point, regime, 'merge_rate')?.mean, 3),
        ...teamSweepRow(index.look, p.point, regime),
        pct(dc?.relativePct),
      ]);
    }
  return table(['point', 'regime', 'merge rate', ...TEAM_SWEEP_HEADER, `cost vs ${AGENT_BASELINE ?? '-'}`], rows);
}

/** A metric's value as the best-point lines show it. */
function showMetric(metric: string, v: number): string {
  if (metric.endsWith('_usd')) return usd(v);
  if (metric.endsWith('_hours')) return `${human(v)} h`;
  if (metric === 'merged_per_month') return `${human(v, 1)} a month`;
  return human(v);
}
