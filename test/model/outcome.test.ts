/**
 * The outcome view (issue 12), against hand arithmetic and queueing theory: amortised build per
 * outcome, a script's coverage, the manual pool's queue, and where manual work stops being cheapest.
 */
import { describe, expect, it } from 'vitest';
import { buildUsdPerOutcome, Replicator } from '../../src/model/index.js';
import { erlangCWait, fixedWork, frictionless, meanCi, model, runOnce } from './helpers.js';

/** One subtask of 1 human hour (no defects), agents and review instant, people always at work. */
const oneHourChange = {
  workload: {
    kinds: { k: { share: 1, sizeLines: 0, verifiability: 1, difficulty: 0, work: fixedWork(0), humanHours: 1 } },
    graph: { generator: 'explicit', subtasks: [{ id: 'only', kind: 'k', sizeLines: 0, after: [] }] },
  },
  routing: { kinds: {}, default: 'sonnet', orchestrator: 'sonnet', escalationLadder: [] },
  people: { specifyHours: 0, planReadHours: 0, supervisionShare: 0, loadedUsdPerHour: 100 },
};

describe('build cost that amortises', () => {
  it('is (oneOff / amortisationMonths + monthly) / monthly volume per outcome, exactly', () => {
    expect(buildUsdPerOutcome({ oneOffUsd: 12_000, monthlyUsd: 500 }, 12, 300)).toBe((1000 + 500) / 300);
    const m = model(frictionless, oneHourChange, {
      regimes: ['single'],
      money: { build: { single: { oneOffUsd: 12_000, monthlyUsd: 500 } }, amortisationMonths: 12, monthlyVolume: 300 },
    });
    expect(runOnce(m, 1, 0).changes![0]![0]!.buildUsd).toBe((12_000 / 12 + 500) / 300);
  });

  it("spreads an open stream's build over its own arrivals a month", () => {
    const m = model(frictionless, oneHourChange, {
      regimes: ['single'],
      mode: { kind: 'stream', arrivals: { per: 'month', rate: 4_000 }, horizonDays: 1 },
      money: { build: { single: { oneOffUsd: 24_000, monthlyUsd: 1_000 } }, amortisationMonths: 24, monthlyVolume: 1 },
    });
    expect(m.buildUsdPerOutcome.single).toBe((1_000 + 1_000) / 4_000);
  });

  it('makes manual work cheapest per resolved outcome below a volume computed by hand, automation above', () => {
    // Manual: 1 person-hour at $100 per outcome, no build. Script: covers everything, never wrong,
    // $5 a run, built for $12,000 over 12 months: 5 + 1000 / V per outcome. Equal at V = 1000 / 95.
    const crossing = 1000 / 95;
    const costAt = (volume: number) => {
      const m = model(frictionless, oneHourChange, {
        regimes: ['human', 'scripted'],
        scripted: { coverage: 1, wrongProbability: 0, runUsdPerOutcome: 5, runHours: 0, reviewSampleShare: 0 },
        money: { build: { scripted: { oneOffUsd: 12_000, monthlyUsd: 0 } }, amortisationMonths: 12, monthlyVolume: volume },
      });
      const [human, scripted] = runOnce(m, 1, 0).runs;
      return { human: human!.costPerResolvedUsd, scripted: scripted!.costPerResolvedUsd };
    };
    expect(costAt(crossing).scripted).toBeCloseTo(costAt(crossing).human, 9);
    for (const v of [1, 5, 10]) expect(costAt(v).human).toBeLessThan(costAt(v).scripted);
    for (const v of [11, 100, 10_000]) expect(costAt(v).scripted).toBeLessThan(costAt(v).human);
  });
});

describe('the scripted regime', () => {
  it('sends a share 1 - coverage of outcomes to the manual path (binomial CI)', () => {
    const c = 0.7;
    const m = model(frictionless, oneHourChange, {
      regimes: ['scripted'],
      scripted: { coverage: c, wrongProbability: 0, runUsdPerOutcome: 0, runHours: 0, reviewSampleShare: 0 },
      mode: { kind: 'stream', arrivals: { per: 'hour', rate: 50 }, horizonDays: 2 },
    });
    const replicator = new Replicator(m, 4);
    let n = 0;
    let fallbacks = 0;
    for (let r = 0; r < 5; r++) {
      const run = replicator.run(r).runs[0]!;
      n += run.changes;
      fallbacks += run.fallbacks;
    }
    const p = 1 - c;
    const half = 1.96 * Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(fallbacks / n - p)).toBeLessThan(half);
  });

  it('remediates its wrong outputs like any escaped defect, and counts them unresolved', () => {
    const m = model(frictionless, oneHourChange, {
      regimes: ['scripted'],
      scripted: { coverage: 1, wrongProbability: 1, runUsdPerOutcome: 0.01, runHours: 0.5, reviewSampleShare: 0 },
      money: { remediationMinutesPerEscapedDefect: 30 },
    });
    const rec = runOnce(m, 1, 0).changes![0]![0]!;
    expect(rec.merged).toBe(1);
    expect(rec.reviewRounds).toBe(0); // not sampled: no review
    expect(rec.escapedDefects).toBe(1);
    expect(rec.remediationHours).toBeCloseTo(0.5, 12);
    expect(rec.inferenceUsd).toBeCloseTo(0.01, 12);
    expect(rec.wallClockHours).toBeCloseTo(0.5, 12);
    expect(rec.resolved).toBe(0);
  });
});

