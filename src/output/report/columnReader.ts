/**
 * Reading a few columns of a large CSV file fast: bytes, not strings. A runs.csv of a million
 * replications is 3,000,000 rows and about 700 MB; decoding it to text and splitting every line
 * costs many times more than reading it. Here each row is scanned once in a byte buffer, only the
 * wanted cells are parsed (numbers straight from their digits), and the rest of a row is skipped
 * as soon as the last wanted cell is read.
 *
 * Numbers: orchsim writes decimals in shortest form (`-12.3456`, never an exponent once rounded);
 * such a cell is parsed as integer digits over a power of ten, which is exactly what Number()
 * gives (both are the correctly rounded value of the decimal). Anything else (an exponent, more
 * digits than are exact) falls back to Number() on the cell's text. An empty cell is NaN.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parseCsvLine } from '../csv.js';

const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

export interface ColumnRequest {
  /** Columns parsed as numbers, into `numbers[i]` in this order; a missing column is always NaN. */
  numeric: readonly string[];
  /** Columns kept as text, into `texts[i]` in this order; a missing column is always ''. */
  text: readonly string[];
}

/** The number in buf[start, end), or NaN when empty. */
function parseNumber(buf: Buffer, start: number, end: number): number {
  if (start === end) return Number.NaN;
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
  }
  let n = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return Number(buf.toString('latin1', start, end));
  }
  if (digits === 0 || digits > 15) return Number(buf.toString('latin1', start, end));
  const v = decimals > 0 ? n / POW10[decimals]! : n;
  return negative ? -v : v;
}

/** The end of the cell starting at `pos` (the index of its comma or newline, or `end`). */
function cellEnd(buf: Buffer, pos: number, end: number): number {
  if (buf[pos] === QUOTE) {
    let i = pos + 1;
    for (;;) {
      const q = buf.indexOf(QUOTE, i);
      if (q < 0 || q >= end) return end;
      if (buf[q + 1] === QUOTE) i = q + 2;
      else return q + 1;
    }
  }
  for (let i = pos; i < end; i++) {
    const c = buf[i]!;
    if (c === COMMA || c === NEWLINE) return i;
  }
  return end;
}

/** Strings of short repeated cells (a regime) without decoding each: the last few seen, by their bytes. */
class TextIntern {
  private readonly seen: { bytes: Buffer; text: string }[] = [];
  get(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    for (const s of this.seen) {
      if (s.bytes.length !== length) continue;
      let same = true;
      for (let i = 0; i < length && same; i++) same = s.bytes[i] === buf[start + i];
      if (same) return s.text;
    }
    const text = buf.toString('utf8', start, end);
    if (this.seen.length < 16) this.seen.push({ bytes: Buffer.from(buf.subarray(start, end)), text });
    return text;
  }
}

/** Parse the wanted cells of the row buf[start, lineEnd), skipping the others as fast as a byte loop goes. */
function parseRow(buf: Buffer, start: number, lineEnd: number, slot: Int32Array, lastWanted: number, numbers: Float64Array, texts: string[], intern: TextIntern): void {
  let cellStart = start;
  for (let f = 0; f <= lastWanted && cellStart <= lineEnd; f++) {
    const s = slot[f]!;
    let i = cellStart;
    if (buf[i] === QUOTE && i < lineEnd) {
      // A quoted cell (a sweep's parameter value).
      const end = cellEnd(buf, i, lineEnd);
      if (s <= -2) texts[-s - 2] = buf.toString('utf8', i + 1, end - 1).replace(/""/g, '"');
      else if (s >= 0) numbers[s] = Number(buf.toString('utf8', i + 1, end - 1));
      cellStart = end + 1;
      continue;
    }
    if (s === -1) {
      while (i < lineEnd && buf[i] !== COMMA) i++;
    } else if (s >= 0) {
      let n = 0;
      let digits = 0;
      let decimals = -1;
      let plain = true;
      const negative = buf[i] === 45;
      if (negative) i++;
      for (; i < lineEnd; i++) {
        const c = buf[i]!;
        if (c === COMMA) break;
        if (c >= 48 && c <= 57) {
          n = n * 10 + (c - 48);
          digits++;
          if (decimals >= 0) decimals++;
        } else if (c === 46 && decimals < 0) decimals = 0;
        else plain = false;
      }
      if (plain && digits > 0 && digits <= 15) {
        const v = decimals > 0 ? n / POW10[decimals]! : n;
        numbers[s] = negative ? -v : v;
      } else numbers[s] = parseNumber(buf, cellStart, i);
    } else {
      while (i < lineEnd && buf[i] !== COMMA) i++;
      texts[-s - 2] = intern.get(buf, cellStart, i);
    }
    cellStart = i + 1;
  }
}

