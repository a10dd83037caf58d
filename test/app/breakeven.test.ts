/**
 * Break-even against hand arithmetic: manual work at $100 an hour against a script of $5 a run
 * built for $12,000 over 12 months (5 + 1000 / V per outcome) meet at V = 1000 / 95.
 */
import { describe, expect, it } from 'vitest';
import { breakevenCsv, breakevenDefaults, breakevenLine, findBreakeven } from '../../src/app/breakeven.js';
import { loadScenario } from '../../src/app/scenario.js';
import { mergeScenario, resolveScenario, type Scenario } from '../../src/model/index.js';
import { fixedWork, frictionless } from '../model/helpers.js';

function scenario(humanHours: unknown): Scenario {
  let partial: unknown = {};
  for (const o of [
    frictionless,
    {
      workload: {
        kinds: { k: { share: 1, sizeLines: 0, verifiability: 1, difficulty: 0, work: fixedWork(0), humanHours } },
        graph: { generator: 'explicit', subtasks: [{ id: 'only', kind: 'k', sizeLines: 0, after: [] }] },
      },
      routing: { kinds: {}, default: 'sonnet', orchestrator: 'sonnet', escalationLadder: [] },
      people: { specifyHours: 0, planReadHours: 0, supervisionShare: 0, loadedUsdPerHour: 100 },
      regimes: ['human', 'scripted'],
      scripted: { coverage: 1, wrongProbability: 0, runUsdPerOutcome: 5, runHours: 0, reviewSampleShare: 0 },
      money: { build: { scripted: { oneOffUsd: 12_000, monthlyUsd: 0 } }, amortisationMonths: 12, monthlyVolume: 100 },
    },
  ])
    partial = mergeScenario(partial, o);
  return resolveScenario(partial);
}

const options = { path: 'money.monthlyVolume', low: 1, high: 100, compare: 'scripted:human', metric: 'cost_per_resolved_usd', runs: 40 };

describe('breakeven', () => {
  it("without --compare and --metric, the scenario's decision: its subject against its baseline on its first metric", () => {
    const declared = resolveScenario(mergeScenario(scenario(1), { decision: { candidates: ['scripted'], baseline: 'human', metrics: ['costPerResolvedUsd'] } }));
    expect(breakevenDefaults(declared)).toEqual({ compare: 'scripted:human', metric: 'cost_per_resolved_usd' });
    const found = findBreakeven({ scenario: declared, path: options.path, low: options.low, high: options.high, runs: options.runs });
    expect([found.regimes, found.metric]).toEqual([['scripted', 'human'], 'cost_per_resolved_usd']);
    // Nothing declared: one change decides on cost per merged change.
    expect(breakevenDefaults(scenario(1)).metric).toBe('cost_per_merged_usd');
  });

  it("an outcome preset's default: its row's two regimes, though its decision names regimes the search leaves out", () => {
    const { scenario: preset } = loadScenario('outcome-high-volume-simple');
    const found = findBreakeven({ scenario: preset, path: 'money.monthlyVolume', low: 10, high: 100_000, runs: 20 });
    expect([found.regimes, found.metric]).toEqual([['single', 'human'], 'cost_per_resolved_usd']);
  });

  it('finds the monthly volume where a script starts to pay, V = 1000 / 95, within its interval', () => {
    const found = findBreakeven({ ...options, scenario: scenario(1) });
    expect(found.result.found).toBe(true);
    if (!found.result.found) return;
    // No noise: the band is the curve itself, so the interval is the root up to the bisection tolerance.
    const tolerance = (options.high - options.low) / 1000;
    expect(Math.abs(found.result.value - 1000 / 95)).toBeLessThanOrEqual(tolerance);
    expect(found.result.ciLow - tolerance).toBeLessThanOrEqual(1000 / 95);
    expect(found.result.ciHigh + tolerance).toBeGreaterThanOrEqual(1000 / 95);
    // Below V the script's build is spread over too few outcomes: manual work is cheaper there.
    expect(breakevenLine(found)).toMatch(/^break-even money\.monthlyVolume = 10\.5\d* \[.*\] \(human lower below, scripted above\)$/);
    const csv = breakevenCsv(found).trim().split('\n');
    expect(csv[0]).toBe('param,metric,regime_a,regime_b,row,value,value_ci_low,value_ci_high,difference,difference_ci_low,difference_ci_high,lower');
    expect(csv.at(-1)).toMatch(/^money\.monthlyVolume,cost_per_resolved_usd,scripted,human,break_even,10\.5/);
  });

  it("covers the crossing of the expected costs when a person's hours are random", () => {
    // Lognormal hours, median 1, p90 2: mean exp(s^2 / 2) with s = ln 2 / z(0.9). Manual costs
    // 100 E[H] per outcome, the script 5 + 1000 / V: equal at V = 1000 / (100 E[H] - 5).
    const s = Math.log(2) / 1.2815515655446004;
    const crossing = 1000 / (100 * Math.exp((s * s) / 2) - 5);
    const found = findBreakeven({ ...options, runs: 400, scenario: scenario({ dist: 'lognormal', median: 1, p90: 2 }) });
    expect(found.result.found).toBe(true);
    if (!found.result.found) return;
    expect(found.result.ciHigh).toBeGreaterThan(found.result.ciLow);
    expect(found.result.ciLow).toBeLessThanOrEqual(crossing);
    expect(found.result.ciHigh).toBeGreaterThanOrEqual(crossing);
  });

  it('says which regime wins when there is no crossing in the range', () => {
    const found = findBreakeven({ ...options, low: 20, high: 100, scenario: scenario(1) });
    expect(found.result.found).toBe(false);
    expect(breakevenLine(found)).toBe('no break-even in [20, 100]: scripted wins');
  });
});
