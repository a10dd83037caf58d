import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('report --x names the x-axis of a sweep; a parameter that is not swept, or --x on a run, is exit 2 naming the swept paths, nothing written', () => {
    const out = join(dir, 'sweep');
    expect(cli(['sweep', '--vary', 'fanout=1,2', '--vary', 'review.reviewers=1,2', '-n', '4', '--workers', '1', '--out', out, '--quiet'], dir).code).toBe(0);
    const wrong = cli(['report', out, '--x', 'people.loadedUsdPerHour'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^orchsim: --x people\.loadedUsdPerHour: not a swept parameter of this output; give one of fanout, review\.reviewers/);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).not.toContain('report.html');
    expect(cli(['report', out, '--x', 'review.reviewers', '--quiet'], dir).code).toBe(0);
    const spec = JSON.parse(readFileSync(join(out, 'sweep-wall-clock-hours.vl.json'), 'utf8')) as { spec: { layer: { encoding: { x: { title: string } } }[] } };
    expect(spec.spec.layer[0]!.encoding.x.title).toBe('review.reviewers');
    const onRun = cli(['report', join(dir, 'run'), '--x', 'fanout'], dir);
    expect(onRun.code).toBe(2);
  });

  it('sensitivity --report writes report.html and its method\'s chart; orchsim report writes it again', () => {
    const out = join(dir, 'sens');
    const args = ['sensitivity', '--param', 'people.loadedUsdPerHour=50..200', '--param', 'review.linesPerHour=100..400', '-n', '4', '--out', out, '--quiet'];
    const r = cli([...args, '--report'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['meta.json', 'report.html', 'sensitivity.csv', 'tornado.vl.json']);
    const again = cli(['report', out], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/report\.html \(1 charts/);
  });

  it('refuses an analysis directory without its file: exit 2, naming the file and the fix', () => {
    const out = join(dir, 'broken');
    mkdirSync(out);
    writeFileSync(join(out, 'meta.json'), JSON.stringify({ command: 'breakeven' }));
    const r = cli(['report', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^orchsim: report .*no breakeven\.csv; write the directory again with orchsim breakeven/);
    expect(readdirSync(out)).toEqual(['meta.json']);
    rmSync(out, { recursive: true });
  });
});
