/**
 * The plan of a run or sweep: everything decided from its options before a replication runs,
 * once, and never changed after (the stages of ./experiment.ts read it). The grid's points
 * compiled (a bad distribution parameter is bad input before any work, and the compiled models
 * are the ones this thread simulates), the shard's slice of the (point, replication) units and
 * what is left of it after a resumed journal, the tasks and threads, the files chosen, and the
 * journal's key and what to do with the journal found at --out (./resume.ts).
 */
import { UsageError } from '../errors/index.js';
import { HOURS_PER_MONTH, horizonHoursOf, observedOf, outcomesPerMonth, type CompiledModel, type Scenario } from '../model/index.js';
import { expandGrid, runColumns, shardRange, unitSegments, type GridPoint, type Segment, type Shard, type Vary } from '../experiment/index.js';
import { cellText, csvLine, type OutputDir, type SinkInit } from '../output/index.js';
import type { GuardInput, RunEstimate } from './guards.js';
import { pointLabel, scenarioHash } from './meta.js';
import { chosenFiles, streamFiles, type OutputFile } from './outputs.js';
import { inspectJournal, pointsHash, type Checkpoint, type JournalKey, type JournalPlan } from './resume.js';
import type { RunJournal } from './runJournal.js';
import { version } from './paths.js';
import { compileOrUsage } from './scenario.js';
import { planThreads, type ThreadPlan } from './threads.js';

export interface ExperimentOptions {
  command?: 'run' | 'sweep';
  /** A resolved scenario (--set already applied). */
  scenario: Scenario;
  varies?: Vary[];
  /** Replications per sweep point. */
  runs: number;
  seed?: number | string;
  /**
   * Threads, this one included; 1 runs in this thread. Default ('auto'): up to the machine's cores,
   * the others started only once the work left is worth their start-up (see ./threads.ts).
   */
  workers?: number | 'auto';
  shard?: Shard;
  /** Output directory; null or undefined: no files. */
  out?: string | null;
  force?: boolean;
  /** Write report.html and its charts' specs into the output directory. */
  report?: boolean;
  /** Write changes.csv (default: in stream mode, up to CHANGES_CSV_DEFAULT_ROWS rows; see changesByDefault). */
  changes?: boolean;
  /** The command line, recorded in meta.json. */
  argv?: string[];
  onProgress?: (replications: number, total: number) => void;
  /** Called with the estimate of the run's time, memory and disk (./guards.ts) once it fits, before anything is written. */
  onEstimate?: (estimate: RunEstimate) => void;
  /** Called with the output directory once it exists (to clean it up on a signal). */
  onOutputDir?: (dir: OutputDir | null) => void;
  /**
   * Continue an interrupted run into the same `out` from its journal, `<out>.partial/`
   * (./resume.ts): the outputs are byte for byte those of an uninterrupted run. Without it, a
   * stale journal is removed and the run starts afresh.
   */
  resume?: boolean;
  /** Called with the run's journal once it exists, null once it is gone (to keep it on a signal). */
  onJournal?: (journal: RunJournal | null) => void;
  /** Called after each task of replications is journaled. */
  onChunkJournaled?: (progress: { chunks: number; chunksHere: number; units: number }) => void;
}

/** Where a run writes, and what it does with the journal found there. */
export interface PlannedOutput {
  /** --out as the user gave it. */
  readonly target: string;
  readonly force: boolean;
  /** The files written, in the list's order (./outputs.ts). */
  readonly files: readonly OutputFile[];
  readonly journalKey: JournalKey;
  /** Start afresh or resume (decided reading the journal, before anything is written). */
  readonly journal: JournalPlan;
}

