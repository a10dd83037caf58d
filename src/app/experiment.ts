/**
 * Running an experiment end to end: the grid of sweep points, the shard's slice of the
 * (point, replication) units, tasks on a pool of worker threads (./threads.ts decides how many),
 * CSV chunks written in canonical order into a temporary directory, the summary, and the other
 * files of ./outputs.ts, then the directory moved into place. This is the library's
 * `runExperiment`; the CLI's `run` and `sweep` call it.
 */
import { dirname, resolve } from 'node:path';
import { HOURS_PER_MONTH, horizonHoursOf, observedOf, outcomesPerMonth, resolveDecision, type Scenario } from '../model/index.js';
import {
  BootstrapMemo,
  expandGrid,
  planPointSummary,
  PointReplicators,
  runColumns,
  runExperimentTask,
  runPool,
  taskPhase,
  shardRange,
  unitSegments,
  UsageError,
  type Description,
  type ExperimentTask,
  type GridPoint,
  type PointValues,
  type Segment,
  type Shard,
  type SummaryRow,
  type Vary,
} from '../experiment/index.js';
import {
  addSeriesSums,
  cellText,
  describeFsError,
  csvLine,
  CsvSink,
  newPointReviewSeries,
  OutputDir,
  RunSums,
  reviewSeriesBinCells,
  type ChunkResult,
  type PointReviewSeries,
  type ReportInput,
  type SinkInit,
} from '../output/index.js';
import { allocateShardValues, collectChunk } from './collect.js';
import { cpuSeconds, maxRssMb, pointLabel, scenarioHash, secondsSince, type Meta } from './meta.js';
import { chosenFiles, OutputWriter, streamFiles } from './outputs.js';
import { describeJournaled, inspectJournal, pointsHash, RunJournal, type JournalKey, type JournalPlan } from './resume.js';
import { OutputLock } from './lock.js';
import { version } from './paths.js';
import { WORKER_URL } from './prestart.js';
import { compileOrUsage } from './scenario.js';
import { checkRunFits, estimateRun, freeDiskBytes, showBytes, type GuardInput, type RunEstimate } from './guards.js';
import { planThreads, threadsPay } from './threads.js';

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

export interface ExperimentResult {
  meta: Meta;
  rows: SummaryRow[];
  values: PointValues[];
  report: ReportInput;
  outDir: string | null;
}

/** Compile every point (catching bad distribution parameters before any work) and check the grid is coherent. */
function checkPoints(points: GridPoint[], varies: readonly Vary[]): string[] {
  let tiers: string[] | null = null;
  for (const p of points) {
    const model = compileOrUsage(p.scenario, varies.length ? ` (at ${pointLabel(varies, p.values)})` : '');
    const names = model.tiers.map((t) => t.name);
    if (!tiers) tiers = names;
    else if (names.join(',') !== tiers.join(','))
      throw new UsageError(
        `impossible grid: the point ${pointLabel(varies, p.values)} has tiers ${names.join(', ')} but the first has ${tiers.join(', ')}; ` +
          'every point must have the same tiers (the token columns)',
      );
  }
  return tiers ?? [];
}

