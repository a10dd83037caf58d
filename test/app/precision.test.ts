/** --precision: the stopping point a direct calculation of the intervals on the same batches gives; the same files on 1 and 2 workers. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metricInterval, resolveMetrics } from '../../src/analysis/index.js';
import { parsePrecision, precisionOf, PRECISION_BATCH } from '../../src/app/precision.js';
import { DEFAULT_SCENARIO, Replicator, compileScenario, mergeScenario, resolveScenario } from '../../src/model/index.js';
import { cli, read, scratch } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('--precision', () => {
  it('stops at the first batch end where every headline interval is within the share, by direct calculation', async () => {
    const scenario = resolveScenario(mergeScenario(DEFAULT_SCENARIO, { regimes: ['single', 'fanout'] }));
    const share = 0.06;
    const cap = 6 * PRECISION_BATCH;
    const result = await precisionOf(scenario, 2, share, cap);
    // Direct: simulate 0 .. cap-1, and at each batch end compute each regime's intervals by hand.
    const replicator = new Replicator(compileScenario(scenario), 2);
    const runs = Array.from({ length: cap }, (_, r) => replicator.run(r).runs);
    let expected = cap;
    for (let end = 2 * PRECISION_BATCH; end <= cap; end += PRECISION_BATCH) {
      const precise = scenario.regimes.every((_, i) => {
        const cols = [runs.slice(0, end).map((rs) => rs[i]!.totalUsd), runs.slice(0, end).map((rs) => rs[i]!.merged), runs.slice(0, end).map((rs) => rs[i]!.wallClockHours)];
        const metrics = resolveMetrics(['total_usd', 'merged', 'wall_clock_hours'], [
          { name: 'cost', numerator: 'total_usd', denominator: 'merged' },
          { name: 'wall', mean: 'wall_clock_hours' },
        ]);
        return metrics.every((m) => {
          const e = metricInterval(m, cols);
          return e.halfWidth <= share * Math.abs(e.estimate);
        });
      });
      if (precise) {
        expected = end;
        break;
      }
    }
    expect(result.replications).toBe(expected);
    expect(expected).toBeLessThan(cap); // the case is one where the rule, not the cap, stops
  });

  it('parses a percentage and refuses nonsense', () => {
    expect(parsePrecision('5%')).toBe(0.05);
    expect(parsePrecision('2.5')).toBe(0.025);
    expect(() => parsePrecision('0%')).toThrow(/--precision 0%: expected a percentage/);
  });

  it('writes the same runs.csv on 1 and 2 workers', () => {
    const d = scratch();
    dirs.push(d);
    const args = ['run', '--precision', '10%', '-n', '3000', '--seed', '4', '--set', 'regimes=[single,fanout]', '-q'];
    expect(cli([...args, '--workers', '1', '--out', 'w1'], d).code).toBe(0);
    expect(cli([...args, '--workers', '2', '--out', 'w2'], d).code).toBe(0);
    const one = read(join(d, 'w1'), 'runs.csv');
    expect(one.split('\n').length).toBeGreaterThan(2);
    expect(read(join(d, 'w2'), 'runs.csv')).toBe(one);
    expect(read(join(d, 'w2'), 'summary.csv')).toBe(read(join(d, 'w1'), 'summary.csv'));
  });
});
