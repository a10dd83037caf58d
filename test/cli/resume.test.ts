/**
 * --resume (issue 16): a run or sweep interrupted (SIGKILL, or SIGTERM through the handler) after
 * some chunks are journaled, continued with the same command plus --resume, writes every output
 * file byte for byte as the uninterrupted run does; meta.json differs only in the fields that
 * record how this output was made (startedAt, seconds, maxRssMb, timing, workers) and in
 * `resumed`. The interruption is deterministic: ORCHSIM_TEST_STOP_AFTER_CHUNKS makes the process
 * signal itself once that many chunks are journaled. A journal of another command is refused
 * (exit 2, nothing written, the journal kept); no temporary folder or journal is left behind.
 */
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, scratch, tree } from './helpers.js';

beforeAll(ensureBuilt);

/** The meta.json fields that record how an output was made, masked; everything else is compared byte for byte. */
function maskedMeta(text: string): string {
  return text
    .replace(/,\n {2}"resumed": \{[^}]*\}/, '')
    .replace(/^ {2}"(startedAt|seconds|maxRssMb|workers)": [^\n]*$/gm, '  "$1": (varies)')
    .replace(/^ {2}"timing": \{[^}]*\}/m, '  "timing": (varies)');
}

/** Every file of two output directories: the same names, the same bytes (meta.json masked). */
function expectSameOutput(expected: string, actual: string): void {
  const names = readdirSync(expected).sort();
  expect(readdirSync(actual).sort()).toEqual(names);
  for (const name of names) {
    const a = readFileSync(join(expected, name));
    const b = readFileSync(join(actual, name));
    if (name === 'meta.json') expect(maskedMeta(b.toString()), name).toBe(maskedMeta(a.toString()));
    else expect(b.equals(a), `${name} differs`).toBe(true);
  }
}

/** Every entry under `dir` with its bytes (directories: null). */
const snapshot = (dir: string) => tree(dir).map((f) => [f, statSync(join(dir, f)).isDirectory() ? null : readFileSync(join(dir, f), 'latin1')]);

const meta = (dir: string) => JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
const stopAfter = (chunks: number, signal: NodeJS.Signals) => ({ ORCHSIM_TEST_STOP_AFTER_CHUNKS: String(chunks), ORCHSIM_TEST_STOP_SIGNAL: signal });

