/**
 * The fixes of the model audit (issue 11), each against hand arithmetic: supervision billed for
 * the hours agents work, speculative risk from every unfinished ancestor, sibling conflicts
 * reworked by an agent, a single agent doing one thing at a time, the gate again after review
 * rework, people's time before review, the time-horizon failure model, tokens by role.
 */
import { describe, expect, it } from 'vitest';
import { summarizePoint, allocatePointValues, METRIC_INDEX } from '../../src/experiment/index.js';
import { Replicator, timeHorizonWrongProbability, traceReplication } from '../../src/model/index.js';
import { fixedWork, frictionless, meanCi, model, runOnce } from './helpers.js';

const WEEKDAYS_9_TO_17 = { startHour: 9, endHour: 17, workDays: [1, 2, 3, 4, 5] };
/** Agents always wrong and never caught: every finished subtask carries a defect. */
const alwaysWrong = { haiku: { wrongProbability: 1 }, sonnet: { wrongProbability: 1 }, opus: { wrongProbability: 1 } };

/** One kind `k` of fixed agent hours and human hours, and an explicit graph over it. */
function graphOf(subtasks: Array<{ id: string; after?: string[] }>, agentHours: number, humanHours: number, verifiability = 1) {
  return {
    workload: {
      kinds: { k: { share: 1, sizeLines: 0, verifiability, difficulty: 1, work: fixedWork(agentHours), humanHours } },
      graph: { generator: 'explicit', subtasks: subtasks.map((t) => ({ id: t.id, kind: 'k', sizeLines: 0, after: t.after ?? [] })) },
    },
    routing: { kinds: {}, default: 'sonnet', orchestrator: 'sonnet', escalationLadder: [] },
    people: { specifyHours: 0, planReadHours: 0 },
  };
}

describe('supervision: a share of the hours agents are at work, paused during a takeover', () => {
  it('bills the Friday takeover by hand: half an hour of agents, not the weekend', () => {
    // Friday 16:00 (hour 4 x 24 + 16 = 112): the agent works 0.5 h, fails its own checks
    // (always wrong, always caught, one attempt), and a person takes over for 2 working hours:
    // 16:30-17:00 on Friday, 09:00-10:30 on Monday (hour 7 x 24 + 10.5 = 178.5). Review is instant.
    const m = model(frictionless, graphOf([{ id: 'only' }], 0.5, 2), {
      regimes: ['single'],
      mode: { kind: 'single-change', arrivalHour: 112 },
      prices: { tiers: alwaysWrong },
      failure: { maxAttempts: 1, onExhausted: 'human-takeover' },
      people: { workingHours: WEEKDAYS_9_TO_17, supervisionShare: 0.25, humanDefectProbability: 0 },
    });
    const rec = runOnce(m, 1, 0).changes![0]![0]!;
    expect(rec.takeovers).toBe(1);
    expect(rec.endHours).toBeCloseTo(178.5, 9);
    // 0.25 x 0.5 h of agent work; elapsed time would have billed 0.25 x 66.5 h.
    expect(rec.supervisionHours).toBeCloseTo(0.125, 9);
    expect(rec.peopleHours).toBeCloseTo(0.125 + 2, 9);
  });

  it('counts overlapping agents once (the union of their intervals)', () => {
    // Three independent subtasks of 1 h at once under fanout N = 3: agents at work for 1 h.
    const m = model(frictionless, graphOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 1, 1), {
      regimes: ['single', 'fanout'],
      fanout: 3,
      people: { supervisionShare: 0.5 },
    });
    const out = runOnce(m, 1, 0);
    expect(out.changes![0]![0]!.supervisionHours).toBeCloseTo(0.5 * 3, 9); // single: 3 h in a row
    expect(out.changes![1]![0]!.supervisionHours).toBeCloseTo(0.5 * 1, 9); // fanout: 1 h, three at once
  });

  it('bills per agent-hour, or a mix, as people.supervision says', () => {
    // The same three 1 h subtasks under fanout N = 3: 1 h of union, 3 agent-hours.
    const at = (supervision: number) => {
      const m = model(frictionless, graphOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 1, 1), {
        regimes: ['single', 'fanout'],
        fanout: 3,
        people: { supervisionShare: 0.5, supervision },
      });
      const out = runOnce(m, 1, 0);
      return [out.changes![0]![0]!.supervisionHours, out.changes![1]![0]!.supervisionHours];
    };
    expect(at(1)[1]).toBeCloseTo(0.5 * 3, 9); // every agent-hour watched
    expect(at(0.5)[1]).toBeCloseTo(0.5 * (0.5 * 1 + 0.5 * 3), 9); // half of each
    // One agent at a time: the basis changes nothing.
    for (const w of [0, 0.5, 1]) expect(at(w)[0]).toBeCloseTo(0.5 * 3, 9);
  });
});

