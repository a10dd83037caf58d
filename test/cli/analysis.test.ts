/** breakeven and sensitivity from the command line: the files they write, and bad input (exit 2, nothing written). */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, expectRefused, parseCsv, read, scratch, tree } from './helpers.js';

beforeAll(ensureBuilt);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = scratch();
  dirs.push(d);
  return d;
}

function fails(args: string[], message: RegExp) {
  expectRefused([...args, '-n', '5', '--out', 'out'], dir(), message);
}

describe('breakeven and sensitivity write their tidy CSV', () => {
  it('breakeven: the probes and the answer, and the console line', () => {
    const d = dir();
    const r = cli(['breakeven', '--param', 'fanout', '--between', '1..6', '--compare', 'fanout:single', '-n', '20', '--out', 'be'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^(break-even fanout = \d+ \[|no break-even in \[1, 6\]: (fanout|single) wins)/);
    const rows = parseCsv(read(d, 'be', 'breakeven.csv'));
    expect(rows[0]).toEqual(['param', 'metric', 'regime_a', 'regime_b', 'row', 'value', 'value_ci_low', 'value_ci_high', 'difference', 'difference_ci_low', 'difference_ci_high', 'lower']);
    expect(rows.slice(1, -1).every((row) => row[4] === 'probe' && Number.isInteger(Number(row[5])))).toBe(true);
    expect(['break_even', 'none']).toContain(rows.at(-1)![4]);
    expect(tree(join(d, 'be'))).toEqual(['breakeven.csv', 'meta.json']);
  });

  it('sensitivity: one row per method, parameter, regime, metric and statistic', () => {
    const d = dir();
    const r = cli(['sensitivity', '--param', 'people.loadedUsdPerHour=50..150', '--param', 'review.reviewers=1..3', '-n', '10', '--out', 'se'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sensitivity \(tornado\) over 2 parameters, ranked by swing/);
    const rows = parseCsv(read(d, 'se', 'sensitivity.csv'));
    expect(rows[0]).toEqual(['method', 'parameter', 'regime', 'metric', 'statistic', 'value']);
    const keys = rows.slice(1).map((row) => row.slice(0, 5).join('|'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('tornado|people.loadedUsdPerHour|human|cost_per_merged_usd|swing');
  });
});

/** A scenario file in a folder of its own (so that the folder a command runs in stays empty on failure). */
function scenarioFile(text: string): string {
  const file = join(dir(), 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('a sensitivity: block in the scenario', () => {
  const block = `name: blocky
sensitivity:
  method: tornado
  params:
    - { path: review.linesPerHour, low: 100, high: 400 }
    - { path: people.loadedUsdPerHour, low: 50, high: 200 }
  runs: 8
`;
  it('is what sensitivity varies when no --param is given, its runs and method included', () => {
    const d = dir();
    const r = cli(['sensitivity', scenarioFile(block), '--out', 'se', '--workers', '1'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sensitivity \(tornado\) over 2 parameters/);
    const meta = JSON.parse(read(d, 'se', 'meta.json')) as { runs: number; method: string; parameters: string[] };
    expect(meta).toMatchObject({ runs: 8, method: 'tornado', parameters: ['review.linesPerHour', 'people.loadedUsdPerHour'] });
  });

  it('flags win over it: --param replaces its params, --runs and --method its settings', () => {
    const d = dir();
    const r = cli(['sensitivity', scenarioFile(block), '--param', 'review.reviewers=1..3', '--method', 'morris', '--trajectories', '2', '-n', '3', '--out', 'se'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sensitivity \(morris\) over 1 parameters/);
    const meta = JSON.parse(read(d, 'se', 'meta.json')) as Record<string, unknown>;
    expect(meta).toMatchObject({ runs: 3, method: 'morris', parameters: ['review.reviewers'], trajectories: 2, levels: 4 });
  });

  it('a bad block is refused naming its field (exit 2, nothing written)', () => {
    fails(['sensitivity', scenarioFile('name: b\nsensitivity: { method: tornadoo, params: [{ path: review.linesPerHour, low: 400, high: 100 }] }\n')],
      /sensitivity\.method: must be one of tornado, morris, sobol[\s\S]*sensitivity\.params\[0\]\.high: must be above low/);
    fails(['sensitivity', scenarioFile('name: b\nsensitivity: { params: [{ path: review.linesPerHr, low: 1, high: 2 }] }\n')], /sensitivity\.params\[0\] review\.linesPerHr: the scenario has no field/);
    fails(['sensitivity', scenarioFile('name: b\nsensitivity: { params: [{ path: failure.gate.catchProbability, low: 0.5, high: 1.5 }] }\n')], /sensitivity\.params\[0\] failure\.gate\.catchProbability: 1\.5 is outside/);
    fails(['sensitivity', scenarioFile('name: b\nsensitivity: { levels: 3 }\n')], /sensitivity\.levels: /);
  });

  it('the high-stakes preset carries one', () => {
    const d = dir();
    const r = cli(['sensitivity', 'high-stakes', '-n', '4', '--out', 'hs', '--workers', '1'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sensitivity \(tornado\) over 4 parameters/);
  });
});

describe('the best point of a sweep', () => {
  it('prints unchanged regimes once and marks the best fan-out width per headline metric', () => {
    const d = dir();
    const r = cli(['sweep', '--vary', 'fanout=1,2,4', '-n', '60', '--workers', '1', '--out', 'sw'], d);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^\s*every point\s+human /gm)).toHaveLength(1);
    expect(r.stdout.match(/^\s*every point\s+single /gm)).toHaveLength(1);
    expect(r.stdout.match(/^\s*fanout=\d\s+fanout /gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/^fanout, wall clock hours: best fanout=\d \(mean [\d.,]+ h\); indistinguishable from it: .*; plateau \(within 5% of the best\): fanout=\d$/m);
    expect(r.stdout).toMatch(/^fanout, cost per merged change: best fanout=\d \(mean \$[\d,.]+\)/m);
    expect(r.stdout).not.toMatch(/^(human|single), /m);
  });
});

describe('bad input: exit 2 naming the flag and the fix, nothing written', () => {
  const be = (param: string, between: string, compare = 'single:human') => ['breakeven', '--param', param, '--between', between, '--compare', compare];
  it('an unknown path', () => fails(be('people.loadedUsdPerHr', '1..2'), /--param people\.loadedUsdPerHr: the scenario has no field/));
  it('a non-numeric path', () => fails(be('people.workingHours', '1..2'), /--param people\.workingHours: .* is not a number/));
  it('an empty range', () => fails(be('people.loadedUsdPerHour', '5..5'), /--between 5\.\.5: the range is empty; give LOW < HIGH/));
  it('a range that is not numbers', () => fails(be('people.loadedUsdPerHour', 'a..b'), /--between a\.\.b: expected a range LOW\.\.HIGH/));
  it('a probability range reaching 1.2', () => fails(be('prices.tiers.sonnet.wrongProbability', '0..1.2'), /--param prices\.tiers\.sonnet\.wrongProbability: 1\.2 is outside .*(<=1|at most 1 \(got 1\.2\)); narrow the range/));
  it('--compare naming a regime the scenario does not run', () => fails(be('fanout', '1..4', 'fanout:scripted'), /--compare fanout:scripted: the scenario does not run 'scripted'/));
  it('--compare without two regimes', () => fails(be('fanout', '1..4', 'fanout'), /--compare fanout: expected two different regimes A:B/));
  it('sensitivity: a reversed range', () => fails(['sensitivity', '--param', 'fanout=4..2'], /--param fanout=4\.\.2: the range is empty/));
  it('sensitivity: out of bounds', () => fails(['sensitivity', '--param', 'failure.gate.catchProbability=0.5..1.2'], /1\.2 is outside/));
  it('sensitivity: no parameters', () => fails(['sensitivity'], /give --param PATH=LOW\.\.HIGH .*, --judgment, or a sensitivity: block/));
  it('sensitivity: an unknown method', () => fails(['sensitivity', '--judgment', '--method', 'sobel'], /--method sobel: expected one of tornado, morris, sobol/));
});
