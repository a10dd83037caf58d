/** orchsim robustness from the command line: the files it writes, and bad input (exit 2 naming the field, nothing written). */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROBUSTNESS_COLUMN_DOCS } from '../../src/output/index.js';
import { CLI, cli, ensureBuilt, expectRefused, parseCsv, read, scratch, tree } from './helpers.js';

beforeAll(ensureBuilt);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = scratch();
  dirs.push(d);
  return d;
}

/** A scenario file in a folder of its own. */
function scenarioFile(text: string): string {
  const file = join(dir(), 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

function fails(args: string[], message: RegExp) {
  expectRefused(['robustness', ...args, '-n', '4', '--draws', '8', '--out', 'out'], dir(), message);
}

describe('orchsim robustness', () => {
  it('writes robustness.csv (the dictionary\'s columns), robustness_draws.csv and meta.json, and prints the summary', () => {
    const d = dir();
    const r = cli(['robustness', '-n', '6', '--draws', '16', '--out', 'rb'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^robustness of the verdict on cost_per_merged_usd over 12 uncertain parameters \(16 draws\)\n/);
    expect(r.stdout).toMatch(/value of perfect information: \$/);
    expect(tree(join(d, 'rb'))).toEqual(['meta.json', 'robustness.csv', 'robustness_draws.csv']);
    const rows = parseCsv(read(d, 'rb', 'robustness.csv'));
    expect(rows[0]).toEqual(ROBUSTNESS_COLUMN_DOCS.map((c) => c.name));
    expect(rows.filter((row) => row[0] === 'parameter' && row[2] === 'evppi').length).toBe(12);
    const draws = parseCsv(read(d, 'rb', 'robustness_draws.csv'));
    expect(draws.length).toBe(1 + 1 + 16);
    expect(draws[0]!.slice(-2)).toEqual(['best', 'flip']);
  });

  it('prints its plan on --dry-run and writes nothing', () => {
    const d = dir();
    const r = cli(['robustness', '--dry-run', '-n', '10', '--draws', '32'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/draws: +32 outer draws of 12 uncertain parameters/);
    expect(r.stdout).toMatch(/simulations: +at most 990 regime-replications/);
    expect(tree(d)).toEqual([]);
  });

  it('run says after its verdict whether the verdict holds: the last robustness of the same scenario, else why not checked', () => {
    const d = dir();
    const small = cli(['run', '-n', '20', '--workers', '1'], d);
    expect(small.code).toBe(0);
    expect(small.stdout).toMatch(/\nrobustness: not checked at this size \(a quick pass needs about 3,300 replications\); how sure the verdict is: orchsim robustness\n/);
    expect(cli(['robustness', '-n', '4', '--draws', '8', '--quiet'], d).code).toBe(0);
    const again = cli(['run', '-n', '20', '--workers', '1', '--force'], d);
    expect(again.stdout).toMatch(/\nrobustness \(results\/default-robustness, 8 draws\): .+ See why: orchsim robustness\n/);
    // Another scenario (a --set) is not the one that robustness measured.
    const other = cli(['run', '-n', '20', '--workers', '1', '--set', 'fanout=2', '--out', 'other'], d);
    expect(other.stdout).toMatch(/\nrobustness: not checked at this size .*: orchsim robustness --set fanout=2\n/);
  });

  it('SIGTERM mid-way exits 143, writes nothing but its journal and leaves the previous output as it was', async () => {
    const d = dir();
    expect(cli(['robustness', '-n', '4', '--draws', '8', '--out', 'out', '--quiet'], d).code).toBe(0);
    const before = readFileSync(join(d, 'out', 'robustness.csv'), 'utf8');
    // Minutes of work, stopped once it has started simulating (it writes nothing until the end).
    const child = spawn(process.execPath, [CLI, 'robustness', '-n', '2000', '--draws', '1024', '--workers', '1', '--out', 'out', '--force', '-q'], { cwd: d, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((done) => {
      setTimeout(() => child.kill('SIGTERM'), 3000);
      child.on('exit', (c) => done(c));
    });
    expect(code).toBe(143);
    // Nothing written but the journal of the tasks done (--resume continues from it; test/cli/longCommands.test.ts).
    expect(stderr).toMatch(/interrupted \(SIGTERM\); nothing was written; .* kept in out\.partial/);
    expect(readdirSync(d).sort()).toEqual(['out', 'out.partial']);
    expect(readFileSync(join(d, 'out', 'robustness.csv'), 'utf8')).toBe(before);
  }, 60_000);

  it('rejects an unknown path, a distribution outside a field\'s bounds, and a decision naming a regime not run', () => {
    fails([scenarioFile('uncertainty:\n  people.nope: { dist: uniform, min: 0, max: 1 }\n')], /uncertainty\.people\.nope: the scenario has no field 'people\.nope'/);
    fails([scenarioFile('uncertainty:\n  people.supervisionShare: { dist: uniform, min: 0.5, max: 1.5 }\n')], /uncertainty\.people\.supervisionShare: uniform\(min=0\.5, max=1\.5\) reaches 0\.5 to 1\.5, outside what the field takes/);
    fails([scenarioFile('uncertainty:\n  review.reReviewShare: { dist: triangular, min: 0.5, mode: 0.2, max: 0.9 }\n')], /uncertainty\.review\.reReviewShare\.mode/);
    fails([scenarioFile('regimes: [human, fanout]\ndecision:\n  candidates: [single, fanout]\n')], /decision\.candidates\[0\]: the scenario does not run 'single'/);
  });
});
