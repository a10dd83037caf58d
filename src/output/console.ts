/**
 * The console report: a table per regime (medians and p95 of wall clock and cost per merged
 * change, token multiple over single, merge rate), text histograms of the two headline
 * distributions, and a verdict with its uncertainty. A sweep prints the table of its grid and
 * names the best point for each metric of the decision (best.csv's rows); a team's run or sweep
 * also prints its throughput and bottleneck (./team.ts).
 */
import { bestPointLines, unchangedRegimes } from './sweepBest.js';
import { isTeamPoint, TEAM_NOTE, TEAM_SWEEP_HEADER, teamHeading, teamSweepRow, teamTable, type SummaryLookup } from './team.js';
import { METRIC_INDEX, sortedFinite, quantileOf, type PointValues, type SummaryRow } from '../experiment/index.js';
import { AGENT_BASELINE, BASELINES, regimeLabel, verdictSubject } from '../model/index.js';

export interface ReportPoint {
  point: number;
  /** `fanout=8, review.reviewers=2` (empty for a run). */
  label: string;
  /** The point's fan-out width N. */
  fanout: number;
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
  /** A closed loop or a stream: its horizon and, for a closed loop, the engineers filing. */
  team?: { horizonDays: number; engineers: number | null };
  /** The metrics a sweep's best points are judged on (the scenario's decision; best.csv's). */
  bestMetrics?: readonly string[];
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
/** A quantile of cost per merged change: above the merge rate, the replication did not merge. */
const notMerged = (x: number | undefined) => (x === Number.POSITIVE_INFINITY ? 'not merged' : usd(x));
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
export function histograms(samples: { label: string; values: Float64Array }[], bins: number, unit: (x: number) => string): string {
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
    return `  ${s.label.padEnd(labelWidth)} |${bar}|  median ${unit(quantileOf(s.v, 0.5))}`;
  });
  const left = unit(lo);
  const right = `${unit(hi)}${log ? ' (log scale)' : ''}`;
  const axis = `  ${' '.repeat(labelWidth)}  ${left}${' '.repeat(Math.max(1, bins - left.length - unit(hi).length + 2))}${right}`;
  return [...lines, axis].join('\n');
}

function paint(text: string, code: number, color: boolean): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** A regime as the reports name it: `fanout N=4`, `single`, `human`. */
export function regimeName(regime: string, fanout: number): string {
  return regimeLabel(regime, { fanout });
}

/** "fanout N=4 vs single: wall clock -58% [CI], cost per merged change -12% [CI], P(faster) 0.91, P(cheaper) 0.62" */
export function verdict(index: RowIndexLike, point: number, regime: string, baseline: string, fanout: number): string | null {
  const wall = index.paired(point, regime, baseline, 'wall_clock_hours');
  const cost = index.paired(point, regime, baseline, 'cost_per_merged_usd');
  if (!wall || !cost) return null;
  const faster = wall.relativeCiHighPct < 0;
  const slower = wall.relativeCiLowPct > 0;
  const cheaper = cost.relativeCiHighPct < 0;
  const dearer = cost.relativeCiLowPct > 0;
  let reading: string;
  if (faster && cheaper) reading = 'faster and cheaper per merged change';
  else if (faster && dearer) reading = 'faster, at a higher cost per merged change';
  else if (faster) reading = 'faster, no clear cost difference';
  else if (slower && cheaper) reading = 'cheaper but slower';
  else if (slower && dearer) reading = 'slower and dearer';
  else if (cheaper) reading = 'cheaper, no clear wall-clock difference';
  else if (dearer) reading = 'dearer, no clear wall-clock difference';
  else if (slower) reading = 'slower, no clear cost difference';
  else reading = 'no clear difference at this many replications';
  const p = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  return (
    `${regimeName(regime, fanout)} vs ${baseline}: wall clock ${pct(wall.relativePct)}${pctCi(wall.relativeCiLowPct, wall.relativeCiHighPct)}, ` +
    `cost per merged change ${pct(cost.relativePct)}${pctCi(cost.relativeCiLowPct, cost.relativeCiHighPct)}, ` +
    `P(faster) ${p(wall.pBetter)}, P(cheaper) ${p(cost.pBetter)}: ${reading}`
  );
}

