/**
 * Run-size guards (issue 16): before a run starts, an estimate of its time, memory and disk from
 * a short probe (a few replications of the first and last sweep points, run here with their own
 * replicators, so the run's results do not depend on it), and a refusal (UsageError, exit 2) with
 * the figures and the fix when it would not fit in the machine's free memory or the free disk of
 * the output directory.
 *
 * Memory: the summary keeps every replication's values (8 bytes per metric per regime per
 * replication, in shared columns) until the end, and its describe jobs sort a copy of a column
 * on each thread; on top of that, the process itself and each worker thread, and on each thread
 * the replication it is running: every record of its changes where they are kept (changes.csv,
 * a trace, single-change mode, a closed loop, a sweep's reused regimes), nothing that grows with
 * the horizon where they are not (an open stream reduces each change as it ends: model/stream).
 */
import { existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../model/index.js';
import { PointReplicators, runTask, KEPT_METRICS, UsageError, type Segment } from '../experiment/index.js';
import { CsvSink, type SinkInit } from '../output/index.js';
import { availableMemory } from './memoryLimit.js';

/** Replications the probe runs at each probed point. */
export const PROBE_REPLICATIONS = 2;
/** Resident memory of a worker thread of its own (its isolate, heap and code), in bytes: measured 40-60 MB. */
export const THREAD_BYTES = 64 * 2 ** 20;
/** Kernel events a thread runs per second, formatting included (measured on the 2-core development machine; see ./threads.ts). */
export const EVENTS_PER_SECOND = 1_000_000;
/**
 * The estimate's margin over its parts: 3,000,000 replications of the default scenario on 2
 * threads peaked at 2,989 MB (meta.json maxRssMb) against 2.7 GB of parts (the collector's slack
 * and the chunks in flight); 1.25 covers that with room.
 */
export const MEMORY_MARGIN = 1.25;
/**
 * Bytes a replication holds per change and regime while it keeps its records (a record, its
 * share of the change's draw, the event calendar): refund-workflow at ten times its horizon
 * (100,000 changes, 3 regimes) peaked at 925 MB kept against 126 MB not, 2.7 kB each.
 */
export const HELD_CHANGE_BYTES = 3000;
/** Runs estimated to take longer than this print their estimate on stderr. */
export const LONG_RUN_SECONDS = 30;
/** Margin kept free: a run may use at most this share of the free memory or disk. */
export const FREE_SHARE = 0.9;

export interface RunEstimate {
  points: number;
  /** Replications per point (--runs). */
  runs: number;
  /** (point, replication) units in this shard. */
  replications: number;
  /** Threads the run may use, this one included. */
  workers: number;
  /** Seconds, from the probe's kernel events per replication at EVENTS_PER_SECOND per thread. */
  seconds: number;
  /** Peak resident memory, in bytes. */
  memoryBytes: number;
  /** The summary's columns alone, in bytes (8 x metrics x regimes x replications). */
  summaryBytes: number;
  /** The records the threads' replications hold at once, in bytes (0 when none are kept). */
  heldBytes: number;
  /** Bytes of runs.csv and changes.csv, and of the summary's values the run's journal keeps while it runs (./resume.ts; the other files are small). */
  diskBytes: number;
  /** Bytes the run may use: the machine's free memory, or less where the process is limited (./memoryLimit.ts). */
  freeMemoryBytes: number;
  /** What sets freeMemoryBytes, when it is not the machine's free memory (a cgroup, ulimit -v). */
  memoryLimitedBy?: string;
  /** Free bytes where the output goes; null: no output, or unknown. */
  freeDiskBytes: number | null;
}

export interface GuardInput {
  scenarios: readonly Scenario[];
  seed: number | string;
  runs: number;
  /** The segments to run. */
  segments: readonly Segment[];
  /** The segments the summary holds (default: `segments`); a resumed run's include those its journal holds, which cost memory but no time or disk. */
  summarySegments?: readonly Segment[];
  workers: number;
  sinkInit: SinkInit;
  out: string | null;
}

/**
 * Bytes per replication of runs.csv and changes.csv, and kernel events per replication, of a few
 * replications of a point. Events, not seconds, estimate the time: the probe runs cold, several
 * times slower than later replications (see ./threads.ts), while its event count is what they will do.
 */
function probePoint(input: GuardInput, point: number): { runsBytes: number; changesBytes: number; events: number; heldChanges: number } {
  const replications = Math.min(PROBE_REPLICATIONS, input.runs);
  const sink = new CsvSink(input.sinkInit);
  const replicators = new PointReplicators(input.scenarios, input.seed);
  const chunk = runTask(replicators, { point, from: 0, to: replications }, sink, input.sinkInit.changes);
  const replicator = replicators.get(point);
  const events = replicator.eventsProcessed / replications;
  const heldChanges = replicator.holdsRecords({ keepChanges: input.sinkInit.changes }) ? replicator.changesSimulated / replications : 0;
  return { runsBytes: chunk.runs.length / replications, changesBytes: chunk.changes.length / replications, events, heldChanges };
}

/** Free bytes on the file system of `path` (or of its nearest existing ancestor); null when unknown. */
export function freeDiskBytes(path: string): number | null {
  let dir = resolve(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const st = statfsSync(dir);
    return Number(st.bavail) * Number(st.bsize);
  } catch {
    return null;
  }
}

/** The estimate of a run (see the module comment). */
export function estimateRun(input: GuardInput): RunEstimate {
  const memory = availableMemory();
  const replications = input.segments.reduce((n, s) => n + (s.to - s.from), 0);
  const bytesOfValues = (segments: readonly Segment[]) =>
    8 * KEPT_METRICS.length * segments.reduce((n, s) => n + (s.to - s.from) * input.sinkInit.regimes[s.point]!.length, 0);
  const held = input.summarySegments ?? input.segments;
  const summaryBytes = bytesOfValues(held);
  const largestColumn = Math.max(0, ...held.map((s) => s.to - s.from)) * 8;
  const first = input.segments[0];
  const last = input.segments[input.segments.length - 1];
  const probed = !first ? [] : [first.point, ...(last && last.point !== first.point ? [last.point] : [])].map((p) => probePoint(input, p));
  const mean = (get: (p: (typeof probed)[number]) => number) => (probed.length ? probed.reduce((a, p) => a + get(p), 0) / probed.length : 0);
  const diskBytes = replications * (mean((p) => p.runsBytes) + mean((p) => p.changesBytes));
  const threads = Math.min(input.workers, Math.max(1, Math.ceil(replications / 1000)));
  const heldBytes = threads * HELD_CHANGE_BYTES * Math.max(0, ...probed.map((p) => p.heldChanges));
  const memoryBytes = MEMORY_MARGIN * (process.memoryUsage().rss + (threads - 1) * THREAD_BYTES + summaryBytes + threads * largestColumn + heldBytes);
  return {
    points: input.sinkInit.regimes.length,
    runs: input.runs,
    replications,
    workers: input.workers,
    seconds: (replications * mean((p) => p.events)) / EVENTS_PER_SECOND / threads,
    memoryBytes,
    summaryBytes,
    heldBytes,
    diskBytes: input.sinkInit.runs ? diskBytes + bytesOfValues(input.segments) : 0,
    freeMemoryBytes: memory.bytes,
    ...(memory.limitedBy === MACHINE ? {} : { memoryLimitedBy: memory.limitedBy }),
    freeDiskBytes: input.out ? freeDiskBytes(dirname(resolve(input.out))) : null,
  };
}

/** Bytes for people: 1.2 GB, 340 MB, 12 kB. */
export function showBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** Seconds for people: 45 s, 12 min, 3.5 h, 2.0 days. */
export function showSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds < 10 ? seconds.toFixed(1) : seconds.toFixed(0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(0)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** The plan in one block (--dry-run, and the estimate printed on long runs). */
export function describeEstimate(e: RunEstimate): string {
  const disk = e.freeDiskBytes === null ? showBytes(e.diskBytes) : `${showBytes(e.diskBytes)} (${showBytes(e.freeDiskBytes)} free)`;
  return [
    `points:        ${e.points.toLocaleString('en-US')}`,
    `replications:  ${e.runs.toLocaleString('en-US')} per point, ${e.replications.toLocaleString('en-US')} in this run`,
    `threads:       up to ${e.workers}`,
    `time:          about ${showSeconds(e.seconds)}`,
    `memory:        about ${showBytes(e.memoryBytes)} at peak (${freeMemoryText(e)})`,
    `disk:          about ${disk}`,
  ].join('\n');
}

const MACHINE = "the machine's free memory";

/** `10.0 GB free`, or `2.9 GB available under the process's address-space limit (ulimit -v)`; `verb` makes it a clause. */
function freeMemoryText(e: RunEstimate, verb?: 'is'): string {
  const amount = showBytes(e.freeMemoryBytes);
  if (e.memoryLimitedBy) return `${amount} ${verb ? `${verb} ` : ''}available under ${e.memoryLimitedBy}`;
  return `${amount} ${verb ? `${verb} ` : ''}free`;
}

/** Throws UsageError with the figures and the fix when the run would not fit in free memory or disk. */
export function checkRunFits(e: RunEstimate, changes: boolean): void {
  const memoryShare = e.memoryBytes / (e.freeMemoryBytes * FREE_SHARE);
  if (memoryShare > 1 && e.heldBytes > e.summaryBytes) {
    const fix = changes
      ? 'pass --no-changes (an open stream then holds only the changes in flight, not the horizon), shorten mode.horizonDays,'
      : 'shorten mode.horizonDays (use more replications instead),';
    throw new UsageError(
      `this run would need about ${showBytes(e.memoryBytes)} of memory (each thread's replication keeps the records of its changes: ` +
        `${showBytes(e.heldBytes)}), but ${freeMemoryText(e, 'is')}; ${fix} or give fewer --workers`,
      changes ? 'changes' : 'mode.horizonDays',
    );
  }
  if (memoryShare > 1) {
    const fitting = Math.floor(e.runs / memoryShare);
    throw new UsageError(
      `--runs ${e.runs}: this run would need about ${showBytes(e.memoryBytes)} of memory ` +
        `(the summary keeps 8 bytes x ${KEPT_METRICS.length} metrics x every regime x ${e.replications.toLocaleString('en-US')} replications: ${showBytes(e.summaryBytes)}), ` +
        `but ${freeMemoryText(e, 'is')}; give fewer runs (--runs ${Math.max(1, fitting).toLocaleString('en-US')} would fit), ` +
        `or split the work with --shard K/${Math.ceil(memoryShare) + 1} on several machines (orchsim merge needs the memory of the whole run too)`,
      'runs',
    );
  }
  if (e.freeDiskBytes !== null && e.diskBytes > e.freeDiskBytes * FREE_SHARE) {
    const fix = changes ? 'pass --no-changes (changes.csv is most of it), give fewer runs,' : 'give fewer runs,';
    throw new UsageError(
      `--out: this run would write about ${showBytes(e.diskBytes)} but ${showBytes(e.freeDiskBytes)} is free there; ${fix} ` +
        `or split the work with --shard K/N onto other disks`,
      'out',
    );
  }
}

/** --workers above the machine's cores gains nothing and costs a thread each: capped, with a warning. */
export function capWorkers(workers: number | 'auto', cores: number): { workers: number | 'auto'; warning?: string } {
  if (workers === 'auto' || workers <= cores) return { workers };
  return { workers: cores, warning: `--workers ${workers}: this machine has ${cores} cores; using ${cores}` };
}
