/**
 * The console's closing sentence decides on the decision's first metric; where that metric cannot
 * tell the leaders apart (a stream where every way of working merges every arrival), the next
 * metric decides among the tied ones, and the sentence says so, instead of crowning a leader
 * "by a nose" on a tie. Summary rows are written by hand here: the oracle is the rule itself.
 */
import { describe, expect, it } from 'vitest';
import { closingSentence } from '../../src/output/verdict.js';
import { resolveScenario, type Decision } from '../../src/model/index.js';

type Row = { mean: number; ciLow: number; ciHigh: number; relativePct: number; relativeCiLowPct: number; relativeCiHighPct: number; pBetter: number; bothShare: number };
const row = (mean: number, rel?: [number, number, number]): Row => ({
  mean,
  ciLow: mean,
  ciHigh: mean,
  relativePct: rel?.[0] ?? Number.NaN,
  relativeCiLowPct: rel?.[1] ?? Number.NaN,
  relativeCiHighPct: rel?.[2] ?? Number.NaN,
  pBetter: 0.5,
  bothShare: 1,
});

/** A summary: per column, each regime's distribution mean, and paired relative differences [pct, low, high] keyed `a|b`. */
function index(means: Record<string, Record<string, number>>, paired: Record<string, Record<string, [number, number, number]>>) {
  return {
    dist: (_p: number, regime: string, column: string) => (means[column]?.[regime] === undefined ? undefined : row(means[column]![regime]!)),
    ratioOf: () => undefined,
    paired: (_p: number, a: string, b: string, column: string) => {
      const r = paired[column]?.[`${a}|${b}`];
      return r ? row(Number.NaN, r) : undefined;
    },
  } as unknown as Parameters<typeof closingSentence>[0];
}

const decision: Decision = { candidates: ['human', 'scripted', 'single'], baseline: 'human', subject: 'single', metrics: ['mergedPerMonth', 'leadTimeHours'] } as unknown as Decision;

describe('the closing sentence', () => {
  it('breaks a tie on the first metric with the next one, and says the first could not tell them apart', () => {
    const tied = index(
      { merged_per_month: { human: 9962, scripted: 9962, single: 9962 }, lead_time_hours: { human: 14.8, scripted: 4.5, single: 0.01 } },
      {
        merged_per_month: { 'scripted|human': [0, 0, 0], 'single|human': [0, 0, 0], 'scripted|single': [0, 0, 0] },
        lead_time_hours: { 'scripted|human': [-70, -71, -69], 'single|human': [-99.9, -99.95, -99.85], 'scripted|single': [44900, 44000, 45800] },
      },
    );
    const sentence = closingSentence(tied, { point: 0, scenario: resolveScenario({ fanout: 1 }) }, decision, { team: true })!;
    expect(sentence).toMatch(/^For this team, human, scripted and single cannot be told apart on merged changes a month \(9,962[^)]*\); on lead time: single, /);
    expect(sentence).not.toContain('by a nose');
  });

  it('keeps the first metric when it tells the leader apart', () => {
    const clear = index(
      { merged_per_month: { human: 30, scripted: 140, single: 150 }, lead_time_hours: { human: 170, scripted: 40, single: 38 } },
      {
        merged_per_month: { 'scripted|human': [367, 350, 380], 'single|human': [400, 390, 410], 'scripted|single': [-6.7, -8, -5] },
        lead_time_hours: { 'scripted|human': [-76, -78, -74], 'single|human': [-78, -80, -76], 'scripted|single': [5, 3, 7] },
      },
    );
    const sentence = closingSentence(clear, { point: 0, scenario: resolveScenario({ fanout: 1 }) }, decision, { team: true })!;
    expect(sentence).toMatch(/^For this team, on merged changes a month: single, /);
    expect(sentence).not.toContain('cannot be told apart');
  });
});
