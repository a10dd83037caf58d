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
import type { RunMetrics } from '../../src/model/index.js';

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
