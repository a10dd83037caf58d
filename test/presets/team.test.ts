/**
 * The team preset (a closed loop of eight engineers, three reviewers): a sweep over the fan-out
 * width is judged on throughput and cost per merged change, the decision's metrics, as best.csv
 * and the console judge it. Per-change wall clock would crown the width that files the fewest
 * changes (each then waits less for review): issue 20.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperiment, type ExperimentResult } from '../../src/app/index.js';
import { KEPT_INDEX, parseVary } from '../../src/experiment/index.js';
import { resolveDecision } from '../../src/model/index.js';
import { sweepBest } from '../../src/output/index.js';
import { note, preset } from './helpers.js';

const RUNS = 20;
const WIDTHS = [1, 2, 4, 8];

describe('team: a sweep over fan-out is judged on throughput, not on per-change wall clock', () => {
  let result: ExperimentResult;
  const scenario = preset('team');
  const columnMean = (point: number, regime: string, column: string, f: (x: number, r: number) => number = (x) => x) => {
    const pv = result.values[point]!;
    const values = pv.data[pv.regimes.indexOf(regime)]![KEPT_INDEX[column]!]!;
    return Array.from(values, f).reduce((s, x) => s + x, 0) / values.length;
  };
  beforeAll(async () => {
    result = await runExperiment({ command: 'sweep', scenario, varies: [parseVary(`fanout=${WIDTHS.join(',')}`)], runs: RUNS, seed: 1, workers: 1 });
  });

  it("the decision's default for a closed loop is throughput, lead time, cost per merged change", () => {
    expect(resolveDecision(scenario).metrics).toEqual(['mergedPerMonth', 'leadTimeHours', 'costPerMergedUsd']);
  });

  it('the best width by throughput is not the one that files the fewest changes (unless it also merges the most)', () => {
    const fanoutAt = WIDTHS.map((_, i) => i);
    // Changes filed per replication: merged / merge rate (both kept for summary.csv).
    const filed = fanoutAt.map((i) => {
      const pv = result.values[i]!;
      const r = pv.regimes.indexOf('fanout');
      const merged = pv.data[r]![KEPT_INDEX.merged!]!;
      const rate = pv.data[r]![KEPT_INDEX.merge_rate!]!;
      return Array.from(merged, (m, k) => m / rate[k]!).reduce((s, x) => s + x, 0) / RUNS;
    });
    const merged = fanoutAt.map((i) => columnMean(i, 'fanout', 'merged'));
    const wall = fanoutAt.map((i) => columnMean(i, 'fanout', 'wall_clock_hours'));
    const best = sweepBest(result.values, resolveDecision(scenario).metrics).find((b) => b.regime === 'fanout' && b.metric === 'merged_per_month')!;
    const bestAt = best.at[best.result.best]!;
    const fewest = filed.indexOf(Math.min(...filed));
    const mostMerged = merged.indexOf(Math.max(...merged));
    note('team fanout by N=1/2/4/8', {
      filed: filed.map((x) => x.toFixed(1)).join('/'),
      mergedPerMonth: fanoutAt.map((i) => columnMean(i, 'fanout', 'merged_per_month').toFixed(1)).join('/'),
      wallClockHours: wall.map((x) => x.toFixed(1)).join('/'),
      bestByThroughput: `N=${WIDTHS[bestAt]}`,
    });
    // The trap the issue describes: per-change wall clock favours the width that files least.
    expect(wall.indexOf(Math.min(...wall))).toBe(fewest);
    if (fewest !== mostMerged) expect(bestAt).not.toBe(fewest);
    expect(bestAt).toBe(mostMerged);
  });

  it("the console's best lines are best.csv's: throughput first, no line ranks a team on wall clock", async () => {
    const { renderReport } = await import('../../src/output/index.js');
    const text = renderReport(result.report);
    expect(text).toMatch(/fanout, merged changes per month: best fanout=\d/);
    expect(text).not.toMatch(/wall clock hours: best|best wall clock/);
    expect(text).toMatch(/reviewers \d\d%, wait/);
  });
});
