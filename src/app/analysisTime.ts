/**
 * The estimate of an analysis's time before it starts (breakeven, sensitivity): every replication
 * at the run-size probe's measured cost (./sizeProbe.ts, given a second), spread over the threads;
 * refused above MAX_RUN_SECONDS, with the figures and the fix.
 */
import { UsageError } from '../errors/index.js';
import type { Scenario } from '../model/index.js';
import { LONG_RUN_SECONDS, MAX_RUN_SECONDS, showSeconds, STARTUP_SECONDS } from './guards.js';
import { probeCost } from './sizeProbe.js';
import { ANALYSIS_MIN_RUNS } from './commandDefaults.js';

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
 * The estimated seconds, and above LONG_RUN_SECONDS the sentence that says so (`a sensitivity of
 * about ...: the figures`); throws a UsageError above MAX_RUN_SECONDS.
 */
export function analysisTime(work: AnalysisWork): { seconds: number; long?: string } {
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
  return seconds > LONG_RUN_SECONDS ? { seconds, long: `${work.what} of about ${showSeconds(seconds)}: ${figures}` } : { seconds };
}
