/**
 * One writer per output (issue 25, src/app/lock.ts): two runs, or two resumes, into one --out at
 * once never interleave: one proceeds and writes a clean run's bytes, the other exits 2 naming
 * the owner. A folder or file named <out>.partial that orchsim did not write survives a run byte
 * for byte. merge refuses a shard with a duplicated, a missing or a truncated row (exit 2).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, ensureBuilt, scratch, tree, type CliResult, outputBytes } from './helpers.js';

beforeAll(ensureBuilt);

/** The CLI started without waiting (spawnSync would run the two one after the other). */
function cliAsync(args: string[], cwd: string, env: Record<string, string> = {}): { pid: number; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { pid: child.pid!, done };
}

const snapshot = (dir: string) => tree(dir).map((f) => [f, statSync(join(dir, f)).isDirectory() ? null : readFileSync(join(dir, f), 'latin1')]);
const OWNER = /^orchsim: --out out: another orchsim process \(pid \d+\) is writing it \(its lock is out\.lock\)/m;
const TRIALS = 20;

describe('one writer per output', () => {
  it(`two runs into one --out at once (${TRIALS} times): each proceeds whole or exits 2 naming the owner; the output is a clean run's`, async () => {
    const args = (seed: number) => ['run', '-n', '40', '-w', '1', '--seed', String(seed), '-o', 'out', '-q', '--force'];
    const clean = (seed: number) => {
      const dir = scratch();
      expect(cli(args(seed), dir).code).toBe(0);
      return outputBytes(join(dir, 'out'));
    };
    const expected = { 1: clean(1), 2: clean(2) };
    let refusals = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = scratch();
      const [a, b] = await Promise.all([cliAsync(args(1), dir).done, cliAsync(args(2), dir).done]);
      const results = [a, b];
      for (const r of results) {
        expect([0, 2], r.stderr).toContain(r.code);
        if (r.code === 2) expect(r.stderr).toMatch(OWNER);
      }
      expect(results.some((r) => r.code === 0)).toBe(true);
      refusals += results.filter((r) => r.code === 2).length;
      // Whichever wrote last, it wrote a whole clean output of its own seed, nothing of the other's.
      const got = outputBytes(join(dir, 'out'));
      expect([expected[1], expected[2]]).toContainEqual(got);
      expect(readdirSync(dir)).toEqual(['out']);
    }
    console.info(`two runs at once: ${refusals} of ${TRIALS} trials had one refused (the others ran one after the other)`);
  }, 240_000);

  it('a run holding the lock (stopped mid-run): a second run and a resume exit 2 naming it; the first then finishes a clean output', async () => {
    const clean = scratch();
    const dir = scratch();
    const args = ['run', '-n', '300', '-w', '1', '--seed', '4', '-o', 'out', '-q'];
    expect(cli(args, clean).code).toBe(0);
    // SIGSTOP after the first chunk: the process holds the lock, its journal half written.
    const first = cliAsync(args, dir, { ORCHSIM_TEST_STOP_AFTER_CHUNKS: '1', ORCHSIM_TEST_STOP_SIGNAL: 'SIGSTOP' });
    for (let i = 0; i < 600 && !readdirSync(dir).includes('out.partial'); i++) await new Promise((r) => setTimeout(r, 50));
    // Wait until it has stopped itself (state T in /proc), so that the second run meets a held lock.
    for (let i = 0; i < 600; i++) {
      const stat = readFileSync(`/proc/${first.pid}/stat`, 'utf8');
      if (/^\d+ \([^)]*\) T/.test(stat)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const extra of [['--force'], ['--resume']]) {
      const second = cli([...args, ...extra], dir);
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(
        `orchsim: --out out: another orchsim process (pid ${first.pid}) is writing it (its lock is out.lock); wait for it or stop it, or choose another --out (if pid ${first.pid} is not orchsim, delete out.lock)\n`,
      );
    }
    process.kill(first.pid, 'SIGCONT');
    const r = await first.done;
    expect(r.code).toBe(0);
    expect(outputBytes(join(dir, 'out'))).toEqual(outputBytes(join(clean, 'out')));
    expect(readdirSync(dir)).toEqual(['out']);
  }, 120_000);

  it(`two resumes of one journal at once (${TRIALS} times): no duplicated rows; the output equals a clean run's`, async () => {
    const clean = scratch();
    const args = ['run', '-n', '60', '-w', '1', '--seed', '3', '-o', 'out', '-q'];
    expect(cli(args, clean).code).toBe(0);
    const expected = outputBytes(join(clean, 'out'));
    let refusals = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = scratch();
      expect(cli(args, dir, { ORCHSIM_TEST_STOP_AFTER_CHUNKS: '1', ORCHSIM_TEST_STOP_SIGNAL: 'SIGKILL' }).code).toBe(-1);
      const results = await Promise.all([cliAsync([...args, '--resume'], dir).done, cliAsync([...args, '--resume'], dir).done]);
      for (const r of results) {
        expect([0, 2], r.stderr).toContain(r.code);
        // Refused while the other holds the lock, or (the other already done) because the output now exists.
        if (r.code === 2) expect(r.stderr).toMatch(/another orchsim process \(pid \d+\) is writing it|--out out: already exists/);
      }
      expect(results.some((r) => r.code === 0)).toBe(true);
      refusals += results.filter((r) => r.code === 2).length;
      expect(outputBytes(join(dir, 'out'))).toEqual(expected);
      expect(readdirSync(dir)).toEqual(['out']);
    }
    console.info(`two resumes at once: ${refusals} of ${TRIALS} trials had one refused`);
  }, 240_000);

  it('a lock of a live process of this host is refused; a dead one is taken over with a note; a file that is no lock is left alone', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'out.lock'), `${JSON.stringify({ lock: 'orchsim output lock', pid: process.pid, host: hostname() })}\n`);
    const live = cli(['run', '-n', '10', '-w', '1', '-o', 'out', '-q'], dir);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(new RegExp(`another orchsim process \\(pid ${process.pid}\\) is writing it`));
    // A pid above the kernel's maximum is never alive.
    writeFileSync(join(dir, 'out.lock'), `${JSON.stringify({ lock: 'orchsim output lock', pid: 99_999_999, host: hostname() })}\n`);
    const dead = cli(['run', '-n', '10', '-w', '1', '-o', 'out', '-q'], dir);
    expect(dead.code).toBe(0);
    expect(dead.stderr).toBe('orchsim: took over out.lock, left by orchsim pid 99999999, which is no longer running\n');
    expect(readdirSync(dir)).toEqual(['out']);
    writeFileSync(join(dir, 'other.lock'), 'my notes\n');
    const mine = cli(['run', '-n', '10', '-w', '1', '-o', 'other', '-q'], dir);
    expect(mine.code).toBe(2);
    expect(mine.stderr).toMatch(/other\.lock exists and is not an orchsim lock/);
    expect(readFileSync(join(dir, 'other.lock'), 'utf8')).toBe('my notes\n');
  });

  it("a folder or file named <out>.partial that orchsim did not write survives a run and a resume, byte for byte (exit 2)", () => {
    const dir = scratch();
    mkdirSync(join(dir, 'thesis.partial', 'chapters'), { recursive: true });
    writeFileSync(join(dir, 'thesis.partial', 'chapters', 'ch1.tex'), 'draft\n');
    writeFileSync(join(dir, 'notes.partial'), 'a plain file\n');
    // A folder with a journal.jsonl that is not a journal's (no header line) is no journal either.
    mkdirSync(join(dir, 'log.partial'));
    writeFileSync(join(dir, 'log.partial', 'journal.jsonl'), '{"entry":"my own log"}\n');
    const before = snapshot(dir);
    for (const out of ['thesis', 'notes', 'log'])
      for (const extra of [[], ['--resume'], ['--force']]) {
        const r = cli(['run', '-n', '10', '-w', '1', '-o', out, '-q', ...extra], dir);
        expect(r.code, `${out} ${extra.join(' ')}`).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^orchsim: --out ${out}: ${out}\\.partial exists and is not an orchsim journal .*leaves yours alone: move or rename it, or choose another --out\\n$`));
      }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('merge refuses a damaged shard (exit 2)', () => {
  const shards = (dir: string) => {
    for (const k of [1, 2]) expect(cli(['run', '-n', '30', '-w', '1', '--shard', `${k}/2`, '-o', `s${k}`, '-q'], dir).code).toBe(0);
  };
  const merge = (dir: string) => cli(['merge', 's1', 's2', '-o', 'all', '-q'], dir);
  const runsCsv = (dir: string) => join(dir, 's1', 'runs.csv');

  it('a duplicated row', () => {
    const dir = scratch();
    shards(dir);
    const lines = readFileSync(runsCsv(dir), 'utf8').split('\n');
    appendFileSync(runsCsv(dir), `${lines[3]}\n`);
    const r = merge(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s1\/runs\.csv: a duplicated row \(point 0, replication 0, regime \w+\): the shard is damaged; run it again/);
    expect(readdirSync(dir).sort()).toEqual(['s1', 's2']);
  });

  it('a missing row', () => {
    const dir = scratch();
    shards(dir);
    const lines = readFileSync(runsCsv(dir), 'utf8').split('\n');
    lines.splice(5, 1);
    writeFileSync(runsCsv(dir), lines.join('\n'));
    const r = merge(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/merge: runs\.csv of s1 has no row for point 0, replication 1, regime \w+ \(1 of 30 missing\)/);
  });

  it('a truncated shard (a disk that filled)', () => {
    const dir = scratch();
    shards(dir);
    const text = readFileSync(runsCsv(dir), 'utf8');
    writeFileSync(runsCsv(dir), text.slice(0, Math.floor(text.length * 0.6)));
    const r = merge(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s1\/runs\.csv: the last line is incomplete \(a truncated file/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
