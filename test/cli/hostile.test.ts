/**
 * Hostile scenarios at the command line (issue 25): a closed loop that would file billions of
 * changes is refused up front by formula, by validate as by run; a dense explicit graph of 500
 * subtasks (124,750 edges) runs; kind names that are formulas, hold a newline or an ANSI escape
 * reach no CSV cell raw and no terminal raw, and `trace --report` writes its whole output.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/model/index.js';
import { CLI, cli, ensureBuilt, parseCsv, scratch } from './helpers.js';

beforeAll(ensureBuilt);

describe('scenarios that cannot run away', () => {
  it('a closed loop of 100,000 engineers over 100 years: validate, run and --dry-run exit 2 with the figures', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'loop.yaml'), 'mode: {kind: stream, arrivals: {per: engineer, engineers: 100000, thinkHours: 6}, horizonDays: 36500}\n');
    const message =
      /mode\.arrivals: a closed loop of 100,000 engineers over 36,500 days, thinking 6 working hours on average between changes, may file up to about [\d,]+ changes per replication, more than the 1,000,000 one replication of a closed loop holds/;
    for (const args of [['validate', 'loop.yaml'], ['run', 'loop.yaml', '-n', '2', '-o', 'out'], ['run', 'loop.yaml', '--dry-run']]) {
      const started = performance.now();
      const r = cli(args, dir);
      console.info(`${args.join(' ')}: exit ${r.code} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    }
  });

  it('an engineer who never thinks (thinkHours 0) is refused by formula too', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'loop.yaml'), 'mode: {kind: stream, arrivals: {per: engineer, engineers: 3, thinkHours: 0}, horizonDays: 5}\n');
    const r = cli(['validate', 'loop.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/may file up to about unboundedly many changes per replication/);
  });
});

describe('a dense explicit graph', () => {
  it('500 subtasks, each after every earlier one (124,750 edges): validates and runs (exit 0, never 1)', () => {
    const dir = scratch();
    const subtasks = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, kind: 'implement', after: Array.from({ length: i }, (_, j) => `t${j}`) }));
    writeFileSync(join(dir, 'dense.json'), JSON.stringify({ workload: { graph: { generator: 'explicit', subtasks } } }));
    // validate prints the resolved scenario, some megabytes here.
    const validated = spawnSync(process.execPath, [CLI, 'validate', 'dense.json'], { cwd: dir, maxBuffer: 1 << 28, stdio: ['ignore', 'ignore', 'pipe'] });
    expect(validated.status).toBe(0);
    const r = cli(['run', 'dense.json', '-n', '2', '-w', '1', '-o', 'out', '-q'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('a graph of cycles everywhere', () => {
  it('500 subtasks, each after every other (249,500 edges, a cycle per edge): exit 2 naming the first cycles, never 1', () => {
    const dir = scratch();
    const ids = Array.from({ length: 500 }, (_, i) => `t${i}`);
    const subtasks = ids.map((id) => ({ id, kind: 'implement', after: ids.filter((other) => other !== id) }));
    writeFileSync(join(dir, 'cycles.json'), JSON.stringify({ workload: { graph: { generator: 'explicit', subtasks } } }));
    const r = cli(['validate', 'cycles.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^orchsim: cycles\.json: 20 problems:\n {2}workload\.graph\.subtasks\[\d+\]\.after\[\d+\]: /);
    expect(r.stderr).not.toMatch(/internal error|call stack/);
  }, 120_000);
});

describe('kind names a spreadsheet or a terminal would act on', () => {
  const NAMES = ['=HYPERLINK("http://example.invalid")', '@SUM(1)', 'two\nlines', '\u001b[31mred'];

  it('the trace neutralises them and keeps each on one line; trace --report writes its whole output', () => {
    const dir = scratch();
    const implement = DEFAULT_SCENARIO.workload.kinds.implement!;
    const kinds = Object.fromEntries(NAMES.map((n) => [n, { ...implement, share: 1 }]));
    // An explicit graph: every kind is in the trace, whatever the draws.
    const subtasks = NAMES.map((kind, i) => ({ id: `s${i}`, kind }));
    writeFileSync(join(dir, 'kinds.json'), JSON.stringify({ workload: { kinds, graph: { generator: 'explicit', subtasks } } }));
    const r = cli(['trace', 'kinds.json', '-o', 't.csv', '--report'], dir);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 't.csv'), 'utf8');
    const lines = text.trimEnd().split('\n');
    const rows = parseCsv(text);
    // One line per row: no cell spans lines.
    expect(rows).toHaveLength(lines.length);
    const kindAt = rows[0]!.indexOf('kind');
    const cells = new Set(rows.slice(1).map((row) => row[kindAt]!));
    for (const cell of cells) {
      expect(cell).not.toMatch(/^[=+\-@]/);
      expect(cell).not.toMatch(/[\u0000-\u001f]/);
    }
    expect(cells).toEqual(new Set(['', `'${NAMES[0]}`, `'${NAMES[1]}`, JSON.stringify(NAMES[2]), JSON.stringify(NAMES[3])]));
    expect(readFileSync(join(dir, 't.html'), 'utf8').length).toBeGreaterThan(1000);
  });

  it('a message naming such a field shows it escaped, on one line, with no escape sequence', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ workload: { kinds: { 'x\u001b[2J\ny': { share: 1 } } } }));
    const r = cli(['validate', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/workload\.kinds\["x\\u001b\[2J\\ny"\]\.verifiability: is missing/);
    expect(r.stderr).not.toMatch(/\u001b/);
  });
});

describe('hostile files', () => {
  it('a scenario file over the size limit, or a device, is refused before it is parsed (exit 2); the limit is overridable', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'padded.yaml'), `${' '.repeat(2000)}\nreview: {reviewers: 3}\n`);
    const over = cli(['validate', 'padded.yaml'], dir, { ORCHSIM_MAX_SCENARIO_BYTES: '1000' });
    expect(over.code).toBe(2);
    expect(over.stderr).toBe(
      'orchsim: scenario padded.yaml: larger than 1.0 kB (1,000 bytes, the limit of a scenario file; a scenario is far smaller); is it the right file? To read it all the same, set ORCHSIM_MAX_SCENARIO_BYTES to its size in bytes\n',
    );
    expect(cli(['validate', 'padded.yaml'], dir, { ORCHSIM_MAX_SCENARIO_BYTES: '3000' }).code).toBe(0);
    const zero = cli(['validate', '/dev/zero'], dir);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^orchsim: scenario \/dev\/zero: larger than 16\.0 MB \(16,000,000 bytes/);
    const bad = cli(['validate', 'padded.yaml'], dir, { ORCHSIM_MAX_SCENARIO_BYTES: 'lots' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ORCHSIM_MAX_SCENARIO_BYTES=lots: must be a whole number of bytes/);
  });

  it('a mapping of 50,000 keys is parsed with a linear duplicate check; a duplicate is still named with its line', () => {
    const dir = scratch();
    const lines = ['routing:', '  kinds:'];
    for (let i = 0; i < 50_000; i++) lines.push(`    k${i}: sonnet`);
    writeFileSync(join(dir, 'many.yaml'), `${lines.join('\n')}\n`);
    const many = cli(['validate', 'many.yaml'], dir);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/^orchsim: many\.yaml: 50000 problems:\n {2}routing\.kinds\.k0: unknown subtask kind/);
    writeFileSync(join(dir, 'dup.yaml'), 'review:\n  reviewers: 2\n  reviewers: 3\n');
    const dup = cli(['validate', 'dup.yaml'], dir);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toBe('orchsim: dup.yaml is not valid YAML or JSON: Map keys must be unique: "reviewers" appears twice at line 3\n');
  }, 60_000);
});

describe('the memory guard reads the process limits', () => {
  const prlimit = spawnSync('prlimit', ['--version']).status === 0;
  const withPrlimit = prlimit || process.env.CI === 'true' ? it : it.skip;
  if (!prlimit && process.env.CI !== 'true') console.info('skipped: the address-space limit test needs prlimit (util-linux)');

  withPrlimit('under prlimit --as=3G, a run of 5,000,000 replications is refused up front (exit 2) naming the limit, not killed 37 s later', () => {
    const dir = scratch();
    const r = spawnSync('prlimit', ['--as=3000000000', process.execPath, CLI, 'run', '-n', '5000000', '-w', '1', '-o', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--runs 5000000: this run would need about [\d.]+ GB of memory .* but [\d.]+ [GM]B is available under the process's address-space limit \(ulimit -v\); give fewer runs/);
  }, 60_000);
});

describe('sensitivity cannot run away', () => {
  it('sobol --samples 10000000 is refused up front with the figures (exit 2); --dry-run prints the size and writes nothing', () => {
    const dir = scratch();
    const r = cli(['sensitivity', '--judgment', '--method', 'sobol', '--samples', '10000000', '-o', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^orchsim: sensitivity --method sobol: \d{2,3},000,050 design points x 10,000 replications x \d+ metrics would need about [\d.]+ TB of memory, but [\d.]+ [GMT]B is available \([^)]*\); give fewer --samples \(--samples [\d,]+ would fit\) or fewer --runs\n$/,
    );
    const dry = cli(['sensitivity', '--judgment', '--method', 'sobol', '--samples', '100', '-n', '20', '--dry-run', '-o', 'out'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^orchsim sensitivity --dry-run: nothing is written\nmethod: {8}sobol, 15 parameters\npoints: {8}1,750 \(noise points included\)\nreplications: {2}20 per point, 35,000 in all/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
