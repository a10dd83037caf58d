/**
 * Decision table, row 4: high-stakes, hard to verify. Human review plus remediation is the
 * largest cost term unless the gate is strict; a stricter gate lowers the cost per merged change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COST_TERMS, costPerMerged, note, preset, run, sum } from './helpers.js';
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
    // Measured: single 455 + 63 = $518 against $33 of supervision; fanout $518 against $34.
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
      // Measured: single 703 -> 522 from 0.3 to 0.9, fanout 733 -> 552.
      for (let i = 1; i < costs.length; i++) expect(costs[i]!).toBeLessThan(costs[i - 1]!);
      expect(remediation[2]!).toBeLessThan(remediation[0]!);
    }
    // The human regime has no gate: its numbers do not move.
    expect(costPerMerged(results[2]!.human!)).toBeCloseTo(costPerMerged(results[0]!.human!), 9);
  });
});
