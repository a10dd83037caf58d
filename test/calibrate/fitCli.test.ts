import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createStream, gamma } from '../../src/random/index.js';
import { CLI, cli, ensureBuilt } from '../cli/helpers.js';
import { scratchDirs } from './helpers.js';

const scratch = scratchDirs();

/** A folder with one file; returns the folder. */
function withFile(name: string, text: string): string {
  const dir = scratch();
  writeFileSync(join(dir, name), text);
  return dir;
}

function gammaCsv(n: number): string {
  const u = createStream(11, 'fit-cli');
  const d = gamma({ shape: 3, scale: 2 });
  const rows = ['id,hours,note'];
  for (let i = 0; i < n; i++) rows.push(`${i},${d.quantile(u() || 2 ** -33).toFixed(4)},"free text, with a comma"`);
  return `${rows.join('\n')}\n`;
}

describe('orchsim fit', () => {
  beforeAll(ensureBuilt);

  it('fit and calibrate have help with examples, and are listed', () => {
    expect(cli(['--help'], scratch()).stdout).toMatch(/fit \[options\] <file>[\s\S]*calibrate \[options\]/);
    const fit = cli(['fit', '--help'], scratch());
    expect(fit.code).toBe(0);
    for (const flag of ['--column', '--to', '--out', '--bootstrap', '--seed', '--families', '--lenient', 'Examples:']) expect(fit.stdout).toContain(flag);
    const cal = cli(['calibrate', '--help'], scratch()).stdout;
    for (const flag of ['--claude-code', '--ccusage', '--otel', '--prs', '--out', '--tier-map', '--lenient', 'Examples:']) expect(cal).toContain(flag);
  });

  it('prints the ranked table and the winner in the scenario form, the same for the same seed', () => {
    const dir = withFile('h.csv', gammaCsv(300));
    const a = cli(['fit', 'h.csv', '--column', 'hours', '--bootstrap', '49', '--seed', '3'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/300 values/);
    for (const f of ['lognormal', 'gamma', 'weibull', 'normal', 'triangular', 'pert']) expect(a.stdout).toContain(f);
    expect(a.stdout).toMatch(/p\(KS\)/);
    expect(a.stdout).toMatch(/95% intervals \(parametric bootstrap, B = 49/);
    expect(a.stdout).toMatch(/winner: \{ dist: \w+, /);
    expect(cli(['fit', 'h.csv', '--column', 'hours', '--bootstrap', '49', '--seed', '3'], dir).stdout).toBe(a.stdout);
  });

  it('--to --out writes an overlay scenario that validates, with a comment on its source', () => {
    const dir = withFile('h.csv', gammaCsv(200));
    const r = cli(['fit', 'h.csv', '--column', 'hours', '--bootstrap', '0', '--families', 'lognormal,gamma', '--to', 'review.overheadHours', '--out', 'o.yaml'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'o.yaml'), 'utf8');
    expect(text).toMatch(/# \w+, ranked 1 of 2 by AIC, on 200 values of 'hours' in h\.csv/);
    expect(Object.keys(parseYaml(text))).toEqual(['review']);
    expect(['lognormal', 'gamma']).toContain(parseYaml(text).review.overheadHours.dist);
    expect(cli(['validate', 'o.yaml'], dir).code).toBe(0);
    expect(text).not.toContain('free text');
  });

  it('reads a dotted key of JSON lines', () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ message: { usage: { output_tokens: 100 + ((i * 37) % 91) } } }));
    const dir = withFile('u.jsonl', `${lines.join('\n')}\n`);
    const r = cli(['fit', 'u.jsonl', '--column', 'message.usage.output_tokens', '--bootstrap', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/30 values/);
  });
});

describe('orchsim fit: bad input exits 2 naming the file and the line, writes nothing', () => {
  beforeAll(ensureBuilt);

  const cases: [string, string, string, string[], RegExp][] = [
    ['a missing column', 'd.csv', 'a,b\n1,2\n', ['--column', 'hours'], /d\.csv: no column 'hours' in the header \(columns: a, b\)/],
    ['a non-numeric value', 'd.csv', 'hours\n1\n2\nlots\n4\n5\n6\n', ['--column', 'hours'], /d\.csv line 4: the value of 'hours' is not a number/],
    ['a negative value', 'd.csv', 'hours\n1\n2\n3\n-2\n5\n6\n', ['--column', 'hours'], /d\.csv line 5: the value of 'hours' must be positive \(got -2\)/],
    ['an empty value', 'd.csv', 'hours,x\n1,a\n,b\n3,c\n', ['--column', 'hours'], /d\.csv line 3: has no value for 'hours'/],
    ['an empty file', 'd.csv', '', ['--column', 'hours'], /d\.csv: the file is empty/],
    ['a header and no rows', 'd.csv', 'hours\n', ['--column', 'hours'], /d\.csv: no data lines after the header/],
    ['a malformed JSON line', 'd.jsonl', '{"v":1}\n{"v":2}\n{"v":\n', ['--column', 'v'], /d\.jsonl line 3: is not a JSON object/],
    ['a key missing from a JSON line', 'd.jsonl', '{"v":1}\n{"w":2}\n', ['--column', 'v'], /d\.jsonl line 2: has no value for 'v'/],
    ['too few values', 'd.csv', 'hours\n1\n2\n3\n', ['--column', 'hours'], /d\.csv: 3 value\(s\) in 'hours'; fitting needs at least 5/],
    ['one repeated value', 'd.csv', 'hours\n2\n2\n2\n2\n2\n2\n', ['--column', 'hours'], /no family can be fitted .* a constant/],
  ];
  for (const [what, name, text, args, message] of cases)
    it(what, () => {
      const dir = withFile(name, text);
      const r = cli(['fit', name, ...args, '--to', 'agents.orientation.turns', '--out', 'o.yaml'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(readdirSync(dir)).toEqual([name]);
    });

  it('--lenient skips and counts the bad lines instead', () => {
    const dir = withFile('d.csv', 'hours\n1\nlots\n2.5\n-3\n4\n,\n5\n7\n');
    const r = cli(['fit', 'd.csv', '--column', 'hours', '--bootstrap', '0', '--lenient'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5 values \(3 bad line\(s\) skipped\)/);
  });

  it('names a --to that is no field, or no distribution, before reading anything', () => {
    const dir = withFile('d.csv', 'hours\n1\n2\n3\n4\n5\n');
    const unknown = cli(['fit', 'd.csv', '--column', 'hours', '--to', 'review.speed'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--to review\.speed: the scenario has no field/);
    const notDist = cli(['fit', 'd.csv', '--column', 'hours', '--to', 'review.reviewers'], dir);
    expect(notDist.code).toBe(2);
    expect(notDist.stderr).toMatch(/--to review\.reviewers: not a distribution field/);
    expect(cli(['fit', 'd.csv', '--column', 'hours', '--out', 'o.yaml'], dir).stderr).toMatch(/--out writes an overlay scenario: give the field with --to/);
    expect(cli(['fit', 'd.csv', '--column', 'hours', '--families', 'lognorm'], dir).stderr).toMatch(/unknown family 'lognorm'/);
    expect(existsSync(join(dir, 'o.yaml'))).toBe(false);
  });
});

describe('fit on hostile files (issue 25)', () => {
  it('reads a pipe as a stream, not as an empty file', () => {
    const dir = scratch();
    const values = Array.from({ length: 300 }, (_, i) => String(1 + (i % 37) * 0.5)).join('\n');
    const r = spawnSync('sh', ['-c', `printf 'x\\n${values}\\n' | '${process.execPath}' '${CLI}' fit /dev/stdin --column x --bootstrap 0`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^winner: \{ dist: /m);
  });

  it('a one-line file longer than 64 MiB is refused naming the line, in bounded memory', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'one.csv'), '1'.repeat(70 * 2 ** 20));
    const r = cli(['fit', 'one.csv', '--column', 'x'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('orchsim: one.csv: line 1 is longer than 64 MiB: not a CSV or JSON-lines file (one value or record per line)?\n');
  });

  it('a column named twice is refused; a header with an escape sequence is shown escaped', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'dup.csv'), 'x,y,x\n1,2,3\n');
    const dup = cli(['fit', 'dup.csv', '--column', 'x'], dir);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/dup\.csv: the header names column 'x' more than once \(columns 1 and 3\); rename one/);
    writeFileSync(join(dir, 'ansi.csv'), '\u001b[2Jx,y\n1,2\n');
    const ansi = cli(['fit', 'ansi.csv', '--column', 'hours'], dir);
    expect(ansi.code).toBe(2);
    expect(ansi.stderr).toMatch(/\(columns: "\\u001b\[2Jx", y\)/);
    expect(ansi.stderr).not.toMatch(/\u001b/);
  });

  it('values near 1e308: the families that overflow are skipped with the reason, the others still fitted; no internal parameter named', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'huge.csv'), `x\n${Array.from({ length: 200 }, (_, i) => String(1e307 * (1 + (i % 17) * 0.3))).join('\n')}\n`);
    const r = cli(['fit', 'huge.csv', '--column', 'x', '--bootstrap', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not fitted \(cannot be estimated from these values \(its parameters overflow: are the values in the right unit\?\)\)/);
    expect(r.stdout).toMatch(/^winner: \{ dist: /m);
    expect(r.stdout + r.stderr).not.toMatch(/\.shape: must be a finite number|got NaN/);
  });
});
