/**
 * `npm run results` is deterministic, and the committed results/ are what the code produces:
 * one folder is regenerated (twice) and compared byte for byte with the committed copy.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// The compiled module: it spawns the compiled CLI beside it (npm test builds first).
import { generate, PACKAGE_ROOT, readingOf, RESULTS_PLAN } from '../../dist/src/cli/results.js';

const scratch = mkdtempSync(join(tmpdir(), 'orchsim-results-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('npm run results', () => {
  const item = RESULTS_PLAN.find((p) => p.preset === 'dependent-chain')!;

  it('gives the same bytes twice, and the bytes committed in results/', () => {
    generate(item, join(scratch, 'a'));
    generate(item, join(scratch, 'b'));
    const a = filesOf(join(scratch, 'a'));
    expect(Object.keys(a)).toEqual(['README.md', 'best.csv', 'distributions.csv', 'meta.json', 'runs.csv', 'summary.csv']);
    expect(filesOf(join(scratch, 'b'))).toEqual(a);
    // If this fails after a model change, run `npm run results` and commit what it writes.
    expect(filesOf(join(PACKAGE_ROOT, 'results', item.preset))).toEqual(a);
  });

  it('reads its figures from the files it wrote', () => {
    const reading = readingOf(item, join(scratch, 'a'));
    const [header, ...rows] = readFileSync(join(scratch, 'a', 'summary.csv'), 'utf8').trim().split('\n');
    const col = (name: string) => header!.split(',').indexOf(name);
    const row = rows
      .map((l) => l.split(','))
      .find((c) => c[col('point')] === '0' && c[col('regime')] === 'fanout' && c[col('metric')] === 'wall_clock_hours' && c[col('statistic')] === 'distribution')!;
    const p50 = row[col('p50')]!;
    expect(reading).toContain(`| fanout=1 |`);
    expect(reading).toContain(`${Number(p50).toFixed(2)} h`);
  });
});
