/**
 * The worked example (../shared/CALIBRATION.md): 10,000 outcomes a month, 5% need a person for
 * 10 minutes: about 83.3 hours of remediation a month. Run on the shipped preset, not on a
 * hand-made scenario, so the preset is known to carry the example.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costPerMerged, meanCi, note, preset, run, sum } from './helpers.js';
import type { RunMetrics } from '../../src/model/index.js';

const MONTHS = 16; // each replication is one month of about 10,000 arrivals

describe('refund-workflow: 10,000 a month, 5% need a 10-minute fix', () => {
  const scenario = preset('refund-workflow');
  let runs: Record<string, RunMetrics[]>;
  let single: RunMetrics[];
  beforeAll(() => {
    runs = run(scenario, MONTHS, 1);
    single = runs.single!;
  });

  it('is configured as the worked example says', () => {
    expect(scenario.mode).toEqual({ kind: 'stream', arrivals: { per: 'month', rate: 10_000 }, horizonDays: 730.5 / 24 });
    expect(scenario.money.remediationMinutesPerEscapedDefect).toBe(10);
    const kind = scenario.workload.kinds.refund!;
    const tier = scenario.prices.tiers[scenario.routing.kinds.refund!]!;
    expect(tier.wrongProbability * kind.difficulty).toBeCloseTo(0.05, 12);
  });

  it('gives about 83.3 hours of remediation a month', () => {
    const hours = single.map((r) => r.remediationHours);
    const { mean, half } = meanCi(hours);
    const escapeRate = sum(single, 'escapedDefects') / sum(single, 'changes');
    note('refund-workflow remediation hours a month', { mean, ciHalfWidth: half, escapeRate, changesPerMonth: sum(single, 'changes') / MONTHS });
    // Oracle: 10,000 x 0.05 x 10 / 60 = 83.33 h. A month varies around it (Poisson arrivals,
    // binomial escapes: sd about 3.7 h), so the 95% interval of the mean over 16 months must
    // hold it, and the mean must be within 3% (the interval is about +-2 h).
    const expected = (10_000 * 0.05 * 10) / 60;
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(half);
    expect(Math.abs(mean - expected) / expected).toBeLessThan(0.03);
    expect(escapeRate).toBeGreaterThan(0.047);
    expect(escapeRate).toBeLessThan(0.053);
    // Every escaped defect costs exactly 10 minutes.
    for (const r of single) expect(r.remediationHours).toBeCloseTo((r.escapedDefects * 10) / 60, 9);
  });

  it('breaks a month down into inference, remediation, build and delay', () => {
    const perMonth = (key: 'inferenceUsd' | 'remediationUsd' | 'buildUsd' | 'delayUsd' | 'reviewUsd') => sum(single, key) / MONTHS;
    note('refund-workflow single, USD a month', {
      inference: perMonth('inferenceUsd'),
      remediation: perMonth('remediationUsd'),
      build: perMonth('buildUsd'),
      delay: perMonth('delayUsd'),
      review: perMonth('reviewUsd'),
      costPerOutcome: costPerMerged(single),
      humanCostPerOutcome: costPerMerged(runs.human!),
    });
    // No per-outcome review: it costs nothing and nobody waits for it.
    expect(perMonth('reviewUsd')).toBe(0);
    expect(sum(single, 'reviewWaitHours')).toBe(0);
    // The people's minutes on the 5% outweigh the tokens of all 100%.
    expect(perMonth('remediationUsd')).toBeGreaterThan(perMonth('inferenceUsd'));
    expect(costPerMerged(single)).toBeLessThan(costPerMerged(runs.human!));
  });

  it('lowering the failure rate from 5% to 1% saves about 66.7 hours a month, more than halving every token price', () => {
    // Oracle: 10,000 x (0.05 - 0.01) x 10 / 60 = 66.7 hours a month of remediation.
    const onePercent = run(preset('refund-workflow', { workload: { kinds: { refund: { difficulty: 0.01 / 0.267 } } } }), MONTHS, 1).single!;
    const saved = (sum(single, 'remediationHours') - sum(onePercent, 'remediationHours')) / MONTHS;
    const expected = (10_000 * 0.04 * 10) / 60;
    note('refund-workflow: 5% -> 1% wrong', { savedHoursAMonth: saved, expected });
    expect(Math.abs(saved - expected) / expected).toBeLessThan(0.06);
    // Halving every token price halves inference exactly (same tokens): what that saves a month.
    const halvedPrices = sum(single, 'inferenceUsd') / 2 / MONTHS;
    const savedUsd = (sum(single, 'remediationUsd') - sum(onePercent, 'remediationUsd')) / MONTHS;
    note('refund-workflow: what each saves, USD a month', { failureRate: savedUsd, halvedTokenPrices: halvedPrices });
    expect(savedUsd).toBeGreaterThan(halvedPrices);
  });

  it('shows manual, scripted and agents side by side on the four terms', () => {
    for (const regime of ['human', 'scripted', 'single']) expect(runs[regime]).toBeDefined();
    const scripted = runs.scripted!;
    // The script hands 30% of the outcomes to people by hand (binomial: within 2 points at ~160,000).
    const share = sum(scripted, 'fallbacks') / sum(scripted, 'changes');
    expect(Math.abs(share - 0.3)).toBeLessThan(0.02);
    for (const r of [runs.human!, scripted, single]) expect(sum(r, 'resolved')).toBeGreaterThan(0);
  });
});
