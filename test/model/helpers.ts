/** Scenario builders shared by the model's tests. */
import { ScenarioError } from '../../src/errors/index.js';
import { compileScenario, mergeScenario, resolveScenario, Replicator, type CompiledModel } from '../../src/model/index.js';

/** A work profile where an attempt takes exactly `hours` and writes nothing. */
export function fixedWork(hours: number) {
  return {
    turns: 1,
    outputTokensPerTurn: 0,
    contextGrowthPerTurn: 0,
    toolSecondsPerTurn: hours * 3600,
  };
}

/** Overrides under which agents never fail, review takes no time and nothing waits for the clock. */
export const frictionless = {
  prices: {
    tiers: {
      haiku: { timeToFirstTokenSeconds: 0, wrongProbability: 0, turnsMultiplier: 1 },
      sonnet: { timeToFirstTokenSeconds: 0, wrongProbability: 0, turnsMultiplier: 1 },
      opus: { timeToFirstTokenSeconds: 0, wrongProbability: 0, turnsMultiplier: 1 },
    },
  },
  agents: { orientation: { turns: 0 } },
  orchestration: {
    plan: { outputTokensPerTurn: 0 },
    consolidate: { outputTokensPerTurn: 0, turnsPerConflict: 0 },
  },
  failure: { gate: { enabled: false }, siblingConflictProbability: 0 },
  review: {
    workingHours: 'always',
    overheadHours: 0,
    rejectProbability: { agent: 0, human: 0 },
    judgmentChangeProbability: 0,
    defectDetectionProbability: 0,
  },
  people: { workingHours: 'always', humanDefectProbability: 0 },
};

export function model(...overrides: unknown[]): CompiledModel {
  let partial: unknown = {};
  for (const o of overrides) partial = mergeScenario(partial, o);
  return compileScenario(resolveScenario(partial));
}

export function runOnce(m: CompiledModel, seed: number | string, replication: number) {
  return new Replicator(m, seed).run(replication, { keepChanges: true });
}

/** Mean and half-width of a 95% t-interval (normal quantile beyond 30 samples). */
export function meanCi(xs: number[]): { mean: number; half: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const t = n >= 30 ? 1.96 : [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05][n - 2]!;
  return { mean, half: (t * sd) / Math.sqrt(n) };
}

/** The ScenarioError that fn throws (any other outcome fails the test). */
export function scenarioErrorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

/**
 * Changes that are nothing but a review of exponential length (mean 1 h), arriving at `lambda`
 * an hour for `horizonHours`: an M/M/c queue at the `c` reviewers (one regime, single).
 */
export function mmcReviewModel(lambda: number, c: number, horizonHours: number): CompiledModel {
  return model(frictionless, {
    regimes: ['single'],
    mode: { kind: 'stream', arrivals: { per: 'hour', rate: lambda }, horizonDays: horizonHours / 24 },
    workload: {
      graph: { generator: 'independent', count: 1 },
      kinds: {
        scout: { sizeLines: 0, work: fixedWork(0) },
        implement: { sizeLines: 0, work: fixedWork(0) },
        hard: { sizeLines: 0, work: fixedWork(0) },
      },
    },
    review: { reviewers: c, overheadHours: { dist: 'exponential', mean: 1 } },
  });
}

/** Mean wait in queue of an M/M/c queue (Erlang C): the oracle of the queueing tests. */
export function erlangCWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1;
  let sum = 1; // k = 0
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho); // a^c / c! / (1 - rho)
  return last / (sum + last) / (c * mu - lambda);
}
