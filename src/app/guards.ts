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
import { ScenarioError, UsageError } from '../errors/index.js';
import { closedLoopChangesBound, HOURS_PER_MONTH, horizonHoursOf, invariantRegimes, outcomesPerMonth, type CompiledModel, type Scenario } from '../model/index.js';
import { PointReplicators, runTask, KEPT_METRICS, type Segment } from '../experiment/index.js';
import { CsvSink, type SinkInit } from '../output/index.js';
import { availableMemory } from './memoryLimit.js';

/**
 * The probe's budget: it stops doubling its work once its warm steps have taken PROBE_TARGET_SECONDS
 * (long enough for the timer, a collector's pause and the JIT's warm-up to matter little) or before
 * a step that would take it past PROBE_BUDGET_SECONDS in all.
 */
export const PROBE_TARGET_SECONDS = 1.2;
export const PROBE_BUDGET_SECONDS = 2;
/** A step of the probe this long is its own measurement of the speed (the last such step: the JIT warmest; earlier ones ran colder, several times slower per event on a busy machine); shorter ones are pooled. */
export const PROBE_STEP_SECONDS = 0.05;
/** The shortest horizon the probe simulates a stream over, in hours (a stream's cost per hour is read from it and longer ones). */
export const PROBE_MIN_HORIZON_HOURS = 1;
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
/** Replications the probe runs at each probed point, at least (it doubles them while the budget lasts). */
export const PROBE_REPLICATIONS = 1;
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

/** What the probe measured at one point, per replication of the full scenario (extrapolated over a stream's horizon). */
export interface PointCost {
  seconds: number;
  runsBytes: number;
  changesBytes: number;
  events: number;
  heldChanges: number;
  /** The share of a replication's horizon the probe simulated in its last measurement (1: whole replications). */
  horizonShare: number;
  /** Replications in the last measurement. */
  replications: number;
  /** Seconds the probe took at this point. */
  probeSeconds: number;
}

/** A stream scenario cut to `hours` of its horizon (the same arrivals' rate, so cost per hour is the full one's). */
function withHorizonHours(scenario: Scenario, hours: number): Scenario {
  if (scenario.mode.kind !== 'stream') return scenario;
  return { ...scenario, mode: { ...scenario.mode, horizonDays: hours / 24 } } as Scenario;
}

/**
 * The cost of one replication of `scenario` (only `regimes` of it), measured by running the run's
 * own code (replications formatted into CSV rows) on work that doubles: whole replications for one
 * change at a time; for a stream, one replication over a horizon that doubles from
 * PROBE_MIN_HORIZON_HOURS up to the scenario's, then whole replications. Its kernel events (and
 * changes held, and changes.csv's bytes) per replication come from the largest step, extrapolated
 * over a horizon it did not reach (they grow in proportion to it: events per simulated hour); its
 * time from the seconds per kernel event over every step but the first (which runs cold, before
 * V8 has optimised the model), so that one collector's pause or a busy machine's moment weighs
 * little. It stops once those steps have taken PROBE_TARGET_SECONDS, or before a step that would
 * pass the budget: it takes about `budgetSeconds` at most, and its memory is that of a
 * replication it could simulate in that time, whatever the horizon.
 */
