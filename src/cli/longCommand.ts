/**
 * What every long command shares with `run` (issue 24): breakeven and sensitivity here, and any
 * later analysis command made of tasks (robustness). One mechanism, not a copy per command:
 * - replications: the flag, else the scenario's own (a block's `runs`, then `defaultRuns`);
 * - a progress bar on stderr when it is a terminal (../output/progress.ts);
 * - an estimate before long work, from the run-size probe's measured cost of a replication
 *   (../app/guards.ts), printed above LONG_RUN_SECONDS and refused above MAX_RUN_SECONDS;
 * - the journal of --resume (../app/taskJournal.ts), handed to the signal handler of ./program.ts,
 *   which keeps it and exits 130/143/129 with nothing else written.
 */
import { UsageError } from '../errors/index.js';
import type { Scenario } from '../model/index.js';
import { Progress } from '../output/index.js';
import { LONG_RUN_SECONDS, MAX_RUN_SECONDS, probeCost, showSeconds, STARTUP_SECONDS } from '../app/guards.js';
import type { TaskJournal } from '../app/taskJournal.js';

/** The smallest number of replications an analysis takes (its intervals need two). */
export const ANALYSIS_MIN_RUNS = 2;

/** Replications of an analysis: the flag wins, then the scenario's block (sensitivity.runs), then its defaultRuns. */
export function analysisRuns(flag: number | undefined, scenario: Scenario, block?: number): number {
  return flag ?? block ?? Math.max(ANALYSIS_MIN_RUNS, scenario.defaultRuns);
}

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

export function longCommandHooks(label: string, flags: LongFlags, trackJournal: (journal: TaskJournal | null) => void): LongCommandHooks {
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
    onNote: (text) => {
      if (!flags.quiet) process.stderr.write(`orchsim: ${text}\n`);
    },
    onJournal: (journal) => {
      trackJournal(journal);
      const stopAfter = testStopAfter(process.env);
      if (journal && stopAfter) journal.onRecord((n) => n === stopAfter.tasks && process.kill(process.pid, stopAfter.signal));
    },
    finish: () => bar.progress?.finish(),
  };
}

/**
 * Test-only, as for run and sweep (docs/cli.md): ORCHSIM_TEST_STOP_AFTER_CHUNKS=K makes the command
 * send itself ORCHSIM_TEST_STOP_SIGNAL (default SIGKILL) once it has journaled K tasks.
 */
function testStopAfter(env: NodeJS.ProcessEnv): { tasks: number; signal: NodeJS.Signals } | null {
  const tasks = Number(env.ORCHSIM_TEST_STOP_AFTER_CHUNKS);
  return Number.isInteger(tasks) && tasks > 0 ? { tasks, signal: (env.ORCHSIM_TEST_STOP_SIGNAL ?? 'SIGKILL') as NodeJS.Signals } : null;
}

/** The work of an analysis, for its estimate: points (probes) of `runs` replications of the scenario's regimes. */
export interface AnalysisWork {
  scenario: Scenario;
  seed: number | string;
  points: number;
  runs: number;
  threads: number;
  /** `a break-even`, `a sensitivity`: the message's subject. */
  what: string;
  /** `probes`, `points`. */
  unit: string;
}

/**
 * The estimate of an analysis's time before it starts: every replication at the probe's measured
 * cost (../app/guards.ts, given a second), spread over the threads. Printed on stderr above
 * LONG_RUN_SECONDS (unless quiet); refused above MAX_RUN_SECONDS, with the figures and the fix.
 */
export function checkAnalysisTime(work: AnalysisWork, quiet?: boolean): number {
  const { scenario } = work;
  const replications = work.points * work.runs;
  const sinkInit = { tiers: Object.keys(scenario.prices.tiers), prefixes: ['0'], regimes: [[...scenario.regimes]], runs: false, changes: false };
  const cost = probeCost({ seed: work.seed, runs: work.runs, sinkInit }, scenario, 0, 1);
  const seconds = STARTUP_SECONDS + cost.probeSeconds + (replications * cost.seconds) / Math.max(1, work.threads);
  const figures =
    `${work.points.toLocaleString('en-US')} ${work.unit} x ${work.runs.toLocaleString('en-US')} replications of ${scenario.regimes.join(' and ')}, ` +
    `about ${showSeconds(cost.seconds)} each, on ${work.threads} thread${work.threads === 1 ? '' : 's'}`;
  if (seconds > MAX_RUN_SECONDS) {
    const fitting = Math.max(ANALYSIS_MIN_RUNS, Math.floor((work.runs * MAX_RUN_SECONDS) / seconds / 2));
    throw new UsageError(
      `${work.what} would take about ${showSeconds(seconds)} (${figures}), past the limit of ${showSeconds(MAX_RUN_SECONDS)}; ` +
        `give fewer --runs (--runs ${fitting.toLocaleString('en-US')} takes about half the limit), fewer ${work.unit}, or a shorter mode.horizonDays (--set mode.horizonDays=...)`,
      'runs',
    );
  }
  if (!quiet && seconds > LONG_RUN_SECONDS) process.stderr.write(`orchsim: ${work.what} of about ${showSeconds(seconds)}: ${figures}\n`);
  return seconds;
}
