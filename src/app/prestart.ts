/**
 * The experiment's worker threads, started before anything else is loaded: a thread takes a few
 * hundred milliseconds to load its modules, and this way it loads them while this thread loads
 * its own, parses the flags and compiles the scenario. A thread that turns out not to be needed
 * (a bad flag, a run too small to start threads for) is never adopted and does not keep the
 * process alive. Loading costs it about 0.15 CPU seconds on an otherwise idle core.
 *
 * This module must stay light (node:os and the pool only): the CLI's entry imports it first.
 */
import { usableCpus } from './cpuQuota.js';
import { prestartWorkers } from '../experiment/pool.js';

/** The worker thread entry of runExperiment (./worker.ts). */
export const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Threads started early at most; the pool starts any others it needs. */
export const MAX_PRESTARTED = 16;

/** The threads worth starting early for a run on `workers` threads, this one included. */
export function threadsToPrestart(workers: number | 'auto'): number {
  return Math.min((workers === 'auto' ? usableCpus().cpus : workers) - 1, MAX_PRESTARTED);
}

/** Starts `count` experiment worker threads now; runExperiment adopts them. */
export function prestartExperimentThreads(count: number): void {
  if (count > 0) prestartWorkers(WORKER_URL, count);
}
