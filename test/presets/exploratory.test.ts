/**
 * Decision table, row 3: exploratory, ill-defined work. A single agent first: fan-out costs
 * more per merged change and buys no material wall-clock gain.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { costPerMerged, medianWallClock, note, preset, run, sum } from './helpers.js';
import type { RunMetrics } from '../../src/model/index.js';

const RUNS = 400;

describe('exploratory: ill-defined work', () => {
  let single: RunMetrics[];
  let fanout: RunMetrics[];
  beforeAll(() => {
    ({ single, fanout } = run(preset('exploratory'), RUNS, 1) as Record<'single' | 'fanout', RunMetrics[]>);
  });

  it('a single agent costs less per merged change than fan-out', () => {
    const s = costPerMerged(single);
    const f = costPerMerged(fanout);
    note('exploratory cost per merged (USD)', {
      single: s,
      fanout: f,
      mergeRate: sum(single, 'merged') / sum(single, 'changes'),
      speculativeConflictsPerChange: sum(fanout, 'speculativeConflicts') / RUNS,
      siblingConflictsPerChange: sum(fanout, 'siblingConflicts') / RUNS,
    });
    // Measured (seed 1, 400 runs): single $908, fanout $1,025; half the changes merge.
    expect(s).toBeLessThan(f);
  });

  it('and fan-out buys no material wall-clock gain (less than 5% of the median)', () => {
    const s = medianWallClock(single);
    const f = medianWallClock(fanout);
    note('exploratory median wall clock (h)', { single: s, fanout: f });
    expect(f).toBeGreaterThan(0.95 * s);
  });
});
