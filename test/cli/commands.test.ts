/** The other commands and the console output. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataDictionary } from '../../src/output/index.js';
import { CLI, cli, ensureBuilt, read, ROOT, scratch } from './helpers.js';

beforeAll(ensureBuilt);

describe('commands', () => {
  it('help is complete, with examples, and exits 0', () => {
    const top = cli(['--help'], ROOT);
    expect(top.code).toBe(0);
    for (const c of ['run', 'sweep', 'validate', 'presets', 'init', 'merge', 'schema', 'trace', 'dictionary']) expect(top.stdout).toContain(c);
    for (const c of ['run', 'sweep', 'merge', 'validate', 'init']) {
      const h = cli([c, '--help'], ROOT);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('Examples:');
    }
    const run = cli(['run', '--help'], ROOT).stdout;
    for (const flag of ['--runs', '--seed', '--workers', '--out', '--set', '--shard', '--force', '--quiet', '--changes']) expect(run).toContain(flag);
    expect(cli(['sweep', '--help'], ROOT).stdout).toContain('--vary');
    expect(cli(['--version'], ROOT).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(cli([], ROOT).code).toBe(0);
  });

  it('run prints a summary table, histograms and a verdict', () => {
    const dir = scratch();
    const r = cli(['run', '-n', '300', '-w', '2'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/orchsim run · default · 300 replications · seed 1/);
    expect(r.stdout).toMatch(/human .*\n.*single .*1\.00x +\d+x\n.*fanout N=4 .*x/);
    expect(r.stdout).toContain('wall clock hours, request to merge');
    expect(r.stdout).toMatch(
      /fanout N=4 vs single: cost per merged change [-+]\d+(\.\d)?% \[.*\], P\(cheaper\) \d\.\d\d \(both merged in \d\.\d\d\); wall clock [-+]\d+(\.\d)?% \[.*\], P\(faster\) \d\.\d\d/,
    );
    expect(r.stdout).toMatch(/\nAnswer, on cost per merged change: /);
    expect(r.stdout).toContain('results: results/default-run');
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(existsSync(join(dir, 'results/default-run/summary.csv'))).toBe(true);
  });

  it('sweep prints its grid and the best point of each headline metric', () => {
    const dir = scratch();
    const r = cli(['sweep', '--vary', 'fanout=1..4*2', '-n', '100'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/every point +human/);
    expect(r.stdout).toMatch(/fanout=4 +fanout/);
    // The best points on the decision's metrics (one change: cost per merged change, then wall clock), as best.csv.
    expect(r.stdout).toMatch(/fanout, cost per merged change: best fanout=\d/);
    expect(r.stdout).toMatch(/fanout, wall clock hours: best fanout=\d/);
    expect(existsSync(join(dir, 'results/default-sweep/runs.csv'))).toBe(true);
  });

  it('validate prints the resolved scenario with defaults', () => {
    const dir = scratch();
    const r = cli(['validate', join(ROOT, 'package.json'), '--set', 'fanout=8'], dir);
    // package.json is JSON but not a scenario: named fields are unknown
    expect(r.code).toBe(2);
    const ok = cli(['init', '--out', 's.yaml'], dir);
    expect(ok.code).toBe(0);
    const v = cli(['validate', 's.yaml', '--set', 'fanout=8'], dir);
    expect(v.code).toBe(0);
    const resolved = parseYaml(v.stdout) as { fanout: number; review: { reviewers: number } };
    expect(resolved.fanout).toBe(8);
    expect(resolved.review.reviewers).toBeGreaterThan(0);
    expect(v.stderr).toContain('is a valid scenario');
    const json = cli(['validate', 's.yaml', '--json'], dir);
    // Named after its file, not `default`: its results go to results/s-run.
    expect(JSON.parse(json.stdout).name).toBe('s');
    expect(cli(['init', 'team', '--out', 'squad.yml'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'squad.yml'), 'utf8')).toMatch(/^name: squad$/m);
  });

  it('presets lists configs/*.yaml and init writes one without overwriting', () => {
    const dir = scratch();
    const p = cli(['presets'], dir);
    expect(p.code).toBe(0);
    const shipped = existsSync(join(ROOT, 'configs')) ? readdirSync(join(ROOT, 'configs')).filter((f) => f.endsWith('.yaml')) : [];
    for (const f of shipped) expect(p.stdout).toContain(f.replace(/\.yaml$/, ''));
    const i = cli(['init'], dir);
    expect(i.code).toBe(0);
    expect(existsSync(join(dir, 'default.yaml'))).toBe(true);
    expect(cli(['validate', 'default.yaml'], dir).code).toBe(0);
    expect(cli(['init'], dir).code).toBe(2);
    expect(cli(['init', '--force'], dir).code).toBe(0);
    expect(cli(['init', 'no-such-preset'], dir).stderr).toMatch(/no preset 'no-such-preset'/);
  });

  it('schema writes a JSON Schema', () => {
    const r = cli(['schema'], ROOT);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['fanout', 'review', 'mode', 'prices']));
  });

  it('trace writes every step of one replication', () => {
    const r = cli(['trace', '--replication', '3'], ROOT);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('regime,change,step,subtask,kind,prerequisites,attempt,tier,lane,start_hours,end_hours,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,cost_usd,outcome');
    expect(lines.length).toBeGreaterThan(10);
  });

  it('a reader that stops early (trace | head) is no error: exit 0, nothing on stderr', async () => {
    // A stream preset's trace is about 0.5 MB, far more than a pipe holds: later writes hit EPIPE.
    const child = spawn(process.execPath, [CLI, 'trace', 'review-bottleneck'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('results/README.md opens with the data dictionary of the default scenario', () => {
    const text = read(ROOT, 'results', 'README.md');
    expect(text.startsWith(dataDictionary({ tiers: ['haiku', 'sonnet', 'opus'] }).trimEnd()), 'regenerate with: npm run results').toBe(true);
    expect(text).toContain('## What each folder shows');
  });
});
