import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  compileScenario,
  DEFAULT_SCENARIO,
  parseScenarioText,
  Replicator,
  resolveScenario,
  scenarioSchema,
  traceReplication,
} from '../../src/model/index.js';
import { scenarioErrorOf } from './helpers.js';

const errorOf = scenarioErrorOf;

describe('scenario resolution', () => {
  it('the embedded default validates and compiles', () => {
    expect(resolveScenario({})).toEqual(DEFAULT_SCENARIO);
    expect(() => compileScenario(resolveScenario({}))).not.toThrow();
  });

  it('a partial file changes only what it names', () => {
    const s = resolveScenario({ review: { reviewers: 4 }, fanout: 8 });
    expect(s.review.reviewers).toBe(4);
    expect(s.fanout).toBe(8);
    expect(s.review.linesPerHour).toBe(DEFAULT_SCENARIO.review.linesPerHour);
  });

  it('a distribution or a graph of another kind replaces the default whole', () => {
    const s = resolveScenario({ workload: { graph: { generator: 'chain', count: 5 } }, agents: { baseContextTokens: { dist: 'constant', value: 100 } } });
    expect(s.workload.graph).toEqual({ generator: 'chain', count: 5 });
    expect(s.agents.baseContextTokens).toEqual({ dist: 'constant', value: 100 });
  });

  it('does not mutate the embedded default', () => {
    const before = JSON.stringify(DEFAULT_SCENARIO);
    resolveScenario({ review: { reviewers: 9 } }).review.reviewers = 77;
    expect(JSON.stringify(DEFAULT_SCENARIO)).toBe(before);
  });

  it.each([
    [{ review: { reviewers: 0 } }, 'review.reviewers'],
    [{ review: { reviewrs: 3 } }, 'review'],
    [{ fanout: 2.5 }, 'fanout'],
    [{ routing: { orchestrator: 'gpt' } }, 'routing.orchestrator'],
    [{ routing: { kinds: { nosuch: 'opus' } } }, 'routing.kinds.nosuch'],
    [{ review: { workingHours: { startHour: 17, endHour: 9, workDays: [1] } } }, 'review.workingHours.endHour'],
    [{ workload: { graph: { generator: 'explicit', subtasks: [{ id: 'a', kind: 'implement', after: ['b'] }, { id: 'b', kind: 'implement' }] } } }, 'workload.graph.subtasks[0].after[0]'],
    [{ failure: { gate: { catchProbability: 1.5 } } }, 'failure.gate.catchProbability'],
    [{ mode: { kind: 'stream', arrivals: { per: 'week', rate: 3 }, horizonDays: 5 } }, 'mode.arrivals.per'],
  ])('names the bad field: %j -> %s', (partial, field) => {
    const err = errorOf(() => resolveScenario(partial));
    expect(err.field).toBe(field);
    expect(err.message.startsWith(field)).toBe(true);
  });

  it('an unknown field is named with a hint', () => {
    const err = errorOf(() => resolveScenario({ review: { reviewrs: 3 } }));
    expect(err.message).toContain("'reviewrs'");
  });

  it('a bad distribution parameter is named with its path', () => {
    const err = errorOf(() => resolveScenario({ agents: { baseContextTokens: { dist: 'lognormal', median: 100, p90: 50 } } }));
    expect(err.field).toBe('agents.baseContextTokens.p90');
    expect(err.message).toMatch(/must be greater than median/);
  });

  it('parses YAML and reports malformed text clearly', () => {
    expect(parseScenarioText('fanout: 6\nreview:\n  reviewers: 3\n').fanout).toBe(6);
    const err = errorOf(() => parseScenarioText('fanout: [1,\n', 'x.yaml'));
    expect(err.message).toMatch(/x\.yaml is not valid YAML/);
  });

  it('exports a JSON Schema for editors', () => {
    const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['fanout', 'review', 'workload', 'prices']));
  });
});

describe('trace', () => {
  it('records every step of a replication with times, tiers and tokens', () => {
    const rows = traceReplication(compileScenario(resolveScenario({})), 1, 0);
    const steps = new Set(rows.map((r) => r.step));
    for (const step of ['plan', 'attempt', 'consolidate', 'gate', 'review', 'human_work']) expect(steps).toContain(step);
    expect(rows.filter((r) => r.step === 'merge' || r.step === 'abandon')).toHaveLength(3);
    const attempts = rows.filter((r) => r.step === 'attempt');
    expect(attempts.every((r) => r.tier !== '' && r.inputTokens + r.cacheReadTokens > 0)).toBe(true);
  });
});

describe('volume guards', () => {
  it('a stream too large for one replication is refused with the field and the fix, before anything is drawn', () => {
    const m = compileScenario(resolveScenario({ mode: { kind: 'stream', arrivals: { per: 'hour', rate: 100_000 }, horizonDays: 100 } }));
    const err = errorOf(() => new Replicator(m, 1).run(0));
    expect(err.field).toBe('mode.horizonDays');
    expect(err.message).toMatch(/shorten horizonDays/);
  });
});
