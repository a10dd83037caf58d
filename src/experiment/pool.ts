/**
 * A pool that runs tasks on this thread and on `workers - 1` worker threads, in any order, and
 * hands the results back in task order (canonical order), so the caller can stream them to disk.
 * This thread is one of the workers: it computes from the first millisecond while the threads
 * start (loading modules takes a few hundred milliseconds), and there is no idle extra thread
 * competing for the cores. With one worker everything runs here.
 */
import { Worker } from 'node:worker_threads';

export interface PoolOptions<T, R> {
  tasks: readonly T[];
  /** Threads in all, this one included. */
  workers: number;
  /**
   * The worker script; it must answer { index, task } with { index, result } or { index, error }.
   * It gets its worker data as `workerData`, or, when pre-started, as a first message { init }.
   */
  workerUrl: URL;
  workerData: unknown;
  /** Makes the function that runs a task in this thread. */
  inProcess: () => (task: T) => R;
  /** Called once per task, in task order. */
  onResult: (result: R, index: number) => void;
}

export interface WorkerErrorPayload {
  name: string;
  message: string;
  field?: string;
  stack?: string;
}

/** An error raised inside a worker, carried back with its name and field. */
export class WorkerTaskError extends Error {
  readonly field: string;
  constructor(payload: WorkerErrorPayload) {
    super(payload.message);
    this.name = payload.name;
    this.field = payload.field ?? '';
    if (payload.stack) this.stack = payload.stack;
  }
}

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

export async function runPool<T, R>(options: PoolOptions<T, R>): Promise<void> {
  const { tasks, onResult } = options;
  if (tasks.length === 0) return;
  const threads = Math.max(0, Math.min(Math.floor(options.workers) - 1, tasks.length - 1));
  const run = options.inProcess();
  const pending = new Map<number, R>();
  const pool: Worker[] = [];
  let next = 0; // next task to hand out
  let written = 0; // next result to deliver
  let failure: unknown = null;
  let wake: (() => void) | null = null;

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
    if (written === tasks.length) wake?.();
  };
  const feed = (w: Worker) => {
    if (next < tasks.length) {
      const index = next++;
      w.postMessage({ index, task: tasks[index] });
    }
  };

  try {
    // This thread takes the first task (its result is written first) before the threads start.
    let mine: number | null = next++;
    for (let k = 0; k < threads; k++) {
      const w = adoptPrestarted(options.workerUrl, options.workerData) ?? new Worker(options.workerUrl, { workerData: options.workerData });
      pool.push(w);
      w.on('message', (msg: { index: number; result?: R; error?: WorkerErrorPayload }) => {
        if (failure) return;
        if (msg.error) return fail(new WorkerTaskError(msg.error));
        pending.set(msg.index, msg.result as R);
        feed(w);
        try {
          deliver();
        } catch (err) {
          fail(err);
        }
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!failure && written < tasks.length) fail(new Error(`a worker thread stopped (exit code ${code}) before the work was done`));
      });
      for (let a = 0; a < AHEAD; a++) feed(w);
    }
    // This thread takes tasks too, yielding between them so worker results are written promptly.
    while (!failure && (mine !== null || next < tasks.length)) {
      const index = mine ?? next++;
      mine = null;
      pending.set(index, run(tasks[index]!));
      deliver();
      await yieldToLoop();
    }
    while (!failure && written < tasks.length) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  } finally {
    for (const w of pool) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}
