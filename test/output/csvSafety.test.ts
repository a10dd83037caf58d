/**
 * Text a user wrote never becomes a spreadsheet formula, and every cell reads back with a strict
 * CSV parser (csv-parse: an independent reader that refuses stray quotes and ragged rows).
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, csvLine, parseCsvLine, textCell } from '../../src/output/index.js';

const strict = (text: string): string[][] => parse(text, { relax_quotes: false, relax_column_count: false, skip_empty_lines: false });

/** What a spreadsheet would evaluate: a leading =, +, -, @, tab or CR (OWASP, ASVS 1.2.10). */
const FORMULA = /^[=+\-@\t\r]/;

describe('text cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', `'+1`],
    ['-x', `'-x`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', '"\\t=1"'],
    ['\r=1', '"\\r=1"'],
    ['a\nb', '"a\\nb"'],
    ['plain', 'plain'],
    ['', ''],
  ])('%j becomes %j', (text, cell) => {
    expect(textCell(text)).toBe(cell);
  });

  it('a neutralised cell is quoted, so its quote is inside the cell', () => {
    expect(csvLine(['0', textCell('=1+1'), 'x'])).toBe(`0,"'=1+1",x`);
  });

  it('numbers stay numbers: a negative number is not text', () => {
    expect(cellText(-1)).toBe('-1');
    expect(cellText(-0.25)).toBe('-0.25');
    expect(csvLine([cellText(-1), cellText('-1')])).toBe(`-1,"'-1"`);
  });

  it('any text reads back as its cell, on one line, by both parsers, and starts no formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 5 }), (texts) => {
        const cells = texts.map(textCell);
        const line = csvLine(cells);
        expect(line).not.toMatch(/[\r\n]/);
        expect(strict(`${line}\n`)).toEqual([cells]);
        expect(parseCsvLine(line)).toEqual(cells);
        for (const c of cells) expect(c).not.toMatch(FORMULA);
      }),
      { numRuns: 2000 },
    );
  });

  it('text without a formula start or control character is left as it is', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !FORMULA.test(s) && !/[\u0000-\u001f\u007f]/.test(s)), (s) => {
        expect(textCell(s)).toBe(s);
      }),
    );
  });
});