/** What a run is made of, from its options: the grid, the shard's slice, its tasks and threads. */
function prepareExperiment(options: ExperimentOptions) {
  const command = options.command ?? (options.varies?.length ? 'sweep' : 'run');
  const varies = options.varies ?? [];
  const runs = options.runs;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${runs}: must be a whole number of at least 1`, 'runs');
  const shard = options.shard ?? { index: 1, count: 1 };
  const scenario = options.scenario;
  const baseRunColumns = new Set(['point', 'replication', 'regime', ...runColumns([]).map((c) => c.name)]);
  const points = expandGrid(scenario, varies, baseRunColumns);
  const tiers = checkPoints(points, varies);
  const paramColumns = varies.map((v) => v.column);
  const changes = options.changes ?? changesByDefault(scenario, runs * points.length);

  const units = points.length * runs;
  const range = shardRange(units, shard);
  const segments = unitSegments(points.length, runs, range.start, range.end);

  const prefixes = points.map((p) => csvLine([String(p.index), ...p.values.map(cellText)]));
  const regimes = points.map((p) => [...p.scenario.regimes]);

  const writeFiles = options.out !== undefined && options.out !== null;
  if (options.resume && !writeFiles) throw new UsageError('--resume: continues a run into an output directory; give --out', 'resume');
  const sinkInit: SinkInit = { tiers, prefixes, regimes, runs: writeFiles, changes: writeFiles && changes };
  const journalKey: JournalKey | null = writeFiles
    ? {
        orchsim: version(),
        command,
        scenarioHash: scenarioHash(scenario),
        pointsHash: pointsHash(points.map((p) => scenarioHash(p.scenario))),
        grid: varies.map((v) => ({ path: v.path, column: v.column, values: v.values })),
        seed,
        runs,
        shard: { index: shard.index, count: shard.count },
        changes: sinkInit.changes,
        streams: streamFiles(chosenFiles({ changes: sinkInit.changes })).map((f) => f.name),
      }
    : null;
  // Read-only: a mismatched or busy journal stops the run before anything is written.
  const journalPlan: JournalPlan | null = journalKey ? inspectJournal(options.out!, journalKey, options.resume ?? false) : null;
  const reused = journalPlan?.kind === 'resume' ? journalPlan.checkpoint : null;

  // What is left to run: the shard's units after those a resumed journal holds (a prefix of them).
  const done = reused?.units ?? 0;
  const total = range.end - range.start - done;
  const todo = unitSegments(points.length, runs, range.start + done, range.end);
  const plan = planThreads(todo, total, options.workers);
  const guard: GuardInput = { scenarios: points.map((p) => p.scenario), seed, runs, segments: todo, summarySegments: segments, workers: plan.workers, sinkInit, out: options.out ?? null };
  return { command, varies, runs, seed, shard, scenario, points, tiers, paramColumns, units, range, total, segments, plan, prefixes, regimes, writeFiles, sinkInit, guard, journalKey, journalPlan, reused };
}

/** Stream mode's review queue over time: an empty sum per stream point of this shard. */
function reviewSeriesOf(points: readonly { index: number; scenario: Scenario }[], segments: readonly Segment[], regimes: readonly string[][]) {
  const out = new Map<number, PointReviewSeries>();
  for (const { point } of segments) {
    const mode = points[point]!.scenario.mode;
    if (mode.kind === 'stream' && !out.has(point)) out.set(point, newPointReviewSeries(point, regimes[point]!, reviewSeriesBinCells(horizonHoursOf(mode))));
  }
  return out;
}

/** The estimate of a run's time, memory and disk (./guards.ts), without running it or writing anything: `--dry-run` (with --resume: of what is left). */
export function planExperiment(options: ExperimentOptions): RunEstimate {
  return estimateRun(prepareExperiment(options).guard);
}

/**
 * Runs an experiment. With an output directory, the output's lock (./lock.ts) is taken before
 * anything reads or writes it or its journal, and held until the output is in place.
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const lock = options.out !== undefined && options.out !== null ? OutputLock.acquire(options.out) : null;
  if (lock?.note) process.stderr.write(`orchsim: ${lock.note}\n`);
  try {
    return await runLocked(options);
  } finally {
    lock?.release();
  }
}

/** Failed writes a run survives with its journal kept: the disk or a quota full, a file too large, an I/O error. */
const KEPT_ON_WRITE_FAILURE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

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

async function runLocked(options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const prepared = prepareExperiment(options);
  const { command, varies, runs, seed, shard, scenario, points, tiers, paramColumns, units, range, total, prefixes, regimes, sinkInit, reused } = prepared;
  const { tasks, poolWorkers, probe } = prepared.plan;
  const estimate = estimateRun(prepared.guard);
  checkRunFits(estimate, sinkInit.changes);
  options.onEstimate?.(estimate);
  // Only once the run is known to fit: the summary's columns are most of its memory.
  const values = allocateShardValues(prepared.segments, regimes);
  const sums = new RunSums(tiers, regimes);
  const writeFiles = prepared.writeFiles;
  const dir = writeFiles ? OutputDir.create(options.out!, options.force ?? false) : null;
  options.onOutputDir?.(dir);
  const reviewSeries = reviewSeriesOf(points, prepared.segments, regimes);
  let journal: RunJournal | null = null;
  try {
    journal = dir ? RunJournal.begin(prepared.journalPlan!, prepared.journalKey!) : null;
    options.onJournal?.(journal);
    const output = dir ? new OutputWriter(dir, chosenFiles({
          changes: sinkInit.changes,
          report: options.report ?? false,
          best: points.length > 1 && shard.count === 1,
          reviewSeries: reviewSeries.size > 0,
          observed: comparesObserved(scenario, varies.length),
        }), journal ?? dir) : null;
    const files = output?.names();
    if (journal && reused) {
      const read = journal.readValues(unitSegments(points.length, runs, range.start, range.start + reused.units), values);
      journal.readSums(sums, reviewSeries);
      if (read !== reused.units)
        throw new UsageError(
          `--resume: ${journal.shown} holds the summary values of ${read} replications where its journal says ${reused.units}: it is damaged, and removed; run again to start afresh`,
          'resume',
        );
    } else {
      output?.begin({ params: paramColumns, tiers });
      journal?.checkpoint(null);
    }
    let done = 0;
    const scenarios = points.map((p) => p.scenario);
    const pointValues = [...values.values()];
    // The summary's describe jobs (its quantiles, the costly part) run in the pool after the
    // replications, on every thread, reading the shared columns in place.
    // One bootstrap memo: the points resample the same blocks, and an unchanged regime's columns once.
    const memo = new BootstrapMemo();
    const plans = pointValues.map((pv) => planPointSummary(pv, { seed, memo }));
    const poolTasks: ExperimentTask[] = [
      ...tasks.map((segment): ExperimentTask => ({ kind: 'replications', segment })),
      ...plans.flatMap((plan) => plan.jobs.map((job, slot): ExperimentTask => ({ kind: 'describe', job, slot }))),
    ];
    const descriptions: Description[] = [];
    let tPool = 0;
    const replicators = new PointReplicators(scenarios, seed);
    const { threads } = await runPool<ExperimentTask, ChunkResult | Description>({
      tasks: poolTasks,
      // No more threads than replication tasks: a thread started only to describe columns would cost more than it saves.
      workers: poolWorkers,
      workerUrl: WORKER_URL,
      workerData: { scenarios, seed, sink: sinkInit, keepChanges: sinkInit.changes },
      phase: taskPhase,
      // Decided once, right after the probe (the first task, run here).
      startThreadsWhen: probe
        ? (tasksRunHere) => tasksRunHere === 1 && threadsPay(probe, replicators.get(probe.point).eventsProcessed, total)
        : undefined,
      inProcess: () => {
        const sink = new CsvSink(sinkInit);
        return (task) => runExperimentTask(replicators, task, sink, sinkInit.changes);
      },
      onResult: (result, index) => {
        if (index >= tasks.length) {
          descriptions.push(result as Description);
          return;
        }
        const chunk = result as ChunkResult;
        output?.append(chunk);
        if (output) sums.addChunk(chunk.point, chunk.sums);
        done += collectChunk(values.get(chunk.point)!, chunk);
        const series = reviewSeries.get(chunk.point);
        if (series && chunk.reviewSeries?.length) addSeriesSums(series, chunk.reviewSeries, chunk.to - chunk.from);
        if (journal) {
          journal.checkpoint(chunk);
          options.onChunkJournaled?.(journal.progress());
        }
        if (index === tasks.length - 1) tPool = performance.now();
        options.onProgress?.(done, total);
      },
    });
    if (tPool === 0) tPool = performance.now(); // no replications in this shard
    let used = 0;
    const rows = plans.flatMap((plan) => plan.finish(descriptions.slice(used, (used += plan.jobs.length))));
    // From the last replication written: the describe jobs, then the ratios and the bootstrap.
    const summarySeconds = (performance.now() - tPool) / 1000;
    const meta: Meta = {
      orchsim: version(),
      command,
      argv: options.argv ?? [],
      scenarioName: scenario.name,
      scenarioHash: scenarioHash(scenario),
      scenario,
      seed,
      runs,
      grid: varies.map((v) => ({ path: v.path, column: v.column, values: v.values })),
      points: points.map((p) => ({
        point: p.index,
        values: Object.fromEntries(varies.map((v, i) => [v.column, p.values[i]])),
        regimes: regimes[p.index]!,
        fanout: p.scenario.fanout,
        scenarioHash: varies.length ? scenarioHash(p.scenario) : scenarioHash(scenario),
      })),
      tiers,
      units,
      shard: { ...shard, start: range.start, end: range.end },
      workers: threads + 1,
      changes: sinkInit.changes,
      files: files ?? [],
      node: process.version,
      startedAt,
      seconds: secondsSince(started),
      maxRssMb: maxRssMb(),
      timing: { simulateSeconds: Math.round(tPool - started) / 1000, summarySeconds: Math.round(summarySeconds * 1000) / 1000, cpuSeconds: cpuSeconds() },
      ...(reused ? { resumed: { chunks: reused.chunks, replications: reused.units } } : {}),
    };
    // meta.json's clock covers writing the other files.
    await output?.finish({ meta, rows, prefixes, values: pointValues, sums, reviewSeries: [...reviewSeries.values()] }, () => {
      meta.seconds = secondsSince(started);
      meta.maxRssMb = maxRssMb();
      meta.timing!.cpuSeconds = cpuSeconds();
    });
    options.onOutputDir?.(null);
    journal?.finished();
    options.onJournal?.(null);
    const report: ReportInput = {
      command,
      scenarioName: scenario.name,
      decision: resolveDecision(scenario),
      runs,
      seed,
      workers: meta.workers,
      seconds: meta.seconds,
      shard,
      points: pointValues.map((pv) => ({
        point: pv.point,
        label: pointLabel(varies, points[pv.point]!.values),
        scenario: points[pv.point]!.scenario,
        values: pv,
      })),
      rows,
      outDir: dir ? dir.target : undefined,
      files,
      ...teamReport(scenario),
    };
    return { meta, rows, values: pointValues, report, outDir: dir ? dir.target : null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    const kept = journal && code && KEPT_ON_WRITE_FAILURE.has(code) ? journal.keep() : null;
    if (!kept) journal?.discard();
    options.onJournal?.(null);
    dir?.abort();
    options.onOutputDir?.(null);
    if (kept) throw new UsageError(writeFailureMessage(options.out!, journal!.shown, err, kept, range.end - range.start, estimate), 'out');
    throw err;
  }
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

/** What the console needs of a scenario for a team's table and a sweep's best points (the decision's metrics). */
export function teamReport(scenario: Scenario): Pick<ReportInput, 'team' | 'bestMetrics'> {
  const mode = scenario.mode;
  return {
    team: mode.kind === 'stream' ? { horizonDays: mode.horizonDays, engineers: mode.arrivals.per === 'engineer' ? mode.arrivals.engineers : null } : undefined,
    bestMetrics: resolveDecision(scenario).metrics,
  };
}
