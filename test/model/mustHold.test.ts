/**
 * The claims of ../shared/MODEL.md "What must hold" that concern the model, each checked against
 * an oracle computed independently of the code: graph arithmetic, queueing theory, the worked
 * example's arithmetic, published token premiums.
 */
import { describe, expect, it } from 'vitest';
import { Replicator } from '../../src/model/index.js';
import { erlangCWait, fixedWork, frictionless, meanCi, mmcReviewModel, model, runOnce } from './helpers.js';

describe('fixed durations: fan-out follows the critical path, N = 1 the sum', () => {
  // a -> b, a -> c, {b, c} -> d; e -> f. Hours: a 1, b 2, c 3, d 1, e 4, f 0.5.
  const hours: Record<string, number> = { a: 1, b: 2, c: 3, d: 1, e: 4, f: 0.5 };
  const after: Record<string, string[]> = { a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: [], f: ['e'] };
  const kinds = Object.fromEntries(
    Object.entries(hours).map(([id, h]) => [
      `k${id}`,
      { share: 1, sizeLines: 0, verifiability: 1, difficulty: 0, work: fixedWork(h), humanHours: h },
    ]),
  );
  const scenario = {
    regimes: ['single', 'fanout'],
    workload: {
      kinds,
      graph: { generator: 'explicit', subtasks: Object.keys(hours).map((id) => ({ id, kind: `k${id}`, after: after[id] })) },
    },
    routing: { kinds: {}, default: 'sonnet' },
  };

  // Independent oracle: longest path by dynamic programming over the listed (topological) order.
  const finish: Record<string, number> = {};
  for (const id of Object.keys(hours)) finish[id] = hours[id]! + Math.max(0, ...after[id]!.map((p) => finish[p]!));
  const criticalPathHours = Math.max(...Object.values(finish));
  const sumHours = Object.values(hours).reduce((s, h) => s + h, 0);
  // {b, c, e} is an antichain of three and no four subtasks are pairwise independent.
  const graphWidth = 3;

  it.each([graphWidth, graphWidth + 1, 16])('fanout with N = %i finishes in the critical-path time', (n) => {
    const m = model(frictionless, scenario, { fanout: n });
    const out = runOnce(m, 7, 0);
    const fanout = out.runs[m.regimes.indexOf('fanout')]!;
    expect(fanout.merged).toBe(1);
    expect(fanout.wallClockHours).toBeCloseTo(criticalPathHours, 9);
  });

  it('fanout with N = 1 and the single agent finish in the sum of the durations', () => {
    const m = model(frictionless, scenario, { fanout: 1 });
    const out = runOnce(m, 7, 0);
    for (const run of out.runs) expect(run.wallClockHours).toBeCloseTo(sumHours, 9);
  });

  it('N = 2 lands between the two bounds', () => {
    const m = model(frictionless, scenario, { fanout: 2 });
    const wall = runOnce(m, 7, 0).runs[m.regimes.indexOf('fanout')]!.wallClockHours;
    expect(wall).toBeGreaterThanOrEqual(criticalPathHours - 1e-9);
    expect(wall).toBeLessThanOrEqual(sumHours + 1e-9);
  });
});

describe('the worked example: 10,000 changes a month, 5% need a 10-minute human fix', () => {
  it('gives about 83.3 hours of remediation a month', () => {
    const m = model(frictionless, {
      regimes: ['single'],
      mode: { kind: 'stream', arrivals: { per: 'month', rate: 10_000 }, horizonDays: 730.5 / 24 },
      workload: {
        graph: { generator: 'explicit', subtasks: [{ id: 'only', kind: 'implement', after: [] }] },
        kinds: { implement: { verifiability: 0, difficulty: 1, sizeLines: 0 } },
      },
      prices: { tiers: { sonnet: { wrongProbability: 0.05 } } },
      money: { remediationMinutesPerEscapedDefect: 10 },
    });
    const replicator = new Replicator(m, 1);
    const hoursPerMonth: number[] = [];
    for (let r = 0; r < 20; r++) hoursPerMonth.push(replicator.run(r).runs[0]!.remediationHours);
    // Oracle: 10,000 x 0.05 x 10 / 60 = 83.33 h; arrivals are Poisson, so months vary around it.
    const expected = (10_000 * 0.05 * 10) / 60;
    const { mean, half } = meanCi(hoursPerMonth);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(half);
    expect(mean).toBeGreaterThan(80);
    expect(mean).toBeLessThan(87);
  });
});

