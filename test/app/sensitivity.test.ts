/**
 * The tornado on a scenario where cost is linear in the loaded hourly rate by construction: one
 * subtask of exactly 2 person-hours by hand, nothing else billed, so the human regime's cost per
 * merged change is 2 x rate and the rate's swing is 2 x (high - low).
 */
import { describe, expect, it } from 'vitest';
import { analyseSensitivity, parseParamRange, renderSensitivity, sensitivityCsv } from '../../src/app/sensitivity.js';
import { judgmentRanges } from '../../src/app/judgment.js';
import { DEFAULT_SCENARIO, mergeScenario, resolveScenario, type Scenario } from '../../src/model/index.js';
import { fixedWork, frictionless } from '../model/helpers.js';

function scenario(): Scenario {
  let partial: unknown = {};
  for (const o of [
    frictionless,
    {
      workload: {
        kinds: { k: { share: 1, sizeLines: 0, verifiability: 1, difficulty: 0, work: fixedWork(0), humanHours: 2 } },
        graph: { generator: 'explicit', subtasks: [{ id: 'only', kind: 'k', sizeLines: 0, after: [] }] },
      },
      routing: { kinds: {}, default: 'sonnet', orchestrator: 'sonnet', escalationLadder: [] },
      people: { specifyHours: 0, planReadHours: 0, supervisionShare: 0, loadedUsdPerHour: 100, humanDefectProbability: 0 },
      money: { incidentUsdPerEscapedDefect: 100 },
      regimes: ['human', 'single'],
    },
  ])
    partial = mergeScenario(partial, o);
  return resolveScenario(partial);
}

describe('sensitivity', () => {
  it('the tornado ranks the hourly rate first, with a swing of the analytic slope times the range', () => {
    const ranges = ['people.loadedUsdPerHour=50..150', 'people.humanDefectProbability=0..0.1', 'review.reviewers=1..3'].map(parseParamRange);
    const result = analyseSensitivity({ scenario: scenario(), ranges, judgment: false, method: 'tornado', runs: 30 });
    const of = (parameter: string, statistic: string) =>
      result.rows.find((r) => r.regime === 'human' && r.metric === 'cost_per_merged_usd' && r.parameter === parameter && r.statistic === statistic)!.value;
    expect(of('people.loadedUsdPerHour', 'rank')).toBe(1);
    expect(of('people.loadedUsdPerHour', 'swing')).toBeCloseTo(2 * (150 - 50), 9);
    expect(of('people.loadedUsdPerHour', 'low')).toBeCloseTo(2 * 50, 9);
    expect(of('people.humanDefectProbability', 'swing')).toBeGreaterThan(0); // escaped defects cost, but less
    expect(of('people.humanDefectProbability', 'rank')).toBe(2);
    expect(sensitivityCsv(result.rows).split('\n')[0]).toBe('method,parameter,regime,metric,statistic,value');
    expect(renderSensitivity(result)).toMatch(/human cost_per_merged_usd\n.*rank.*parameter/);
    // The headline paired difference (single minus human) is there too.
    expect(result.rows.some((r) => r.regime === 'single-human' && r.metric === 'delta_cost_per_merged_usd')).toBe(true);
  });

  it('--judgment takes ±50% of the default judgment figures, shares capped at 1', () => {
    const ranges = judgmentRanges(DEFAULT_SCENARIO);
    const rate = ranges.find((r) => r.path === 'people.loadedUsdPerHour')!;
    expect([rate.low, rate.high]).toEqual([DEFAULT_SCENARIO.people.loadedUsdPerHour * 0.5, DEFAULT_SCENARIO.people.loadedUsdPerHour * 1.5]);
    for (const r of ranges) expect(r.low).toBeLessThan(r.high);
    expect(ranges.find((r) => r.path === 'agents.cacheHitShare')!.high).toBeLessThanOrEqual(1);
  });
});
