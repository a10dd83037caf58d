/**
 * Worker thread entry of a sensitivity design's evaluation (./designPoints.ts): runs tasks of
 * (point, regimes, replication range) and returns their columns (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorPayload } from '../errors/index.js';
import type { WorkerErrorPayload } from '../experiment/pool.js';
import { DesignRunner, type DesignSpec, type DesignTask } from './designPoints.js';

let runner: DesignRunner | null = workerData ? new DesignRunner(workerData as DesignSpec) : null;

parentPort!.on('message', (msg: { init: DesignSpec } | { index: number; task: DesignTask }) => {
  if ('init' in msg) {
    runner = new DesignRunner(msg.init);
    return;
  }
  try {
    if (!runner) throw new Error('internal: a task arrived before the worker data');
    const result = runner.run(msg.task);
    parentPort!.postMessage({ index: msg.index, result }, [result.buffer as ArrayBuffer]);
  } catch (err) {
    const error: WorkerErrorPayload = errorPayload(err);
    parentPort!.postMessage({ index: msg.index, error });
  }
});
