/**
 * One numeric column of a CSV file (with a header) or one key of a JSON-lines file, for
 * `orchsim fit`. A JSON key may be a dotted path (`message.usage.output_tokens`). No cell text is
 * ever repeated in a message, only its line number and what is wrong with it.
 */
import { UsageError } from '../../errors/index.js';
import { parseCsvLine } from '../../output/index.js';
import { limitFromEnv } from '../../app/envLimit.js';
import { Growable } from '../growable.js';
import { BadLines, fileBytes, forEachLine, numberOf, parseObjectLine } from './lines.js';

export interface ColumnValues {
  values: Float64Array;
  format: 'csv' | 'jsonl';
  /** Data lines read (blank lines and the CSV header excluded). */
  rows: number;
  /** Lines skipped with --lenient. */
  skipped: number;
}

export interface ColumnOptions {
  lenient: boolean;
  /** Reject values <= 0 (every scenario distribution here is of a positive quantity). */
  positive: boolean;
  /** The most values read (default: fitValuesLimit(), MAX_FIT_VALUES unless ORCHSIM_MAX_FIT_VALUES says otherwise). */
  maxValues?: number;
}

/**
 * The most values `fit` reads from one column: 10,000,000 (80 MB as numbers; reading and fitting
 * hold a few copies of them: a 103 MB CSV of that many took 92 s and peaked at 334 MB with
 * --bootstrap 0, one more value was refused after 22 s at 231 MB, on two busy cores). Past it
 * the command stops with exit 2 while it reads, so memory stays bounded whatever the file; a
 * random sample of a few hundred thousand values fits a two-parameter family as well.
 * ORCHSIM_MAX_FIT_VALUES (a whole number) raises it.
 */
export const MAX_FIT_VALUES = 10_000_000;

/** The limit in force: ORCHSIM_MAX_FIT_VALUES if set, else MAX_FIT_VALUES. */
export function fitValuesLimit(env: NodeJS.ProcessEnv = process.env): number {
  return limitFromEnv('ORCHSIM_MAX_FIT_VALUES', MAX_FIT_VALUES, 'values', env);
}

/** The value at a key, or at a dotted path of keys. */
export function valueAt(record: Record<string, unknown>, key: string): unknown {
  if (key in record) return record[key];
  let v: unknown = record;
  for (const part of key.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function csvCells(line: string): string[] | undefined {
  try {
    return parseCsvLine(line).map((c) => c.trim());
  } catch {
    return undefined;
  }
}

/** A column name for a message: quoted, and escaped where it holds a control character (an ANSI escape is not echoed to the terminal). */
function shownName(name: string, quoted = true): string {
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return JSON.stringify(name);
  return quoted ? `'${name}'` : name;
}

/** Reads the column; UsageError (exit 2) on a missing column, a bad value (strict), no values. */
export function readColumn(file: string, column: string, options: ColumnOptions): ColumnValues {
  // A pipe or a device has no size (null): read as a stream.
  if (fileBytes(file, 'fit') === 0) throw new UsageError(`fit ${file}: the file is empty`, 'file');
  const bad = new BadLines(options.lenient);
  const maxValues = options.maxValues ?? fitValuesLimit();
  const out = new Growable();
  let format: 'csv' | 'jsonl' | undefined = /\.(jsonl|ndjson|json)$/i.test(file) ? 'jsonl' : /\.csv$/i.test(file) ? 'csv' : undefined;
  let index = -1;
  let header: string[] | undefined;
  let rows = 0;
  const accept = (raw: unknown, lineNumber: number) => {
    const where = `line ${lineNumber}`;
    if (raw === undefined || raw === null || raw === '') return bad.report(file, where, `has no value for '${column}'`);
    const v = numberOf(raw);
    if (v === undefined) return bad.report(file, where, `the value of '${column}' is not a number`);
    if (options.positive && !(v > 0)) return bad.report(file, where, `the value of '${column}' must be positive (got ${v})`);
    if (out.length === maxValues)
      throw new UsageError(
        `fit ${file}: more than ${maxValues.toLocaleString('en-US')} values in ${shownName(column)} (at ${where}), the most fit reads; ` +
          'fit a random sample of them (for example: shuf -n 1000000), or set ORCHSIM_MAX_FIT_VALUES to a larger number',
        'file',
      );
    out.push(v);
  };
  forEachLine(file, (line, lineNumber) => {
    if (line.trim() === '') return;
    format ??= line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    if (format === 'jsonl') {
      rows++;
      const record = parseObjectLine(line);
      if (!record) return bad.report(file, `line ${lineNumber}`, 'is not a JSON object');
      return accept(valueAt(record, column), lineNumber);
    }
    const cells = csvCells(line);
    if (!header) {
      if (!cells) throw new UsageError(`fit ${file} line ${lineNumber}: the header is not valid CSV`, 'file');
      header = cells;
      index = header.indexOf(column);
      if (index < 0)
        throw new UsageError(`fit ${file}: no column ${shownName(column)} in the header (columns: ${header.map((h) => shownName(h, false)).join(', ')}); choose one with --column`, 'column');
      // Two columns of one name: which one was meant cannot be told (the last one was taken, silently).
      if (header.indexOf(column, index + 1) >= 0)
        throw new UsageError(`fit ${file}: the header names column ${shownName(column)} more than once (columns ${index + 1} and ${header.indexOf(column, index + 1) + 1}); rename one`, 'column');
      return;
    }
    rows++;
    if (!cells) return bad.report(file, `line ${lineNumber}`, 'is not valid CSV (an unterminated quote)');
    accept(cells[index], lineNumber);
  });
  if (format === undefined) throw new UsageError(`fit ${file}: the file is empty`, 'file');
  if (out.length === 0)
    throw new UsageError(
      rows === 0 ? `fit ${file}: no data lines${format === 'csv' ? ' after the header' : ''}` : `fit ${file}: no usable values for '${column}'`,
      'file',
    );
  return { values: out.values(), format, rows, skipped: bad.total };
}