describe('a finite pool of people for manual work', () => {
  it('queues the manual regime as M/M/c: mean wait within the CI of Erlang C', () => {
    // lambda 3 an hour, exponential handling of mean 1 h, c = 4 people, always at work.
    const lambda = 3;
    const c = 4;
    const expected = erlangCWait(lambda, 1, c);
    const m = model(frictionless, oneHourChange, {
      regimes: ['human'],
      mode: { kind: 'stream', arrivals: { per: 'hour', rate: lambda }, horizonDays: 600 / 24 },
      workload: { kinds: { k: { humanHours: { dist: 'exponential', mean: 1 } } } },
      people: { handlers: c, workingHours: 'always', humanDefectProbability: 0 },
    });
    const replicator = new Replicator(m, 8);
    const waits: number[] = [];
    for (let r = 0; r < 20; r++) {
      const kept = replicator.run(r, { keepChanges: true }).changes![0]!.filter((ch) => ch.arrivalHours > 50);
      waits.push(kept.reduce((s, ch) => s + ch.handlerWaitHours, 0) / kept.length);
    }
    const { mean, half } = meanCi(waits);
    expect(expected).toBeGreaterThan(0.3);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(half);
  });

  it('leaves nobody waiting when the pool is unlimited (handlers: 0)', () => {
    const m = model(frictionless, oneHourChange, {
      regimes: ['human'],
      mode: { kind: 'stream', arrivals: { per: 'hour', rate: 20 }, horizonDays: 1 },
      people: { handlers: 0, workingHours: 'always' },
    });
    expect(runOnce(m, 1, 0).runs[0]!.handlerWaitHours).toBe(0);
  });
});

describe('resolved, as cost per resolved outcome defines it', () => {
  it('equals a hand count per regime when reviewers ask for changes at random: agents unresolved once sent back, a person\'s own work resolved', () => {
    // Review asks for judgment changes half the time, agents revise (no person's time), nothing
    // is ever wrong: the only way not to be resolved is a reviewer sending the change back.
    const m = model(frictionless, oneHourChange, {
      regimes: ['human', 'single'],
      review: { judgmentChangeProbability: 0.5, maxRounds: 20, reworkBy: 'agents' },
    });
    const runs = 400;
    const replicator = new Replicator(m, 7);
    const hand = [0, 0].map(() => ({ changes: 0, resolved: 0, usd: 0 }));
    const counted = [0, 0].map(() => ({ resolved: 0, usd: 0 }));
    for (let i = 0; i < runs; i++) {
      const out = replicator.run(i, { keepChanges: true });
      out.changes!.forEach((records, r) => {
        for (const c of records) {
          hand[r]!.changes++;
          hand[r]!.usd += c.totalUsd;
          // By hand: the person's own work counts when merged; an agent's only when review approved it at once.
          const firstRoundApproved = c.reviewRounds === 1;
          if (c.merged === 1 && c.escapedDefects === 0 && (r === 0 || firstRoundApproved)) hand[r]!.resolved++;
        }
        counted[r]!.resolved += out.runs[r]!.resolved;
        counted[r]!.usd += out.runs[r]!.totalUsd;
      });
    }
    for (const r of [0, 1]) {
      expect(counted[r]!.resolved).toBe(hand[r]!.resolved);
      expect(counted[r]!.usd / counted[r]!.resolved).toBeCloseTo(hand[r]!.usd / hand[r]!.resolved, 6);
    }
    expect(hand[0]!.resolved).toBe(runs); // every manual change merges, correct
    // single: resolved when the first round approves, probability 1/2 (binomial, 4 sd: 0.5 +- 0.1).
    expect(Math.abs(hand[1]!.resolved / runs - 0.5)).toBeLessThan(0.1);
  });
});
