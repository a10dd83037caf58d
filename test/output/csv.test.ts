import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundTo } from '../../src/experiment/index.js';
import { ByteWriter, cellText, csvLine, parseCsvLine, parseNumberCell, scaledCell, statCell } from '../../src/output/index.js';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
const decoder = new TextDecoder();

describe('number cells', () => {
  it('read back as exactly the rounded value, in text and in bytes', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom(0, 1, 2, 4, 6), (x, d) => {
        const n = Math.round(x * POW10[d]!);
        const text = scaledCell(n, d);
        expect(Number(text)).toBe(roundTo(x, d));
        expect(text).toBe(String(roundTo(x, d)));
        const w = new ByteWriter(8);
        w.ensure(32);
        w.scaled(n, d);
        expect(decoder.decode(w.take())).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the shortest round-trip text of n / 10^d for every scaled integer the byte writer takes fast', () => {
    const cases = fc.oneof(fc.integer({ min: -2147483647, max: 2147483647 }), fc.integer({ min: -99_999, max: 99_999 }), fc.constantFrom(0, -0, 1, -1, 10, 100, 1000, 2147483647, -2147483647, 1_000_000, 1_000_001, 100_010));
    fc.assert(
      fc.property(cases, fc.integer({ min: 0, max: 6 }), (n, d) => {
        const w = new ByteWriter(4);
        w.ensure(32);
        w.scaled(n, d);
        expect(decoder.decode(w.take())).toBe(String(n / POW10[d]! + 0));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes NaN as an empty cell and reads it back as NaN', () => {
    expect(scaledCell(Number.NaN, 4)).toBe('');
    expect(Number.isNaN(parseNumberCell(''))).toBe(true);
    expect(parseNumberCell('0.0005')).toBe(0.0005);
    expect(statCell(Number.NaN)).toBe('');
    expect(statCell(1 / 3)).toBe('0.3333333333');
  });
});

describe('CSV text', () => {
  it('quotes only what needs quoting and parses back', () => {
    const cells = ['plain', 'with,comma', 'with "quote"', '', '[1,2]'];
    const line = csvLine(cells);
    expect(line).toBe('plain,"with,comma","with ""quote""",,"[1,2]"');
    expect(parseCsvLine(line)).toEqual(cells);
    expect(parseCsvLine('a,b,')).toEqual(['a', 'b', '']);
    expect(parseCsvLine('"x",')).toEqual(['x', '']);
  });

  it('turns parameter values into cells', () => {
    expect(cellText(4)).toBe('4');
    expect(cellText(true)).toBe('true');
    expect(cellText('people')).toBe('people');
    expect(cellText(['single', 'fanout'])).toBe('["single","fanout"]');
    expect(cellText(Number.NaN)).toBe('');
  });
});
