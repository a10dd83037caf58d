/**
 * The round trip: a known scenario's simulation written as Claude Code logs (roundTrip.ts),
 * calibrated, gives back the scenario's parameters; and a run of the calibrated scenario
 * reproduces every quantity calibrate observed, each KS distance below the two-sample critical
 * value at 1%.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { calibrate } from '../../src/calibrate/calibrate.js';
import { mergeScenario } from '../../src/model/scenario/resolve.js';
import { parseDist, type DistSpec } from '../../src/random/index.js';
import { cli, ensureBuilt, parseCsv } from '../cli/helpers.js';
import { scratchDirs } from './helpers.js';
import { knownScenario, writeSimulationAsLogs } from './roundTrip.js';

const scratch = scratchDirs();
const SESSIONS = 200;
const RERUN = 500;

/** Two-sample Kolmogorov-Smirnov critical value at 1%: c(0.01) sqrt((n + m) / (n m)), c = sqrt(-ln(0.005) / 2). */
const ksCritical = (n: number, m: number) => Math.sqrt(-Math.log(0.005) / 2) * Math.sqrt((n + m) / (n * m));

const median = (spec: DistSpec) => parseDist(spec).quantile(0.5);

describe('round trip: simulate, write as Claude Code logs, calibrate, run', () => {
  beforeAll(ensureBuilt);

  it('gives back width, turns, output and growth per turn, cache share; and the run reproduces what was observed', () => {
    const work = scratch();
    const known = knownScenario();
    const { dir: logs, turnsByTier } = writeSimulationAsLogs(known, SESSIONS, 7, work);
    const result = calibrate({ claudeCodeDir: logs, bootstrap: 0, seed: 1, minObservations: 20, prsBy: 'agent' }, known, 'round-trip');
    const overlay = parseYaml(result.overlay!);

    // The parameters back: the width exactly; the cache share to rounding; each kind's medians
    // within the 99% sampling interval of a median: known median x exp(±2.576 x 1.2533 σ / √n),
    // σ the known lognormal's log-spread, n the tier's runs (turns), or for a per-turn quantity
    // the runs' effective number when each run's value is repeated on each of its turns
    // (Kish: (Σ T)² / Σ T²; the model draws output and growth once per call).
    expect(overlay.fanout).toBe(3);
    expect(overlay.agents.cacheHitShare).toBeCloseTo(known.agents.cacheHitShare, 3);
    expect(overlay.agents.orientation.turns).toBe(0);
    for (const kind of ['scout', 'implement', 'hard']) {
      const tier = known.routing.kinds[kind]!;
      const turns = turnsByTier.get(tier)!;
      const runs = turns.length;
      const effective = turns.reduce((a, b) => a + b, 0) ** 2 / turns.reduce((a, b) => a + b * b, 0);
      const want = known.workload.kinds[kind]!.work;
      const got = overlay.workload.kinds[kind].work;
      for (const [field, n] of [['turns', runs], ['outputTokensPerTurn', effective], ['contextGrowthPerTurn', effective]] as const) {
        const spec = parseDist(want[field] as DistSpec);
        const sigma = Math.log(spec.quantile(0.9) / spec.quantile(0.5)) / 1.2816;
        const half = 2.576 * 1.2533 * sigma / Math.sqrt(n);
        const logRatio = Math.log(median(got[field]) / spec.quantile(0.5));
        expect(Math.abs(logRatio), `${kind} ${field}: log ratio ${logRatio.toFixed(3)}, interval ±${half.toFixed(3)} on ${n.toFixed(0)}`).toBeLessThan(half);
      }
    }
    // subtasks per change from the sessions' subagent runs
    expect(overlay.workload.graph.generator).toBe('independent');
    const samples: number[] = overlay.workload.graph.count.samples;
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(mean).toBeGreaterThan(3.8);
    expect(mean).toBeLessThan(4.4);

    // calibrate -> run: every observed quantity's KS distance below the 1% critical value
    writeFileSync(join(work, 'calibrated.yaml'), stringify(mergeScenario(known, overlay)));
    const r = cli(['run', 'calibrated.yaml', '-n', String(RERUN), '--workers', '1', '--seed', '11', '--out', 'out', '--quiet'], work);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [, ...rows] = parseCsv(readFileSync(join(work, 'out', 'observed-vs-simulated.csv'), 'utf8'));
    const compared = new Map<string, { observed: number; simulated: number; ks: number }>();
    for (const c of rows)
      if (c[1] === 'simulated' && c[2] === 'fanout' && !compared.has(c[0]!))
        compared.set(c[0]!, { observed: Number(rows.find((o) => o[0] === c[0] && o[1] === 'observed')![3]), simulated: Number(c[3]), ks: Number(c[6]) });
    expect([...compared.keys()].sort()).toEqual(['outputTokensPerTurn', 'secondsPerTurn', 'subagentsAtOnce', 'subagentsPerSession', 'turnsPerSubagentRun']);
    for (const [quantity, c] of compared) {
      expect(c.observed, quantity).toBe(SESSIONS);
      expect(c.ks, `${quantity}: KS ${c.ks} against ${ksCritical(c.observed, c.simulated)}`).toBeLessThan(ksCritical(c.observed, c.simulated));
    }
  });
});