export function probeCost(input: Pick<GuardInput, 'seed' | 'runs' | 'sinkInit'>, scenario: Scenario, point: number, budgetSeconds = PROBE_BUDGET_SECONDS): PointCost {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const regimes = [...scenario.regimes];
  const sinkInit: SinkInit = { ...input.sinkInit, prefixes: [input.sinkInit.prefixes[point] ?? '0'], regimes: [regimes] };
  const fullHours = scenario.mode.kind === 'stream' ? horizonHoursOf(scenario.mode) : 0;
  let hours = fullHours > 0 ? Math.min(fullHours, PROBE_MIN_HORIZON_HOURS) : 0;
  let replications = 1;
  let last: Omit<PointCost, 'probeSeconds' | 'seconds'> | null = null;
  const timed = { seconds: 0, events: 0 };
  let coldSecondsPerEvent = 0;
  let warm: { seconds: number; events: number } | null = null;
  // One change at a time: one replicator whose replications continue (0, then 1-2, then 3-6, ...),
  // so the model is compiled once and the JIT warms up as the run's would; a stream: a replicator per horizon.
  let replicators: PointReplicators | null = null;
  let replicatorHours = -1;
  let from = 0;
  for (let step = 0; ; step++) {
    const cut = fullHours > 0 ? withHorizonHours(scenario, hours) : scenario;
    const sink = new CsvSink(sinkInit);
    if (!replicators || replicatorHours !== hours) {
      replicators = new PointReplicators([cut], input.seed, { reuse: false });
      replicatorHours = hours;
      from = 0;
    }
    const replicator = replicators.get(0);
    const eventsBefore = replicator.eventsProcessed;
    const changesBefore = replicator.changesSimulated;
    // CPU time, not wall time: on a busy machine a moment without the CPU is not the run's cost.
    const t0 = process.cpuUsage();
    const chunk = runTask(replicators, { point: 0, from, to: from + replications }, sink, sinkInit.changes);
    const used = process.cpuUsage(t0);
    from += replications;
    const seconds = (used.user + used.system) / 1e6;
    const events = replicator.eventsProcessed - eventsBefore;
    const changesSimulated = replicator.changesSimulated - changesBefore;
    if (step === 0) coldSecondsPerEvent = seconds / Math.max(1, events);
    else {
      timed.seconds += seconds;
      timed.events += events;
      // The warmest measurement: the last step, once it is long enough to outweigh a collector's pause.
      if (seconds >= PROBE_STEP_SECONDS) warm = { seconds, events };
    }
    if (process.env.PROBE_DEBUG) process.stderr.write(`probe step ${step}: ${hours} h x ${replications}: ${seconds.toFixed(3)} s, ${events} events\n`);
    const share = fullHours > 0 ? hours / fullHours : 1;
    const per = (x: number) => x / replications / share;
    last = {
      runsBytes: chunk.runs.length / replications,
      changesBytes: per(chunk.changes.length),
      events: per(events),
      heldChanges: replicator.holdsRecords({ keepChanges: sinkInit.changes }) ? per(changesSimulated) : 0,
      horizonShare: share,
      replications,
    };
    if (timed.seconds >= PROBE_TARGET_SECONDS) break;
    // The next step costs about twice this one: make it only if the budget allows.
    if (elapsed() + 2 * seconds > budgetSeconds) break;
    if (fullHours > 0 && hours < fullHours) hours = Math.min(fullHours, hours * 2);
    else if (replications < input.runs) replications = Math.min(input.runs, replications * 2);
    else break;
  }
  const rated = warm ?? timed;
  const secondsPerEvent = rated.events > 0 ? rated.seconds / rated.events : coldSecondsPerEvent;
  return { ...last, seconds: last.events * secondsPerEvent, probeSeconds: elapsed() };
}

/**
 * Ceilings on one replication's work, in change runs (a change simulated under one regime:
 * changes per replication x regimes), by formula from the scenario, before anything is drawn or
 * simulated: a replication is the smallest piece of a run (no thread or --shard splits it), so
 * one that is too large makes the whole run too large whatever --runs says, and the probe that
 * would measure it could not finish its first step in its budget. `validate` and `run` both apply
 * them (compileOrUsage), within a second.
 *
 * A closed loop keeps every change's record until its replication ends (HELD_CHANGE_BYTES each)
 * and draws every engineer's first change up front: 100,000 engineers over 0.01 days (300,000
 * change runs) took 4.8 s and about 800 MB per replication in the probe, about 13 hours for the
 * scenario's 10,000 replications on one thread. 200,000 change runs hold about 600 MB per thread.
 *
 * An open stream whose changes are not kept runs in memory flat in its horizon, but its time grows
 * with it: 27,000 changes an hour took 11 s of CPU for its first hour (81,000 change runs, about
 * 0.14 ms each on the loaded development machine), so the 58,000,000 change runs of 30 days are
 * about 2 hours per replication. 6,000,000 are about 14 minutes at that speed.
 *
 * ORCHSIM_MAX_CHANGE_RUNS (a whole number) replaces both ceilings, for someone who means it.
 */
