/** A CSV written by the tool reads back with the documented columns and types. */
import { beforeAll, describe, expect, it } from 'vitest';
import { changeColumns, runColumns, SUMMARY_METRICS } from '../../src/experiment/index.js';
import { MISSING_IS_WORST, type SummaryMetric } from '../../src/model/index.js';
import { SUMMARY_STAT_COLUMNS } from '../../src/output/index.js';
import { cli, ensureBuilt, parseCsv, read, scratch } from './helpers.js';

beforeAll(ensureBuilt);

const TIERS = ['haiku', 'sonnet', 'opus'];
const isNumberCell = (c: string) => c === '' || (/^-?\d+(\.\d+)?(e[-+]\d+)?$/.test(c) && Number.isFinite(Number(c)));

describe('CSV round trip', () => {
  const dir = scratch();
  let runs: string[][];
  let summary: string[][];
  let changes: string[][];
  let dictionary: string;

  beforeAll(() => {
    const r = cli(['sweep', '--vary', 'fanout=2,8', '--vary', 'review.reworkBy=agents,people', '-n', '50', '--changes', '-q', '-o', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    runs = parseCsv(read(dir, 'out', 'runs.csv'));
    summary = parseCsv(read(dir, 'out', 'summary.csv'));
    changes = parseCsv(read(dir, 'out', 'changes.csv'));
    dictionary = read(dir, 'out', 'README.md');
  });

  it('runs.csv has the documented columns and types', () => {
    const metrics = runColumns(TIERS).map((c) => c.name);
    expect(runs[0]).toEqual(['point', 'fanout', 'review_rework_by', 'replication', 'regime', ...metrics]);
    expect(metrics).toContain('tokens_opus_cache_read');
    expect(metrics).toContain('cost_per_merged_usd');
    const body = runs.slice(1);
    expect(body).toHaveLength(4 * 50 * 3);
    for (const row of body) {
      expect(row).toHaveLength(runs[0]!.length);
      expect(row[0]).toMatch(/^[0-3]$/);
      expect(['2', '8']).toContain(row[1]);
      expect(['agents', 'people']).toContain(row[2]);
      expect(row[3]).toMatch(/^\d+$/);
      expect(['human', 'single', 'fanout']).toContain(row[4]);
      for (const cell of row.slice(5)) expect(isNumberCell(cell), cell).toBe(true);
      const merged = row[runs[0]!.indexOf('merged')];
      expect(['0', '1']).toContain(merged);
      // a missing wall clock means nothing merged
      expect(row[runs[0]!.indexOf('wall_clock_hours')] === '').toBe(merged === '0');
    }
  });

  it('changes.csv has the documented columns and one row per change', () => {
    const { before, after } = changeColumns(TIERS);
    expect(changes[0]).toEqual([
      'point',
      'fanout',
      'review_rework_by',
      'replication',
      'regime',
      ...before.map((c) => c.name),
      'abandon_reason',
      ...after.map((c) => c.name),
    ]);
    expect(changes.length - 1).toBe(4 * 50 * 3);
    const reason = changes[0]!.indexOf('abandon_reason');
    for (const row of changes.slice(1)) {
      expect(['', 'rejected', 'review_rounds', 'attempts']).toContain(row[reason]);
      for (const [i, cell] of row.entries()) if (i > 4 && i !== reason) expect(isNumberCell(cell), cell).toBe(true);
    }
  });

  it('summary.csv has the documented columns and statistics', () => {
    expect(summary[0]).toEqual(['point', 'fanout', 'review_rework_by', 'regime', 'baseline', 'metric', 'statistic', ...SUMMARY_STAT_COLUMNS]);
    const body = summary.slice(1);
    const kinds = new Set(body.map((r) => r[6]));
    expect([...kinds].sort()).toEqual(['distribution', 'paired_difference', 'ratio_of_sums']);
    // A quantile of a metric whose missing value is worst (cost per merged change) above the merge rate is Infinity ("not merged"), as documented.
    for (const row of body) for (const cell of row.slice(7)) expect(isNumberCell(cell) || (cell === 'Infinity' && MISSING_IS_WORST.has(row[5] as SummaryMetric)), cell).toBe(true);
    const metrics = new Set(body.filter((r) => r[6] === 'distribution').map((r) => r[5]));
    expect([...metrics].sort()).toEqual([...SUMMARY_METRICS].sort());
    const dist = body.find((r) => r[3] === 'fanout' && r[5] === 'wall_clock_hours' && r[6] === 'distribution')!;
    const col = (name: string) => Number(dist[summary[0]!.indexOf(name)]);
    expect(col('p5')).toBeLessThanOrEqual(col('p50'));
    expect(col('p50')).toBeLessThanOrEqual(col('p99'));
    expect(col('ci95_low')).toBeLessThanOrEqual(col('mean'));
  });

  it('the data dictionary describes every column with its unit', () => {
    for (const name of [...runs[0]!, ...changes[0]!, ...summary[0]!]) expect(dictionary, name).toContain(`\`${name}\``);
  });
});
