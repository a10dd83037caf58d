import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, scratch } from '../cli/helpers.js';

describe('orchsim report and --report', () => {
  ensureBuilt();
  const dir = scratch();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a path that is no orchsim output: exit 2, one line naming the fix, nothing written', () => {
    for (const path of [join(dir, 'missing'), dir]) {
      const r = cli(['report', path], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^orchsim: report .*(no such directory|not an orchsim run, sweep, sensitivity or breakeven output)/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('trace --report needs --out (the report goes beside the file)', () => {
    const r = cli(['trace', '--report'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
    expect(r.stdout).toBe('');
  });

  it('run --report writes report.html and the specs in the output directory', () => {
    const out = join(dir, 'run');
    const r = cli(['run', '-n', '30', '--workers', '1', '--out', out, '--report', '--quiet'], dir);
    expect(r.code).toBe(0);
    const files = readdirSync(out);
    expect(files).toContain('report.html');
    expect(files.filter((f) => f.endsWith('.vl.json')).sort()).toEqual(['cost-per-merged-ecdf', 'cost-terms', 'merge-rate', 'tokens', 'wall-clock-ecdf'].map((c) => `${c}.vl.json`));
  });
});
