/**
 * Which command lines start worker threads before the rest of the CLI loads (see
 * ../app/prestart.ts). Only the worker count is read from the command line here; commander still
 * parses and checks every flag.
 */
import { prestartExperimentThreads, threadsToPrestart } from '../app/prestart.js';

/** The worker threads a command line will want besides this one (0 when unsure). */
export function threadsWanted(argv: readonly string[]): number {
  if (argv[0] !== 'run' && argv[0] !== 'sweep') return 0;
  if (argv.includes('-h') || argv.includes('--help')) return 0;
  let workers: number | 'auto' = 'auto';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    let value: string | undefined;
    if (a === '-w' || a === '--workers') value = argv[i + 1];
    else if (a.startsWith('--workers=')) value = a.slice('--workers='.length);
    else continue;
    if (value === 'auto') {
      workers = 'auto';
      continue;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) return 0; // commander will say what is wrong
    workers = n;
  }
  return threadsToPrestart(workers);
}

export function prestartFor(argv: readonly string[]): void {
  prestartExperimentThreads(threadsWanted(argv));
}
