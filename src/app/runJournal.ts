/**
 * The journal of a run being written, `<out>.partial/` (./resume.ts says what it holds and when
 * it is resumed): the stream files' target while the replications run, a line of journal.jsonl
 * per task, the summary's values and sums of every task kept for a resume.
 */
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { UsageError } from '../errors/index.js';
import { KEPT_METRICS, splitTasks, type PointValues, type Segment } from '../experiment/index.js';
import { addSeriesSums, AppendedFiles, cleanStaleTemps, describeFsError, type ChunkResult, type OutputDir, type PointReviewSeries, type RunSums } from '../output/index.js';
import { collectChunk } from './collect.js';
import type { StreamTarget } from './outputs.js';
import {
  JOURNAL_FILE,
  JOURNAL_FORMAT,
  JOURNAL_OWNER_FILE,
  JOURNAL_SUMS_FILE,
  JOURNAL_VALUES_FILE,
  journaledFiles,
  journalPath,
  type Checkpoint,
  type JournalKey,
  type JournalPlan,
} from './resume.js';

const SUMS_HEADER_BYTES = 32;
const EMPTY = new Uint8Array(0);
const NO_SUMS = { totals: new BigInt64Array(0), counts: new Float64Array(0) };
const NO_SERIES = new Float64Array(0);

