/**
 * A pool that runs tasks on this thread and on `workers - 1` worker threads, in any order, and
 * hands the results back in task order (canonical order), so the caller can stream them to disk.
 * This thread is one of the workers: it computes from the first millisecond while the threads
 * start (loading modules takes a few hundred milliseconds), and there is no idle extra thread
 * competing for the cores. With one worker everything runs here.
 */
import { Worker } from 'node:worker_threads';
import { rebuildError, type ErrorPayload } from '../errors/index.js';

export interface PoolOptions<T, R> {
  tasks: readonly T[];
  /** Threads in all, this one included. */
  workers: number;
  /**
   * The worker script; it must answer { index, task } with { index, result } or { index, error }
   * (error: errorPayload(err), rebuilt here as the same class).
   * It gets its worker data as `workerData`, or, when pre-started, as a first message { init }.
   */
  workerUrl: URL;
  workerData: unknown;
  /** Makes the function that runs a task in this thread. */
  inProcess: () => (task: T) => R;
  /** Called once per task, in task order. */
  onResult: (result: R, index: number) => void;
  /**
   * Tasks come in phases (non-decreasing along `tasks`); a task is handed out only once the result
   * of every task of the earlier phases has been through onResult (the summary's jobs read the
   * columns that onResult fills from the replications' results). Default: one phase.
   */
  phase?: (task: T) => number;
  /**
   * Start the worker threads only once this returns true. It is asked after each task this thread
   * runs while the first phase lasts, with how many tasks this thread has run. Default: start them
   * at once. A thread costs about a CPU second of its own (loading, and compiling the hot code for
   * its isolate), which a small run never earns back.
   */
  startThreadsWhen?: (tasksRunHere: number) => boolean;
}

/** What a worker posts for a failed task: its error classified by class (../errors). */
export type WorkerErrorPayload = ErrorPayload;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Threads started before their work was known (prestartWorkers), waiting to be adopted. */
const prestarted: { href: string; worker: Worker; failed: boolean }[] = [];

/**
 * Starts `count` worker threads now, before the work is known, so that loading their modules
 * (a few hundred milliseconds) overlaps this thread's own start-up: parsing flags, loading and
 * compiling the scenario. runPool adopts them and sends the worker data as their first message,
 * `{ init: workerData }`. Threads never adopted do not keep the process alive.
 */
export function prestartWorkers(workerUrl: URL, count: number): void {
  for (let k = 0; k < count; k++) {
    const entry = { href: workerUrl.href, worker: new Worker(workerUrl), failed: false };
    entry.worker.unref();
    // A thread that fails before adoption is dropped; runPool then starts a fresh one, whose
    // failure (if it fails again) is reported in the usual way.
    entry.worker.once('error', () => (entry.failed = true));
    entry.worker.once('exit', () => (entry.failed = true));
    prestarted.push(entry);
  }
}

/** A pre-started thread of this script, handed its worker data; null if none is left. */
function adoptPrestarted(workerUrl: URL, workerData: unknown): Worker | null {
  for (;;) {
    const i = prestarted.findIndex((e) => e.href === workerUrl.href);
    if (i < 0) return null;
    const [entry] = prestarted.splice(i, 1);
    if (entry!.failed) {
      void entry!.worker.terminate();
      continue;
    }
    entry!.worker.removeAllListeners('error').removeAllListeners('exit').ref();
    entry!.worker.postMessage({ init: workerData });
    return entry!.worker;
  }
}

/** Tasks queued ahead in each worker thread, so it never waits for this (busy) thread to feed it. */
const AHEAD = 3;

/** Runs the tasks; resolves to the number of worker threads that took part (this one not counted). */
export async function runPool<T, R>(options: PoolOptions<T, R>): Promise<{ threads: number }> {
  const { tasks, onResult } = options;
  if (tasks.length === 0) return { threads: 0 };
  const threads = Math.max(0, Math.min(Math.floor(options.workers) - 1, tasks.length - 1));
  const run = options.inProcess();
  // phaseStart[i]: the first task of task i's phase; it may start once that many results are delivered.
  const phaseStart = new Int32Array(tasks.length);
  if (options.phase) {
    let previous = options.phase(tasks[0]!);
    for (let i = 1; i < tasks.length; i++) {
      const p = options.phase(tasks[i]!);
      if (p < previous) throw new Error('internal: pool tasks are not in phase order');
      phaseStart[i] = p === previous ? phaseStart[i - 1]! : i;
      previous = p;
    }
  }
  const pending = new Map<number, R>();
  const pool: Worker[] = [];
  /** Threads waiting at a phase barrier for tasks, and how many each may take. */
  const hungry = new Map<Worker, number>();
  let next = 0; // next task to hand out
  let written = 0; // next result to deliver
  let failure: unknown = null;
  let wake: (() => void) | null = null;

  const ready = () => next < tasks.length && written >= phaseStart[next]!;
  const fail = (err: unknown) => {
    if (failure) return;
    failure = err;
    wake?.();
  };
  const deliver = () => {
    while (pending.has(written)) {
      const result = pending.get(written)!;
      pending.delete(written);
      onResult(result, written);
      written++;
    }
  };
  const feed = (w: Worker, count: number) => {
    let left = count;
    while (left > 0 && ready()) {
      const index = next++;
      w.postMessage({ index, task: tasks[index] });
      left--;
    }
    if (left > 0 && next < tasks.length) hungry.set(w, (hungry.get(w) ?? 0) + left);
  };
  /** A result arrived: deliver what is in order, then let threads waiting at a barrier through. */
  const arrived = (index: number, result: R) => {
    pending.set(index, result);
    deliver();
    for (const [w, count] of [...hungry]) {
      if (!ready()) break;
      hungry.delete(w);
      feed(w, count);
    }
    wake?.();
  };

  const startThreads = () => {
    for (let k = 0; k < threads; k++) {
      const w = adoptPrestarted(options.workerUrl, options.workerData) ?? new Worker(options.workerUrl, { workerData: options.workerData });
      pool.push(w);
      w.on('message', (msg: { index: number; result?: R; error?: WorkerErrorPayload }) => {
        if (failure) return;
        if (msg.error) return fail(rebuildError(msg.error));
        try {
          feed(w, 1);
          arrived(msg.index, msg.result as R);
        } catch (err) {
          fail(err);
        }
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!failure && written < tasks.length) fail(new Error(`a worker thread stopped (exit code ${code}) before the work was done`));
      });
      feed(w, AHEAD);
    }
  };

  try {
    // This thread takes the first task (its result is written first) before the threads start.
    let mine: number | null = next++;
    let started = false;
    if (!options.startThreadsWhen) {
      startThreads();
      started = true;
    }
    let ranHere = 0;
    // This thread takes tasks too, yielding between them so worker results are written promptly;
    // at a phase barrier it waits for the threads' results.
    while (!failure && (mine !== null || next < tasks.length)) {
      if (mine === null && !ready()) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const index = mine ?? next++;
      mine = null;
      arrived(index, run(tasks[index]!));
      ranHere++;
      if (!started && threads > 0 && next < tasks.length && phaseStart[next] === 0 && options.startThreadsWhen!(ranHere)) {
        startThreads();
        started = true;
      }
      await yieldToLoop();
    }
    while (!failure && written < tasks.length) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
    return { threads: pool.length };
  } finally {
    for (const w of pool) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}
