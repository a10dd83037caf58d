/**
 * Decision table, row 1: independent, testable slices. Fan-out should win on wall clock AND on
 * cost per merged change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costPerMerged, medianWallClock, note, preset, run, sum } from './helpers.js';
import type { RunMetrics } from '../../src/model/index.js';

const RUNS = 400;

describe('test-backfill: eight independent, testable slices', () => {
  let single: RunMetrics[];
  let fanout: RunMetrics[];
  beforeAll(() => {
    ({ single, fanout } = run(preset('test-backfill'), RUNS, 1) as Record<'single' | 'fanout', RunMetrics[]>);
  });

  it('fan-out beats a single agent on median wall clock', () => {
    const s = medianWallClock(single);
    const f = medianWallClock(fanout);
    note('test-backfill median wall clock (h)', { single: s, fanout: f, fanoutOverSingle: f / s });
    // Measured (seed 1, 400 runs): single 5.49 h, fanout 3.63 h. Most of what is left is review.
    expect(f).toBeLessThan(0.9 * s);
  });

  it('fan-out beats a single agent on cost per merged change (ratio of sums)', () => {
    const s = costPerMerged(single);
    const f = costPerMerged(fanout);
    note('test-backfill cost per merged (USD)', {
      single: s,
      fanout: f,
      inferenceSingle: sum(single, 'inferenceUsd') / RUNS,
      inferenceFanout: sum(fanout, 'inferenceUsd') / RUNS,
      supervisionSingle: sum(single, 'supervisionUsd') / RUNS,
      supervisionFanout: sum(fanout, 'supervisionUsd') / RUNS,
    });
    // Measured: single $388, fanout $374. Fan-out pays about 2.7x the tokens (+$34 a change)
    // and gets it back in the engineer time its shorter runs reclaim (supervision, -$47).
    expect(f).toBeLessThan(s);
  });

  it('the win holds on other seeds (paired: the same changes for both regimes)', () => {
    for (const seed of [2, 3]) {
      const other = run(preset('test-backfill'), 200, seed);
      expect(costPerMerged(other.fanout!)).toBeLessThan(costPerMerged(other.single!));
      expect(medianWallClock(other.fanout!)).toBeLessThan(medianWallClock(other.single!));
    }
  });
});