describe('--resume', () => {
  it('a sweep killed (SIGKILL) at half its chunks, resumed: every file byte-identical, report included', () => {
    const full = scratch();
    const part = scratch();
    // 10 points x 40 replications on one thread: one chunk per point.
    const args = ['sweep', '--vary', 'fanout=1..10', '-n', '40', '--changes', '-w', '1', '--report', '-o', 'out', '-q'];
    expect(cli(args, full).code).toBe(0);
    const killed = cli(args, part, stopAfter(5, 'SIGKILL'));
    expect(killed.code).toBe(-1); // killed by a signal: no exit code
    // SIGKILL leaves the lock too (./lock.ts): the resume takes it over.
    expect(readdirSync(part).sort()).toEqual([expect.stringMatching(/^\.tmp-out-\d+$/), 'out.lock', 'out.partial']);
    const journal = readFileSync(join(part, 'out.partial', 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(journal).toHaveLength(1 + 1 + 5); // the key, the headers, five chunks
    const resumed = cli([...args, '--resume'], part);
    expect(resumed.stderr).toMatch(/took over out\.lock, left by orchsim pid \d+, which is no longer running/);
    expect(resumed.stderr).toMatch(/removed \.tmp-out-\d+, left by a run \(pid \d+\) that was killed/);
    expect(resumed.code).toBe(0);
    expectSameOutput(join(full, 'out'), join(part, 'out'));
    expect(meta(join(part, 'out')).resumed).toEqual({ chunks: 5, replications: 200 });
    expect(meta(join(full, 'out')).resumed).toBeUndefined();
    // The command recorded (and shown in report.html) is the interrupted one: --resume is not part of what made the output.
    expect(meta(join(part, 'out')).argv).toEqual(args);
    expect(readdirSync(part)).toEqual(['out']);
  });

  it('a stream sweep killed after its first point, resumed: review_queue.csv and distributions.csv byte-identical', () => {
    const full = scratch();
    const part = scratch();
    const args = ['sweep', 'review-bottleneck', '--vary', 'review.reviewers=2,3', '-n', '4', '--no-changes', '-w', '1', '-o', 'out', '-q'];
    expect(cli(args, full).code).toBe(0);
    expect(readdirSync(join(full, 'out'))).toEqual(expect.arrayContaining(['review_queue.csv', 'distributions.csv']));
    expect(cli(args, part, stopAfter(1, 'SIGKILL')).code).toBe(-1);
    const resumed = cli([...args, '--resume'], part);
    expect(resumed.code).toBe(0);
    expectSameOutput(join(full, 'out'), join(part, 'out'));
    // A heavy stream point runs in chunks of one replication: the first came from the journal.
    expect(meta(join(part, 'out')).resumed).toEqual({ chunks: 1, replications: 1 });
  });

  it('a shard of a run on two threads stopped by SIGTERM (the handler keeps the journal), resumed: byte-identical', () => {
    const full = scratch();
    const part = scratch();
    const args = ['run', '-n', '3000', '--shard', '2/3', '-w', '2', '--seed', '5', '-o', 'out', '-q'];
    expect(cli(args, full).code).toBe(0);
    const stopped = cli(args, part, stopAfter(2, 'SIGTERM'));
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/interrupted \(SIGTERM\); nothing was written; \d+ chunks \([\d,]+ replications\) kept in out\.partial: run the same command with --resume to continue/);
    // The handler removed the temporary directory; only the journal is left.
    expect(readdirSync(part)).toEqual(['out.partial']);
    const resumed = cli([...args, '--resume'], part);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expectSameOutput(join(full, 'out'), join(part, 'out'));
    const record = meta(join(part, 'out')).resumed as { chunks: number; replications: number };
    expect(record.chunks).toBeGreaterThanOrEqual(2);
    expect(record.replications).toBeGreaterThan(0);
    expect(record.replications).toBeLessThan(1000);
    expect(readdirSync(part)).toEqual(['out']);
  });

  it('refuses to resume with another seed, scenario or run count (exit 2, nothing written, the journal kept); a torn last chunk is dropped', () => {
    const full = scratch();
    const part = scratch();
    const args = ['run', '-n', '400', '--seed', '3', '-w', '1', '-o', 'out', '-q'];
    expect(cli(args, full).code).toBe(0);
    cli(args, part, stopAfter(3, 'SIGKILL'));
    // The killed run's lock is taken over (and released) by the first refused resume: the rest is left as it was.
    const withoutLock = () => snapshot(part).filter(([f]) => f !== 'out.lock');
    const before = withoutLock();
    const cases: [string[], RegExp][] = [
      [['--seed', '4'], /--resume: out\.partial was journaled for seed \(--seed\) 3, but this command has 4; give the interrupted command exactly, plus --resume, or run without --resume to start afresh/],
      [['--set', 'fanout=8'], /--resume: out\.partial was journaled for scenario \(a scenario file, a preset or a --set changed; SHA-256\) [0-9a-f]{12}\.\.\., but this command has [0-9a-f]{12}\.\.\./],
      [['-n', '500'], /was journaled for replications \(--runs\) 400, but this command has 500/],
      [['--shard', '1/2'], /was journaled for shard \(--shard\) 1\/1, but this command has 1\/2/],
    ];
    for (const [change, message] of cases) {
      const r = cli([...args, ...change, '--resume'], part);
      expect(r.code, change.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').filter((line) => !line.includes('took over out.lock'))).toHaveLength(1);
      expect(withoutLock()).toEqual(before);
    }
    // --dry-run --resume estimates what is left: 400 - 150 replications.
    const dry = cli([...args, '--resume', '--dry-run'], part);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/--dry-run --resume \(what is left\): nothing is written[\s\S]*replications: {2}400 per point, 250 in this run/);
    expect(withoutLock()).toEqual(before);
    // A run killed between writing a chunk and journaling it: rows past the last checkpoint, and half a journal line.
    appendFileSync(join(part, 'out.partial', 'runs.csv'), '0,999,single,1,2,3\n0,999,fan');
    appendFileSync(join(part, 'out.partial', 'values.f64'), new Uint8Array(12));
    appendFileSync(join(part, 'out.partial', 'journal.jsonl'), '{"chunk":4,"point":0,"fr');
    const resumed = cli([...args, '--resume'], part);
    expect(resumed.code).toBe(0);
    expectSameOutput(join(full, 'out'), join(part, 'out'));
    expect(meta(join(part, 'out')).resumed).toEqual({ chunks: 3, replications: 150 });
    expect(readdirSync(part)).toEqual(['out']);
  });

  it('--resume without a journal starts from the beginning, with a note', () => {
    const full = scratch();
    const fresh = scratch();
    const args = ['run', '-n', '120', '-w', '1', '-o', 'out', '-q'];
    expect(cli(args, full).code).toBe(0);
    const r = cli([...args, '--resume'], fresh);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('orchsim: --resume: no journal at out.partial; starting from the beginning\n');
    expectSameOutput(join(full, 'out'), join(fresh, 'out'));
    expect(meta(join(fresh, 'out')).resumed).toBeUndefined();
    expect(readdirSync(fresh)).toEqual(['out']);
  });
});
