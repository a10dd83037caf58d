/**
 * Observed versus simulated: calibrate on the generated fixtures (Claude Code logs and pull
 * requests) writes what it observed into the overlay (numbers only); a run of the overlay
 * writes observed-vs-simulated.csv, whose observed side is the fixtures' hand count and whose KS
 * distances are those of changes.csv recomputed here, prints them, and the report draws them.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { observedValues } from '../../src/calibrate/derive/observed.js';
import { comparisonsOf, ecdfSteps, ksDistance, observedConsole, parseObservedVsSimulated } from '../../src/output/index.js';
import { createStream } from '../../src/random/index.js';
import { cli, ensureBuilt, parseCsv } from '../cli/helpers.js';
import { PR_SECRET, prFixture, prTime, SECRET_TEXTS, writeClaudeCodeFixture } from './fixture.js';
import { scratchDirs } from './helpers.js';

const scratch = scratchDirs();
beforeAll(ensureBuilt);

/** Calibrate on both fixtures into team.yaml; returns the folder. */
function calibrated(): string {
  const work = scratch();
  const logs = writeClaudeCodeFixture(work);
  writeFileSync(join(work, 'prs.json'), JSON.stringify(prFixture(), null, 2));
  const r = cli(['calibrate', '--claude-code', logs, '--prs', 'prs.json', '--out', 'team.yaml', '--lenient', '--min-observations', '5'], work);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(
    'observed (calibration.observed, for observed-vs-simulated.csv): subagentsPerSession (2), subagentsAtOnce (2), turnsPerSubagentRun (2), outputTokensPerTurn (2), secondsPerTurn (2), reviewWaitHours (6), reviewRounds (6), changeLines (10)',
  );
  return work;
}

/** Two-sample KS distance of two samples, by brute force over every value of either. */
function ks(a: number[], b: number[]): number {
  const cdf = (s: number[], x: number) => s.filter((v) => v <= x).length / s.length;
  return Math.max(...[...a, ...b].map((x) => Math.abs(cdf(a, x) - cdf(b, x))));
}

