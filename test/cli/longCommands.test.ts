/**
 * Issue 24: breakeven, sensitivity and robustness behave like run (a signal at a random task exits 130 with
 * nothing written but the journal; --resume then writes the uninterrupted run's bytes; the
 * scenario's defaultRuns); a dry run of a 100,000-day horizon answers in seconds; the parse
 * mistakes of the command line are answered with exit 2 and the fix.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, scratch } from './helpers.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = scratch();
});

/** Tasks of replications each command journals: a break-even probe of 60 replications is one; sensitivity's tasks are 100 replications. */
const BREAKEVEN = ['breakeven', 'outcome-high-volume-simple', '--param', 'money.monthlyVolume', '--between', '10..5000', '--compare', 'scripted:human', '--metric', 'cost_per_resolved_usd', '-n', '60', '-q'];
const SENSITIVITY = ['sensitivity', '--param', 'people.loadedUsdPerHour=50..200', '--param', 'review.linesPerHour=100..400', '-n', '200', '--workers', '1', '-q'];
/** Robustness: the scenario's values and 8 draws, one task each. */
const ROBUSTNESS = ['robustness', '--draws', '8', '-n', '20', '--workers', '1', '-q'];

describe.each([
  ['breakeven', BREAKEVEN, 'breakeven.csv', 8],
  ['sensitivity', SENSITIVITY, 'sensitivity.csv', 10],
  ['robustness', ROBUSTNESS, 'robustness.csv', 9],
] as const)('%s: interrupted and resumed', (name, args, file, tasks) => {
  it('SIGINT at a random task: exit 130, nothing but the journal; --resume writes the same bytes', () => {
    const whole = cli([...args, '--out', `${name}-whole`], dir);
    expect(whole.code, whole.stderr).toBe(0);
    // A random moment: after a random number of journaled tasks (the signal lands inside the next one).
    const stopAfter = 1 + Math.floor(Math.random() * (tasks - 1));
    const stopped = cli([...args, '--out', `${name}-cut`], dir, { ORCHSIM_TEST_STOP_AFTER_CHUNKS: String(stopAfter), ORCHSIM_TEST_STOP_SIGNAL: 'SIGINT' });
    expect(stopped.code, `stopped after ${stopAfter}: ${stopped.stderr}`).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted \(SIGINT\); nothing was written; \d+ chunks? \(.*replications\) kept in .*-cut\.partial/);
    expect(readdirSync(dir).filter((f) => f.startsWith(`${name}-cut`))).toEqual([`${name}-cut.partial`]);
    const resumed = cli([...args, '--out', `${name}-cut`, '--resume'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(dir, `${name}-cut`, file), 'utf8')).toBe(readFileSync(join(dir, `${name}-whole`, file), 'utf8'));
    expect(existsSync(join(dir, `${name}-cut.partial`))).toBe(false);
    // The resumed run records the interrupted command, without --resume.
    expect(JSON.parse(readFileSync(join(dir, `${name}-cut`, 'meta.json'), 'utf8')).argv).not.toContain('--resume');
  }, 180_000);

  it('--resume of another command is refused, naming the difference, and keeps the journal', () => {
    const stopped = cli([...args, '--out', `${name}-other`], dir, { ORCHSIM_TEST_STOP_AFTER_CHUNKS: '1', ORCHSIM_TEST_STOP_SIGNAL: 'SIGTERM' });
    expect(stopped.code).toBe(143);
    const other = cli([...args.map((a) => (a === '-q' ? '--seed' : a)), '5', '--out', `${name}-other`, '--resume'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--resume: .*-other\.partial was journaled for seed \(--seed\) 1, but this command has 5/);
    expect(existsSync(join(dir, `${name}-other.partial`))).toBe(true);
    // Without --resume the stale journal goes, with a note.
    const fresh = cli([...args.filter((a) => a !== '-q'), '--out', `${name}-other`], dir);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toMatch(/removed .*-other\.partial, the journal of an interrupted/);
  }, 180_000);
});

describe('replications: the scenario\'s defaultRuns, flags win', () => {
  it('breakeven of team runs its defaultRuns (20) per probe', () => {
    const r = cli(['breakeven', 'team', '--param', 'review.reviewers', '--between', '1..4', '--compare', 'fanout:single', '--out', 'team-be', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'team-be', 'meta.json'), 'utf8')).runs).toBe(20);
  }, 180_000);
});

describe('a dry run of a 100,000-day horizon', () => {
  it('answers within 15 s (the probe is bounded; the plan is refused with the figures or printed)', () => {
    const started = performance.now();
    const r = cli(['run', 'team', '--set', 'mode.horizonDays=100000', '--dry-run'], dir);
    const seconds = (performance.now() - started) / 1000;
    expect([0, 2]).toContain(r.code);
    expect(`${r.stdout}${r.stderr}`).toMatch(/time: +about|memory|would/);
    expect(seconds).toBeLessThan(15);
  }, 60_000);
});

describe('parse mistakes', () => {
  it('a scenario field given as a flag suggests --set', () => {
    const r = cli(['run', '--fanout', '8'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown flag --fanout: fanout is a scenario field, not a flag; set it with --set fanout=8');
    expect(cli(['run', '--review.reviewers=3'], dir).stderr).toContain('--set review.reviewers=3');
  });
  it('a flag that takes a value refuses another flag as its value', () => {
    const r = cli(['run', '--seed', '--out', 'X'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed takes a value .* but the next word is the flag --out/);
    expect(existsSync(join(dir, 'X'))).toBe(false);
  });
  it('a YAML syntax error shows the line and a caret under the column', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nreview:\n  reviewers: 3\n   linesPerHour: 4\n');
    const r = cli(['validate', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml is not valid YAML or JSON: .* \(line 3, column 14\):\n {2}3 \| {3}reviewers: 3\n {4}\| {14}\^/);
  });
  it('every usage error exits 2, --shard-count with --shard K/N too', () => {
    expect(cli(['run', '--shard', '2/4', '--shard-count', '4', '--dry-run'], dir).code).toBe(2);
    expect(cli(['run', '--no-such-flag'], dir).code).toBe(2);
    expect(cli(['breakeven', '--param', 'fanout', '--between', '1..4', '--compare', 'fanout:single', '--runs', '--seed', '3'], dir).code).toBe(2);
  });
});