type RowIndexLike = Pick<RowIndex, 'paired'>;

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

function regimeTable(index: RowIndex, point: number, fanout: number): string {
  const regimes = index.regimes(point);
  const agentBaseline = AGENT_BASELINE && regimes.includes(AGENT_BASELINE) ? AGENT_BASELINE : null;
  const rows = regimes.map((regime) => {
    const wall = index.dist(point, regime, 'wall_clock_hours');
    const cpm = index.dist(point, regime, 'cost_per_merged_usd');
    const ratio = index.ratio(point, regime);
    const rate = index.dist(point, regime, 'merge_rate');
    const tokens = index.dist(point, regime, 'total_tokens');
    const base = agentBaseline ? index.dist(point, agentBaseline, 'total_tokens') : undefined;
    const multiple = tokens && base && base.mean > 0 && tokens.mean > 0 ? `${(tokens.mean / base.mean).toFixed(2)}x` : '-';
    return [
      regimeName(regime, fanout),
      human(rate?.mean, 3),
      human(wall?.p50),
      human(wall?.p95),
      notMerged(cpm?.p50),
      notMerged(cpm?.p95),
      `${usd(ratio?.mean)}${ratio && Number.isFinite(ratio.ciLow) ? ` [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : ''}`,
      multiple,
    ];
  });
  return table(
    ['regime', 'merge rate', 'wall h p50', 'wall h p95', 'cost/merged p50', 'p95', 'cost per merged change [95% CI]', `tokens vs ${AGENT_BASELINE ?? '-'}`],
    rows,
  );
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
    out.push(regimeTable(index, p.point, p.fanout), '');
    const regimes = index.regimes(p.point);
    if (isTeamPoint(index.look, p.point, regimes)) {
      const team = teamTable(index.look, p.point, regimes, (regime) => regimeName(regime, p.fanout));
      out.push(teamHeading(input.team), table(team.header, team.rows), TEAM_NOTE, '');
    }
    out.push(...resolvedOutcomes(index, p), '');
    out.push(...tokenRoles(index, p), '');
    if (p.values) {
      const pv = p.values;
      const sample = (metric: 'wall_clock_hours' | 'cost_per_merged_usd') =>
        pv.regimes.map((regime, r) => ({ label: regimeName(regime, p.fanout), values: pv.data[r]![METRIC_INDEX[metric]]! }));
      out.push('wall clock hours, request to merge (per replication, p1 to p99)');
      out.push(histograms(sample('wall_clock_hours'), 40, (x) => `${human(x)} h`), '');
      out.push('cost per merged change, USD (per replication, p1 to p99)');
      out.push(histograms(sample('cost_per_merged_usd'), 40, usd), '');
    }
    out.push(...verdicts(index, p, color));
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
    parts.push(`${regimeName(regime, p.fanout)} ${usd(cost.mean)} (${human(rate, 3)} resolved)`);
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
      regimeName(regime, p.fanout),
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

function verdicts(index: RowIndex, p: ReportPoint, color: boolean): string[] {
  const regimes = index.regimes(p.point);
  const lines: string[] = [];
  const subject = verdictSubject(regimes);
  if (!subject) return lines;
  for (const baseline of BASELINES) {
    if (baseline === subject || !regimes.includes(baseline)) continue;
    const v = verdict(index, p.point, subject, baseline, p.fanout);
    if (v) lines.push(paint(v, 1, color));
  }
  if (lines.length) lines.push('  (relative differences: ratio of sums over the same replications, 95% bootstrap CI; P: share of replications)');
  return lines;
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