/** A run or sweep, decided: see the module comment. */
export interface ExperimentPlan {
  readonly command: 'run' | 'sweep';
  readonly scenario: Scenario;
  readonly varies: readonly Vary[];
  readonly runs: number;
  readonly seed: number | string;
  readonly shard: Shard;
  /** The grid's points in canonical order, each scenario resolved. */
  readonly points: readonly GridPoint[];
  /** Each point's compiled model, by point index: this thread simulates these. */
  readonly models: readonly CompiledModel[];
  /** Per point: its `point,<params>` cells, CSV-joined. */
  readonly prefixes: readonly string[];
  /** Per point: its regimes in run order. */
  readonly regimes: readonly string[][];
  /** The token columns (every point has the same tiers). */
  readonly tiers: readonly string[];
  /** The sweep parameters' columns, in --vary order. */
  readonly paramColumns: readonly string[];
  /** (point, replication) units of the whole run, and this shard's slice of them. */
  readonly units: number;
  readonly range: { readonly start: number; readonly end: number };
  /** The shard's units as segments: the summary holds all of them. */
  readonly segments: readonly Segment[];
  /** The checkpoint a resumed journal holds (its units are a prefix of the shard's), or null. */
  readonly reused: Checkpoint | null;
  /** Replications left to run, and their tasks and threads. */
  readonly total: number;
  readonly threads: ThreadPlan;
  /** What each thread's sink formats. */
  readonly sinkInit: SinkInit;
  /** The stream points of this shard (their review queue over time is summed). */
  readonly streamPoints: readonly number[];
  /** Rows changes.csv would hold (the console's note when it is not written). */
  readonly changesRowsExpected: number;
  /** The files, or null: no output directory. */
  readonly output: PlannedOutput | null;
  /** The size guard's input (./guards.ts). */
  readonly guard: GuardInput;
}

/** Compiles every point (bad distribution parameters caught before any work) and checks the grid is coherent: the models and the tiers. */
function compilePoints(points: readonly GridPoint[], varies: readonly Vary[]): { models: CompiledModel[]; tiers: string[] } {
  let tiers: string[] | null = null;
  const models = points.map((p) => {
    const model = compileOrUsage(p.scenario, varies.length ? ` (at ${pointLabel(varies, p.values)})` : '');
    const names = model.tiers.map((t) => t.name);
    if (!tiers) tiers = names;
    else if (names.join(',') !== tiers.join(','))
      throw new UsageError(
        `impossible grid: the point ${pointLabel(varies, p.values)} has tiers ${names.join(', ')} but the first has ${tiers.join(', ')}; ` +
          'every point must have the same tiers (the token columns)',
      );
    return model;
  });
  return { models, tiers: tiers ?? [] };
}

/** The run's key in its journal: everything the stream files and the summary depend on. */
function journalKeyOf(plan: Pick<ExperimentPlan, 'command' | 'scenario' | 'points' | 'varies' | 'seed' | 'runs' | 'shard'>, changes: boolean): JournalKey {
  return {
    orchsim: version(),
    command: plan.command,
    scenarioHash: scenarioHash(plan.scenario),
    pointsHash: pointsHash(plan.points.map((p) => scenarioHash(p.scenario))),
    grid: plan.varies.map((v) => ({ path: v.path, column: v.column, values: v.values })),
    seed: plan.seed,
    runs: plan.runs,
    shard: { index: plan.shard.index, count: plan.shard.count },
    changes,
    streams: streamFiles(chosenFiles({ changes })).map((f) => f.name),
  };
}

/**
 * The plan of a run from its options. Reads the journal at --out (if any) but writes nothing:
 * a mismatched or busy journal stops the run here.
 */
