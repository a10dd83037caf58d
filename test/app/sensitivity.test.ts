/**
 * The tornado on a scenario where cost is linear in the loaded hourly rate by construction: one
 * subtask of exactly 2 person-hours by hand, nothing else billed, so the human regime's cost per
 * merged change is 2 x rate and the rate's swing is 2 x (high - low).
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors/index.js';
import { tornado, evaluateColumns } from '../../src/analysis/index.js';
import { analyseSensitivity, parseParamRange, renderSensitivity, sensitivityCsv, sensitivityFromScenario } from '../../src/app/sensitivity.js';
import { designOutputs, evaluateDesignPoints } from '../../src/app/designPoints.js';
import { pathParameter, ScenarioFunction } from '../../src/app/scenarioFunction.js';
import { judgmentRanges } from '../../src/app/judgment.js';
import { loadScenario } from '../../src/app/scenario.js';
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
  it('the tornado ranks the hourly rate first, with a swing of the analytic slope times the range', async () => {
    const ranges = ['people.loadedUsdPerHour=50..150', 'people.humanDefectProbability=0..0.1', 'review.reviewers=1..3'].map(parseParamRange);
    const result = await analyseSensitivity({ scenario: scenario(), ranges, judgment: false, method: 'tornado', runs: 30 });
    const of = (parameter: string, statistic: string) =>
      result.rows.find((r) => r.regime === 'human' && r.metric === 'cost_per_merged_usd' && r.parameter === parameter && r.statistic === statistic)!.value;
    expect(of('people.loadedUsdPerHour', 'rank')).toBe(1);
    expect(of('people.loadedUsdPerHour', 'swing')).toBeCloseTo(2 * (150 - 50), 9);
    expect(of('people.loadedUsdPerHour', 'low')).toBeCloseTo(2 * 50, 9);
    expect(of('people.humanDefectProbability', 'swing')).toBeGreaterThan(0); // escaped defects cost, but less
    expect(of('people.humanDefectProbability', 'rank')).toBe(2);
    expect(sensitivityCsv(result.rows).split('\n')[0]).toBe('method,parameter,regime,metric,statistic,value');
    // The console's tornado: the unit and the base in the heading, each end's setting and the metric there, in the unit.
    const text = renderSensitivity(result);
    expect(text).toMatch(/human cost_per_merged_usd\n {2}USD; base, every parameter at its base: \$[\d,]+\n.*rank.*parameter.*low setting.*high setting.*swing/);
    expect(text).toMatch(/people\.loadedUsdPerHour +50 +\$100 +150 +\$300 +\$200\n/);
    // The headline paired difference is the decision's: its subject (human) minus its baseline (single), printed first.
    expect(result.rows.some((r) => r.regime === 'human-single' && r.metric === 'delta_cost_per_merged_usd')).toBe(true);
    expect(renderSensitivity(result).split('\n')[2]).toBe("headline: human minus single, cost_per_merged_usd (the decision's comparison)");
  });

  it("an outcome preset's headline is its row's comparison: fan-out minus single on cost per resolved outcome", async () => {
    const { scenario: preset } = loadScenario('outcome-decomposable');
    const ranges = ['money.delayUsdPerHour=0..50', 'people.loadedUsdPerHour=50..150'].map(parseParamRange);
    const result = await analyseSensitivity({ scenario: preset, ranges, judgment: false, method: 'tornado', runs: 40 });
    const headline = result.rows.filter((r) => r.regime === 'fanout-single' && r.metric === 'delta_cost_per_resolved_usd' && r.statistic === 'rank');
    expect(headline.map((r) => r.parameter).sort()).toEqual(['money.delayUsdPerHour', 'people.loadedUsdPerHour']);
    expect(result.rows.some((r) => r.metric === 'delta_cost_per_merged_usd')).toBe(false);
  });

  it('--judgment takes ±50% of the default judgment figures, shares capped at 1', () => {
    const ranges = judgmentRanges(DEFAULT_SCENARIO);
    const rate = ranges.find((r) => r.path === 'people.loadedUsdPerHour')!;
    expect([rate.low, rate.high]).toEqual([DEFAULT_SCENARIO.people.loadedUsdPerHour * 0.5, DEFAULT_SCENARIO.people.loadedUsdPerHour * 1.5]);
    for (const r of ranges) expect(r.low).toBeLessThan(r.high);
    expect(ranges.find((r) => r.path === 'agents.cacheHitShare')!.high).toBeLessThanOrEqual(1);
    // The two terms that decide the fan-out presets, over their whole range though the default is 0.
    expect(ranges.find((r) => r.path === 'people.supervision')).toEqual({ path: 'people.supervision', low: 0, high: 1 });
    expect(ranges.find((r) => r.path === 'money.delayUsdPerHour')).toEqual({ path: 'money.delayUsdPerHour', low: 0, high: 50 });
  });

  it('a scenario\'s sensitivity: block gives the ranges and settings; flags win key by key', () => {
    const s = resolveScenario({ sensitivity: { method: 'morris', params: [{ path: 'review.reviewers', low: 1, high: 3 }], runs: 50, trajectories: 5 } });
    expect(sensitivityFromScenario(s, { ranges: [] })).toEqual({
      ranges: [{ path: 'review.reviewers', low: 1, high: 3, field: 'sensitivity.params[0]' }],
      judgment: false,
      method: 'morris',
      runs: 50,
      trajectories: 5,
      levels: undefined,
      samples: undefined,
    });
    const flagged = sensitivityFromScenario(s, { ranges: [parseParamRange('fanout=1..4')], method: 'tornado', runs: 7 });
    expect(flagged).toMatchObject({ ranges: [{ path: 'fanout', low: 1, high: 4 }], method: 'tornado', runs: 7, trajectories: 5 });
    // Absent by default: nothing to vary.
    expect(DEFAULT_SCENARIO.sensitivity).toBeUndefined();
    expect(sensitivityFromScenario(DEFAULT_SCENARIO, { ranges: [] })).toMatchObject({ ranges: [], judgment: false, method: 'tornado', runs: undefined });
  });

  it('the block is validated with the scenario, every problem naming its field', () => {
    const problems = (sensitivity: unknown) => {
      try {
        resolveScenario({ sensitivity });
      } catch (err) {
        return (err as ScenarioError).problems.map((p) => p.field);
      }
      return [];
    };
    expect(problems({ params: [{ path: 'fanout', low: 4, high: 2 }, { path: 'fanout', low: 1, high: 2 }] })).toEqual(['sensitivity.params[0].high', 'sensitivity.params[1].path']);
    expect(problems({ method: 'sobel', levels: 3, runs: 1, extra: 1 }).sort()).toEqual(['sensitivity', 'sensitivity.levels', 'sensitivity.method', 'sensitivity.runs']);
    expect(problems({ params: [{ path: 'fanout', low: 1, high: 2 }] })).toEqual([]);
  });

  it('design points on the pool: the same columns as the plain function, each regime simulated only where a parameter it reads moves', async () => {
    const base = { ...DEFAULT_SCENARIO, regimes: ['human', 'single', 'fanout'] } as Scenario;
    const parameters = [pathParameter(base, 'fanout', 2, 6, '--param'), pathParameter(base, 'people.loadedUsdPerHour', 50, 150, '--param')];
    const columns = ['total_usd', 'merged', 'wall_clock_hours'];
    const fn = new ScenarioFunction(base, parameters, columns, 5);
    const points = [Float64Array.of(4, 100), Float64Array.of(2, 100), Float64Array.of(6, 100), Float64Array.of(4, 50)];
    const set = { first: 3, count: 6 };
    const spec = { base, paths: parameters.map((p) => p.path), columns, seed: 5 };
    expect(designOutputs(spec)).toEqual(fn.outputs);
    const expected = points.map((p) => evaluateColumns({ parameters, outputs: fn.outputs, f: fn.f }, p, set));
    for (const workers of [1, 2]) {
      const got = await evaluateDesignPoints(spec, points.map((point) => ({ point, ...set })), workers);
      expect(got.columns).toEqual(expected);
      // The fan-out width moves only the fan-out regime: its two ends simulate it alone.
      expect(got.simulated).toBe((3 + 1 + 1 + 3) * set.count);
      expect(got.requested).toBe(4 * 3 * set.count);
    }
  });

  it('sensitivity.csv is the same on one thread or two, and the tornado the library\'s on the plain function', async () => {
    const base = { ...DEFAULT_SCENARIO, regimes: ['human', 'single', 'fanout'] } as Scenario;
    const ranges = ['fanout=2..6', 'review.reviewers=1..3'].map(parseParamRange);
    const options = { scenario: base, ranges, judgment: false, method: 'tornado' as const, runs: 12, seed: 9 };
    const one = await analyseSensitivity({ ...options, workers: 1 });
    const two = await analyseSensitivity({ ...options, workers: 2 });
    expect(sensitivityCsv(two.rows)).toBe(sensitivityCsv(one.rows));
    expect(two.threads).toBe(2);
    const parameters = ranges.map((r) => pathParameter(base, r.path, r.low, r.high, '--param'));
    const fn = new ScenarioFunction(base, parameters, ['total_usd', 'merged'], 9);
    const [reference] = tornado({ parameters, outputs: fn.outputs, metrics: [{ name: 'fanout:cost_per_merged_usd', numerator: 'fanout:total_usd', denominator: 'fanout:merged' }], f: fn.f }, { replications: 12, base: [4, 2] });
    for (const bar of reference!.bars) {
      const row = one.rows.find((r) => r.regime === 'fanout' && r.metric === 'cost_per_merged_usd' && r.parameter === bar.parameter && r.statistic === 'swing');
      expect(row!.value).toBe(bar.swing);
    }
    for (const method of ['morris', 'sobol'] as const) {
      const settings = { ...options, method, runs: 3, trajectories: 3, samples: 4 };
      const a = await analyseSensitivity({ ...settings, workers: 1 });
      const b = await analyseSensitivity({ ...settings, workers: 2 });
      expect(sensitivityCsv(b.rows), method).toBe(sensitivityCsv(a.rows));
    }
  }, 60_000);
});
