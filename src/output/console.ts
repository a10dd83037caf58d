/**
 * The console report: a table per regime (merge rate, wall clock p50 and p95 over the merged
 * changes, cost per merged change as one figure, the ratio of sums with its interval, token
 * multiple over single), text histograms labelled with what they are over, then the scenario's
 * decision (../model/decision.ts): a verdict per candidate against the baseline on the decision's
 * metrics, with intervals and paired probabilities, and one plain closing sentence. A sweep prints
 * the table of its grid and names the best point for each metric of the decision (best.csv's
 * rows); a team's run or sweep also prints its throughput and bottleneck (./team.ts).
 *
 * This module assembles the report; its pieces live by idea: ./runTables.ts (a run's tables),
 * ./sweepTables.ts (a sweep's), ./verdict.ts (the decision's verdicts and closing sentence),
 * ./summaryIndex.ts (the summary's rows looked up), ./readable.ts (numbers and tables for people).
 */
import { bestPointLines, unchangedRegimes } from './sweepBest.js';
import { isTeamPoint, teamBottleneck, TEAM_NOTE, teamHeading, teamTable } from './team.js';
import { METRIC_INDEX, type PointValues, type SummaryRow } from '../experiment/index.js';
import { resolveDecision, type Decision, type Scenario } from '../model/index.js';
import { histograms, human, paint, regimeName, table, usd } from './readable.js';
import { regimeTable, resolvedOutcomes, tokenRoles } from './runTables.js';
import { RowIndex } from './summaryIndex.js';
import { showMetric, sweepTable } from './sweepTables.js';
import { bottleneckSentence, closingSentence, verdicts } from './verdict.js';

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