export function planExperimentRun(options: ExperimentOptions): ExperimentPlan {
  const command = options.command ?? (options.varies?.length ? 'sweep' : 'run');
  const varies = options.varies ?? [];
  const runs = options.runs;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${runs}: must be a whole number of at least 1`, 'runs');
  const shard = options.shard ?? { index: 1, count: 1 };
  const scenario = options.scenario;
  const baseRunColumns = new Set(['point', 'replication', 'regime', ...runColumns([]).map((c) => c.name)]);
  const points = expandGrid(scenario, varies, baseRunColumns);
  const { models, tiers } = compilePoints(points, varies);
  const changes = options.changes ?? changesByDefault(scenario, runs * points.length);

  const units = points.length * runs;
  const range = shardRange(units, shard);
  const segments = unitSegments(points.length, runs, range.start, range.end);
  const prefixes = points.map((p) => csvLine([String(p.index), ...p.values.map(cellText)]));
  const regimes = points.map((p) => [...p.scenario.regimes]);
  const streamPoints = [...new Set(segments.map((s) => s.point))].filter((point) => points[point]!.scenario.mode.kind === 'stream');

  const out = options.out ?? null;
  if (options.resume && out === null) throw new UsageError('--resume: continues a run into an output directory; give --out', 'resume');
  const sinkInit: SinkInit = { tiers, prefixes, regimes, runs: out !== null, changes: out !== null && changes };
  let output: PlannedOutput | null = null;
  if (out !== null) {
    const journalKey = journalKeyOf({ command, scenario, points, varies, seed, runs, shard }, sinkInit.changes);
    const files = chosenFiles({
      changes: sinkInit.changes,
      report: options.report ?? false,
      best: points.length > 1 && shard.count === 1,
      reviewSeries: streamPoints.length > 0,
      observed: comparesObserved(scenario, varies.length),
    });
    output = { target: out, force: options.force ?? false, files, journalKey, journal: inspectJournal(out, journalKey, options.resume ?? false) };
  }
  const reused = output?.journal.kind === 'resume' ? output.journal.checkpoint : null;

  // What is left to run: the shard's units after those a resumed journal holds (a prefix of them).
  const done = reused?.units ?? 0;
  const total = range.end - range.start - done;
  const todo = unitSegments(points.length, runs, range.start + done, range.end);
  const threads = planThreads(todo, total, options.workers);
  const guard: GuardInput = { scenarios: points.map((p) => p.scenario), seed, runs, segments: todo, summarySegments: segments, workers: threads.workers, sinkInit, out };
  const changesRowsExpected = expectedChangesPerReplication(scenario) * scenario.regimes.length * runs * points.length;
  return Object.freeze({
    command,
    scenario,
    varies,
    runs,
    seed,
    shard,
    points,
    models,
    prefixes,
    regimes,
    tiers,
    paramColumns: varies.map((v) => v.column),
    units,
    range,
    segments,
    reused,
    total,
    threads,
    sinkInit,
    streamPoints,
    changesRowsExpected,
    output,
    guard,
  });
}

/**
 * changes.csv unasked is written for a stream of at most this many rows (replications x points x
 * regimes x changes): a few hundred megabytes. Above it, pass --changes (the console says so).
 */
export const CHANGES_CSV_DEFAULT_ROWS = 2_000_000;

/** Changes one replication of a stream is expected to hold (closed loop: engineers x working days). */
export function expectedChangesPerReplication(scenario: Scenario): number {
  const mode = scenario.mode;
  if (mode.kind !== 'stream') return 1;
  if (mode.arrivals.per === 'engineer') return mode.arrivals.engineers * Math.max(1, mode.horizonDays);
  return outcomesPerMonth(scenario) * (horizonHoursOf(mode) / HOURS_PER_MONTH);
}

/**
 * Does a run write observed-vs-simulated.csv (with changes.csv)? When its scenario holds what
 * calibrate observed, and it is a run, not a sweep.
 */
export function comparesObserved(scenario: Scenario, varies: number): boolean {
  return varies === 0 && observedOf(scenario.calibration).length > 0;
}

/**
 * Is changes.csv written when nobody asked either way? In stream mode, or for a calibrated
 * scenario (observed-vs-simulated.csv reads it), when it stays small.
 */
export function changesByDefault(scenario: Scenario, replications: number): boolean {
  if (scenario.mode.kind !== 'stream' && !comparesObserved(scenario, 0)) return false;
  return replications * scenario.regimes.length * expectedChangesPerReplication(scenario) <= CHANGES_CSV_DEFAULT_ROWS;
}
