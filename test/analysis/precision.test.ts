import { describe as group, expect, it } from 'vitest';
import { createStream } from '../../src/random/index.js';
import { describe, tQuantile975 } from '../../src/experiment/index.js';
import { runUntilPrecise, type PrecisionOptions } from '../../src/analysis/index.js';

/** Replication r: wall-clock hours, cost and merged (0 or 1), from its own stream only. */
function replication(r: number): [number, number, number] {
  const u = createStream('precision', r);
  const hours = -Math.log(1 - u()) * 8;
  const merged = u() < 0.8 ? 1 : 0;
  const usd = 50 + 40 * u();
  return [hours, usd, merged];
}

function batch(from: number, to: number): Float64Array[] {
  const cols = [0, 1, 2].map(() => new Float64Array(to - from));
  for (let r = from; r < to; r++) replication(r).forEach((v, o) => (cols[o]![r - from] = v));
  return cols;
}

const OPTIONS: PrecisionOptions = {
  outputs: ['hours', 'usd', 'merged'],
  metrics: [
    { name: 'hours', mean: 'hours' },
    { name: 'usdPerMerged', numerator: 'usd', denominator: 'merged' },
  ],
  batch,
  relativeHalfWidth: 0.03,
  batchSize: 64,
  maxReplications: 20_000,
};

/** The stop by a direct calculation: the first batch end where both intervals are within 3%. */
function directStop(): number {
  const rows = Array.from({ length: 20_000 }, (_, r) => replication(r));
  for (let n = 64; n <= 20_000; n += 64) {
    const prefix = rows.slice(0, n);
    const hours = describe(prefix.map((x) => x[0]));
    const usd = prefix.reduce((s, x) => s + x[1], 0);
    const merged = prefix.reduce((s, x) => s + x[2], 0);
    const ratio = usd / merged;
    const z = prefix.map((x) => (x[1] - ratio * x[2]) / (merged / n));
    const sd = Math.sqrt(z.reduce((s, v) => s + v * v, 0) / (n - 1));
    const ratioHalf = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
    if ((hours.ciHigh - hours.mean) <= 0.03 * hours.mean && ratioHalf <= 0.03 * ratio) return n;
  }
  return Number.NaN;
}

group('runUntilPrecise', () => {
  it('stops where a direct calculation on the same batches says', async () => {
    const result = await runUntilPrecise(OPTIONS);
    const n = directStop();
    expect(n).toBeGreaterThan(64 * 3); // the target is not met at once
    expect(result.replications).toBe(n);
    expect(result.batches).toBe(n / 64);
    expect(result.precise).toBe(true);
    for (const m of result.metrics) {
      expect(m.precise).toBe(true);
      expect(m.relativeHalfWidth).toBeLessThanOrEqual(0.03);
      expect(m.n).toBe(n);
    }
    expect(result.columns[0]!.length).toBe(n);
    expect(result.columns[0]![n - 1]).toBe(replication(n - 1)[0]);
  });

  it('gives the same result whatever the order batches are evaluated and finish in', async () => {
    const sequential = await runUntilPrecise(OPTIONS);
    const calls: number[] = [];
    const shuffled = await runUntilPrecise({
      ...OPTIONS,
      concurrency: 5,
      batch: async (from, to) => {
        calls.push(from);
        // Later-started batches often finish first.
        await new Promise((resolve) => setTimeout(resolve, (from * 7919) % 13));
        return batch(from, to);
      },
    });
    expect(shuffled).toEqual(sequential);
    expect(Math.max(...calls)).toBeGreaterThan(sequential.replications - 64); // it did look ahead
  });

  it('stops at the cap, cutting the last batch, and reports it', async () => {
    const result = await runUntilPrecise({ ...OPTIONS, relativeHalfWidth: 1e-4, batchSize: 100, maxReplications: 1030 });
    expect(result.precise).toBe(false);
    expect(result.replications).toBe(1030);
    expect(result.batches).toBe(11);
    expect(result.metrics.every((m) => !m.precise)).toBe(true);
    expect(result.metrics[0]!.estimate).toBeCloseTo(describe(batch(0, 1030)[0]!).mean, 12);
  });

  it('rejects a bad batch size, target and cap', async () => {
    await expect(runUntilPrecise({ ...OPTIONS, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(runUntilPrecise({ ...OPTIONS, relativeHalfWidth: 0 })).rejects.toThrow(/relativeHalfWidth/);
    await expect(runUntilPrecise({ ...OPTIONS, maxReplications: 1 })).rejects.toThrow(/maxReplications/);
    await expect(runUntilPrecise({ ...OPTIONS, batch: () => [new Float64Array(64)] })).rejects.toThrow(/returned 1 columns, expected 3/);
  });
});