describe('calibrate writes what it observed into the overlay', () => {
  it('holds the hand-counted samples, numbers only, and stays a valid scenario', () => {
    const work = calibrated();
    const text = readFileSync(join(work, 'team.yaml'), 'utf8');
    const observed = parseYaml(text).calibration.observed;
    // The fields it measured are listed too (robustness narrows their ranges), each a path the overlay sets.
    const measured: string[] = parseYaml(text).calibration.measured;
    expect(measured).toContain('agents.cacheHitShare');
    for (const path of measured) expect(path.split('.').reduce((at: Record<string, unknown> | undefined, k) => at?.[k] as Record<string, unknown> | undefined, parseYaml(text))).toBeDefined();
    expect(observed).toEqual({
      // s1: a1, a2; s2: b1
      subagentsPerSession: { observations: 2, form: 'sample', values: [1, 2] },
      // s1: a1 (10:00:02-15) and a2 (10:00:05-10) overlap; s2: b1 alone
      subagentsAtOnce: { observations: 2, form: 'sample', values: [1, 2] },
      // s1: (3 + 2) turns / 2 runs; s2: 2 / 1
      turnsPerSubagentRun: { observations: 2, form: 'sample', values: [2, 2.5] },
      // s1: (80 + 60 + 40 + 30 + 50) / 5; s2: (90 + 70) / 2
      outputTokensPerTurn: { observations: 2, form: 'sample', values: [52, 80] },
      // s1: gaps 6, 7 (a1) and 4 (a2): 17 / 3; s2: 7
      secondsPerTurn: { observations: 2, form: 'sample', values: [5.667, 7] },
      // every reviewed PR (1-4, 6, 7) has its first review 2 h after opening
      reviewWaitHours: { observations: 6, form: 'sample', values: [2, 2, 2, 2, 2, 2] },
      // merged PRs 1-6: 1 + changes requested
      reviewRounds: { observations: 6, form: 'sample', values: [1, 1, 1, 1, 2, 3] },
      changeLines: { observations: 10, form: 'sample', values: [10, 15, 30, 40, 60, 60, 100, 120, 300, 400] },
    });
    for (const secret of [...SECRET_TEXTS, PR_SECRET]) expect(text).not.toContain(secret);
    expect(cli(['validate', 'team.yaml'], work).code).toBe(0);
  });

  it('lines per reviewer hour, from a CSV with reviewHours, against diff_lines / review_hours of each change', () => {
    const work = scratch();
    const rows = ['number,createdAt,mergedAt,closedAt,additions,deletions,changesRequested,reviewHours'];
    // lines / hours: 100, 200, 300, 400, 500
    [[100, 1], [400, 2], [900, 3], [800, 2], [250, 0.5]].forEach(([lines, hours], i) => rows.push(`${i + 1},${prTime(0)},${prTime(5)},${prTime(5)},${lines},0,${i % 2},${hours}`));
    writeFileSync(join(work, 'prs.csv'), `${rows.join('\n')}\n`);
    expect(cli(['calibrate', '--prs', 'prs.csv', '--out', 'team.yaml'], work).code).toBe(0);
    const observed = parseYaml(readFileSync(join(work, 'team.yaml'), 'utf8')).calibration.observed;
    expect(observed.linesPerReviewHour).toEqual({ observations: 5, form: 'sample', values: [100, 200, 300, 400, 500] });
    expect(cli(['run', 'team.yaml', '-n', '10', '--workers', '1', '--out', 'out', '--quiet'], work).code).toBe(0);
    const [, ...written] = parseCsv(readFileSync(join(work, 'out', 'observed-vs-simulated.csv'), 'utf8'));
    const [ch, ...changes] = parseCsv(readFileSync(join(work, 'out', 'changes.csv'), 'utf8'));
    const col = (name: string) => ch!.indexOf(name);
    const fanout = changes.filter((c) => c[col('regime')] === 'fanout' && Number(c[col('review_hours')]) > 0);
    const sim = fanout.map((c) => Number(c[col('diff_lines')]) / Number(c[col('review_hours')]));
    const rowsOf = written.filter((c) => c[0] === 'linesPerReviewHour' && c[1] === 'simulated' && c[2] === 'fanout');
    expect(rowsOf[0]![3]).toBe(String(sim.length));
    expect(Number(rowsOf[0]![6])).toBeCloseTo(ks([100, 200, 300, 400, 500], sim), 5);
  });

  it('refuses an observed block that is not sorted, not complete, or of an unknown quantity', () => {
    const work = scratch();
    const bad = (observed: object) => {
      writeFileSync(join(work, 'bad.yaml'), JSON.stringify({ calibration: { observed } }));
      return cli(['validate', 'bad.yaml'], work);
    };
    const unsorted = bad({ reviewRounds: { observations: 2, form: 'sample', values: [2, 1] } });
    expect(unsorted.code).toBe(2);
    expect(unsorted.stderr).toMatch(/calibration\.observed\.reviewRounds\.values: must be sorted ascending/);
    expect(bad({ reviewRounds: { observations: 3, form: 'sample', values: [1, 2] } }).stderr).toMatch(/3 values expected, got 2/);
    expect(bad({ turnsPerCoffee: { observations: 1, form: 'sample', values: [1] } }).stderr).toMatch(/unknown observed quantity 'turnsPerCoffee' \(known: subagentsPerSession, /);
  });
});

describe('orchsim run on the overlay: observed-vs-simulated.csv, the console and the report', () => {
  it('writes the observed ECDFs as counted, the simulated ones and their KS distance from changes.csv, and draws them', () => {
    const work = calibrated();
    const r = cli(['run', 'team.yaml', '-n', '40', '--workers', '1', '--out', 'out', '--report'], work);
    expect(r.code).toBe(0);
    // what calibrate observed changes no result, and is no setting without effect either
    expect(r.stderr).not.toMatch(/calibration.* has no effect/);
    const out = join(work, 'out');
    expect(readdirSync(out)).toContain('observed-vs-simulated.csv');
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).files).toContain('observed-vs-simulated.csv');
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'observed-vs-simulated.csv'), 'utf8'));
    expect(header).toEqual(['quantity', 'source', 'regime', 'observations', 'value', 'ecdf', 'ks_distance']);
    const observed = (q: string) => rows.filter((c) => c[0] === q && c[1] === 'observed').map((c) => [c[2], c[3], Number(c[4]), Number(c[5]), c[6]]);
    expect(observed('subagentsPerSession')).toEqual([['', '2', 1, 0.5, ''], ['', '2', 2, 1, '']]);
    expect(observed('reviewWaitHours')).toEqual([['', '6', 2, 1, '']]);
    expect(observed('reviewRounds')).toEqual([['', '6', 1, 0.666667, ''], ['', '6', 2, 0.833333, ''], ['', '6', 3, 1, '']]);
    expect(observed('changeLines').map((c) => [c[2], c[3]])).toEqual([[10, 0.1], [15, 0.2], [30, 0.3], [40, 0.4], [60, 0.6], [100, 0.7], [120, 0.8], [300, 0.9], [400, 1]]);

    // The simulated side and the KS distance, recomputed from changes.csv.
    const [ch, ...changes] = parseCsv(readFileSync(join(out, 'changes.csv'), 'utf8'));
    const col = (name: string) => ch!.indexOf(name);
    const regimes = [...new Set(changes.map((c) => c[col('regime')]!))];
    expect(regimes.length).toBeGreaterThan(1);
    const hand = { reviewRounds: [1, 1, 1, 1, 2, 3], changeLines: [10, 15, 30, 40, 60, 60, 100, 120, 300, 400], reviewWaitHours: [2, 2, 2, 2, 2, 2] };
    for (const regime of regimes) {
      const mine = changes.filter((c) => c[col('regime')] === regime);
      const simulated = {
        reviewRounds: mine.filter((c) => c[col('merged')] === '1').map((c) => Number(c[col('review_rounds')])),
        changeLines: mine.map((c) => Number(c[col('diff_lines')])).filter((v) => v > 0),
        reviewWaitHours: mine.map((c) => Number(c[col('review_wait_hours')])),
      };
      for (const [q, obs] of Object.entries(hand)) {
        const sim = simulated[q as keyof typeof simulated];
        const written = rows.filter((c) => c[0] === q && c[1] === 'simulated' && c[2] === regime);
        expect(written.length, `${q} ${regime}`).toBeGreaterThan(0);
        expect(new Set(written.map((c) => c[3]))).toEqual(new Set([String(sim.length)]));
        expect(Number(written[0]![6])).toBeCloseTo(ks(obs, sim), 5);
        // the last step is the largest value, at 1
        expect(Number(written.at(-1)![4])).toBeCloseTo(Math.max(...sim), 3);
        expect(written.at(-1)![5]).toBe('1');
      }
    }
    // subagent runs are compared only where the regime fans out; attempts of those changes
    const fanning = new Set(rows.filter((c) => c[0] === 'subagentsPerSession' && c[1] === 'simulated').map((c) => c[2]));
    expect(fanning.size).toBeGreaterThan(0);
    expect(fanning.size).toBeLessThan(regimes.length);

    expect(r.stdout).toMatch(/observed vs simulated \(observed-vs-simulated\.csv; KS distance/);
    expect(r.stdout).toMatch(/reviewRounds\s+\S+\s+6\s+\d+\s+0\.\d{3}/);
    // The console's distances, kept as the file was written, are the file's read back.
    expect(r.stdout).toContain(observedConsole(comparisonsOf(parseObservedVsSimulated(readFileSync(join(out, 'observed-vs-simulated.csv'), 'utf8')))));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('data-chart="observed-vs-simulated"');
    expect(readdirSync(out)).toContain('observed-vs-simulated.vl.json');
    for (const file of readdirSync(out)) for (const secret of [...SECRET_TEXTS, PR_SECRET]) expect(readFileSync(join(out, file), 'utf8')).not.toContain(secret);
  });

  it('a sweep of the overlay says why it does not compare, and so does a run without changes.csv', () => {
    const work = calibrated();
    const r = cli(['sweep', 'team.yaml', '--vary', 'fanout=2,4', '-n', '5', '--workers', '1', '--out', 'sw'], work);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('observed-vs-simulated.csv not written: a sweep does not compare (run one point)');
    expect(readdirSync(join(work, 'sw'))).not.toContain('observed-vs-simulated.csv');
    const off = cli(['run', 'team.yaml', '-n', '5', '--workers', '1', '--out', 'off', '--no-changes'], work);
    expect(off.code).toBe(0);
    expect(off.stderr).toContain('observed-vs-simulated.csv not written: it needs changes.csv (pass --changes)');
    expect(readdirSync(join(work, 'off'))).not.toContain('observed-vs-simulated.csv');
  });
});

