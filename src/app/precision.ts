/**
 * `--precision X%` on run and sweep: how many replications make the 95% interval of every
 * headline metric (per regime: cost per merged change, a ratio of sums, and mean wall clock hours)
 * within X% of its value. Replications run in fixed batches of BATCH (0 .. BATCH-1, BATCH ..
 * 2 BATCH-1, ...) in this thread, checked after each batch (../analysis/precision.ts), so the
 * stopping point depends on the scenario and seed alone, not on workers or shards. A sweep takes
 * the largest over its points. The experiment then runs that many replications as usual (the
 * batches are simulated again: the price of keeping the run's files exactly those of
 * `--runs N`).
 */
import { UsageError } from '../errors/index.js';
import { runUntilPrecise, evaluateColumns, type MetricSpec, type PrecisionResult } from '../analysis/index.js';
import type { Scenario } from '../model/index.js';
import { expandGrid, type Vary } from '../experiment/index.js';
import { columnsOf, regimeMetric, ScenarioFunction } from './scenarioFunction.js';

/** Replications per batch. */
export const PRECISION_BATCH = 500;
const HEADLINE = ['cost_per_merged_usd', 'wall_clock_hours'] as const;

/** `5%` or `5` → 0.05; a UsageError naming --precision otherwise. */
export function parsePrecision(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const pct = m ? Number(m[1]) : Number.NaN;
  if (!(pct > 0 && pct < 100)) throw new UsageError(`--precision ${text}: expected a percentage above 0 and below 100 (for example --precision 2%)`, 'precision');
  return pct / 100;
}

export interface PointPrecision {
  point: number;
  result: PrecisionResult;
}

/** Where one scenario's batches stop (at most `cap` replications). */
export async function precisionOf(scenario: Scenario, seed: number | string, relativeHalfWidth: number, cap: number): Promise<PrecisionResult> {
  const columns = [...new Set(HEADLINE.flatMap(columnsOf))];
  const fn = new ScenarioFunction(scenario, [], columns, seed);
  const metrics: MetricSpec[] = scenario.regimes.flatMap((r) => HEADLINE.map((m) => regimeMetric(r, m)));
  const model = { parameters: [], outputs: fn.outputs, f: fn.f };
  const none = new Float64Array(0);
  return runUntilPrecise({
    outputs: fn.outputs,
    metrics,
    batch: (from, to) => evaluateColumns(model, none, { first: from, count: to - from }),
    relativeHalfWidth,
    batchSize: Math.min(PRECISION_BATCH, cap),
    maxReplications: cap,
    minReplications: Math.min(2 * PRECISION_BATCH, cap),
  });
}

/** The replications per point that make every point precise (the largest over the points), capped. */
export async function replicationsForPrecision(
  scenario: Scenario,
  varies: readonly Vary[],
  seed: number | string,
  relativeHalfWidth: number,
  cap: number,
): Promise<{ runs: number; precise: boolean; points: PointPrecision[] }> {
  const points: PointPrecision[] = [];
  for (const p of expandGrid(scenario, varies)) points.push({ point: p.index, result: await precisionOf(p.scenario, seed, relativeHalfWidth, cap) });
  return { runs: Math.max(...points.map((p) => p.result.replications)), precise: points.every((p) => p.result.precise), points };
}
