/**
 * The write stage of a run or sweep: its output directory written through an OutputWriter
 * (./outputs.ts), with the resume journal (./runJournal.ts) wrapped around it. The execute stage
 * hands it each task's result and nothing else: the stream files go to the journal, which
 * records a checkpoint per task and, once the run is complete, puts them into the directory; a
 * resumed run starts from what the journal holds. The journal goes once the output is in place,
 * is kept when a write fails for want of room (for --resume), and is discarded on any other
 * failure, with the temporary directory.
 */
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import { unitSegments } from '../experiment/index.js';
import { describeFsError, OutputDir, type ChunkResult } from '../output/index.js';
import type { RunReducer } from './collect.js';
import { freeDiskBytes, showBytes, type RunEstimate } from './guards.js';
import { OutputWriter, type KeptFromFiles, type OutputContent } from './outputs.js';
import type { ExperimentOptions, ExperimentPlan, PlannedOutput } from './plan.js';
import { describeJournaled } from './resume.js';
import { RunJournal } from './runJournal.js';

/** Failed writes a run survives with its journal kept: the disk or a quota full, a file too large, an I/O error. */
const KEPT_ON_WRITE_FAILURE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

type Callbacks = Pick<ExperimentOptions, 'onOutputDir' | 'onJournal' | 'onChunkJournaled'>;

/** An output directory being written, its journal around it (see the module comment). */
export class JournaledOutput {
  private constructor(
    private readonly plan: ExperimentPlan & { output: PlannedOutput },
    private readonly dir: OutputDir,
    private readonly journal: RunJournal,
    private readonly writer: OutputWriter,
    private readonly callbacks: Callbacks,
  ) {}

  /** Creates the temporary directory and starts the journal as planned (afresh, or cut back to its checkpoint). */
  static open(plan: ExperimentPlan, callbacks: Callbacks): JournaledOutput | null {
    const output = plan.output;
    if (!output) return null;
    const dir = OutputDir.create(output.target, output.force);
    callbacks.onOutputDir?.(dir);
    try {
      const journal = RunJournal.begin(output.journal, output.journalKey);
      callbacks.onJournal?.(journal);
      return new JournaledOutput({ ...plan, output }, dir, journal, new OutputWriter(dir, output.files, journal), callbacks);
    } catch (err) {
      callbacks.onJournal?.(null);
      dir.abort();
      callbacks.onOutputDir?.(null);
      throw err;
    }
  }

  /** The output directory as the user named it. */
  get target(): string {
    return this.dir.target;
  }

  /** The names of the files written, for meta.json and the console. */
  names(): string[] {
    return this.writer.names();
  }

  /** Starts the stream files with their headers, or, resuming, gives the reducer the tasks the journal holds. */
  start(reducer: RunReducer): void {
    const { plan, journal } = this;
    const reused = plan.reused;
    if (!reused) {
      this.writer.begin({ params: plan.paramColumns, tiers: plan.tiers });
      journal.checkpoint(null);
      return;
    }
    const read = journal.readValues(unitSegments(plan.points.length, plan.runs, plan.range.start, plan.range.start + reused.units), reducer.values);
    journal.readSums(reducer.sums, reducer.reviewSeries);
    if (read !== reused.units)
      throw new UsageError(
        `--resume: ${journal.shown} holds the summary values of ${read} replications where its journal says ${reused.units}: it is damaged, and removed; run again to start afresh`,
        'resume',
      );
  }

  /** A task's part of every stream file (tasks in canonical order), journaled. */
  append(chunk: ChunkResult): void {
    this.writer.append(chunk);
    this.journal.checkpoint(chunk);
    this.callbacks.onChunkJournaled?.(this.journal.progress());
  }

  /** Writes the other files and moves the directory into place; then the journal goes. */
  async finish(content: OutputContent, beforeRecord: () => void): Promise<KeptFromFiles> {
    const kept = await this.writer.finish(content, beforeRecord);
    this.callbacks.onOutputDir?.(null);
    this.journal.finished();
    this.callbacks.onJournal?.(null);
    return kept;
  }

  /** The run failed with `err`: cleans up (the journal kept after a failed write) and returns what to throw. */
  fail(err: unknown, estimate: RunEstimate): unknown {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    const kept = code && KEPT_ON_WRITE_FAILURE.has(code) ? this.journal.keep() : null;
    if (!kept) this.journal.discard();
    this.callbacks.onJournal?.(null);
    this.dir.abort();
    this.callbacks.onOutputDir?.(null);
    if (!kept) return err;
    const { target } = this.plan.output;
    return new UsageError(writeFailureMessage(target, this.journal.shown, err, kept, this.plan.range.end - this.plan.range.start, estimate), 'out');
  }
}

/** The message of a run stopped by a failed write, its journal kept: what failed, what is kept, the space the rest needs. */
function writeFailureMessage(target: string, shown: string, err: unknown, kept: { chunks: number; units: number }, shardUnits: number, estimate: RunEstimate): string {
  const perReplication = estimate.replications > 0 ? estimate.diskBytes / estimate.replications : 0;
  const rest = Math.max(0, shardUnits - kept.units) * perReplication;
  return (
    `--out ${target}: a write failed (${describeFsError(err)}) after ${describeJournaled(kept)}; they are kept in ${shown}. ` +
    `The rest of the run needs about ${showBytes(rest)} more where --out is (${freeDiskText(target)}): free that much, then run the same command with --resume to continue`
  );
}

function freeDiskText(target: string): string {
  const free = freeDiskBytes(dirname(resolve(target)));
  return free === null ? 'free space unknown' : `${showBytes(free)} free now`;
}