describe('review queue in a stream agrees with queueing theory (M/M/c)', () => {
  it('lambda 9, mu 1, c 10: mean review wait within the 95% CI of Erlang C (0.6687 h)', () => {
    const lambda = 9;
    const c = 10;
    const expected = erlangCWait(lambda, 1, c);
    expect(expected).toBeCloseTo(0.6687, 4);
    const m = mmcReviewModel(lambda, c, 1200);
    const replicator = new Replicator(m, 11);
    const warmupHours = 100;
    const waits: number[] = [];
    for (let r = 0; r < 20; r++) {
      const out = replicator.run(r, { keepChanges: true });
      const changes = out.changes![0]!;
      const kept = changes.filter((ch) => ch.arrivalHours > warmupHours);
      waits.push(kept.reduce((s, ch) => s + ch.reviewWaitHours, 0) / kept.length);
      // Agents here are instantaneous: every change's wall clock is its review wait plus its review.
      for (const ch of changes.slice(0, 50)) expect(ch.wallClockHours).toBeCloseTo(ch.reviewWaitHours + ch.reviewHours, 9);
    }
    const { mean, half } = meanCi(waits);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(half);
    // Little's law on measured averages: L_q = lambda_measured * W_q (whole run, warm-up included).
    for (let r = 0; r < 3; r++) {
      const out = replicator.run(r, { keepChanges: true });
      const changes = out.changes![0]!;
      const span = Math.max(...changes.map((ch) => ch.endHours));
      const meanWait = changes.reduce((s, ch) => s + ch.reviewWaitHours, 0) / changes.length;
      const lq = out.runs[0]!.reviewerMeanQueueLength;
      expect(Math.abs(lq - (changes.length / span) * meanWait) / lq).toBeLessThan(0.01);
    }
  });
});

describe('the token premium of fan-out emerges from context re-reading', () => {
  it('with the default calibration, fan-out spends several times the single agent: about 15 / 4 = 3.75x, like with like', () => {
    const m = model({});
    const replicator = new Replicator(m, 3);
    const fanout = m.regimes.indexOf('fanout');
    const single = m.regimes.indexOf('single');
    let fanoutTokens = 0;
    let singleTokens = 0;
    let singleShotTokens = 0;
    const ratios: number[] = [];
    for (let r = 0; r < 400; r++) {
      const runs = replicator.run(r).runs;
      fanoutTokens += runs[fanout]!.totalTokens;
      singleTokens += runs[single]!.totalTokens;
      singleShotTokens += runs[single]!.singleShotTokens;
      // The single-shot baseline is the change's, the same under both agent regimes.
      expect(runs[fanout]!.singleShotTokens).toBe(runs[single]!.singleShotTokens);
      ratios.push(runs[fanout]!.totalTokens / runs[single]!.totalTokens);
    }
    // Fan-out against one agent: the published 4x (an agent against a chat) and 15x (a
    // multi-agent system against a chat) put it at 15 / 4 = 3.75x; within a factor of two.
    const premium = fanoutTokens / singleTokens;
    expect(premium).toBeGreaterThanOrEqual(3.75 / 2);
    expect(premium).toBeLessThanOrEqual(3.75 * 2);
    // Against a single-shot call, the published figures' own baseline: each agent regime spends
    // at least the published multiple (an agent 4x, a multi-agent system 15x). The model's are far
    // above (docs/model.md: a coding agent re-reads its context every turn), and not tuned down.
    expect(singleTokens / singleShotTokens).toBeGreaterThanOrEqual(4);
    expect(fanoutTokens / singleShotTokens).toBeGreaterThanOrEqual(15);
    // Not a constant: it varies from change to change...
    const spread = Math.max(...ratios) - Math.min(...ratios);
    expect(spread).toBeGreaterThan(1);
  });

  it('shrinks towards 1 when fresh contexts cost nothing extra (no orientation, no briefing, no orchestrator)', () => {
    const lean = model({
      agents: { orientation: { turns: 0 }, briefingTokens: 0, singleSessionCarryCapTokens: 0 },
      orchestration: { plan: { turns: 1, contextTokens: 0, outputTokensPerTurn: 0 }, consolidate: { turns: 1, contextTokens: 0, outputTokensPerTurn: 0, readShareOfSubagentOutput: 0 } },
    });
    const replicator = new Replicator(lean, 3);
    let f = 0;
    let s = 0;
    for (let r = 0; r < 200; r++) {
      const runs = replicator.run(r).runs;
      f += runs[lean.regimes.indexOf('fanout')]!.totalTokens;
      s += runs[lean.regimes.indexOf('single')]!.totalTokens;
    }
    expect(f / s).toBeGreaterThan(0.95);
    expect(f / s).toBeLessThan(1.3);
  });
});

