/** A sweep's unchanged regimes are simulated once per replication and reused: the same outcomes, byte for byte. */
import { describe, expect, it } from 'vitest';
import { PointReplicators, expandGrid, parseVary } from '../../src/experiment/index.js';
import { DEFAULT_SCENARIO, invariantRegimes, mergeScenario, regimeReuseKey, resolveScenario, sharedReuseKeys, type ReplicationOutcome, type Scenario } from '../../src/model/index.js';
import { CsvSink } from '../../src/output/index.js';

function outcomes(scenarios: readonly Scenario[], reuse: boolean, runs: number): string {
  const replicators = new PointReplicators(scenarios, 3, { reuse });
  const out: ReplicationOutcome[] = [];
  scenarios.forEach((_, point) => {
    for (let r = 0; r < runs; r++) out.push(replicators.get(point).run(r, { keepChanges: true }));
  });
  // Every number of every run and every change record, in order.
  return JSON.stringify(out.map((o) => ({ runs: o.runs.map((run) => [run.regime, Array.from(run.values), Array.from(run.tokens)]), changes: o.changes })));
}

/** What the sink makes of every point's replications (runs.csv bytes, kept values, sums), with or without reuse. */
function sinkOutput(scenarios: readonly Scenario[], reuse: boolean, runs: number): string {
  const replicators = new PointReplicators(scenarios, 3, { reuse });
  const sink = new CsvSink({ tiers: Object.keys(scenarios[0]!.prices.tiers), prefixes: scenarios.map((_, i) => `${i}`), regimes: scenarios.map((s) => [...s.regimes]), runs: true, changes: false });
  const parts: string[] = [];
  scenarios.forEach((_, point) => {
    sink.begin({ point, from: 0, to: runs });
    for (let r = 0; r < runs; r++) sink.add(point, replicators.get(point).run(r));
    const chunk = sink.end();
    parts.push(Buffer.from(chunk.runs).toString('latin1'), Array.from(chunk.values).join(' '), chunk.sums.totals.join(' '), Array.from(chunk.sums.counts).join(' '));
  });
  return parts.join('\n');
}

const points = (scenario: Scenario, vary: string) => expandGrid(scenario, [parseVary(vary)]).map((p) => p.scenario);

describe('reusing unchanged regimes across sweep points', () => {
  it('finds human and single unchanged by a fan-out sweep, nothing unchanged by the hourly rate', () => {
    expect(invariantRegimes(points(DEFAULT_SCENARIO, 'fanout=1,2,4'))).toEqual(['human', 'single']);
    expect(invariantRegimes(points(DEFAULT_SCENARIO, 'people.loadedUsdPerHour=50,100'))).toEqual([]);
    expect(invariantRegimes(points(DEFAULT_SCENARIO, 'regimes=[human,fanout],[single,fanout]'))).toEqual([]);
  });

  it('keys a regime by what it reads (and what the people baseline reads), not by the point', () => {
    const [a, b] = points(DEFAULT_SCENARIO, 'fanout=2,4');
    expect(regimeReuseKey(a!, 'human')).toBe(regimeReuseKey(b!, 'human'));
    expect(regimeReuseKey(a!, 'single')).toBe(regimeReuseKey(b!, 'single'));
    expect(regimeReuseKey(a!, 'fanout')).not.toBe(regimeReuseKey(b!, 'fanout'));
    // What the baseline reads moves every regime's key: their records are paired against its.
    const [c, d] = points(DEFAULT_SCENARIO, 'people.loadedUsdPerHour=50,100');
    for (const regime of DEFAULT_SCENARIO.regimes) expect(regimeReuseKey(c!, regime)).not.toBe(regimeReuseKey(d!, regime));
    // A setting read below a value that changes kind (a calendar or 'always') is told apart too.
    const always = resolveScenario(mergeScenario(DEFAULT_SCENARIO, { people: { workingHours: 'always' } }));
    expect(regimeReuseKey(always, 'human')).not.toBe(regimeReuseKey(DEFAULT_SCENARIO, 'human'));
  });

  it('shares a regime between the points where its key repeats, even when no regime is the same at every point', () => {
    const grid = points(DEFAULT_SCENARIO, 'fanout=1,3').flatMap((s) => points(s, 'review.reviewers=1,2'));
    expect(invariantRegimes(grid)).toEqual([]);
    const shared = sharedReuseKeys(grid);
    // human and single at each reviewer count: four keys, each at two points.
    expect(shared.size).toBe(4);
    expect([...shared].every((k) => k.startsWith('human|') || k.startsWith('single|'))).toBe(true);
    expect(outcomes(grid, true, 4)).toBe(outcomes(grid, false, 4));
    expect(sinkOutput(grid, true, 4)).toBe(sinkOutput(grid, false, 4));
  });

  it('gives the same outcomes with and without reuse in a fan-out sweep (single change)', () => {
    const scenarios = points(DEFAULT_SCENARIO, 'fanout=1,3,8');
    expect(outcomes(scenarios, true, 6)).toBe(outcomes(scenarios, false, 6));
  });

  it('writes the same runs.csv rows, kept values and sums with and without reuse (a reused row is copied, not formatted again)', () => {
    const scenarios = points(DEFAULT_SCENARIO, 'fanout=1,3,8');
    const reused = sinkOutput(scenarios, true, 5);
    expect(reused).toBe(sinkOutput(scenarios, false, 5));
    expect(reused.split('\n').filter((line) => line.startsWith('2,4,single,')).length).toBe(1);
  });

  it('gives the same outcomes with and without reuse in a fan-out sweep (a stream, changes kept)', () => {
    const stream = resolveScenario(mergeScenario(DEFAULT_SCENARIO, { mode: { kind: 'stream', arrivals: { per: 'workingDay', rate: 3 }, horizonDays: 3 } }));
    const scenarios = points(stream, 'fanout=2,6');
    expect(outcomes(scenarios, true, 3)).toBe(outcomes(scenarios, false, 3));
  });
});