/** The journal of a run being written (see the module comment): the stream files' target while the replications run. */
export class RunJournal implements StreamTarget {
  private readonly files: AppendedFiles;
  private readonly bytes: Record<string, number>;
  private journalFd: number;
  private chunks: number;
  private units: number;
  private chunksHere = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    /** The journal as the user named it (`<out>.partial`), for messages. */
    readonly shown: string,
    private readonly streams: readonly string[],
    from: Checkpoint | null,
    journalFd: number,
  ) {
    this.files = new AppendedFiles(dir, from ? 'a' : 'w');
    this.bytes = from ? { ...from.bytes } : Object.fromEntries([...streams, JOURNAL_VALUES_FILE, JOURNAL_SUMS_FILE].map((s) => [s, 0]));
    this.chunks = from?.chunks ?? 0;
    this.units = from?.units ?? 0;
    this.journalFd = journalFd;
  }

  /**
   * Starts journaling as planned (after the output directory is created): afresh (a stale journal
   * removed, its note on stderr) or from the plan's checkpoint (the files cut back to it).
   */
  static begin(plan: JournalPlan, key: JournalKey): RunJournal {
    const dir = journalPath(plan.target);
    const shown = `${plan.target}.partial`;
    if (plan.kind === 'fresh' && plan.note) process.stderr.write(`orchsim: ${plan.note}\n`);
    try {
      const file = `${dir}/${JOURNAL_FILE}`;
      if (plan.kind === 'fresh') {
        // inspectJournal checked that a folder there is a journal (the caller holds the output's lock).
        rmSync(dir, { recursive: true, force: true });
        // Written whole beside it, then renamed into place: a journal exists with its header and
        // every file a resume opens, or not at all (a SIGKILL at any instant leaves one or the other).
        for (const note of cleanStaleTemps(dir)) process.stderr.write(`orchsim: ${note}\n`);
        const temp = `${dirname(dir)}/.tmp-${basename(dir)}-${process.pid}`;
        rmSync(temp, { recursive: true, force: true });
        mkdirSync(temp);
        writeFileSync(`${temp}/${JOURNAL_OWNER_FILE}`, `${process.pid}\n`);
        for (const name of journaledFiles(key)) writeFileSync(`${temp}/${name}`, '');
        writeFileSync(`${temp}/${JOURNAL_FILE}`, `${JSON.stringify({ format: JOURNAL_FORMAT, key })}\n`);
        renameSync(temp, dir);
        return new RunJournal(dir, shown, key.streams, null, openSync(file, 'a'));
      }
      writeFileSync(`${dir}/${JOURNAL_OWNER_FILE}`, `${process.pid}\n`);
      for (const name of journaledFiles(key)) {
        // A journal of an earlier version may lack a file that is still empty at its checkpoint.
        if (!existsSync(`${dir}/${name}`)) writeFileSync(`${dir}/${name}`, '');
        truncateSync(`${dir}/${name}`, plan.checkpoint.bytes[name]!);
      }
      truncateSync(file, plan.journalBytes);
      return new RunJournal(dir, shown, key.streams, plan.checkpoint, openSync(file, 'a'));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--out ${plan.target}: cannot write its journal ${shown}: ${describeFsError(err)}`, 'out');
    }
  }

  path(name: string): string {
    return this.files.path(name);
  }

  append(name: string, text: string | Uint8Array): void {
    this.files.append(name, text);
    this.bytes[name] = (this.bytes[name] ?? 0) + (typeof text === 'string' ? Buffer.byteLength(text) : text.length);
  }

  /** Records that the stream files now hold the headers (chunk null) or one more task's part, `chunk` (whose summary values it keeps). */
  checkpoint(chunk: ChunkResult | null): void {
    if (chunk) {
      this.append(JOURNAL_VALUES_FILE, new Uint8Array(chunk.values.buffer, chunk.values.byteOffset, chunk.values.byteLength));
      const { totals, counts } = chunk.sums;
      const series = chunk.reviewSeries ?? NO_SERIES;
      const record = new Uint8Array(SUMS_HEADER_BYTES + 16 * totals.length + 8 * series.length);
      new Float64Array(record.buffer, 0, 4).set([chunk.point, totals.length, series.length, chunk.to - chunk.from]);
      new BigInt64Array(record.buffer, SUMS_HEADER_BYTES, totals.length).set(totals);
      new Float64Array(record.buffer, SUMS_HEADER_BYTES + 8 * totals.length, totals.length).set(counts);
      new Float64Array(record.buffer, SUMS_HEADER_BYTES + 16 * totals.length, series.length).set(series);
      this.append(JOURNAL_SUMS_FILE, record);
      this.chunks++;
      this.chunksHere++;
      this.units += chunk.to - chunk.from;
    }
    const where = chunk ? { point: chunk.point, from: chunk.from, to: chunk.to } : {};
    writeSync(this.journalFd, `${JSON.stringify({ chunk: this.chunks, ...where, units: this.units, bytes: this.bytes })}\n`);
  }

  /**
   * Copies the summary's values of the journaled units (their segments, `done`) into their
   * points' columns. Returns the replications read.
   */
  readValues(done: readonly Segment[], values: Map<number, PointValues>): number {
    const fd = openSync(this.path(JOURNAL_VALUES_FILE), 'r');
    let position = 0;
    let replications = 0;
    try {
      for (const piece of splitTasks(done, 2000)) {
        const pv = values.get(piece.point)!;
        const floats = new Float64Array((piece.to - piece.from) * pv.regimes.length * KEPT_METRICS.length);
        const bytes = new Uint8Array(floats.buffer);
        for (let got = 0; got < bytes.length; ) {
          const n = readSync(fd, bytes, got, bytes.length - got, position + got);
          if (n === 0) return replications; // shorter than the journal says: the caller's count shows it
          got += n;
        }
        position += bytes.length;
        replications += collectChunk(pv, { ...piece, runs: EMPTY, changes: EMPTY, values: floats, sums: NO_SUMS });
      }
    } finally {
      closeSync(fd);
    }
    return replications;
  }

  /** Adds the exact sums of every journaled chunk to `sums`, and its review-queue series to its point's (stream mode). */
  readSums(sums: RunSums, reviewSeries: ReadonlyMap<number, PointReviewSeries>): void {
    const bytes = readFileSync(this.path(JOURNAL_SUMS_FILE));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    for (let at = 0; at + SUMS_HEADER_BYTES <= buffer.byteLength; ) {
      const [point, size, seriesLength, replications] = new Float64Array(buffer, at, 4) as unknown as [number, number, number, number];
      const body = at + SUMS_HEADER_BYTES;
      sums.addChunk(point, { totals: new BigInt64Array(buffer, body, size), counts: new Float64Array(buffer, body + 8 * size, size) });
      const series = reviewSeries.get(point);
      if (series && seriesLength > 0) addSeriesSums(series, new Float64Array(buffer, body + 16 * size, seriesLength), replications);
      at = body + 16 * size + 8 * seriesLength;
    }
  }

  /** Chunks journaled in all, and by this process. */
  progress(): { chunks: number; chunksHere: number; units: number } {
    return { chunks: this.chunks, chunksHere: this.chunksHere, units: this.units };
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.files.closeAll();
      closeSync(this.journalFd);
    } catch {
      /* already closed */
    }
  }

  /**
   * The stream files are complete: hard-linked into the output's temporary directory, so the
   * journal stays whole until the output is in place (moved instead where links are refused).
   */
  deliver(out: OutputDir): void {
    this.close();
    for (const name of this.streams) {
      try {
        linkSync(this.path(name), out.path(name));
      } catch {
        renameSync(this.path(name), out.path(name));
      }
    }
  }

  /** The output is in place: the journal goes. */
  finished(): void {
    this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The run failed: its journal goes with it (as its temporary directory does). */
  discard(): void {
    this.finished();
  }

  /**
   * A write failed (the disk full, a quota): the journal is kept as it is, for --resume once there
   * is room (a chunk written in part is cut back to its checkpoint then). Returns what it holds.
   */
  keep(): { chunks: number; units: number } {
    this.close();
    return { chunks: this.chunks, units: this.units };
  }

  /**
   * The run is being stopped by a signal: the journal is kept for --resume if it holds a chunk
   * (returned), removed otherwise (null).
   */
  interrupted(): { chunks: number; units: number } | null {
    this.close();
    if (this.chunks === 0) {
      rmSync(this.dir, { recursive: true, force: true });
      return null;
    }
    return { chunks: this.chunks, units: this.units };
  }
}
