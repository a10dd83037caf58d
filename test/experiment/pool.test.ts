/**
 * The worker pool: results in task order whatever thread ran them, and phases: no task of a later
 * phase starts before the result of every task of the earlier ones has been through onResult (the
 * summary's describe jobs read the columns that onResult fills from the replications' results).
 */
import { describe, expect, it } from 'vitest';
import { runPool } from '../../src/experiment/pool.js';

interface Task {
  phase: number;
  i: number;
  /** One cell per phase-0 task, set by onResult (on this thread) when its result is delivered. */
  cells: Int32Array;
  /** How long a phase-0 task takes, in milliseconds (later ones are quicker, so they finish first). */
  ms: number;
}

/** The task, as this thread and the worker thread both run it. */
const body = `(task) => {
  if (task.phase === 0) {
    const end = Date.now() + task.ms;
    while (Date.now() < end) {}
    return task.i;
  }
  let done = 0;
  for (let k = 0; k < task.cells.length; k++) done += Atomics.load(task.cells, k);
  return 1000 + done;
}`;
const workerUrl = new URL(
  `data:text/javascript,${encodeURIComponent(`import { parentPort } from 'node:worker_threads';
const run = ${body};
parentPort.on('message', (msg) => parentPort.postMessage({ index: msg.index, result: run(msg.task) }));`)}`,
);

async function runPhases(workers: number, phased: boolean, startThreadsWhen?: (tasksRunHere: number) => boolean): Promise<{ results: number[]; threads: number }> {
  const n0 = 12;
  const cells = new Int32Array(new SharedArrayBuffer(4 * n0));
  const tasks: Task[] = [
    ...Array.from({ length: n0 }, (_, i) => ({ phase: 0, i, cells, ms: 2 + 3 * (n0 - i) })),
    ...Array.from({ length: 8 }, (_, i) => ({ phase: 1, i, cells, ms: 0 })),
  ];
  const results: number[] = [];
  const run = new Function(`return ${body}`)() as (t: Task) => number;
  const { threads } = await runPool<Task, number>({
    tasks,
    workers,
    workerUrl,
    workerData: null,
    inProcess: () => run,
    onResult: (r, index) => {
      results.push(index * 10_000 + r);
      if (index < n0) {
        // A slow delivery (the real one writes CSV and copies columns): a task let through before it ends would miss this cell.
        const end = Date.now() + 3;
        while (Date.now() < end);
        Atomics.store(cells, index, 1);
      }
    },
    ...(phased ? { phase: (t: Task) => t.phase } : {}),
    ...(startThreadsWhen ? { startThreadsWhen } : {}),
  });
  return { results, threads };
}

describe('runPool', () => {
  it('delivers results in task order; a later phase sees every earlier task finished', async () => {
    for (const workers of [1, 2, 3]) {
      const { results, threads } = await runPhases(workers, true);
      expect(threads).toBe(workers - 1);
      expect(results.map((r) => Math.floor(r / 10_000))).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(results.slice(0, 12).map((r) => r % 10_000)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      // every phase-1 task saw all twelve phase-0 results delivered
      expect(results.slice(12).map((r) => r % 10_000)).toEqual(Array(8).fill(1012));
    }
  });

  it('without phases, a later task may start while earlier ones still run (the check above can fail)', async () => {
    const { results } = await runPhases(2, false);
    expect(results.slice(12).some((r) => r % 10_000 < 1012)).toBe(true);
  });

  it('starts its threads only when startThreadsWhen says so, asked after each task of this thread in the first phase', async () => {
    const asked: number[] = [];
    const never = await runPhases(3, true, (tasksRunHere) => (asked.push(tasksRunHere), false));
    expect(never.threads).toBe(0);
    // after each of the twelve phase-0 tasks (all run here) but the last, which leaves no phase-0 work to share
    expect(asked).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(never.results.slice(12).map((r) => r % 10_000)).toEqual(Array(8).fill(1012));
    const late = await runPhases(3, true, (tasksRunHere) => tasksRunHere === 2);
    expect(late.threads).toBe(2);
    expect(late.results.map((r) => Math.floor(r / 10_000))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(late.results.slice(12).map((r) => r % 10_000)).toEqual(Array(8).fill(1012));
  });

  it('rejects tasks out of phase order', async () => {
    await expect(
      runPool<number, number>({ tasks: [1, 0], workers: 1, workerUrl, workerData: null, inProcess: () => (t) => t, onResult: () => {}, phase: (t) => t }),
    ).rejects.toThrow(/phase order/);
  });
});
