/**
 * CSV text. Cells that may need quoting (the sweep's parameter values, headers) go through
 * csv-stringify; metric cells are numbers, which never need quoting, and are joined directly.
 * Numbers are written with JavaScript's shortest round-trip form (String(x)) after rounding, so
 * Number(cell) gives back exactly the value the summary used. NaN is an empty cell.
 */
import { stringify } from 'csv-stringify/sync';

/** One CSV record (no trailing newline) from text cells, quoted where needed. */
export function csvLine(cells: readonly string[]): string {
  return stringify([cells as string[]], { record_delimiter: 'unix' }).slice(0, -1);
}

/** A value as CSV cell text: numbers in shortest form, NaN empty, strings as is, others JSON. */
export function cellText(v: unknown): string {
  if (typeof v === 'number') return v === v ? String(v) : '';
  if (typeof v === 'string') return v;
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
