/**
 * Every CSV the tool writes (runs, changes, summary, trace, and a merge of shards) survives a
 * strict parser (csv-parse), and no cell a user's text reaches is a spreadsheet formula: a cell
 * that starts with =, +, - or @ is a number, or the neutralised text '=..., quoted.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, read, scratch } from './helpers.js';

beforeAll(ensureBuilt);

const strict = (text: string): string[][] => parse(text, { relax_quotes: false, relax_column_count: false, skip_empty_lines: false });

/** The names swept: formulas, a negative-looking word, a newline, and a plain one. */
const NAMES = `=HYPERLINK("http://x"),'+1','@SUM(A1)',-x,plain,"a\\nb"`;
const CELLS = [`'=HYPERLINK("http://x")`, `'+1`, `'@SUM(A1)`, `'-x`, 'plain', '"a\\nb"'];

function checkCells(rows: string[][]): void {
  for (const row of rows)
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isFinite(Number(cell)), cell).toBe(true);
    }
}

describe('CSV files with hostile text', () => {
  const dir = scratch();
  const sweep = ['sweep', '--vary', `name=${NAMES}`, '--vary', 'fanout=1,2', '-n', '4', '--changes', '-q'];

  beforeAll(() => {
    expect(cli([...sweep, '-o', 'all'], dir).code).toBe(0);
    expect(cli([...sweep, '--shard', '1/2', '-o', 's1'], dir).code).toBe(0);
    expect(cli([...sweep, '--shard', '2/2', '-o', 's2'], dir).code).toBe(0);
    expect(cli(['merge', 's1', 's2', '-o', 'merged', '-q'], dir).code).toBe(0);
    const trace = cli(['trace', '--set', 'name==1+1', '-o', 'trace.csv'], dir);
    expect(trace.code).toBe(0);
  });

  it.each(['runs.csv', 'changes.csv', 'summary.csv'])('%s parses strictly; the names are neutralised; numbers stay numbers', (file) => {
    const rows = strict(read(dir, 'all', file));
    const header = rows[0]!;
    expect(header.slice(0, 3)).toEqual(['point', 'name', 'fanout']);
    const names = new Set(rows.slice(1).map((r) => r[1]));
    expect([...names]).toEqual(CELLS);
    checkCells(rows);
  });

  it('summary.csv keeps negative numbers as plain numbers (relative differences)', () => {
    const text = read(dir, 'all', 'summary.csv');
    expect(text).toMatch(/,-\d/);
    expect(text).not.toMatch(/"-\d/);
  });

  it('the neutralised cells are quoted in the file', () => {
    expect(read(dir, 'all', 'runs.csv')).toContain(`,"'=HYPERLINK(""http://x"")",`);
  });

  it('merged shards give the same bytes, neutralised cells included', () => {
    for (const file of ['runs.csv', 'changes.csv', 'summary.csv']) expect(read(dir, 'merged', file)).toBe(read(dir, 'all', file));
  });

  it('the trace parses strictly', () => {
    const rows = strict(read(dir, 'trace.csv'));
    expect(rows.length).toBeGreaterThan(10);
    checkCells(rows);
  });
});
