/**
 * A team's throughput and its bottleneck (issue 20): merged changes per month, lead time, work in
 * progress, every resource's utilisation and the bottleneck. Oracles independent of the code:
 * the definitions counted by hand from the changes' own records (arrival and end times), Little's
 * law, and two queues whose loads are set so that one resource is 95% busy and the other idle.
 */
import { describe, expect, it } from 'vitest';
import { bottleneckIndex, HOURS_PER_MONTH, RESOURCES, Replicator, type CompiledModel, type RunMetrics } from '../../src/model/index.js';
import { fixedWork, frictionless, meanCi, model } from './helpers.js';

const HORIZON_DAYS = 20;

/**
 * A closed loop of 4 engineers on clock hours (thinking 2 h on average between changes); each
 * change is one 1-hour agent attempt and one review of exponential length (mean 0.75 h) by one of
 * 2 reviewers: about 4/3 changes an hour, the reviewers half busy, a stable queue. Nothing fails,
 * nothing is rejected: every change merges.
 */
function closedLoop(): CompiledModel {
  return model(frictionless, {
    regimes: ['single'],
    mode: { kind: 'stream', arrivals: { per: 'engineer', engineers: 4, thinkHours: { dist: 'exponential', mean: 2 } }, horizonDays: HORIZON_DAYS },
    workload: {
      graph: { generator: 'independent', count: 1 },
      kinds: { scout: { sizeLines: 0, work: fixedWork(1) }, implement: { sizeLines: 0, work: fixedWork(1) }, hard: { sizeLines: 0, work: fixedWork(1) } },
    },
    people: { specifyHours: 0 },
    review: { reviewers: 2, overheadHours: { dist: 'exponential', mean: 0.75 } },
  });
}

describe("a closed loop's throughput", () => {
  const m = closedLoop();
  const replicator = new Replicator(m, 7);
  const outcomes = Array.from({ length: 30 }, (_, r) => replicator.run(r, { keepChanges: true }));
  const horizonHours = HORIZON_DAYS * 24;

  it('merged per month is merged / the horizon in months of 730.5 hours', () => {
    for (const o of outcomes) {
      const run = o.runs[0]!;
      expect(run.merged).toBeGreaterThan(100);
      expect(run.mergedPerMonth).toBeCloseTo(run.merged / (horizonHours / 730.5), 9);
    }
    expect(HOURS_PER_MONTH).toBe(730.5);
  });

  it('lead time is the mean request-to-merge time of the merged changes, counted from their records', () => {
    for (const o of outcomes) {
      const merged = o.changes![0]!.filter((c) => c.merged === 1);
      const byHand = merged.reduce((s, c) => s + (c.endHours - c.arrivalHours), 0) / merged.length;
      expect(o.runs[0]!.leadTimeHours).toBeCloseTo(byHand, 9);
      expect(o.runs[0]!.leadTimeHours).toBe(o.runs[0]!.wallClockHours);
    }
  });

  it('work in progress is the time-average number of changes open over the horizon, counted from their records', () => {
    for (const o of outcomes) {
      // The hours each change was open within [0, horizon], summed: the integral of the count.
      const openHours = o.changes![0]!.reduce((s, c) => s + Math.max(0, Math.min(c.endHours, horizonHours) - Math.min(c.arrivalHours, horizonHours)), 0);
      expect(o.runs[0]!.workInProgress).toBeCloseTo(openHours / horizonHours, 9);
    }
  });

  it("Little's law: work in progress = throughput x lead time, within its 95% interval", () => {
    const runs = outcomes.map((o) => o.runs[0]!);
    const wip = meanCi(runs.map((r) => r.workInProgress));
    const little = meanCi(runs.map((r) => (r.mergedPerMonth / HOURS_PER_MONTH) * r.leadTimeHours));
    expect(wip.mean).toBeGreaterThan(1);
    // The two differ only by the changes still open at the horizon's end (a few hours of
    // work over 480): well inside the interval of either.
    expect(Math.abs(wip.mean - little.mean)).toBeLessThan(wip.half);
    expect(Math.abs(wip.mean - little.mean)).toBeLessThan(little.half);
  });

  it("the engineers' utilisation is their hours on their changes over their working hours; the bottleneck is the busiest", () => {
    for (const o of outcomes) {
      const run = o.runs[0]!;
      expect(run.handlerUtilisation).toBeNaN(); // people.handlers is 0: nobody queues for one
      expect(run.agentCapUtilisation).toBeNaN(); // no cap
      expect(run.engineerUtilisation).toBeGreaterThanOrEqual(0);
      expect(run.bottleneckUtilisation).toBe(Math.max(run.reviewerUtilisation, run.engineerUtilisation));
    }
  });
});

