/**
 * Input files read as streams (issue 25): `fit` and `calibrate` read a pipe, `-` and
 * `/dev/stdin` as they read the same bytes from a file (one pass: a pipe cannot be read twice
 * nor sought), and `fit` keeps at most ORCHSIM_MAX_FIT_VALUES values, stopping with exit 2 while
 * it reads past them.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FIT_VALUES, readColumn } from '../../src/calibrate/read/column.js';
import { UsageError } from '../../src/errors/index.js';
import { CLI, cli } from '../cli/helpers.js';
import { useScratchDir } from './scratch.js';

const dir = useScratchDir();

/** The CLI with `input` piped to its standard input. */
function piped(args: string[], input: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir(), input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** 300 values of a skewed column, written by the test (x in CSV). */
const VALUES = Array.from({ length: 300 }, (_, i) => (1 + ((i * 37) % 101) * 0.25 + (i % 7) ** 2 * 0.1).toFixed(3));
const CSV = `x\n${VALUES.join('\n')}\n`;

/** Thirty pull requests in gh's JSON form (written by the test), and the same as JSON lines. */
const PRS = Array.from({ length: 30 }, (_, i) => ({
  number: i + 1,
  createdAt: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`,
  mergedAt: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T${String(12 + (i % 9)).padStart(2, '0')}:00:00Z`,
  closedAt: null,
  additions: 10 + 3 * i,
  deletions: i % 5,
  reviews: [{ state: i % 4 === 0 ? 'CHANGES_REQUESTED' : 'APPROVED', submittedAt: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T11:00:00Z`, author: { login: 'rev' } }],
  isDraft: false,
  author: { login: `dev${i % 3}` },
}));

describe('fit reads a pipe as it reads a file', () => {
  it('`fit -` and `fit /dev/stdin` with the file piped in print what `fit FILE` prints', () => {
    writeFileSync(join(dir(), 'v.csv'), CSV);
    const fromFile = cli(['fit', 'v.csv', '--column', 'x', '--bootstrap', '0'], dir());
    expect(fromFile.code, fromFile.stderr).toBe(0);
    for (const name of ['-', '/dev/stdin']) {
      const r = piped(['fit', name, '--column', 'x', '--bootstrap', '0'], CSV);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(fromFile.stdout.replace('fit v.csv', `fit ${name}`));
    }
  });

  it('`fit -` with nothing piped in (standard input empty) is refused, exit 2', () => {
    const r = piped(['fit', '-', '--column', 'x'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('orchsim: fit -: the file is empty\n');
  });
});

describe('calibrate --prs and --ccusage read a pipe', () => {
  it.each([
    ['json', `${JSON.stringify(PRS, null, 2)}\n`],
    ['jsonl', `${PRS.map((p) => JSON.stringify(p)).join('\n')}\n`],
    ['csv', `number,createdAt,mergedAt,closedAt,additions,deletions\n${PRS.map((p) => [p.number, p.createdAt, p.mergedAt, '', p.additions, p.deletions].join(',')).join('\n')}\n`],
  ])('--prs as %s: piped through - and /dev/stdin, the overlay of the file', (format, text) => {
    const file = `prs-${format}.txt`;
    writeFileSync(join(dir(), file), text);
    const fromFile = cli(['calibrate', '--prs', file], dir());
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(/rejectProbability/);
    for (const name of ['-', '/dev/stdin']) {
      const r = piped(['calibrate', '--prs', name], text);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(fromFile.stdout.replaceAll(file, name));
    }
  });

  it('--ccusage -: the report piped in', () => {
    const report = JSON.stringify({
      daily: [{ date: '2026-01-01', inputTokens: 1000, outputTokens: 500, cacheCreationTokens: 100, cacheReadTokens: 2000, totalCost: 1.2, modelsUsed: ['claude-sonnet-4'], modelBreakdowns: [{ modelName: 'claude-sonnet-4', inputTokens: 1000, outputTokens: 500, cacheCreationTokens: 100, cacheReadTokens: 2000, cost: 1.2 }] }],
    });
    writeFileSync(join(dir(), 'cc.json'), report);
    const fromFile = cli(['calibrate', '--ccusage', 'cc.json'], dir());
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const r = piped(['calibrate', '--ccusage', '-'], report);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(fromFile.stdout.replaceAll('cc.json', '-'));
  });
});

describe('fit keeps a bounded number of values', () => {
  it('the limit is documented and stops the read at the first value past it', () => {
    expect(MAX_FIT_VALUES).toBe(10_000_000);
    writeFileSync(join(dir(), 'many.csv'), CSV);
    const read = () => readColumn(join(dir(), 'many.csv'), 'x', { lenient: false, positive: true, maxValues: 299 });
    expect(read).toThrow(UsageError);
    expect(read).toThrow(/more than 299 values in 'x' \(at line 301\), the most fit reads; fit a random sample .* ORCHSIM_MAX_FIT_VALUES/);
    expect(readColumn(join(dir(), 'many.csv'), 'x', { lenient: false, positive: true, maxValues: 300 }).values.length).toBe(300);
  });

  it('ORCHSIM_MAX_FIT_VALUES lowers or raises it for the command; a bad value is refused naming it', () => {
    writeFileSync(join(dir(), 'limit.csv'), CSV);
    const low = cli(['fit', 'limit.csv', '--column', 'x', '--bootstrap', '0'], dir(), { ORCHSIM_MAX_FIT_VALUES: '100' });
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/^orchsim: fit limit\.csv: more than 100 values in 'x' \(at line 102\)/);
    expect(cli(['fit', 'limit.csv', '--column', 'x', '--bootstrap', '0'], dir(), { ORCHSIM_MAX_FIT_VALUES: '300' }).code).toBe(0);
    const bad = cli(['fit', 'limit.csv', '--column', 'x'], dir(), { ORCHSIM_MAX_FIT_VALUES: '1e3.5' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ORCHSIM_MAX_FIT_VALUES=1e3\.5: must be a whole number/);
  });
});
