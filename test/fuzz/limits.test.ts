/**
 * Scenarios that would never end, or never fit, are bounded by a documented limit (docs/model.md,
 * "Limits") or refused up front, naming the field: the fuzzer's worst cases, one by one.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { compileScenario, DEFAULT_SCENARIO, parseScenarioText, Replicator, resolveScenario } from '../../src/model/index.js';
import { MAX_SUBTASKS_PER_CHANGE } from '../../src/model/scenario/limits.js';
import { applyOverrides, parseSet } from '../../src/experiment/index.js';
import { fixedWork, frictionless, model, scenarioErrorOf } from '../model/helpers.js';

const TIERS = ['haiku', 'sonnet', 'opus'];
const KINDS = ['scout', 'implement', 'hard'];

describe('rework that always fails', () => {
  it('ends at the retry and round limits: every attempt wrong, every round asks for more', () => {
    const m = model({
      prices: { tiers: Object.fromEntries(TIERS.map((t) => [t, { wrongProbability: 1 }])) },
      workload: { kinds: Object.fromEntries(KINDS.map((k) => [k, { verifiability: 1, difficulty: 1 }])) },
      failure: { maxAttempts: 20, onExhausted: 'human-takeover', gate: { catchProbability: 1, maxRuns: 20 } },
      review: { judgmentChangeProbability: 1, defectDetectionProbability: 1, maxRounds: 50, rejectProbability: { agent: 0, human: 0 } },
    });
    const out = new Replicator(m, 1).run(0, { keepChanges: true });
    for (const records of out.changes!)
      for (const r of records) {
        // Every round asks for changes, so no change merges: it runs out of its 50 rounds.
        expect(r.merged).toBe(0);
        expect(r.abandonReason).toBe('review_rounds');
        expect(r.reviewRounds).toBe(50);
      }
  });
});

describe('arrivals far above capacity', () => {
  it('over a long horizon: stopped by the kernel-event limit as bad input, naming mode', () => {
    const m = model({ mode: { kind: 'stream', arrivals: { per: 'hour', rate: 40 }, horizonDays: 30 }, review: { reviewers: 1 } });
    const err = scenarioErrorOf(() => new Replicator(m, 1, { maxEvents: 100_000 }).run(0));
    expect(err.field).toBe('mode');
    expect(err.message).toMatch(/reached the limit of 100,000 kernel events .*shorten mode\.horizonDays or lower the arrival rate \(mode\.arrivals\)/);
    // The user's fields, never the library's internals.
    expect(err.message).not.toMatch(/new Simulation|maxEvents/);
  });

  it('more changes than a replication holds: refused before anything is drawn', () => {
    // 2,400,000 expected: too many to keep (changes.csv), not too many to stream.
    const kept = model({ mode: { kind: 'stream', arrivals: { per: 'hour', rate: 1000 }, horizonDays: 100 } });
    const err = scenarioErrorOf(() => new Replicator(kept, 1).run(0, { keepChanges: true }));
    expect(err.field).toBe('mode.horizonDays');
    expect(err.message).toMatch(/about 2,400,000 changes per replication, more than the 1,000,000 one replication holds when its changes are kept/);
    // 24,000,000 expected: beyond the bound on a streamed replication too.
    const streamed = model({ mode: { kind: 'stream', arrivals: { per: 'hour', rate: 1000 }, horizonDays: 1000 } });
    const streamedErr = scenarioErrorOf(() => new Replicator(streamed, 1).run(0));
    expect(streamedErr.field).toBe('mode.horizonDays');
    expect(streamedErr.message).toMatch(/more than the 20,000,000 one replication of an open stream may have/);
  });

  it('a closed loop whose engineers file changes without pause: stopped at 100,000 changes per engineer', () => {
    const m = model(frictionless, {
      regimes: ['single'],
      mode: { kind: 'stream', arrivals: { per: 'engineer', engineers: 1, thinkHours: 0 }, horizonDays: 1 },
      // Work that takes no time at all: the clock never moves, and the engineer files on and on.
      workload: {
        graph: { generator: 'independent', count: 1 },
        kinds: Object.fromEntries(KINDS.map((k) => [k, { work: fixedWork(0), sizeLines: 0 }])),
      },
      agents: { baseContextTokens: 0, briefingTokens: 0 },
      people: { specifyHours: 0, planReadHours: 0 },
    });
    const err = scenarioErrorOf(() => new Replicator(m, 1).run(0));
    expect(err.field).toBe('mode.arrivals.thinkHours');
    expect(err.message).toMatch(/filed 100,000 changes/);
  });
});

describe('graphs too large for a change', () => {
  it.each([
    [{ generator: 'independent', count: MAX_SUBTASKS_PER_CHANGE + 1 }, 'workload.graph.count'],
    [{ generator: 'chain', count: { dist: 'lognormal', median: 50, p90: 400 } }, 'workload.graph.count'],
    [{ generator: 'layered', layers: 30, width: 20, edgeProbability: 0.5 }, 'workload.graph'],
  ])('%j is refused up front at %s', (graph, field) => {
    const err = scenarioErrorOf(() => resolveScenario({ workload: { graph } }));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/at most 500 subtasks/);
  });

  it('the largest allowed graph runs, dense and speculative too', () => {
    const wide = model({ workload: { graph: { generator: 'independent', count: MAX_SUBTASKS_PER_CHANGE } } });
    expect(new Replicator(wide, 1).run(0).runs).toHaveLength(3);
    const dense = model({
      orchestration: { policy: 'speculative' },
      workload: { graph: { generator: 'layered', layers: 20, width: 25, edgeProbability: 1 } },
    });
    expect(new Replicator(dense, 1).run(0).runs).toHaveLength(3);
  });

  it('a draw beyond the limit (validation bypassed) stops the run as bad input', () => {
    const scenario = structuredClone(DEFAULT_SCENARIO);
    scenario.workload.graph = { generator: 'independent', count: 1e15 };
    const err = scenarioErrorOf(() => new Replicator(compileScenario(scenario), 1).run(0));
    expect(err.field).toBe('workload.graph');
  });
});

describe('numbers out of all proportion', () => {
  it.each([
    [{ people: { loadedUsdPerHour: 1e13 } }, 'people.loadedUsdPerHour'],
    [{ agents: { briefingTokens: { dist: 'uniform', min: 0, max: 1e300 } } }, 'agents.briefingTokens.max'],
  ])('%j is refused at %s', (partial, field) => {
    const err = scenarioErrorOf(() => resolveScenario(partial));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/must be at most 1e\+12 in size/);
  });

  it.each([
    [{ review: { linesPerHour: 1e-300 } }, 'review.linesPerHour', /must be 0 or at least 1e-12 .*: the model divides by it/],
    [{ prices: { tiers: { opus: { outputTokensPerSecond: { dist: 'lognormal', mu: -700, sigma: 1 } } } } }, 'prices.tiers.opus.outputTokensPerSecond', /a positive draw must be at least 1e-12/],
    // The amortised build divides by both: a tiny one wrote Infinity into build_usd and total_usd.
    [{ money: { amortisationMonths: 1e-320 } }, 'money.amortisationMonths', /at least 1e-12 \(got 1e-320\): the model divides by it/],
    [{ money: { monthlyVolume: 5e-324 } }, 'money.monthlyVolume', /at least 1e-12 \(got 5e-324\): the model divides by it/],
    [{ mode: { kind: 'stream', arrivals: { per: 'month', rate: 1e-300 }, horizonDays: 30 } }, 'mode.arrivals.rate', /at least 1e-12 .*: the model divides by it/],
  ])('what the model divides by may not be tiny: %j at %s', (partial, field, message) => {
    const err = scenarioErrorOf(() => resolveScenario(partial));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
  });

  it('tiny numbers elsewhere are fine (a probability of 5e-324 is a probability)', () => {
    expect(resolveScenario({ failure: { gate: { catchProbability: 5e-324 } } }).failure.gate.catchProbability).toBe(5e-324);
  });

  it('a distribution whose tail overflows is refused at the distribution, naming its draws', () => {
    const err = scenarioErrorOf(() => resolveScenario({ agents: { briefingTokens: { dist: 'lognormal', median: 200, p90: 1e11 } } }));
    expect(err.field).toBe('agents.briefingTokens');
    expect(err.message).toMatch(/its draws reach .* \(one in a billion beyond\)/);
  });

  it('0 is a number like any other, a divisor included', () => {
    expect(resolveScenario({ money: { delayUsdPerHour: 0 } }).money.delayUsdPerHour).toBe(0);
    expect(resolveScenario({ prices: { tiers: { opus: { outputTokensPerSecond: 0 } } } }).prices.tiers.opus!.outputTokensPerSecond).toBe(0);
  });
});

describe('hostile structure', () => {
  it.each([
    ['workload.kinds', '{"workload": {"kinds": {"__proto__": {"share": 1}}}}'],
    ['routing.kinds', '{"routing": {"kinds": {"__proto__": "opus"}}}'],
    ['prices.tiers', '{"prices": {"tiers": {"__proto__": {"inputUsdPerMTok": 1}}}}'],
    ['workload.kinds', 'workload:\n  kinds:\n    constructor: {share: 1}\n'],
    ['prices.tiers', 'prices:\n  tiers:\n    prototype: {inputUsdPerMTok: 1}\n'],
    ['', '{"__proto__": {"name": "x"}}'],
  ])('a reserved key in %s is refused naming it, not dropped: %s', (map, text) => {
    const key = /__proto__|constructor|prototype/.exec(text)![0];
    const err = scenarioErrorOf(() => parseScenarioText(text, 'hostile.json'));
    expect(err.field).toBe(map ? `${map}.${key}` : key);
    expect(err.message).toMatch(new RegExp(`'${key}' is a name JavaScript reserves.*choose another name`));
    expect(({} as Record<string, unknown>).share).toBeUndefined();
  });

  it('an object that contains itself is refused, not walked forever', () => {
    const review: Record<string, unknown> = {};
    review.workingHours = review;
    const err = scenarioErrorOf(() => resolveScenario({ review }));
    expect(err.field).toMatch(/^review\.workingHours/);
    expect(err.message).toMatch(/refers to itself/);
  });

  it('nesting deeper than a scenario is refused', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(scenarioErrorOf(() => resolveScenario({ review: deep })).message).toMatch(/nests deeper than 64 levels/);
  });

  it.each([
    ['fanout: &a [*a]\n', /refers to itself/],
    ['fanout: !custom 4\n', /Unresolved tag/],
    [['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((l, i) => `${l}: &${l} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n'), /alias/i],
    ['fanout: 4\nfanout: 5\n', /unique/],
  ])('YAML %j is refused as not valid', (text, detail) => {
    const err = scenarioErrorOf(() => parseScenarioText(text, 'x.yaml'));
    expect(err.message).toMatch(/^x\.yaml is not valid YAML or JSON: /);
    expect(err.message).toMatch(detail);
  });

  it('--set values are read the same way', () => {
    expect(() => applyOverrides(DEFAULT_SCENARIO, [parseSet('fanout=&a [*a]')])).toThrow(UsageError);
    expect(() => parseSet('fanout=&a [*a]')).toThrow(/refers to itself/);
  });
});