/**
 * An open stream of 1.9 changes an hour over 400 hours, each one agent call of `agentHours`
 * (exponential) and one review of `reviewHours` (exponential): `reviewers` people review, and at
 * most `cap` agent calls run at once. Offered load: 1.9 x hours / capacity on each.
 */
function twoQueues(opts: { reviewers: number; reviewHours: number; cap: number; agentHours: number }): CompiledModel {
  const work = { turns: 1, outputTokensPerTurn: 0, contextGrowthPerTurn: 0, toolSecondsPerTurn: { dist: 'exponential', mean: opts.agentHours * 3600 } };
  return model(frictionless, {
    regimes: ['single'],
    mode: { kind: 'stream', arrivals: { per: 'hour', rate: 1.9 }, horizonDays: 400 / 24 },
    workload: {
      graph: { generator: 'independent', count: 1 },
      kinds: { scout: { sizeLines: 0, work }, implement: { sizeLines: 0, work }, hard: { sizeLines: 0, work } },
    },
    orchestration: { agentCallCap: opts.cap },
    people: { specifyHours: 0 },
    review: { reviewers: opts.reviewers, overheadHours: { dist: 'exponential', mean: opts.reviewHours } },
  });
}

function replications(m: CompiledModel, n: number): RunMetrics[] {
  const replicator = new Replicator(m, 3);
  return Array.from({ length: n }, (_, r) => replicator.run(r).runs[0]!);
}

const meanOf = (runs: RunMetrics[], f: (r: RunMetrics) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;

/** The bottleneck's name from the mean utilisations, as the console and report name it. */
function bottleneckName(runs: RunMetrics[]): string {
  const u = [meanOf(runs, (r) => r.reviewerUtilisation), meanOf(runs, (r) => r.agentCapUtilisation), Number.NaN, Number.NaN];
  return RESOURCES[bottleneckIndex(u)]!.name;
}

describe('the bottleneck', () => {
  it('is the reviewers at utilisation 0.95 beside an idle agent cap, and the cap once the capacities (and loads) are swapped', () => {
    // Reviewers: 1.9 x 1 h / 2 = 0.95; the cap: 1.9 x 0.1 h / 20 = 0.0095.
    const reviewBound = replications(twoQueues({ reviewers: 2, reviewHours: 1, cap: 20, agentHours: 0.1 }), 12);
    expect(meanOf(reviewBound, (r) => r.reviewerUtilisation)).toBeGreaterThan(0.9);
    expect(meanOf(reviewBound, (r) => r.agentCapUtilisation)).toBeLessThan(0.02);
    expect(bottleneckName(reviewBound)).toBe('reviewers');
    for (const r of reviewBound) {
      expect(r.bottleneckUtilisation).toBe(r.reviewerUtilisation);
      // Its wait: the reviewers' mean wait per review round; here every change has one round.
      expect(r.bottleneckWaitHours).toBeCloseTo(r.reviewWaitHours, 9);
    }

    // Swapped: 20 reviewers of 0.1 h (0.0095), a cap of 2 on calls of 1 h (0.95).
    const capBound = replications(twoQueues({ reviewers: 20, reviewHours: 0.1, cap: 2, agentHours: 1 }), 12);
    expect(meanOf(capBound, (r) => r.agentCapUtilisation)).toBeGreaterThan(0.9);
    expect(meanOf(capBound, (r) => r.reviewerUtilisation)).toBeLessThan(0.02);
    expect(bottleneckName(capBound)).toBe('agent cap');
    for (const r of capBound) {
      expect(r.bottleneckUtilisation).toBe(r.agentCapUtilisation);
      expect(r.bottleneckWaitHours).toBe(r.agentCapWaitHours);
      expect(r.agentCapWaitHours).toBeGreaterThan(1); // a queue at 95%: calls wait longer than they take
    }
  });

  it('is not named in one-change mode, and throughput and work in progress are empty there', () => {
    const one = new Replicator(model(frictionless, { regimes: ['single'] }), 1).run(0).runs[0]!;
    expect(one.mergedPerMonth).toBeNaN();
    expect(one.workInProgress).toBeNaN();
    expect(one.bottleneckUtilisation).toBeNaN();
    expect(one.leadTimeHours).toBe(one.wallClockHours);
  });
});
