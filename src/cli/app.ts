/**
 * Running an experiment end to end: the grid of sweep points, the shard's slice of the
 * (point, replication) units, tasks on a pool of worker threads, CSV chunks written in canonical
 * order into a temporary directory, the summary, meta.json and the data dictionary, then the
 * directory renamed into place. This is also the library's `runExperiment`.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Scenario } from '../model/index.js';
import {
  allocatePointValues,
  expandGrid,
  guidedTasks,
  planPointSummary,
  PointReplicators,
  runColumns,
  runExperimentTask,
  runPool,
  taskPhase,
  shardRange,
  showValue,
  splitTasks,
  SUMMARY_METRICS,
  taskSize,
  unitSegments,
  UsageError,
  type Description,
  type ExperimentTask,
  type GridPoint,
  type PointValues,
  type Shard,
  type SummaryRow,
  type Vary,
} from '../experiment/index.js';
import {
  cellText,
  changesHeader,
  csvLine,
  CsvSink,
  dataDictionary,
  OutputDir,
  runsHeader,
  summaryCsv,
  type ChunkResult,
  type ReportInput,
  type SinkInit,
} from '../output/index.js';
import { version } from './paths.js';
import { WORKER_URL } from './prestart.js';
import { compileOrUsage } from './scenario.js';

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
   * the others started only once the work left is worth their start-up (see AUTO_THREADS_EVENTS).
   */
  workers?: number | 'auto';
  shard?: Shard;
  /** Output directory; null or undefined: no files. */
  out?: string | null;
  force?: boolean;
  /** Write changes.csv (default: in stream mode). */
  changes?: boolean;
  /** The command line, recorded in meta.json. */
  argv?: string[];
  onProgress?: (replications: number, total: number) => void;
  /** Called with the output directory once it exists (to clean it up on a signal). */
  onOutputDir?: (dir: OutputDir | null) => void;
}

export interface PointMeta {
  point: number;
  values: Record<string, unknown>;
  regimes: string[];
  fanout: number;
  scenarioHash: string;
}

export interface Meta {
  orchsim: string;
  command: string;
  argv: string[];
  scenarioName: string;
  scenarioHash: string;
  scenario: Scenario;
  seed: number | string;
  runs: number;
  grid: { path: string; column: string; values: unknown[] }[];
  points: PointMeta[];
  tiers: string[];
  units: number;
  shard: { index: number; count: number; start: number; end: number };
  workers: number;
  changes: boolean;
  files: string[];
  node: string;
  startedAt: string;
  seconds: number;
  maxRssMb: number;
  /**
   * Seconds spent simulating (and formatting) and summarising, and CPU seconds of the whole process
   * (every thread, user and system): cpuSeconds / seconds is how many cores the run kept busy.
   */
  timing?: { simulateSeconds: number; summarySeconds: number; cpuSeconds: number };
  merged?: { from: string[] };
}

export interface ExperimentResult {
  meta: Meta;
  rows: SummaryRow[];
  values: PointValues[];
  report: ReportInput;
  outDir: string | null;
}

/** JSON with object keys sorted, for hashing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** CPU seconds of this process so far, every thread, user and system. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000) / 1000;
}

export function scenarioHash(scenario: unknown): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

export function pointLabel(varies: readonly { path: string }[], values: readonly unknown[]): string {
  return varies.map((v, i) => `${v.path}=${showValue(values[i])}`).join(', ');
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

/**
 * With --workers left to 'auto' on a machine of several cores, this thread first runs a probe (the
 * first task, cut to AUTO_PROBE_REPLICATIONS replications), and starts the worker threads only if
 * the replications left would take more than AUTO_THREADS_EVENTS kernel events at the probe's
 * events per replication (events, not seconds: the probe runs before V8 has optimised anything,
 * several times slower than later replications, while its event count is what later ones will
 * do). The probe is small because a replication of a long stream can take a quarter of a second
 * cold (refund-workflow: 4 replications, 1.1 s), and threads start only after it. A thread
 * costs about 1.1-1.4 CPU seconds of its own (loading, compiling the hot code for its isolate, its
 * collector). On the 2-core development machine a second one lost at 10,000 replications of the
 * default scenario (46 events each; 1.19-1.46 s on one thread, 1.74-1.91 s on two) and won at
 * 30,000 (2.41 s and 2.12 s): the break-even is near 20,000 replications, about a million events
 * (the model runs about a million events per second on one thread, formatting included).
 */
export const AUTO_PROBE_REPLICATIONS = 4;
export const AUTO_THREADS_EVENTS = 1_000_000;