/**
 * Read `file` row by row, calling `onRow(numbers, texts)` with the requested cells (the arrays
 * are reused between rows); `request` may be a function of the header's cells. Returns the
 * header's cells. Synchronous: nothing else runs meanwhile.
 */
export function readColumns(file: string, requestOf: ColumnRequest | ((header: string[]) => ColumnRequest), onRow: (numbers: Float64Array, texts: string[]) => void, bufferBytes = 1 << 22): string[] {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(bufferBytes);
    let filled = 0;
    let eof = false;
    const fill = () => {
      while (!eof && filled < buf.length) {
        const r = readSync(fd, buf, filled, buf.length - filled, null);
        if (r === 0) eof = true;
        filled += r;
      }
    };
    fill();
    let nl = buf.indexOf(NEWLINE);
    while (nl < 0 || nl >= filled) {
      if (eof) throw new Error(`${file}: no header line`);
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
      fill();
      nl = buf.indexOf(NEWLINE);
    }
    const header = parseCsvLine(buf.toString('utf8', 0, nl).replace(/\r$/, ''));
    const request = typeof requestOf === 'function' ? requestOf(header) : requestOf;
    // slot[f]: where column f goes (>= 0: numbers, <= -2: texts at -slot - 2, -1: skipped).
    const slot = new Int32Array(header.length).fill(-1);
    request.numeric.forEach((c, i) => header.indexOf(c) >= 0 && (slot[header.indexOf(c)] = i));
    request.text.forEach((c, i) => header.indexOf(c) >= 0 && (slot[header.indexOf(c)] = -i - 2));
    let lastWanted = -1;
    slot.forEach((s, f) => s !== -1 && (lastWanted = f));
    const numbers = new Float64Array(request.numeric.length).fill(Number.NaN);
    const texts = request.text.map(() => '');
    const intern = new TextIntern();
    let pos = nl + 1;
    for (;;) {
      let lineEnd = buf.indexOf(NEWLINE, pos);
      if (lineEnd < 0 || lineEnd >= filled) {
        // Move the partial line to the front and read on (growing the buffer for a very long line).
        if (eof) {
          if (pos < filled) throw new Error(`${file}: the last line is incomplete (a truncated file?)`);
          break;
        }
        const rest = filled - pos;
        if (rest * 2 > buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, pos, filled);
          buf = bigger;
        } else buf.copy(buf, 0, pos, filled);
        filled = rest;
        pos = 0;
        fill();
        continue;
      }
      parseRow(buf, pos, lineEnd, slot, lastWanted, numbers, texts, intern);
      onRow(numbers, texts);
      pos = lineEnd + 1;
    }
    return header;
  } finally {
    closeSync(fd);
  }
}

/** The header's cells, reading no further than its newline. */
export function readHeader(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 16);
      const r = readSync(fd, buf, 0, buf.length, null);
      const nl = buf.subarray(0, r).indexOf(NEWLINE);
      if (nl >= 0 || r === 0) {
        parts.push(buf.subarray(0, nl >= 0 ? nl : r));
        break;
      }
      parts.push(buf.subarray(0, r));
    }
    return parseCsvLine(Buffer.concat(parts).toString('utf8').replace(/\r$/, ''));
  } finally {
    closeSync(fd);
  }
}
