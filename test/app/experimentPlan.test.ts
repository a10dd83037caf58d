/**
 * The experiment plan (src/app/plan.ts) and what runExperiment's result carries for the CLI:
 * the plan is decided once (frozen, every point compiled, the files chosen, the journal's state)
 * and writes nothing; the result says how many rows changes.csv holds or would hold, the
 * console's note when it is not written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, runExperiment } from '../../src/app/index.js';
import { planExperimentRun } from '../../src/app/plan.js';
import { parseVary } from '../../src/experiment/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'orchsim-plan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('planExperimentRun', () => {
  it('compiles every point once, chooses the files and reads the journal, and writes nothing', () => {
    const { scenario } = loadScenario(undefined);
    const out = join(scratch, 'sweep');
    const plan = planExperimentRun({ scenario, varies: [parseVary('fanout=2,4,8')], runs: 10, seed: 3, workers: 1, out });
    expect(Object.isFrozen(plan)).toBe(true);
    expect(plan.command).toBe('sweep');
    expect(plan.points.map((p) => p.scenario.fanout)).toEqual([2, 4, 8]);
    expect(plan.models).toHaveLength(3);
    for (const model of plan.models) expect(model.tiers.map((t) => t.name)).toEqual(plan.tiers);
    expect(plan.prefixes).toEqual(['0,2', '1,4', '2,8']);
    expect(plan.segments).toEqual([0, 1, 2].map((point) => ({ point, from: 0, to: 10 })));
    expect(plan.total).toBe(30);
    expect(plan.output?.files.map((f) => f.name)).toEqual(['runs.csv', 'summary.csv', 'distributions.csv', 'best.csv', 'meta.json', 'README.md']);
    expect(plan.output?.journal.kind).toBe('fresh');
    expect(plan.reused).toBeNull();
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('without an output directory: no files, no journal, and --resume is refused', () => {
    const { scenario } = loadScenario(undefined);
    const plan = planExperimentRun({ scenario, runs: 5, workers: 1 });
    expect(plan.output).toBeNull();
    expect(plan.sinkInit.runs).toBe(false);
    expect(() => planExperimentRun({ scenario, runs: 5, resume: true })).toThrow(/--resume: continues a run into an output directory; give --out/);
  });
});

describe("runExperiment's result", () => {
  it("gives the rows changes.csv is expected to hold: near the rows a closed loop's changes.csv holds", async () => {
    const { scenario } = loadScenario('team');
    const out = join(scratch, 'team');
    const result = await runExperiment({ scenario, runs: 3, seed: 5, workers: 1, out, changes: true });
    const rows = readFileSync(join(out, 'changes.csv'), 'utf8').trimEnd().split('\n').length - 1;
    expect(rows).toBeGreaterThan(0);
    // An expectation (engineers x working days x regimes x replications), not a count.
    expect(result.changesRowsExpected / rows).toBeGreaterThan(0.5);
    expect(result.changesRowsExpected / rows).toBeLessThan(2);
    expect(result.observed).toBeUndefined();
    expect(result.meta.files).toContain('changes.csv');
  });
});
