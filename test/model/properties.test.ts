/**
 * Invariants over random scenarios (fast-check): whatever the graph, policy, failure and review
 * settings, money is never negative, no change is lost, time runs forwards, and tokens appear
 * exactly when an agent ran.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, Replicator, resolveScenario, type TraceRow } from '../../src/model/index.js';

const graphArb = fc.oneof(
  fc.record({ generator: fc.constantFrom('independent', 'chain', 'fork-join'), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    generator: fc.constant('layered'),
    layers: fc.integer({ min: 1, max: 4 }),
    width: fc.integer({ min: 1, max: 5 }),
    edgeProbability: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

const scenarioArb = fc.record({
  fanout: fc.integer({ min: 1, max: 8 }),
  workload: fc.record({ graph: graphArb }),
  orchestration: fc.record({
    policy: fc.constantFrom('respect-dependencies', 'speculative'),
    agentCallCap: fc.integer({ min: 0, max: 3 }),
    singlePlans: fc.boolean(),
    singleConsolidates: fc.boolean(),
  }),
  failure: fc.record({
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    onExhausted: fc.constantFrom('human-takeover', 'abandon'),
    siblingConflictProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    speculativeConflictProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    gate: fc.record({
      enabled: fc.boolean(),
      catchProbability: fc.double({ min: 0, max: 1, noNaN: true }),
      maxRuns: fc.integer({ min: 1, max: 5 }),
    }),
  }),
  prices: fc.record({
    tiers: fc.record({ sonnet: fc.record({ wrongProbability: fc.double({ min: 0, max: 0.9, noNaN: true }) }) }),
  }),
  review: fc.record({
    reviewers: fc.integer({ min: 1, max: 3 }),
    maxRounds: fc.integer({ min: 1, max: 5 }),
    reworkBy: fc.constantFrom('agents', 'people'),
    judgmentChangeProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    defectDetectionProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    workingHours: fc.constantFrom('always', { startHour: 9, endHour: 17, workDays: [1, 2, 3, 4, 5] }),
  }),
  mode: fc.oneof(
    fc.constant({ kind: 'single-change', arrivalHour: 9 }),
    fc.record({
      kind: fc.constant('stream'),
      arrivals: fc.record({ per: fc.constantFrom('hour', 'workingDay'), rate: fc.double({ min: 0.05, max: 1, noNaN: true }) }),
      horizonDays: fc.double({ min: 0.5, max: 5, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('stream'),
      arrivals: fc.record({
        per: fc.constant('engineer'),
        engineers: fc.integer({ min: 1, max: 3 }),
        thinkHours: fc.double({ min: 0, max: 4, noNaN: true }),
      }),
      horizonDays: fc.double({ min: 0.5, max: 4, noNaN: true }),
    }),
  ),
  money: fc.record({ incidentUsdPerEscapedDefect: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
});

const COST_TERMS = ['inferenceUsd', 'supervisionUsd', 'reviewUsd', 'reworkUsd', 'authoringUsd', 'remediationUsd', 'buildUsd', 'delayUsd', 'totalUsd'] as const;

describe('model invariants over random scenarios', () => {
  it('costs are never negative, no change is lost, time runs forwards, tokens only when agents ran', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 1000 }), (partial, replication) => {
        const model = compileScenario(resolveScenario(partial));
        const rows: TraceRow[] = [];
        const out = new Replicator(model, 'prop').run(replication, { keepChanges: true, tracer: (row) => rows.push(row) });
        const closedLoop = model.scenario.mode.kind === 'stream' && model.scenario.mode.arrivals.per === 'engineer';
        const arrived = out.changes![0]!.length;
        out.runs.forEach((run, i) => {
          const changes = out.changes![i]!;
          // In a closed loop each regime files as many changes as its speed allows.
          if (!closedLoop) expect(changes.length).toBe(arrived);
          expect(run.changes).toBe(changes.length);
          expect(run.merged + run.abandoned).toBe(changes.length);
          for (const term of COST_TERMS) {
            expect(run[term]).toBeGreaterThanOrEqual(0);
            expect(Number.isFinite(run[term])).toBe(true);
          }
          const sumOfTerms = COST_TERMS.slice(0, -1).reduce((s, t) => s + run[t], 0);
          expect(run.totalUsd).toBeCloseTo(sumOfTerms, 6);
          changes.forEach((ch, c) => {
            if (!closedLoop) expect(ch.change).toBe(c);
            expect(ch.merged + ch.abandoned).toBe(1);
            expect(ch.endHours).toBeGreaterThanOrEqual(ch.arrivalHours);
            expect(ch.reviewWaitHours).toBeGreaterThanOrEqual(0);
            for (const t of ch.tokens) expect(t).toBeGreaterThanOrEqual(0);
            // Tokens are zero only when no agent ran, and never when one did.
            expect(ch.totalTokens > 0).toBe(ch.agentCalls > 0);
            if (run.regime === 'human') expect(ch.agentCalls).toBe(0);
          });
        });
        for (const row of rows) {
          expect(row.endHours).toBeGreaterThanOrEqual(row.startHours - 1e-9);
          expect(row.startHours).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 150, seed: 20261123 },
    );
  });
});
