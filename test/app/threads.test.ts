/** The thread policy of runExperiment (src/app/threads.ts) and copying chunk values into columns (src/app/collect.ts). */
import { describe, expect, it } from 'vitest';
import { allocateShardValues, collectChunk } from '../../src/app/collect.js';
import { AUTO_PROBE_REPLICATIONS, AUTO_THREADS_EVENTS, planThreads, threadsPay } from '../../src/app/threads.js';
import { KEPT_METRICS } from '../../src/experiment/index.js';

describe('planThreads', () => {
  const segments = [{ point: 0, from: 0, to: 10_000 }];

  it('one worker: everything here, no probe', () => {
    const plan = planThreads(segments, 10_000, 1);
    expect(plan.poolWorkers).toBe(1);
    expect(plan.probe).toBeNull();
    expect(plan.tasks.reduce((n, t) => n + t.to - t.from, 0)).toBe(10_000);
  });

  it('a fixed worker count: that many threads at once, no probe', () => {
    const plan = planThreads(segments, 10_000, 3);
    expect(plan.workers).toBe(3);
    expect(plan.poolWorkers).toBe(3);
    expect(plan.probe).toBeNull();
  });

  it('auto: a probe of AUTO_PROBE_REPLICATIONS first when the machine has several cores', () => {
    const plan = planThreads(segments, 10_000, 'auto');
    if (plan.workers === 1) expect(plan.probe).toBeNull();
    else {
      expect(plan.probe).toEqual({ point: 0, from: 0, to: AUTO_PROBE_REPLICATIONS });
      expect(plan.tasks[0]).toEqual(plan.probe);
      expect(plan.tasks[1]!.from).toBe(AUTO_PROBE_REPLICATIONS);
    }
    expect(plan.tasks.reduce((n, t) => n + t.to - t.from, 0)).toBe(10_000);
  });
});

describe('threadsPay', () => {
  const probe = { point: 0, from: 0, to: 4 };
  it('starts threads only past AUTO_THREADS_EVENTS events left', () => {
    expect(AUTO_THREADS_EVENTS).toBe(1_000_000);
    // 200 events over 4 replications: 50 each; 20,000 left are 1,000,000 events, not more.
    expect(threadsPay(probe, 200, 20_004)).toBe(false);
    expect(threadsPay(probe, 200, 20_005)).toBe(true);
  });
});

describe('collectChunk', () => {
  it('puts value ((rep - from) * regimes + regime) * metrics + metric at data[regime][metric][rep - first]', () => {
    const M = KEPT_METRICS.length;
    const values = allocateShardValues([{ point: 2, from: 10, to: 14 }], [[], [], ['a', 'b']]);
    const pv = values.get(2)!;
    const chunk = { point: 2, from: 11, to: 13, runs: new Uint8Array(0), changes: new Uint8Array(0), values: new Float64Array(2 * 2 * M), sums: { totals: new BigInt64Array(0), counts: new Float64Array(0) } };
    // Replication 12 (the chunk's second), regime b (the second), metric 1: ((1 * 2 + 1) * M + 1).
    chunk.values[3 * M + 1] = 42;
    expect(collectChunk(pv, chunk)).toBe(2);
    expect(pv.data[1]![1]![2]).toBe(42);
    expect(pv.data[1]![1]![0]).toBeNaN(); // replication 10 is not in the chunk
    expect(pv.filled).toBe(2);
  });
});
