/**
 * Reading input files a line at a time, in fixed-size chunks, so that memory stays bounded by the
 * longest line however large the file; and the one policy for bad lines: stop with a message
 * naming the file and the line (exit 2), or, with --lenient, skip and count them.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { InputFileError, UsageError } from '../../errors/index.js';

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;

/** The name that means standard input (`orchsim fit - --column x < log.csv`, `cat log | orchsim calibrate --prs -`). */
export const STDIN = '-';

/**
 * Standard input by any of its names: read from descriptor 0, as opening `/dev/stdin` again fails
 * (ENXIO) when it is a socket, as a parent process's pipe often is.
 */
const isStdin = (file: string): boolean => file === STDIN || file === '/dev/stdin' || file === '/dev/fd/0' || file === '/proc/self/fd/0';

/** A descriptor to read `file` from (0 for standard input), or a UsageError naming it. */
function openInput(file: string): number {
  if (isStdin(file)) return 0;
  try {
    return openSync(file, 'r');
  } catch (err) {
    throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'file');
  }
}

/**
 * The size of a readable file, or a UsageError naming the flag and the file. A pipe, a FIFO or a
 * device (`-`, `/dev/stdin`, `<(cat log)`) has no size: null, and it is read as a stream.
 */
export function fileBytes(file: string, flag: string): number | null {
  let st;
  try {
    st = isStdin(file) ? fstatSync(0) : statSync(file);
  } catch {
    throw new UsageError(isStdin(file) ? `${flag} ${file}: standard input is closed; pipe the file in, or give its name` : `${flag} ${file}: no such file`, flag);
  }
  if (st.isDirectory()) throw new UsageError(`${flag} ${file}: is a directory; give a file`, flag);
  return st.isFile() ? st.size : null;
}

/**
 * The most a whole-document input (a ccusage JSON report, a few kB to a few MB in practice) may
 * hold: it is parsed in one piece, so it is read in memory, and a larger file is refused before
 * it exhausts it.
 */
export const MAX_DOCUMENT_BYTES = 256 * 2 ** 20;

/**
 * The whole text of a small input file (a JSON report), `-` for standard input, read as any other
 * (a pipe to its end, waiting when it has nothing yet); line ends become '\n'. Past `maxBytes`
 * (counted as it reads, so a pipe is bounded too), a UsageError naming the flag.
 */
export function readInputText(file: string, flag: string, maxBytes = MAX_DOCUMENT_BYTES): string {
  const lines: string[] = [];
  let bytes = 0;
  forEachLine(file, (line, lineNumber) => {
    bytes += line.length + 1;
    if (bytes > maxBytes)
      throw new UsageError(
        `${flag} ${file}: more than ${maxBytes / 2 ** 20} MiB by line ${lineNumber}; a report of this kind is a few MB: is it the right file?`,
        flag.replace(/^--/, ''),
      );
    lines.push(line);
  });
  return lines.join('\n');
}

/** The longest line read: a file whose "line" is longer is not a CSV or JSON-lines log. */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

/**
 * Calls `onLine(text, lineNumber)` for every line (1-based; a trailing '\r' and a UTF-8 byte
 * order mark are removed; blank lines are passed too). `-` reads standard input. Returns the
 * number of lines.
 */
