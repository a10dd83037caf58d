/**
 * What every long command shares with `run` (issue 24): breakeven, sensitivity and robustness.
 * One mechanism, not a copy per command:
 * - a progress bar on stderr when it is a terminal (../output/progress.ts);
 * - the estimate before long work (../app/analysisTime.ts), printed when long;
 * - the journal of --resume (../app/taskJournal.ts), handed to the stop-signal handling
 *   (../app/signals.ts), which keeps it and exits 130/143/129 with nothing else written.
 */
import { Progress } from '../output/index.js';
import { analysisTime, type AnalysisWork } from '../app/analysisTime.js';
import type { StopSignals } from '../app/signals.js';
import type { TaskJournal } from '../app/taskJournal.js';
import { noter } from './context.js';

/** The flags every long command takes for these hooks. */
export interface LongFlags {
  quiet?: boolean;
  resume?: boolean;
}

/** The hooks a long command passes to the application: progress, notes, the journal for the signal handler. */
export interface LongCommandHooks {
  onProgress: (done: number, total: number) => void;
  onNote: (text: string) => void;
  onJournal: (journal: TaskJournal | null) => void;
  /** Clears the progress bar (before the answer is printed). */
  finish: () => void;
}

export function longCommandHooks(label: string, flags: LongFlags, stops: StopSignals): LongCommandHooks {
  const bar = { progress: null as Progress | null, total: 0, shown: 0 };
  const started = performance.now();
  return {
    onProgress: (done, total) => {
      // The total may grow (a break-even's probes are found as it goes): a new bar then.
      if (!bar.progress || total !== bar.total) {
        bar.progress?.finish();
        bar.progress = new Progress(total, label, !flags.quiet, process.stderr, started);
        bar.total = total;
        bar.shown = 0;
      }
      bar.progress.tick(done - bar.shown);
      bar.shown = done;
    },
    onNote: noter(flags.quiet),
    onJournal: (journal) => {
      stops.trackJournal(journal);
      const stopAfter = testStopAfter(process.env);
      if (journal && stopAfter) journal.onRecord((n) => n === stopAfter.units && process.kill(process.pid, stopAfter.signal));
    },
    finish: () => bar.progress?.finish(),
  };
}

/**
 * Test-only (documented in docs/cli.md): ORCHSIM_TEST_STOP_AFTER_CHUNKS=K makes a long command
 * send itself ORCHSIM_TEST_STOP_SIGNAL (default SIGKILL) once it has journaled K chunks (a run's)
 * or tasks (an analysis's), so that the tests of --resume interrupt it at a known point, whatever
 * the machine's speed.
 */
export function testStopAfter(env: NodeJS.ProcessEnv): { units: number; signal: NodeJS.Signals } | null {
  const units = Number(env.ORCHSIM_TEST_STOP_AFTER_CHUNKS);
  return Number.isInteger(units) && units > 0 ? { units, signal: (env.ORCHSIM_TEST_STOP_SIGNAL ?? 'SIGKILL') as NodeJS.Signals } : null;
}

/** The estimate of an analysis's time (../app/analysisTime.ts): refused when too long, said on stderr when long (unless quiet). */
export function checkAnalysisTime(work: AnalysisWork, quiet?: boolean): number {
  const { seconds, long } = analysisTime(work);
  if (!quiet && long) process.stderr.write(`orchsim: ${long}\n`);
  return seconds;
}
