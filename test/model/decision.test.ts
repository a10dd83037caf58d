/** The decision a scenario is about: declared or the mode's default, and every bad declaration named. */
import { describe, expect, it } from 'vitest';
import type { ScenarioError } from '../../src/errors/index.js';
import { resolveDecision, resolveScenario } from '../../src/model/index.js';
import { scenarioErrorOf } from './helpers.js';

const fields = (err: ScenarioError) => err.problems.map((p) => p.field).sort();

describe('resolveDecision', () => {
  it('one change, nothing declared: every regime run, single the baseline, cost per merged change then wall clock', () => {
    const d = resolveDecision(resolveScenario({ regimes: ['human', 'single', 'fanout'] }));
    expect(d).toEqual({ candidates: ['human', 'single', 'fanout'], baseline: 'single', subject: 'fanout', metrics: ['costPerMergedUsd', 'wallClockHours'], question: '', declared: false });
  });

  it('without single the baseline is human', () => {
    expect(resolveDecision(resolveScenario({ regimes: ['human', 'fanout'] })).baseline).toBe('human');
  });

  it('a stream decides on throughput first and never on wall clock alone', () => {
    const d = resolveDecision(
      resolveScenario({ regimes: ['single', 'fanout'], mode: { kind: 'stream', arrivals: { per: 'month', rate: 100 }, horizonDays: 28 } }),
    );
    expect(d.metrics[0]).toMatch(/^(mergedPerMonth|merged)$/);
    expect(d.metrics).toContain('costPerMergedUsd');
  });

  it('a declared decision: the baseline joins the candidates, in the scenario order', () => {
    const d = resolveDecision(
      resolveScenario({ regimes: ['human', 'single', 'fanout', 'scripted'], decision: { candidates: ['fanout'], baseline: 'single', metrics: ['costPerResolvedUsd'], question: 'row 3' } }),
    );
    expect(d).toEqual({ candidates: ['single', 'fanout'], baseline: 'single', subject: 'fanout', metrics: ['costPerResolvedUsd'], question: 'row 3', declared: true });
  });
});

describe('a bad decision is named, field by field', () => {
  it('a regime not run, a baseline summary.csv does not pair against, an unknown metric, a repeated one', () => {
    const err = scenarioErrorOf(() =>
      resolveScenario({
        regimes: ['human', 'single', 'fanout'],
        decision: { candidates: ['fanout', 'scripted'], baseline: 'fanout', metrics: ['costPerMergedUsd', 'costPerMergedUsd', 'speed'] },
      }),
    );
    expect(fields(err)).toEqual(['decision.baseline', 'decision.candidates[1]', 'decision.metrics', 'decision.metrics[2]']);
    expect(err.message).toMatch(/decision\.candidates\[1\]: the scenario does not run 'scripted'/);
    expect(err.message).toMatch(/decision\.baseline: 'fanout' is not a baseline .*single, human/);
  });

  it('a baseline alone is no decision', () => {
    const err = scenarioErrorOf(() => resolveScenario({ decision: { candidates: ['single'], baseline: 'single' } }));
    expect(fields(err)).toEqual(['decision.candidates']);
  });
});
