/**
 * Decision table, row 4: high-stakes, hard to verify: "parallel + strict gates". Human review plus
 * remediation is the largest cost term unless the gate is strict; a stricter gate lowers the cost
 * per merged change (the gate half holds). The parallel half does not: the model gives fan-out no
 * gain on a focused change even at the strict gate, and this file says so (never tune the preset
 * until the row "holds").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COST_TERMS, costPerMerged, medianWallClock, note, preset, run, sum } from './helpers.js';
import type { RunMetrics } from '../../src/model/index.js';

const RUNS = 400;

function terms(runs: RunMetrics[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const k of COST_TERMS) t[k] = sum(runs, k) / runs.length;
  return t;
}

/** Review plus remediation, against the largest of every other cost term (means per change). */
function reviewAndRemediationVsRest(runs: RunMetrics[]) {
  const t = terms(runs);
  const reviewAndRemediation = t.reviewUsd! + t.remediationUsd!;
  const others = COST_TERMS.filter((k) => k !== 'reviewUsd' && k !== 'remediationUsd');
  const largestOther = others.reduce((best, k) => (t[k]! > t[best]! ? k : best), others[0]!);
  return { reviewAndRemediation, largestOther, largestOtherUsd: t[largestOther]!, terms: t };
}

describe('high-stakes: hard to verify, costly escapes', () => {
  let base: Record<string, RunMetrics[]>;
  beforeAll(() => {
    base = run(preset('high-stakes'), RUNS, 1);
  });

  it.each(['single', 'fanout'])('%s: review plus remediation is the largest cost term (gate not strict)', (regime) => {
    const r = reviewAndRemediationVsRest(base[regime]!);
    note(`high-stakes ${regime} cost terms per change (USD)`, { reviewPlusRemediation: r.reviewAndRemediation, ...r.terms });
    expect(r.reviewAndRemediation).toBeGreaterThan(r.largestOtherUsd);
  });

  it('human: review plus remediation is the largest cost term (no gate: authors ship what they miss)', () => {
    const r = reviewAndRemediationVsRest(base.human!);
    note('high-stakes human cost terms per change (USD)', { reviewPlusRemediation: r.reviewAndRemediation, ...r.terms });
    expect(r.reviewAndRemediation).toBeGreaterThan(r.largestOtherUsd);
  });

  it("raising the gate's catch probability lowers the agents' cost per merged change (paired, same seed)", () => {
    const catches = [0.3, 0.6, 0.9];
    const results = catches.map((p) => run(preset('high-stakes', { failure: { gate: { catchProbability: p } } }), RUNS, 1));
    for (const regime of ['single', 'fanout']) {
      const costs = results.map((r) => costPerMerged(r[regime]!));
      const remediation = results.map((r) => sum(r[regime]!, 'remediationUsd') / RUNS);
      note(`high-stakes ${regime} cost per merged by gate catch probability ${catches.join('/')}`, {
        cost: costs.map((c) => c.toFixed(1)).join('/'),
        remediation: remediation.map((c) => c.toFixed(1)).join('/'),
      });
      for (let i = 1; i < costs.length; i++) expect(costs[i]!).toBeLessThan(costs[i - 1]!);
      expect(remediation[2]!).toBeLessThan(remediation[0]!);
    }
    // The human regime has no gate: its numbers do not move.
    expect(costPerMerged(results[2]!.human!)).toBeCloseTo(costPerMerged(results[0]!.human!), 9);
  });

  it('the parallel half of the row does not hold: at the strict gate fan-out is dearer than one agent and no faster, because every fresh subagent orients itself', () => {
    const strict = { failure: { gate: { catchProbability: 0.9 } } };
    const at = run(preset('high-stakes', strict), RUNS, 1);
    const dearer = costPerMerged(at.fanout!) / costPerMerged(at.single!) - 1;
    const slower = medianWallClock(at.fanout!) / medianWallClock(at.single!) - 1;
    note('high-stakes at catch 0.9: fan-out against single', { costPerMerged: dearer, medianWallClock: slower });
    expect(dearer).toBeGreaterThan(0);
    expect(slower).toBeGreaterThan(-0.05); // no wall-clock gain worth the name
    // Why: a focused change has about two subtasks a layer, and each subagent pays orientation
    // turns a single session pays once. Without them the fan-out's extra cost shrinks.
    const lean = run(preset('high-stakes', strict, { agents: { orientation: { turns: 0 } } }), RUNS, 1);
    expect(costPerMerged(lean.fanout!) / costPerMerged(lean.single!) - 1).toBeLessThan(dearer);
  });
});