describe('speculative starts: every unfinished ancestor carries the risk', () => {
  // A chain of 8 steps of 1 h, all started at once (speculative, N = 8): step k has k unfinished
  // ancestors, so it is redone with probability 1 - (1 - q)^k; a redone step waits for all its
  // ancestors, so it is never redone twice. Expected conflicts: sum over k = 1..7 of 1 - (1 - q)^k.
  const chain = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, after: i ? [`s${i - 1}`] : [] }));
  const q = 0.35;
  const expected = Array.from({ length: 7 }, (_, k) => 1 - (1 - q) ** (k + 1)).reduce((a, b) => a + b, 0);

  it(`averages ${expected.toFixed(3)} conflicts per change (not 7 x q = ${(7 * q).toFixed(2)})`, () => {
    const m = model(frictionless, graphOf(chain, 1, 1), {
      regimes: ['fanout'],
      fanout: 8,
      orchestration: { policy: 'speculative' },
      failure: { speculativeConflictProbability: q },
    });
    const replicator = new Replicator(m, 5);
    const conflicts: number[] = [];
    for (let r = 0; r < 3000; r++) conflicts.push(replicator.run(r).runs[0]!.speculativeConflicts);
    const { mean, half } = meanCi(conflicts);
    expect(Math.abs(mean - expected)).toBeLessThan(half);
  });

  it('with certain conflicts, a chain takes the sum of its steps: no gain from starting early', () => {
    const m = model(frictionless, graphOf(chain, 1, 1), {
      regimes: ['fanout'],
      fanout: 8,
      orchestration: { policy: 'speculative' },
      failure: { speculativeConflictProbability: 1 },
    });
    const run = runOnce(m, 1, 0).runs[0]!;
    expect(run.speculativeConflicts).toBe(7);
    expect(run.wallClockHours).toBeCloseTo(8, 9);
    expect(run.attempts).toBe(15);
  });
});

describe('sibling conflicts: one side is reworked by an agent before consolidation', () => {
  it('redoes each conflicting subtask (tokens and time)', () => {
    // Two independent 1 h subtasks side by side (N = 2) always conflict: both are redone, 1 h more.
    const scenario = [frictionless, graphOf([{ id: 'a' }, { id: 'b' }], 1, 1), { regimes: ['fanout'], fanout: 2 }] as const;
    const clean = runOnce(model(...scenario, { failure: { siblingConflictProbability: 0 } }), 1, 0).runs[0]!;
    const conflict = runOnce(model(...scenario, { failure: { siblingConflictProbability: 1 } }), 1, 0).runs[0]!;
    expect(clean.attempts).toBe(2);
    expect(clean.wallClockHours).toBeCloseTo(1, 9);
    expect(conflict.siblingConflicts).toBe(2);
    expect(conflict.attempts).toBe(4);
    expect(conflict.wallClockHours).toBeCloseTo(2, 9);
    expect(conflict.totalTokens).toBeGreaterThan(clean.totalTokens);
  });
});

describe('after review', () => {
  // One subtask of 1 h whose every attempt is wrong and uncaught; the gate never catches; review
  // finds the defect and asks for a judgment change in round 0; the revision takes 0.5 h.
  const base = [
    frictionless,
    graphOf([{ id: 'only' }], 1, 1, 0),
    {
      prices: { tiers: alwaysWrong },
      agents: { revision: fixedWork(0.5) },
      review: { defectDetectionProbability: 1, judgmentChangeProbability: 1, maxRounds: 2, linesPerHour: 400 },
    },
  ] as const;
  const secondReviewStart = (regime: string, extra: unknown) => {
    const m = model(...base, { regimes: [regime], fanout: 2 }, extra);
    const reviews = traceReplication(m, 1, 0).filter((r) => r.step === 'review');
    expect(reviews.length).toBe(2);
    return reviews[1]!.startHours - reviews[0]!.endHours;
  };

  it('a single agent does the subtask rework, then the revision; fan-out does both at once', () => {
    const off = { failure: { gate: { enabled: false } } };
    expect(secondReviewStart('single', off)).toBeCloseTo(1 + 0.5, 9);
    expect(secondReviewStart('fanout', off)).toBeCloseTo(1, 9);
  });

  it('agent rework goes through the gate again; the discount applies only to a version it passed', () => {
    // 400 lines at 400 lines/hour: 1 h of reading; discount 0.5; later rounds re-read 0.5.
    const lines = { workload: { graph: { subtasks: [{ id: 'only', kind: 'k', sizeLines: 400, after: [] }] } } };
    const review = { review: { machineVerifiedDiscount: 0.5, reReviewShare: 0.5 } };
    const gate = (afterReviewRework: boolean) => ({
      failure: { gate: { enabled: true, catchProbability: 0, durationHours: 0, maxRuns: 5, afterReviewRework } },
    });
    const hours = (afterReviewRework: boolean) => {
      const m = model(...base, { regimes: ['fanout'], fanout: 2 }, lines, review, gate(afterReviewRework));
      return runOnce(m, 1, 0).changes![0]![0]!;
    };
    const again = hours(true);
    expect(again.gateRuns).toBe(2);
    expect(again.reviewHours).toBeCloseTo(0.5 + 0.5 * 0.5, 9); // both versions passed the gate
    const straight = hours(false);
    expect(straight.gateRuns).toBe(1);
    expect(straight.reviewHours).toBeCloseTo(0.5 + 0.5, 9); // the reworked version was not gated
  });
});

