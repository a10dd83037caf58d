/**
 * CSV text. Cells that may need quoting (the sweep's parameter values, headers) go through
 * csv-stringify; metric cells are numbers, which never need quoting, and are joined directly.
 * Numbers are written with JavaScript's shortest round-trip form (String(x)) after rounding, so
 * Number(cell) gives back exactly the value the summary used. NaN is an empty cell.
 *
 * Text a user wrote (a sweep's values) is made safe for spreadsheets (OWASP's CSV injection
 * guidance, ASVS 1.2.10): a cell that would start with `=`, `+`, `-` or `@` gets a leading single
 * quote, inside a quoted cell, so that no spreadsheet evaluates it as a formula; text holding a
 * control character (a tab, CR, LF, NUL) is written as its JSON string, one line starting with
 * `"`. A number is never text: -1 stays -1. Every other cell (headers, tiers, regimes, metric
 * names) comes from the code or from names the schema restricts to lower-case words.
 */
import { stringify } from 'csv-stringify/sync';

/** A text cell neutralised by textCell(): quoted, so the quote stays inside the cell. */
const NEUTRALISED = /^'[=+\-@]/;

/** One CSV record (no trailing newline) from text cells, quoted where needed. */
export function csvLine(cells: readonly string[]): string {
  return stringify([cells as string[]], { record_delimiter: 'unix', quoted_match: NEUTRALISED }).slice(0, -1);
}

/** Leading characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** User text as a cell no spreadsheet evaluates and every CSV parser reads back on one line. */
export function textCell(text: string): string {
  if (CONTROL.test(text)) return JSON.stringify(text);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A value as CSV cell text: numbers in shortest form, NaN empty, text made safe (textCell), others JSON. */
export function cellText(v: unknown): string {
  if (typeof v === 'number') return v === v ? String(v) : '';
  if (typeof v === 'string') return textCell(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return '';
  return JSON.stringify(v);
}

export { scaledCell } from './bytes.js';

/** A rounded metric value as a cell. */
export function numberCell(v: number): string {
  return v === v ? String(v) : '';
}

/** A summary statistic: 10 significant digits, NaN empty. */
export function statCell(v: number): string {
  if (v !== v) return '';
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(10)) + 0);
}

/** Parse a numeric cell back (empty: NaN). */
export function parseNumberCell(cell: string): number {
  return cell === '' ? Number.NaN : Number(cell);
}

/**
 * Split one CSV record into cells (RFC 4180: quoted cells may hold commas and doubled quotes;
 * records here never span lines, since no cell holds a newline).
 */
export function parseCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted cell in: ${line.slice(0, 80)}`);
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}