export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
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
  const changes = options.changes ?? scenario.mode.kind === 'stream';

  const units = points.length * runs;
  const range = shardRange(units, shard);
  const segments = unitSegments(points.length, runs, range.start, range.end);
  const auto = options.workers === undefined || options.workers === 'auto';
  const workers = auto ? availableParallelism() : Math.max(1, Math.floor(options.workers as number));
  // One thread: fixed tasks (progress and memory in steps); several: tasks that shrink at the end.
  const tasks = workers > 1 ? guidedTasks(segments, workers) : splitTasks(segments, taskSize(range.end - range.start, workers));
  // 'auto': the first task, the probe (cut down to a few replications), tells from its kernel
  // events whether threads would pay.
  const probing = auto && workers > 1 && tasks.length > 1;
  if (probing && tasks[0]!.to - tasks[0]!.from > 2 * AUTO_PROBE_REPLICATIONS) {
    const first = tasks[0]!;
    tasks.splice(0, 1, { ...first, to: first.from + AUTO_PROBE_REPLICATIONS }, { ...first, from: first.from + AUTO_PROBE_REPLICATIONS });
  }
  // Threads for the pool: none for one task (or 'auto' with nothing to probe), never more than tasks.
  const poolWorkers = auto && !probing ? 1 : Math.min(workers, Math.max(1, tasks.length));

  const prefixes = points.map((p) => csvLine([String(p.index), ...p.values.map(cellText)]));
  const regimes = points.map((p) => [...p.scenario.regimes]);
  const values = new Map<number, PointValues>();
  for (const s of segments) values.set(s.point, allocatePointValues(s.point, regimes[s.point]!, s.from, s.to - s.from));

  const writeFiles = options.out !== undefined && options.out !== null;
  const sinkInit: SinkInit = { tiers, prefixes, regimes, runs: writeFiles, changes: writeFiles && changes };
  const dir = writeFiles ? OutputDir.create(options.out!, options.force ?? false) : null;
  options.onOutputDir?.(dir);
  const files = ['runs.csv', ...(sinkInit.changes ? ['changes.csv'] : []), 'summary.csv', 'meta.json', 'README.md'];
  try {
    if (dir) {
      dir.append('runs.csv', `${csvLine(runsHeader(paramColumns, tiers))}\n`);
      if (sinkInit.changes) dir.append('changes.csv', `${csvLine(changesHeader(paramColumns, tiers))}\n`);
    }
    const total = range.end - range.start;
    let done = 0;
    const M = SUMMARY_METRICS.length;
    const scenarios = points.map((p) => p.scenario);
    const pointValues = [...values.values()];
    // The summary's describe jobs (its quantiles, the costly part) run in the pool after the
    // replications, on every thread, reading the shared columns in place.
    const plans = pointValues.map((pv) => planPointSummary(pv, { seed }));
    const poolTasks: ExperimentTask[] = [
      ...tasks.map((segment): ExperimentTask => ({ kind: 'replications', segment })),
      ...plans.flatMap((plan) => plan.jobs.map((job): ExperimentTask => ({ kind: 'describe', job }))),
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
      // Decided once, right after the probe (the first task, run here): its events per replication
      // times the replications left.
      startThreadsWhen: probing
        ? (tasksRunHere) => {
            if (tasksRunHere !== 1) return false;
            const probe = tasks[0]!;
            const probed = probe.to - probe.from;
            return (replicators.get(probe.point).eventsProcessed / probed) * (total - probed) > AUTO_THREADS_EVENTS;
          }
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
        if (dir) {
          dir.append('runs.csv', chunk.runs);
          if (sinkInit.changes) dir.append('changes.csv', chunk.changes);
        }
        const pv = values.get(chunk.point)!;
        const R = pv.regimes.length;
        const n = chunk.to - chunk.from;
        const off = chunk.from - pv.firstReplication;
        for (let i = 0; i < n; i++)
          for (let r = 0; r < R; r++) {
            const src = (i * R + r) * M;
            const data = pv.data[r]!;
            for (let m = 0; m < M; m++) data[m]![off + i] = chunk.values[src + m]!;
          }
        pv.filled += n;
        done += n;
        if (index === tasks.length - 1) tPool = performance.now();
        options.onProgress?.(done, total);
      },
    });
    if (tPool === 0) tPool = performance.now(); // no replications in this shard
    let used = 0;
    const rows = plans.flatMap((plan) => plan.finish(descriptions.slice(used, (used += plan.jobs.length))));
    // From the last replication written: the describe jobs, then the ratios and the bootstrap.
    const summarySeconds = (performance.now() - tPool) / 1000;
    const seconds = (performance.now() - started) / 1000;
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
      files: writeFiles ? files : [],
      node: process.version,
      startedAt,
      seconds: Math.round(seconds * 1000) / 1000,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      timing: { simulateSeconds: Math.round(tPool - started) / 1000, summarySeconds: Math.round(summarySeconds * 1000) / 1000, cpuSeconds: cpuSeconds() },
    };
    if (dir) {
      dir.writeFile('summary.csv', summaryCsv(rows, paramColumns, prefixes));
      dir.writeFile('README.md', dataDictionary({ tiers, params: varies.map((v) => ({ column: v.column, path: v.path })) }));
      meta.seconds = Math.round((performance.now() - started) / 1000 * 1000) / 1000;
      meta.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      meta.timing!.cpuSeconds = cpuSeconds();
      dir.writeFile('meta.json', `${JSON.stringify(meta, null, 2)}\n`);
      dir.commit();
    }
    options.onOutputDir?.(null);
    const report: ReportInput = {
      command,
      scenarioName: scenario.name,
      runs,
      seed,
      workers: meta.workers,
      seconds: meta.seconds,
      shard,
      points: pointValues.map((pv) => ({
        point: pv.point,
        label: pointLabel(varies, points[pv.point]!.values),
        fanout: points[pv.point]!.scenario.fanout,
        values: pv,
      })),
      rows,
      outDir: dir ? dir.target : undefined,
      files: writeFiles ? files : undefined,
    };
    return { meta, rows, values: pointValues, report, outDir: dir ? dir.target : null };
  } catch (err) {
    dir?.abort();
    options.onOutputDir?.(null);
    throw err;
  }
}