export function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void): number {
  const fd = openInput(file);
  // No larger than a regular file: a fresh 4 MB buffer per small file costs more than reading it. A pipe's size is unknown.
  const st = fstatSync(fd);
  const buffer = Buffer.allocUnsafe(st.isFile() ? Math.max(1, Math.min(CHUNK_BYTES, st.size)) : CHUNK_BYTES);
  // The start of a line longer than a chunk, in pieces joined once at its end (joining at every chunk was quadratic).
  let pieces: Buffer[] = [];
  let pending = 0;
  let lineNumber = 0;
  const emit = (bytes: Buffer, start: number, end: number) => {
    if (end > start && bytes[end - 1] === 0x0d) end--;
    lineNumber++;
    let text = bytes.toString('utf8', start, end);
    if (lineNumber === 1) text = text.replace(/^\uFEFF/, '');
    onLine(text, lineNumber);
  };
  const readChunk = (): number => {
    for (;;) {
      try {
        return readSync(fd, buffer, 0, buffer.length, null);
      } catch (err) {
        // A non-blocking pipe with nothing yet to read: wait for it.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  };
  try {
    for (;;) {
      const got = readChunk();
      if (got === 0) break;
      // Search only what was read (past it lies stale memory).
      const data = got === buffer.length ? buffer : buffer.subarray(0, got);
      let start = 0;
      for (;;) {
        const nl = data.indexOf(NEWLINE, start);
        if (nl < 0) break;
        if (pieces.length > 0) {
          const line: Buffer = Buffer.concat([...pieces, data.subarray(start, nl)]);
          pieces = [];
          pending = 0;
          emit(line, 0, line.length);
        } else emit(data, start, nl);
        start = nl + 1;
      }
      if (start < got) {
        pieces.push(Buffer.from(data.subarray(start, got)));
        pending += got - start;
        if (pending > MAX_LINE_BYTES)
          throw new InputFileError(
            `${file}: line ${lineNumber + 1} is longer than ${MAX_LINE_BYTES / 2 ** 20} MiB: not a CSV or JSON-lines file (one value or record per line)?`,
            'file',
            file,
            `line ${lineNumber + 1}`,
          );
      }
    }
    if (pending > 0) {
      const line = Buffer.concat(pieces);
      emit(line, 0, line.length);
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  return lineNumber;
}

/**
 * Bad lines (malformed JSON, a missing or negative number...). Strict (the default): the first
 * one stops the command with an InputFileError naming the file and the line. Lenient: counted by
 * reason, for the report.
 */
export class BadLines {
  private readonly counts = new Map<string, number>();
  total = 0;

  constructor(readonly lenient: boolean) {}

  /** `where` is e.g. `line 7` or `item 3`; `reason` must hold no text from the file. */
  report(file: string, where: string, reason: string, kind = 'malformed'): void {
    if (!this.lenient) throw new InputFileError(`${file} ${where}: ${reason} (pass --lenient to skip and count bad lines instead)`, 'input', file, where);
    this.total++;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }
}

/** A finite number from a JSON number or a numeric string (OpenTelemetry writes both). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const v = Number(value);
    return Number.isFinite(v) ? v : undefined;
  }
  return undefined;
}

/** Parses one line as a JSON object, or undefined (arrays and scalars are not records). */
export function parseObjectLine(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The JSON objects of a line holding several written back to back (`{...}{...}`, with or without
 * blanks between them), or undefined when the line is not exactly such a sequence. Claude Code
 * sometimes writes two records on one line (an assistant record and a summary record).
 */
export function splitGluedObjects(line: string): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) {
      if (depth === 0) return undefined;
      inString = true;
    } else if (ch === 0x7b || ch === 0x5b) {
      if (depth === 0) {
        if (ch === 0x5b) return undefined;
        start = i;
      }
      depth++;
    } else if (ch === 0x7d || ch === 0x5d) {
      if (depth === 0) return undefined;
      if (--depth === 0) {
        const rec = parseObjectLine(line.slice(start, i + 1));
        if (!rec) return undefined;
        out.push(rec);
      }
    } else if (depth === 0 && ch !== 0x20 && ch !== 0x09 && ch !== 0x0d) return undefined;
  }
  return depth === 0 && !inString && out.length > 0 ? out : undefined;
}

/** Nesting depth after `text`, starting at `depth` (braces and brackets outside strings; a JSON string never spans lines). */
function depthAfter(text: string, depth: number): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) depth++;
    else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return depth;
}

/**
 * Calls `onDocument(object, firstLine)` for every top-level JSON object of a file, whether one
 * per line (the fast path: a line that parses alone), several glued on one line, or
 * pretty-printed over many lines (lines are gathered from one starting with `{` until its
 * braces close), so memory is bounded by the largest document. A line that is none of these, or
 * a gathered document that does not parse, is reported as `onBad(itsFirstLine)`; a gathered
 * document cut short is recovered from at the next line that parses alone (a truncated record
 * in a file of one record per line loses only itself). Returns the number of lines.
 */
export function forEachJsonDocument(file: string, onDocument: (doc: Record<string, unknown>, line: number) => void, onBad: (line: number) => void): number {
  let parts: string[] = [];
  let depth = 0;
  let startLine = 0;
  const lines = forEachLine(file, (text, lineNumber) => {
    if (parts.length > 0 && text.startsWith('{')) {
      // A '{' at the line's start opens a new top-level document (nested lines are indented): the gathered one was cut short.
      onBad(startLine);
      parts = [];
    }
    if (parts.length > 0) {
      parts.push(text);
      depth = depthAfter(text, depth);
      if (depth > 0) return;
      const doc = parseObjectLine(parts.join('\n'));
      parts = [];
      return doc ? onDocument(doc, startLine) : onBad(startLine);
    }
    if (text.trim() === '') return;
    const rec = parseObjectLine(text);
    if (rec) return onDocument(rec, lineNumber);
    const glued = splitGluedObjects(text);
    if (glued) {
      for (const g of glued) onDocument(g, lineNumber);
      return;
    }
    depth = depthAfter(text, 0);
    if (text.trimStart().startsWith('{') && depth > 0) {
      parts = [text];
      startLine = lineNumber;
    } else onBad(lineNumber);
  });
  if (parts.length > 0) onBad(startLine);
  return lines;
}
