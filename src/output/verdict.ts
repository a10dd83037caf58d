/**
 * The scenario's decision in words (../model/decision.ts): a verdict per candidate against the
 * baseline on the decision's metrics, with intervals and paired probabilities from summary.csv's
 * paired rows, and one plain closing sentence that recommends, says by how much and whether this
 * many replications tell the leaders apart. The console and the HTML report print the same words.
 */
import { decisionMetric, higherIsBetter, type Decision, type Scenario } from '../model/index.js';
import { human, paint, pct, pctCi, regimeName, usd } from './readable.js';
import type { RowIndex, RowIndexLike } from './summaryIndex.js';
import type { TeamBottleneck } from './team.js';
import type { ReportPoint } from './console.js';

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

/** The decision's section: what is decided, then each candidate against the baseline on the decision's metrics. */
export function verdicts(index: RowIndex, p: ReportPoint, decision: Decision, color: boolean): string[] {
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
export function bottleneckSentence(b: TeamBottleneck | null, regime: string): string | null {
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