describe("people's time before review", () => {
  it('bills specifying the change, and reading each plan, as supervision', () => {
    const m = model(frictionless, graphOf([{ id: 'a' }], 1, 1), {
      regimes: ['human', 'single', 'fanout'],
      people: { supervisionShare: 0, specifyHours: 0.25, planReadHours: 0.1 },
    });
    const [human, single, fanout] = runOnce(m, 1, 0).changes!.map((c) => c[0]!);
    expect(human!.supervisionHours).toBe(0);
    expect(single!.supervisionHours).toBeCloseTo(0.25, 12);
    expect(single!.specifyHours).toBeCloseTo(0.25, 12);
    expect(fanout!.supervisionHours).toBeCloseTo(0.35, 12);
    expect(fanout!.peopleHours).toBeCloseTo(0.35, 12);
  });
});

describe('the time-horizon failure model', () => {
  it('is one half at the horizon; halving the task lowers the logit by the slope', () => {
    expect(timeHorizonWrongProbability(2, 2, 0.58)).toBeCloseTo(0.5, 12);
    const p = timeHorizonWrongProbability(1, 2, 0.58);
    expect(Math.log(p / (1 - p))).toBeCloseTo(-0.58, 12);
    expect(timeHorizonWrongProbability(0, 2, 0.58)).toBe(0);
  });

  it("sets an attempt's wrong probability from its subtask's human hours", () => {
    // Subtasks of exactly the horizon (2 h on sonnet): half the attempts wrong; checks catch all,
    // so about half the first attempts are caught.
    const m = model(frictionless, graphOf([{ id: 'a' }], 0.1, 2), {
      regimes: ['single'],
      failure: { model: 'time-horizon', maxAttempts: 1 },
      prices: { tiers: { sonnet: { horizonHours: 2 } } },
    });
    const replicator = new Replicator(m, 3);
    const caught: number[] = [];
    for (let r = 0; r < 2000; r++) caught.push(replicator.run(r).runs[0]!.failuresCaughtByAgents);
    const { mean, half } = meanCi(caught);
    expect(Math.abs(mean - 0.5)).toBeLessThan(half);
  });
});

describe('tokens by role', () => {
  it('sum to total_tokens for every change and regime', () => {
    const m = model({});
    const replicator = new Replicator(m, 2);
    for (let r = 0; r < 50; r++) {
      const out = replicator.run(r, { keepChanges: true });
      for (const changes of out.changes!)
        for (const c of changes) {
          const roles = c.tokensPlan + c.tokensConsolidate + c.tokensContext + c.tokensWork + c.tokensRetry + c.tokensRevision;
          expect(roles).toBeCloseTo(c.totalTokens, 0);
        }
      const fanout = out.runs[m.regimes.indexOf('fanout')]!;
      expect(fanout.tokensPlan).toBeGreaterThan(0);
      expect(out.runs[m.regimes.indexOf('single')]!.tokensPlan).toBe(0);
    }
  });
});

describe('summaries', () => {
  it('count an unmerged replication as infinitely costly per merged change, and give no mean', () => {
    const pv = allocatePointValues(0, ['single'], 0, 4);
    pv.data[0]![METRIC_INDEX.cost_per_merged_usd]!.set([100, Number.NaN, 200, 300]);
    const row = summarizePoint(pv, { seed: 1 }).find((r) => r.metric === 'cost_per_merged_usd' && r.statistic === 'distribution')!;
    expect(row.n).toBe(4);
    expect(row.mean).toBeNaN();
    expect(row.p5).toBeGreaterThanOrEqual(100);
    expect(row.p99).toBe(Number.POSITIVE_INFINITY);
  });

  it('leave engineer hours saved empty without a human regime', () => {
    const run = runOnce(model({ regimes: ['single', 'fanout'] }), 1, 0).runs[0]!;
    expect(run.engineerHoursSaved).toBeNaN();
  });

  it('describe every cost term', () => {
    const pv = allocatePointValues(0, ['single'], 0, 2);
    const metrics = new Set(summarizePoint(pv, { seed: 1 }).map((r) => r.metric));
    for (const term of ['inference_usd', 'review_usd', 'rework_usd', 'authoring_usd', 'supervision_usd', 'remediation_usd', 'incident_usd', 'build_usd', 'delay_usd'])
      expect(metrics).toContain(term);
  });
});