describe('reproducibility and common random numbers', () => {
  it('the same seed gives identical results; another seed does not', () => {
    const m = model({});
    const a = JSON.stringify(runOnce(m, 'seed-a', 5).runs, replacer);
    const b = JSON.stringify(runOnce(model({}), 'seed-a', 5).runs, replacer);
    const c = JSON.stringify(runOnce(m, 'seed-b', 5).runs, replacer);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('a replication does not depend on which replications ran before it', () => {
    const m = model({});
    const fresh = JSON.stringify(new Replicator(m, 9).run(42).runs, replacer);
    const replicator = new Replicator(m, 9);
    for (let r = 0; r < 10; r++) replicator.run(r);
    expect(JSON.stringify(replicator.run(42).runs, replacer)).toBe(fresh);
  });

  it("a regime's result does not change when another regime's parameters change", () => {
    for (let r = 0; r < 20; r++) {
      const base = runOnce(model({}), 1, r).runs;
      const wider = runOnce(model({ fanout: 8, orchestration: { policy: 'speculative' } }), 1, r).runs;
      const pricierFanout = runOnce(model({ money: { build: { fanout: { oneOffUsd: 0, monthlyUsd: 10_000 } } } }), 1, r).runs;
      for (const regime of ['human', 'single'] as const) {
        const i = ['human', 'single', 'fanout'].indexOf(regime);
        expect(JSON.stringify(wider[i], replacer)).toBe(JSON.stringify(base[i], replacer));
        expect(JSON.stringify(pricierFanout[i], replacer)).toBe(JSON.stringify(base[i], replacer));
      }
    }
  });

  it('in a stream, every regime sees the same changes arriving at the same times', () => {
    const m = model({ mode: { kind: 'stream', arrivals: { per: 'workingDay', rate: 6 }, horizonDays: 10 } });
    const out = runOnce(m, 4, 0);
    const [human, single, fanout] = out.changes!;
    expect(human!.length).toBeGreaterThan(20);
    for (let c = 0; c < human!.length; c++) {
      expect(single![c]!.arrivalHours).toBe(human![c]!.arrivalHours);
      expect(fanout![c]!.arrivalHours).toBe(human![c]!.arrivalHours);
      expect(fanout![c]!.subtasks).toBe(human![c]!.subtasks);
      expect(fanout![c]!.diffLines).toBe(single![c]!.diffLines);
    }
  });
});

describe('a closed loop: engineers file the next change when the last reaches review', () => {
  const loop = {
    mode: { kind: 'stream', arrivals: { per: 'engineer', engineers: 3, thinkHours: { dist: 'lognormal', median: 1, p90: 3 } }, horizonDays: 10 },
  };

  it('the s-th change of an engineer is the same change under every regime', () => {
    const m = model(loop);
    const out = runOnce(m, 8, 0);
    const byId = out.changes!.map((records) => new Map(records.map((r) => [r.change, r])));
    let shared = 0;
    for (const [id, human] of byId[0]!) {
      for (const other of byId.slice(1)) {
        const r = other.get(id);
        if (!r) continue;
        shared++;
        expect(r.subtasks).toBe(human.subtasks);
        expect(r.diffLines).toBe(human.diffLines);
        expect(r.engineer).toBe(human.engineer);
      }
    }
    expect(shared).toBeGreaterThan(10);
  });

  it('faster agents file more changes, so the review queue carries more work as N grows', () => {
    const counts: number[] = [];
    const waits: number[] = [];
    for (const fanout of [1, 4]) {
      const m = model(loop, { regimes: ['fanout'], fanout, review: { reviewers: 1 } });
      const replicator = new Replicator(m, 8);
      let changes = 0;
      let wait = 0;
      for (let r = 0; r < 8; r++) {
        const run = replicator.run(r).runs[0]!;
        changes += run.changes;
        wait += run.reviewWaitHours;
      }
      counts.push(changes);
      waits.push(wait);
    }
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
  });
});

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Float64Array ? Array.from(value) : value;
}
