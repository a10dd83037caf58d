/**
 * Run-size guards (issue 16): before a run starts, an estimate of its time, memory and disk from
 * a short probe (./sizeProbe.ts: a few replications of the first and last sweep points), and a
 * refusal (UsageError, exit 2) with the figures and the fix when it would not fit in the machine's
 * free memory or the free disk of the output directory, or would take too long. The ceilings on
 * one replication, checked before any of this, are the runaway rules of ./replicationSize.ts.
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
import { UsageError } from '../errors/index.js';
import { invariantRegimes, type Scenario } from '../model/index.js';
import { KEPT_METRICS, type Segment } from '../experiment/index.js';
import type { SinkInit } from '../output/index.js';
import { availableMemory } from './memoryLimit.js';
import { PROBE_BUDGET_SECONDS, probeCost, type PointCost } from './sizeProbe.js';

/** Seconds a command spends on top of its replications: starting Node, loading and compiling the code, writing the small files (measured: 0.6-1.2 s on the development machine). */
export const STARTUP_SECONDS = 1;
/** Thread start-up, per worker thread (./threads.ts: 1.1-1.4 CPU seconds each). */
export const THREAD_START_SECONDS = 1.2;
/**
 * The summary's time per kept value (quantiles and the bootstrap over every replication, once they
 * are in): 200,000 replications x 3 regimes x 36 values took 1.8 s (docs/cli.md, "What it saves").
 */
export const SUMMARY_SECONDS_PER_VALUE = 1.8 / (200_000 * 3 * 36);
/** The most a run may be estimated to take before it is refused (split it with --shard, or fewer --runs): a day. */
export const MAX_RUN_SECONDS = 24 * 3600;
/** Resident memory of a worker thread of its own (its isolate, heap and code), in bytes: measured 40-60 MB. */
export const THREAD_BYTES = 64 * 2 ** 20;
/** Kept for the threads' rule of thumb (./threads.ts); the estimate measures time instead. */
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
  /** Wall seconds: start-up, the probe, threads' start, the replications at the probe's measured cost per replication (or per simulated hour), the summary. */
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
  // The first point whole; the last (a sweep) with only the regimes that change across the points:
  // the others are simulated once per replication and reused (model/reuse.ts).
  const shared = new Set(input.scenarios.length > 1 ? invariantRegimes(input.scenarios) : []);
  const probed: { point: number; cost: PointCost }[] = [];
  if (first) probed.push({ point: first.point, cost: probeCost(input, input.scenarios[first.point]!, first.point, PROBE_BUDGET_SECONDS / (last && last.point !== first.point ? 2 : 1)) });
  if (first && last && last.point !== first.point) {
    const scenario = input.scenarios[last.point]!;
    const varying = scenario.regimes.filter((r) => !shared.has(r));
    if (varying.length) probed.push({ point: last.point, cost: probeCost(input, { ...scenario, regimes: varying } as Scenario, last.point, PROBE_BUDGET_SECONDS / 2) });
    else probed.push({ point: last.point, cost: { ...probed[0]!.cost, seconds: 0, events: 0, probeSeconds: 0 } });
  }
  const firstCost = probed[0]?.cost;
  const laterCost = probed[1]?.cost ?? firstCost;
  // Replications of the first point cost its whole; those of later points, the last's varying regimes.
  let simulateSeconds = 0;
  let diskBytes = 0;
  for (const s of input.segments) {
    const cost = s.point === first?.point ? firstCost! : laterCost!;
    const n = s.to - s.from;
    simulateSeconds += n * cost.seconds;
    diskBytes += n * (firstCost!.runsBytes + firstCost!.changesBytes);
  }
  const probeSeconds = probed.reduce((t, p) => t + p.cost.probeSeconds, 0);
  const threads = Math.min(input.workers, Math.max(1, Math.ceil(replications / 1000)));
  const heldBytes = threads * HELD_CHANGE_BYTES * Math.max(0, ...probed.map((p) => p.cost.heldChanges));
  const memoryBytes = MEMORY_MARGIN * (process.memoryUsage().rss + (threads - 1) * THREAD_BYTES + summaryBytes + threads * largestColumn + heldBytes);
  const seconds =
    STARTUP_SECONDS + probeSeconds + (threads - 1) * THREAD_START_SECONDS + simulateSeconds / threads + (summaryBytes / 8) * SUMMARY_SECONDS_PER_VALUE;
  return {
    points: input.sinkInit.regimes.length,
    runs: input.runs,
    replications,
    workers: input.workers,
    seconds,
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

/** Throws UsageError with the figures and the fix when the run would not fit in free memory or disk, or would take longer than MAX_RUN_SECONDS. */
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
  // Last: memory and disk name the more precise fix.
  if (e.seconds > MAX_RUN_SECONDS) {
    const machines = Math.ceil(e.seconds / MAX_RUN_SECONDS) + 1;
    const fitting = Math.max(1, Math.floor((e.runs * MAX_RUN_SECONDS) / e.seconds / 2));
    throw new UsageError(
      `this run would take about ${showSeconds(e.seconds)} (${e.replications.toLocaleString('en-US')} replications on up to ${e.workers} threads, at the cost the probe measured), ` +
        `past the limit of ${showSeconds(MAX_RUN_SECONDS)} a run may take; split it with --shard K/${machines} on ${machines} machines (then orchsim merge), ` +
        `give fewer runs (--runs ${fitting.toLocaleString('en-US')} takes about half the limit), or shorten mode.horizonDays`,
      'runs',
    );
  }
}

/** --workers above the CPUs this job may use (./cpuQuota.ts) gains nothing and costs a thread each: capped, with a warning. */
export function capWorkers(workers: number | 'auto', cpus: number | { cpus: number; source: string }): { workers: number | 'auto'; warning?: string } {
  const { cpus: cores, source } = typeof cpus === 'number' ? { cpus, source: "the machine's cores" } : cpus;
  if (workers === 'auto' || workers <= cores) return { workers };
  const where = source === "the machine's cores" ? `this machine has ${cores} cores` : `this job may use ${cores} CPU${cores === 1 ? '' : 's'} (${source})`;
  return { workers: cores, warning: `--workers ${workers}: ${where}; using ${cores}` };
}
