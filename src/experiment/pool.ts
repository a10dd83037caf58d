/**
 * A pool that runs tasks on this thread and on `workers - 1` worker threads, in any order, and
 * hands the results back in task order (canonical order), so the caller can stream them to disk.
 * The threads are kept between rounds of tasks (WorkerPool.map) until the pool is closed.
 * This thread is one of the workers: it computes from the first millisecond while the threads
 * start (loading modules takes a few hundred milliseconds), and there is no idle extra thread
 * competing for the cores. With one worker everything runs here.
 */
import { Worker } from 'node:worker_threads';

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

/** Tasks queued ahead in each worker thread, so it never waits for this (busy) thread to feed it. */
const AHEAD = 3;

/**
 * This thread plus `workers - 1` worker threads, kept for several rounds of tasks (the
 * replications, then the summary's columns), so that threads start, load and warm up once.
 */
export class WorkerPool {
  private readonly threads: Worker[] = [];
  private closed = false;
  private brokenBy: unknown = null;

  constructor(
    workers: number,
    private readonly workerUrl: URL,
    private readonly workerData: unknown,
  ) {
    this.size = Math.max(1, Math.floor(workers));
  }

  /** Threads in all, this one included. */
  readonly size: number;

  private ensureThreads(count: number): Worker[] {
    while (this.threads.length < count) {
      const w = new Worker(this.workerUrl, { workerData: this.workerData });
      // Between rounds no listener of map() is attached: keep a failure for the next round.
      w.on('error', (err: unknown) => (this.brokenBy ??= err));
      this.threads.push(w);
    }
    return this.threads.slice(0, count);
  }

  /**
   * Run `tasks` here (`runHere`) and on the threads, in any order; `onResult` sees every result
   * once, in task order. The worker script answers { index, task } with { index, result } or
   * { index, error }.
   */
  async map<T, R>(tasks: readonly T[], runHere: (task: T) => R, onResult: (result: R, index: number) => void): Promise<void> {
    if (this.closed) throw new Error('internal: the worker pool is closed');
    if (this.brokenBy) throw this.brokenBy;
    if (tasks.length === 0) return;
    const threads = this.ensureThreads(Math.max(0, Math.min(this.size - 1, tasks.length - 1)));
    const pending = new Map<number, R>();
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
    const onExit = (code: number) => {
      if (!failure && written < tasks.length) fail(new Error(`a worker thread stopped (exit code ${code}) before the work was done`));
    };

    try {
      // This thread takes the first task (its result is written first) before the threads get theirs.
      let mine: number | null = next++;
      for (const w of threads) {
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
        w.on('exit', onExit);
        for (let a = 0; a < AHEAD; a++) feed(w);
      }
      // This thread takes tasks too, yielding between them so worker results are written promptly.
      while (!failure && (mine !== null || next < tasks.length)) {
        const index = mine ?? next++;
        mine = null;
        pending.set(index, runHere(tasks[index]!));
        deliver();
        await yieldToLoop();
      }
      while (!failure && written < tasks.length) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
    } finally {
      for (const w of threads) {
        w.removeAllListeners('message');
        w.off('error', fail);
        w.off('exit', onExit);
      }
      if (failure) this.close();
    }
  }

  /** Stop the threads. */
  close(): void {
    this.closed = true;
    for (const w of this.threads) void w.terminate();
    this.threads.length = 0;
  }
}