export const MAX_HELD_CHANGE_RUNS_PER_REPLICATION = 200_000;
export const MAX_STREAMED_CHANGE_RUNS_PER_REPLICATION = 6_000_000;

/** One replication's size by formula: changes (expected for an open stream, the bound of a closed loop), regimes, and whether it keeps every record. */
export interface ReplicationSize {
  changes: number;
  regimes: number;
  changeRuns: number;
  closedLoop: boolean;
}

/** The size of one replication of `model`, by formula (null in one-change mode: one change per regime). */
export function replicationSize(model: CompiledModel): ReplicationSize | null {
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream') return null;
  const closedLoop = mode.arrivals.per === 'engineer';
  const changes = closedLoop ? closedLoopChangesBound(model) : outcomesPerMonth(model.scenario) * (horizonHoursOf(mode) / HOURS_PER_MONTH);
  const regimes = model.scenario.regimes.length;
  return { changes, regimes, changeRuns: changes * regimes, closedLoop };
}

/**
 * A whole-number limit someone may raise in the environment: `name` if set, else `fallback`; a
 * UsageError naming the variable when it is not a whole number of at least 1.
 */
export function limitFromEnv(name: string, fallback: number, unit: string, env: NodeJS.ProcessEnv = process.env, defaults = `the default is ${fallback}`): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name}=${text}: must be a whole number of ${unit} (${defaults})`, name);
  return n;
}

/** The ceiling in force: ORCHSIM_MAX_CHANGE_RUNS if set, else `fallback`. */
export function changeRunsLimit(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const defaults = `the defaults are ${MAX_HELD_CHANGE_RUNS_PER_REPLICATION} for a closed loop, ${MAX_STREAMED_CHANGE_RUNS_PER_REPLICATION} for an open stream`;
  return limitFromEnv('ORCHSIM_MAX_CHANGE_RUNS', fallback, 'change runs per replication', env, defaults);
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Refuses (ScenarioError naming the field, exit 2) a scenario one replication of which is past its
 * ceiling (see MAX_HELD_CHANGE_RUNS_PER_REPLICATION), with the figures and the fixes.
 */
export function checkReplicationSize(model: CompiledModel, env: NodeJS.ProcessEnv = process.env): void {
  const size = replicationSize(model);
  if (!size) return;
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream') return;
  const limit = changeRunsLimit(size.closedLoop ? MAX_HELD_CHANGE_RUNS_PER_REPLICATION : MAX_STREAMED_CHANGE_RUNS_PER_REPLICATION, env);
  if (!(size.changeRuns > limit)) return;
  const runs = `${count(size.changeRuns)} change runs (${count(size.changes)} changes x ${size.regimes} regimes)`;
  const over = `more than the ${count(limit)} one replication may simulate (a replication is the smallest piece of a run: no thread or --shard splits it)`;
  const override = 'or, to run it all the same, set ORCHSIM_MAX_CHANGE_RUNS to a larger number';
  if (size.closedLoop) {
    const engineers = mode.arrivals.per === 'engineer' ? mode.arrivals.engineers : 0;
    throw new ScenarioError(
      'mode.arrivals.engineers',
      `one replication of a closed loop of ${count(engineers)} engineers over ${mode.horizonDays.toLocaleString('en-US')} days would simulate up to about ${runs}, ${over}, ` +
        `and hold every record until it ends: about ${showBytes(size.changeRuns * HELD_CHANGE_BYTES)} per thread; ` +
        `give fewer engineers, a shorter mode.horizonDays or fewer regimes (replications add volume), ${override}`,
    );
  }
  throw new ScenarioError(
    'mode.horizonDays',
    `one replication of this open stream would simulate about ${runs}, ${over}; ` +
      `shorten mode.horizonDays or lower mode.arrivals.rate (replications add volume), ${override}`,
  );
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
