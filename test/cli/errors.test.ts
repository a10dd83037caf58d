/** Every bad input: exit code 2, a message naming what is wrong, no stack trace, no files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, expectRefused, read, scratch, tree } from './helpers.js';

beforeAll(ensureBuilt);

function fails(args: string[], message: RegExp, setup?: (dir: string) => void) {
  const dir = scratch();
  setup?.(dir);
  expectRefused(args, dir, message);
}

describe('bad input exits with code 2 and writes nothing', () => {
  it('an unknown flag', () => fails(['run', '--rnus', '10'], /unknown option '--rnus'/));
  it('an unknown command', () => fails(['runn'], /unknown command 'runn'/));
  it('a bad --runs', () => fails(['run', '--runs', 'many'], /--runs.*'many' is invalid/));
  it('zero runs', () => fails(['run', '--runs', '0'], /--runs.*whole number from 1/));
  it('a bad --set value', () => fails(['run', '-n', '5', '--set', 'review.reviewers=abc'], /--set review\.reviewers=abc: review\.reviewers: .*expected number/));
  it('a bad --set path', () => fails(['run', '-n', '5', '--set', 'review.reviewrs=3'], /unknown field 'reviewrs'/));
  it('a --set without =', () => fails(['run', '-n', '5', '--set', 'fanout'], /--set fanout: expected path=value/));
  it('a bad distribution parameter', () =>
    fails(['run', '-n', '5', '--set', 'review.overheadHours={dist: lognormal, median: 2, p90: 1}'], /p90/));
  it('malformed YAML', () =>
    fails(['run', 'bad.yaml', '-n', '5'], /bad\.yaml.*not valid YAML/, (d) => writeFileSync(join(d, 'bad.yaml'), 'fanout: [1, 2\nreview: {')));
  it('a scenario with a wrong field', () =>
    fails(['run', 'typo.yaml', '-n', '5'], /typo\.yaml: review: unknown field 'reviewrs'/, (d) => writeFileSync(join(d, 'typo.yaml'), 'review:\n  reviewrs: 3\n')));
  it('a missing scenario file', () => fails(['run', 'nope.yaml'], /scenario nope\.yaml: no such file or preset/));
  it('a sweep without --vary', () => fails(['sweep', '-n', '5'], /at least one --vary/));
  it('an impossible grid: invalid point', () => fails(['sweep', '--vary', 'fanout=0,2', '-n', '5'], /--vary fanout=0: fanout/));
  it('an impossible grid: empty range', () => fails(['sweep', '--vary', 'fanout=8..1', '-n', '5'], /range 8\.\.1 is empty/));
  it('an impossible grid: too many points', () =>
    fails(['sweep', '--vary', 'fanout=1..200', '--vary', 'review.reviewers=1..100', '-n', '5'], /20,000 points/));
  it('a bad --shard', () => fails(['run', '--shard', '4/3'], /--shard.*K must be between 1 and N/));
  it('an unwritable --out', () =>
    fails(['run', '-n', '5', '-o', 'afile/out'], /--out afile\/out: cannot .*(not a directory|a file)/, (d) => writeFileSync(join(d, 'afile'), 'x')));
  it('an existing --out without --force', () =>
    fails(['run', '-n', '5', '-o', 'out'], /--out out: already exists; pass --force/, (d) => {
      mkdirSync(join(d, 'out'));
      writeFileSync(join(d, 'out', 'meta.json'), '{}');
    }));
  it('--force never replaces a directory that is not an orchsim output', () =>
    fails(['run', '-n', '5', '-o', 'src', '--force'], /refusing to replace/, (d) => {
      mkdirSync(join(d, 'src'));
      writeFileSync(join(d, 'src', 'code.ts'), '');
    }));
  it('merge with a missing shard', () => {
    const dir = scratch();
    expect(cli(['run', '-n', '20', '--shard', '1/2', '-o', 's1', '-q'], dir).code).toBe(0);
    const before = tree(dir);
    const r = cli(['merge', 's1', '-o', 'm'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard 2\/2 missing/);
    expect(tree(dir)).toEqual(before);
  });
  it('merge of different runs', () => {
    const dir = scratch();
    expect(cli(['run', '-n', '20', '--shard', '1/2', '-o', 's1', '-q'], dir).code).toBe(0);
    expect(cli(['run', '-n', '20', '--seed', '2', '--shard', '2/2', '-o', 's2', '-q'], dir).code).toBe(0);
    const r = cli(['merge', 's1', 's2', '-o', 'm'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/different seed/);
  });
  it('init over an existing file', () =>
    fails(['init', '--out', 'mine.yaml'], /mine\.yaml: already exists; pass --force/, (d) => writeFileSync(join(d, 'mine.yaml'), 'x')));
  it('validate of a bad file', () =>
    fails(['validate', 'v.yaml'], /v\.yaml: fanout: .*expected number/, (d) => writeFileSync(join(d, 'v.yaml'), 'fanout: four\n')));

  it('--force replaces an earlier output, atomically', () => {
    const dir = scratch();
    expect(cli(['run', '-n', '10', '-q'], dir).code).toBe(0);
    const first = read(dir, 'results', 'default-run', 'runs.csv');
    expect(cli(['run', '-n', '12', '-q', '--force'], dir).code).toBe(0);
    expect(read(dir, 'results', 'default-run', 'runs.csv')).not.toBe(first);
    expect(tree(join(dir, 'results'))).toEqual(['default-run', ...['README.md', 'distributions.csv', 'meta.json', 'runs.csv', 'summary.csv'].map((f) => `default-run/${f}`)].sort());
  });
});
