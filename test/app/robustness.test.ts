/** orchsim robustness on the model: the must-holds of issue 22 that need the simulator. */
import { describe as group, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { analyseRobustness, fragilityLine, QUICK_DRAWS, robustnessCsv, robustnessDrawsCsv } from '../../src/app/robustness.js';
import { readFileSync } from 'node:fs';
import { judgmentSpec, judgmentUncertaintyTable, JUDGMENT_UNCERTAINTY, uncertainParameters } from '../../src/app/uncertainty.js';
import { baseScenario, loadScenario } from '../../src/app/index.js';
import { applyOverrides } from '../../src/experiment/index.js';
import type { Scenario } from '../../src/model/index.js';

const withBlock = (scenario: Scenario, uncertainty: Record<string, unknown>) => ({ ...scenario, uncertainty }) as Scenario;

group('robustness', () => {
  it('on test-backfill with the documented judgment ranges, names money.delayUsdPerHour or the supervision basis as the largest EVPPI', async () => {
    const { scenario } = loadScenario('test-backfill');
    const a = await analyseRobustness({ scenario, draws: 64, runs: 80, seed: 1, workers: 1 });
    const first = a.evppi.find((e) => e.rank === 1)!;
    expect(['money.delayUsdPerHour', 'people.supervision']).toContain(first.parameter.path);
    // ... distinguishable from 0 (two standard errors), and both decisive terms among the three largest.
    expect(first.evppi.value).toBeGreaterThan(2 * first.evppi.standardError);
    const top3 = a.evppi.filter((e) => e.rank <= 3).map((e) => e.parameter.path);
    expect(top3).toEqual(expect.arrayContaining(['money.delayUsdPerHour', 'people.supervision']));
    // The verdict at the scenario's values is fan-out's, and it flips at some draws (the finding).
    expect(a.candidates[a.baseBest]).toBe('fanout');
    expect(a.flipShare).toBeGreaterThan(0);
    expect(a.flipShare).toBeLessThan(0.5);
    expect(a.sentence).toMatch(/^fanout N=8 is best at the scenario's values but not at \d+% of the draws: single wins where /);
    // Probability best sums to 1; EVPI is the smallest expected loss and bounds every EVPPI (up to the smoother's noise).
    expect(a.probabilityBest.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 12);
    expect(a.evpi.value).toBeCloseTo(Math.min(...a.expectedLoss), 9);
    for (const e of a.evppi) expect(e.evppi.value).toBeLessThanOrEqual(a.evpi.value + 2 * e.evppi.standardError);
  });

  it('gives byte-identical files on 1 and 2 workers', async () => {
    const scenario = baseScenario();
    const options = { scenario, draws: 16, runs: 12, seed: 5 };
    const one = await analyseRobustness({ ...options, workers: 1 });
    const two = await analyseRobustness({ ...options, workers: 2 });
    expect(two.threads).toBe(2);
    expect(robustnessCsv(two)).toBe(robustnessCsv(one));
    expect(robustnessDrawsCsv(two)).toBe(robustnessDrawsCsv(one));
  });

  it("run's quick pass is sized to the run's own work and says whether the verdict holds", async () => {
    const { scenario } = loadScenario('test-backfill');
    const line = await fragilityLine(scenario, { runs: 3300, seed: 1, workers: 1, lastDir: '/nonexistent', command: 'orchsim robustness test-backfill' });
    // 3,300 replications x 3 regimes over (32 + 1) points x 3 candidates: 100 replications a draw.
    expect(line).toMatch(new RegExp(`^robustness \\(a quick pass: ${QUICK_DRAWS} draws x 100 replications\\): the verdict (holds across the judgment ranges|is fragile: fanout N=8 is best at the scenario's values but not at \\d+% of the draws).* See why: orchsim robustness test-backfill$`));
  });

  it('draws every judgment default of the default scenario around its value, and a block replaces or adds', () => {
    const base = baseScenario();
    const defaults = uncertainParameters(base);
    expect(defaults.map((p) => p.path)).toEqual(JUDGMENT_UNCERTAINTY.map((e) => e.path));
    for (const p of defaults) {
      const entry = JUDGMENT_UNCERTAINTY.find((e) => e.path === p.path)!;
      if (entry.range) {
        // The supervision basis and the value of waiting: their whole range, whatever the value (0 in the default).
        expect([p.low, p.high]).toEqual(entry.range);
        expect(p.spec).toEqual({ dist: 'uniform', min: entry.range[0], max: entry.range[1] });
      } else {
        expect(p.low).toBeLessThan(p.baseValue);
        expect(p.high).toBeGreaterThan(p.baseValue);
      }
    }
    // A multiplicative figure at 0 is off.
    expect(uncertainParameters(applyOverrides(base, [{ path: 'people.planReadHours', value: 0, source: 'test' }])).map((p) => p.path)).not.toContain('people.planReadHours');
    const block = uncertainParameters(withBlock(base, { 'people.supervisionShare': { dist: 'uniform', min: 0.2, max: 0.3 }, 'review.linesPerHour': { dist: 'triangular', min: 200, mode: 400, max: 500 } }));
    expect(block.find((p) => p.path === 'people.supervisionShare')).toMatchObject({ source: 'scenario', low: 0.2, high: 0.3 });
    expect(block.at(-1)).toMatchObject({ path: 'review.linesPerHour', source: 'scenario' });
    expect(block.length).toBe(defaults.length + 1);
  });

  it('docs/model.md lists the judgment ranges as the code has them', () => {
    const page = readFileSync(new URL('../../docs/model.md', import.meta.url), 'utf8');
    const table = /<!-- judgment-uncertainty -->\n([\s\S]*?)\n<!-- \/judgment-uncertainty -->/.exec(page)?.[1];
    expect(table).toBe(judgmentUncertaintyTable(baseScenario()));
  });

  it('narrows a field calibrate measured to ±10% of its value', () => {
    const base = applyOverrides(baseScenario(), []);
    const measured = { ...base, calibration: { measured: ['agents.cacheHitShare'] } } as Scenario;
    const p = uncertainParameters(measured).find((q) => q.path === 'agents.cacheHitShare')!;
    expect(p.source).toBe('calibrated');
    expect(p.low).toBeCloseTo(0.81, 10);
    expect(p.high).toBeCloseTo(0.99, 10);
    const entry = JUDGMENT_UNCERTAINTY.find((e) => e.path === 'agents.cacheHitShare')!;
    expect(judgmentSpec(entry, 0.9, false)).toEqual({ dist: 'triangular', min: 0.675, mode: 0.9, max: 0.972 });
  });

  it('rejects a distribution outside the field\'s bounds and a bad distribution, naming the field', () => {
    const base = baseScenario();
    const error = (block: Record<string, unknown>) => {
      try {
        uncertainParameters(withBlock(base, block));
      } catch (err) {
        return err as UsageError;
      }
      throw new Error('no error');
    };
    const outside = error({ 'people.supervisionShare': { dist: 'uniform', min: 0.5, max: 1.5 } });
    expect(outside).toBeInstanceOf(UsageError);
    expect(outside.field).toBe('uncertainty.people.supervisionShare');
    expect(outside.message).toBe(
      "uncertainty.people.supervisionShare: uniform(min=0.5, max=1.5) reaches 0.5 to 1.5, outside what the field takes (must be at most 1 (got 1.5)); use a bounded distribution (triangular, uniform, pert, or a normal with min and max) within the field's bounds",
    );
    const unbounded = error({ 'people.specifyHours': { dist: 'normal', mean: 0.25, sd: 0.1 } });
    expect(unbounded.field).toBe('uncertainty.people.specifyHours');
    expect(unbounded.message).toMatch(/^uncertainty\.people\.specifyHours: normal\(.*\) reaches -0\.57\d* to 1\.07\d*, outside what the field takes \(must be at least 0/);
    const bad = error({ 'people.specifyHours': { dist: 'triangular', min: 1, mode: 0.5, max: 2 } });
    expect(bad.field).toBe('uncertainty.people.specifyHours');
    expect(bad.message).toMatch(/^uncertainty\.people\.specifyHours: .*mode/);
  });
});
