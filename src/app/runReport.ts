/**
 * The report stage of a run or sweep: what the console and the HTML report show, made from the
 * summary held in memory and what the write stage kept of the files (no file is read back).
 */
import { resolveDecision, type Scenario } from '../model/index.js';
import type { PointValues, SummaryRow } from '../experiment/index.js';
import type { ObservedComparison, ReportInput } from '../output/index.js';
import { pointLabel, type Meta } from './meta.js';
import type { KeptFromFiles } from './outputs.js';
import type { ExperimentPlan } from './plan.js';

export interface ExperimentResult {
  meta: Meta;
  rows: SummaryRow[];
  values: PointValues[];
  report: ReportInput;
  outDir: string | null;
  /** Rows changes.csv holds or would hold (replications x regimes x expected changes): the console's note when it is not written. */
  changesRowsExpected: number;
  /** observed-vs-simulated.csv's KS distances, when it was written. */
  observed?: ObservedComparison[];
}

/** What the console needs of a scenario for a team's table and a sweep's best points (the decision's metrics). */
export function teamReport(scenario: Scenario): Pick<ReportInput, 'team' | 'bestMetrics'> {
  const mode = scenario.mode;
  return {
    team: mode.kind === 'stream' ? { horizonDays: mode.horizonDays, engineers: mode.arrivals.per === 'engineer' ? mode.arrivals.engineers : null } : undefined,
    bestMetrics: resolveDecision(scenario).metrics,
  };
}

/** The result of a run: its record, its summary, and the console's report of them. */
export function experimentResult(plan: ExperimentPlan, meta: Meta, rows: SummaryRow[], values: PointValues[], outDir: string | null, kept: KeptFromFiles): ExperimentResult {
  const { scenario, points, varies } = plan;
  const report: ReportInput = {
    command: plan.command,
    scenarioName: scenario.name,
    decision: resolveDecision(scenario),
    runs: plan.runs,
    seed: plan.seed,
    workers: meta.workers,
    seconds: meta.seconds,
    shard: plan.shard,
    points: values.map((pv) => ({
      point: pv.point,
      label: pointLabel(varies, points[pv.point]!.values),
      scenario: points[pv.point]!.scenario,
      values: pv,
    })),
    rows,
    outDir: outDir ?? undefined,
    files: outDir === null ? undefined : meta.files,
    ...teamReport(scenario),
  };
  return { meta, rows, values, report, outDir, changesRowsExpected: plan.changesRowsExpected, ...(kept.observed ? { observed: kept.observed } : {}) };
}
