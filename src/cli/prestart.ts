/**
 * Worker threads for `run` and `sweep`, started before anything else is loaded: a thread takes a
 * few hundred milliseconds to load its modules, and this way it loads them while this thread
 * loads its own, parses the flags and compiles the scenario. Only the worker count is read from
 * the command line here; commander still parses and checks every flag, and a thread that turns out
 * not to be needed (a bad flag, a run too small to start threads for) is never adopted and does
 * not keep the process alive. Loading costs it about 0.15 CPU seconds on an otherwise idle core.
 */
import { availableParallelism } from 'node:os';
import { prestartWorkers } from '../experiment/pool.js';

export const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Threads started early at most; the pool starts any others it needs. */
const MAX_PRESTARTED = 16;

/** The worker threads a command line will want besides this one (0 when unsure). */
export function threadsWanted(argv: readonly string[]): number {
  if (argv[0] !== 'run' && argv[0] !== 'sweep') return 0;
  if (argv.includes('-h') || argv.includes('--help')) return 0;
  let workers = availableParallelism();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    let value: string | undefined;
    if (a === '-w' || a === '--workers') value = argv[i + 1];
    else if (a.startsWith('--workers=')) value = a.slice('--workers='.length);
    else continue;
    if (value === 'auto') {
      workers = availableParallelism();
      continue;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) return 0; // commander will say what is wrong
    workers = n;
  }
  return Math.min(workers - 1, MAX_PRESTARTED);
}

export function prestartFor(argv: readonly string[]): void {
  const threads = threadsWanted(argv);
  if (threads > 0) prestartWorkers(WORKER_URL, threads);
}
