/**
 * Running an experiment end to end, the library's `runExperiment` (the CLI's `run` and `sweep`
 * call it): an immutable plan made from the options (./plan.ts: the points compiled once, the
 * shard, its tasks and threads, the files chosen, the journal's state), checked against the
 * machine (./guards.ts), then three stages:
 *  - execute (./execute.ts): the tasks on the pool of worker threads, each result in canonical
 *    order to the reducer (./collect.ts) and to the write stage; the summary;
 *  - write (./runOutput.ts): the output writer (./outputs.ts) with the resume journal around it,
 *    the directory moved into place at the end;
 *  - report (./runReport.ts): the console's and the report's inputs from the summary in memory.
 */
import { type RunEstimate, checkRunFits, estimateRun } from './guards.js';
import { RunReducer } from './collect.js';
import { executeExperiment } from './execute.js';
import { OutputLock } from './lock.js';
import { experimentMeta, restampMeta } from './meta.js';
import { planExperimentRun, type ExperimentOptions } from './plan.js';
import { JournaledOutput } from './runOutput.js';
import { experimentResult, type ExperimentResult } from './runReport.js';

// The names the library and the CLI have always imported from here (./index.ts).
export { CHANGES_CSV_DEFAULT_ROWS, changesByDefault, expectedChangesPerReplication, type ExperimentOptions } from './plan.js';
export type { ExperimentResult } from './runReport.js';

/** The estimate of a run's time, memory and disk (./guards.ts), without running it or writing anything: `--dry-run` (with --resume: of what is left). */
export function planExperiment(options: ExperimentOptions): RunEstimate {
  return estimateRun(planExperimentRun(options).guard);
}

/**
 * Runs an experiment. With an output directory, the output's lock (./lock.ts) is taken before
 * anything reads or writes it or its journal, and held until the output is in place.
 *
 * @example
 * ```ts
 * import { resolveScenario, runExperiment } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const result = await runExperiment({ scenario: resolveScenario(), runs: 200, seed: 42, workers: 1 }); // out omitted: no files
 * // result.rows: the rows of summary.csv
 * const cost = result.rows.find((r) => r.regime === 'fanout' && r.metric === 'cost_per_merged_usd' && r.statistic === 'distribution');
 * assert.ok(cost !== undefined && cost.p50 > 0); // the median over replications
 * ```
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const lock = options.out !== undefined && options.out !== null ? OutputLock.acquire(options.out) : null;
  if (lock?.note) process.stderr.write(`orchsim: ${lock.note}\n`);
  try {
    return await runLocked(options);
  } finally {
    lock?.release();
  }
}

async function runLocked(options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const plan = planExperimentRun(options);
  const estimate = estimateRun(plan.guard);
  checkRunFits(estimate, plan.sinkInit.changes);
  options.onEstimate?.(estimate);
  // Only once the run is known to fit: the summary's columns are most of its memory.
  const reducer = new RunReducer(plan, plan.output !== null);
  const output = JournaledOutput.open(plan, options);
  try {
    output?.start(reducer);
    const executed = await executeExperiment(plan, reducer, output, options.onProgress);
    const meta = experimentMeta(plan, executed, { argv: options.argv ?? [], started, startedAt, files: output?.names() ?? [] });
    const values = reducer.pointValues();
    // meta.json's clock covers writing the other files.
    const content = { meta, rows: executed.rows, prefixes: plan.prefixes, values, sums: reducer.sums, reviewSeries: [...reducer.reviewSeries.values()] };
    const kept = (await output?.finish(content, () => restampMeta(meta, started))) ?? {};
    return experimentResult(plan, meta, executed.rows, values, output?.target ?? null, kept);
  } catch (err) {
    throw output ? output.fail(err, estimate) : err;
  }
}