describe('the KS distance and the quantiles a large sample is kept as', () => {
  const stream = createStream(3, 'observed-test');
  const draw = (n: number, scale: number) => Array.from({ length: n }, () => Math.round(stream() * scale * 10) / 10);

  it('equals a brute-force two-sample KS distance on samples with ties', () => {
    for (let k = 0; k < 20; k++) {
      const a = draw(5 + k, 3);
      const b = draw(40 + 3 * k, 3 + (k % 4));
      const o = observedValues(Float64Array.from(a));
      expect(o.form).toBe('sample');
      expect(ksDistance(o, Float64Array.from(b).sort())).toBeCloseTo(ks(a, b), 12);
    }
  });

  it('keeps more than 200 observations as 201 quantiles, and their KS distance is within a level of the exact one', () => {
    const a = draw(1500, 100);
    const b = draw(1000, 120);
    const o = observedValues(Float64Array.from(a));
    expect(o.form).toBe('quantiles');
    expect(o.observations).toBe(1500);
    expect(o.values).toHaveLength(201);
    expect(o.values[0]).toBe(Math.min(...a));
    expect(o.values[200]).toBe(Math.max(...a));
    // a level (1/200), plus the interpolation of a type-7 quantile between two observations (2/n)
    const within = 1 / 200 + 2 / a.length;
    expect(Math.abs(ksDistance(o, Float64Array.from(b).sort()) - ks(a, b))).toBeLessThanOrEqual(within);
    // the same sample against itself: 0 when kept whole, at most a level apart as quantiles
    expect(ksDistance(observedValues(Float64Array.from(b.slice(0, 150))), Float64Array.from(b.slice(0, 150)).sort())).toBe(0);
    expect(ksDistance(o, Float64Array.from(a).sort())).toBeLessThanOrEqual(within);
  });

  it('writes each distinct value once with its share at or below it', () => {
    expect(ecdfSteps([1, 1, 2, 5, 5, 5])).toEqual([{ value: 1, ecdf: 2 / 6 }, { value: 2, ecdf: 3 / 6 }, { value: 5, ecdf: 1 }]);
  });
});
