/**
 * The outcome view's decision table (../shared/MODEL.md), one preset per row, on cost per
 * resolved outcome (ratio of sums: every dollar over the outcomes resolved without a person
 * stepping in):
 *   low volume, high stakes     -> a person or a single agent
 *   high volume, simple         -> a single managed agent
 *   high volume, decomposable   -> multi-agent orchestration
 *   rare, ambiguous, novel      -> human-led
 */
import { describe, expect, it } from 'vitest';
import { note, preset, run, sum } from './helpers.js';
import { resolveDecision, type RunMetrics } from '../../src/model/index.js';
import { runExperiment } from '../../src/app/experiment.js';
import { renderReport } from '../../src/output/index.js';

function costPerResolved(runs: RunMetrics[]): number {
  return sum(runs, 'totalUsd') / sum(runs, 'resolved');
}

function ranking(name: string, replications: number): string[] {
  const runs = run(preset(name), replications, 1);
  const costs = Object.fromEntries(Object.entries(runs).map(([regime, r]) => [regime, costPerResolved(r)]));
  note(`${name} cost per resolved outcome (USD)`, costs);
  return Object.keys(costs).sort((a, b) => costs[a]! - costs[b]!);
}

describe('the outcome decision table', () => {
  it('low volume, high stakes: a person or a single agent is cheapest per resolved outcome', () => {
    expect(['human', 'single']).toContain(ranking('outcome-high-stakes', 1500)[0]);
  });
  it('high volume, simple: a single managed agent', () => {
    expect(ranking('outcome-high-volume-simple', 3000)[0]).toBe('single');
  });
  it('high volume, decomposable: multi-agent orchestration', () => {
    expect(ranking('outcome-decomposable', 1500)[0]).toBe('fanout');
  });
  it('rare, ambiguous, novel: human-led', () => {
    expect(ranking('outcome-rare-novel', 1500)[0]).toBe('human');
  });
});

describe("each outcome preset's verdict is about its row", () => {
  const rows = [
    { name: 'outcome-high-stakes', row: 'row 1', subject: 'single', baseline: 'human' },
    { name: 'outcome-high-volume-simple', row: 'row 2', subject: 'single', baseline: 'human' },
    { name: 'outcome-decomposable', row: 'row 3', subject: 'fanout', baseline: 'single' },
    { name: 'outcome-rare-novel', row: 'row 4', subject: 'single', baseline: 'human' },
  ];
  it.each(rows)('$name: names $row, compares $subject with $baseline on cost per resolved outcome', async ({ name, row, subject, baseline }) => {
    const scenario = preset(name);
    const decision = resolveDecision(scenario);
    expect(decision.metrics).toEqual(['costPerResolvedUsd']);
    expect([decision.subject, decision.baseline]).toEqual([subject, baseline]);
    const { report } = await runExperiment({ scenario, runs: 60, seed: 1, workers: 1, out: null });
    const text = renderReport(report);
    expect(text).toMatch(new RegExp(`^decision \\(outcome view, ${row}: .*\\): .* against ${baseline}, on cost per resolved outcome$`, 'm'));
    // The row's subject against its baseline, on the row's metric, and no other comparison.
    expect(text).toMatch(new RegExp(`^${subject}( N=\\d+)? vs ${baseline}: cost per resolved outcome( [-+]|: \\w)`, 'm'));
    expect(text).not.toMatch(/vs \w+: cost per merged change/);
    expect(text).toMatch(/^Answer, on cost per resolved outcome: /m);
  });
});
