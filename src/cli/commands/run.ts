/**
 * `orchsim run` and the action it shares with `orchsim sweep` (./sweep.ts): flags into the
 * options of runExperiment (../../app/experiment.ts), its result into the console's text.
 */
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { observedOf, type Scenario } from '../../model/index.js';
import { parseVary, type Shard, type Vary } from '../../experiment/index.js';
import { OBSERVED_VS_SIMULATED_FILE, observedConsole, Progress, renderReport } from '../../output/index.js';
import {
  capWorkers,
  changesByDefault,
  checkRunFits,
  describeEstimate,
  loadScenario,
  LONG_RUN_SECONDS,
  planExperiment,
  runExperiment,
  shardFromEnv,
  type ExperimentOptions,
  type ExperimentResult,
} from '../../app/index.js';
import { usableCpus } from '../../app/cpuQuota.js';
import { effectWarnings, sweepWithoutEffect, userPaths } from '../../app/effects.js';
import { defaultOutDir, recordedArgv, shardTaskStart } from '../../app/commandDefaults.js';
import { parsePrecision, PRECISION_BATCH, replicationsForPrecision } from '../../app/precision.js';
import { fragilityLine } from '../../app/robustness.js';
import { withDefaultSignals } from '../../app/signals.js';
import { color, noter, type CommandContext } from '../context.js';
import { experimentFlags, type ExperimentFlags } from '../flags.js';
import { testStopAfter } from '../longCommand.js';

/** The options of a run or sweep as this command builds them: its command and output directory always set. */
type RunOptions = ExperimentOptions & { command: 'run' | 'sweep'; out: string };

const RUN_EXAMPLES = `
Examples:
  orchsim run                                   the embedded default scenario, 10,000 replications
  orchsim run configs/test-backfill.yaml -n 50000 --seed 7
  orchsim run test-backfill --set fanout=8 --set review.reviewers=3
  orchsim run my-team.yaml --out results/my-team --force
  orchsim run --runs 1000000 --shard 3/8 --out results/shard-3    one slice of eight (see merge)
  orchsim run -n 5000000 --out results/big --resume   after an interrupt: the same command, plus --resume

Outputs (in --out): runs.csv, summary.csv, meta.json, README.md (the data dictionary),
changes.csv in stream mode or with --changes, review_queue.csv in stream mode, and for a sweep best.csv (the best points). Same seed: byte-identical CSV files on any
number of workers, and sharded-then-merged equals unsharded.`;

export function registerRun(program: Command, ctx: CommandContext): void {
  experimentFlags(program.command('run [scenario]'))
    .description('replications of one scenario (a YAML/JSON file, a preset name, or the embedded default)')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (scenario: string | undefined, flags: ExperimentFlags) => experimentAction('run', scenario, flags, ctx));
}

/** A run or sweep: its scenario and grid from the flags, then a dry run's plan or the run itself. */
export async function experimentAction(command: 'run' | 'sweep', scenarioArg: string | undefined, flags: ExperimentFlags, ctx: CommandContext): Promise<void> {
  // Parsing a large file is synchronous: a signal then ends the process at once (../../app/signals.ts).
  const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
  const varies = (flags.vary ?? []).map(parseVary);
  if (command === 'sweep' && varies.length === 0)
    throw new UsageError('sweep: give at least one --vary path=values (for example --vary fanout=1,2,4,8,16)', 'vary');
  if (!flags.quiet)
    for (const w of effectWarnings(scenario, [...userPaths(scenario), ...varies.map((v) => v.path)])) process.stderr.write(`orchsim: warning: ${w}\n`);
  if (flags.shardCount !== undefined && flags.shard !== 'auto') throw new UsageError('--shard-count: only with --shard auto (--shard K/N gives the count itself)', 'shard-count');
  const note = noter(flags.quiet);
  const shard = flags.shard === 'auto' ? shardFromEnv(process.env, flags.shardCount, note) : flags.shard;
  const out = flags.out ?? defaultOutDir(scenario.name, command, shard);
  let resume = flags.resume;
  if (shard) {
    const task = { command, scenario, varies, seed: flags.seed, runs: flags.runs ?? scenario.defaultRuns, shard, changes: flags.changes, out };
    const start = shardTaskStart({ ...task, fromEnvironment: flags.shard === 'auto', force: flags.force, dryRun: flags.dryRun, precision: Boolean(flags.precision), resume });
    if (start.done !== undefined) return note(start.done);
    resume = start.resume;
  }
  const started = performance.now();
  const capped = capWorkers(flags.workers, usableCpus());
  if (capped.warning) process.stderr.write(`orchsim: ${capped.warning}\n`);
  // --runs wins; otherwise the scenario's own (a stream preset carries a sensible number).
  const runs = flags.precision
    ? await precisionRuns(scenario, varies, flags.seed, flags.precision, flags.runs ?? scenario.defaultRuns, flags.quiet)
    : (flags.runs ?? scenario.defaultRuns);
  const options: RunOptions = { command, scenario, varies, runs, seed: flags.seed, workers: capped.workers, shard, out, force: flags.force, changes: flags.changes, argv: recordedArgv(ctx.argv), resume };
  if (flags.dryRun) return printDryRun(options);
  const result = await runWithProgress(options, flags, ctx, started);
  if (!flags.quiet && varies.length && sweepWithoutEffect(result.rows))
    process.stderr.write(`orchsim: warning: every point gave the same results: ${varies.map((v) => v.path).join(', ')} changed nothing here\n`);
  if (flags.changes === undefined && scenario.mode.kind === 'stream' && !result.meta.changes && !flags.quiet)
    process.stderr.write(
      `orchsim: changes.csv not written: about ${Math.round(result.changesRowsExpected).toLocaleString('en-US')} rows; pass --changes to write it\n`,
    );
  if (!flags.quiet) await printResult(result, { command, scenarioArg, scenario, varies, shard, runs, out, flags, workers: capped.workers });
}

/** `--dry-run`: the plan on stdout, and the same refusal a run would give when it does not fit. */
function printDryRun(options: RunOptions): void {
  const { out, shard } = options;
  const estimate = planExperiment(options);
  process.stdout.write(
    `orchsim ${options.command} --dry-run${options.resume ? ' --resume (what is left)' : ''}: nothing is written\nout:           ${out}\nshard:         ${shard ? `${shard.index}/${shard.count}` : 'the whole run'}\n${describeEstimate(estimate)}\n`,
  );
  checkRunFits(estimate, options.changes ?? changesByDefault(options.scenario, options.runs * Math.max(1, estimate.points)));
}

/** runExperiment with a progress bar, the estimate of a long run, and what a stop signal must know. */
async function runWithProgress(options: RunOptions, flags: ExperimentFlags, ctx: CommandContext, started: number): Promise<ExperimentResult> {
  let progress: Progress | null = null;
  let shown = 0;
  const stopAfter = testStopAfter(process.env);
  const result = await runExperiment({
    ...options,
    report: flags.report,
    onEstimate: (estimate) => {
      if (!flags.quiet && estimate.seconds > LONG_RUN_SECONDS) process.stderr.write(`orchsim: a long run:\n${describeEstimate(estimate)}\n`);
    },
    onOutputDir: ctx.stops.trackOutput,
    onJournal: ctx.stops.trackJournal,
    onChunkJournaled: stopAfter ? ({ chunksHere }) => chunksHere === stopAfter.units && process.kill(process.pid, stopAfter.signal) : undefined,
    onProgress: (done, total) => {
      progress ??= new Progress(total, options.command, !flags.quiet, process.stderr, started);
      progress.tick(done - shown);
      shown = done;
    },
  });
  (progress as Progress | null)?.finish();
  return result;
}

interface Printed {
  command: 'run' | 'sweep';
  scenarioArg: string | undefined;
  scenario: Scenario;
  varies: readonly Vary[];
  shard: Shard | undefined;
  runs: number;
  out: string;
  flags: ExperimentFlags;
  workers: number | 'auto';
}

/** The console's report of a finished run or sweep, with the robustness line under a run's verdict and the observed distances. */
async function printResult(result: ExperimentResult, run: Printed): Promise<void> {
  const { scenario, flags } = run;
  // Whether the verdict holds across the judgment ranges (issue 22): one line under the verdict, and the command to see why.
  let robustness: string | undefined;
  if (run.command === 'run' && run.varies.length === 0 && !(run.shard && run.shard.count > 1)) {
    const see = ['orchsim robustness', run.scenarioArg ?? '', ...flags.set.map((s) => `--set ${s}`)].filter(Boolean).join(' ');
    robustness = await fragilityLine(scenario, { runs: run.runs, seed: flags.seed, workers: run.workers, lastDir: defaultOutDir(scenario.name, 'robustness'), command: see });
  }
  const report = { ...result.report, outDir: flags.out ?? run.out, ...(robustness ? { robustness } : {}) };
  process.stdout.write(renderReport(report, { color: color() }));
  printObserved(scenario, result, run.varies.length);
}

/** The KS distances of observed-vs-simulated.csv, or why a calibrated scenario's run did not write it. */
function printObserved(scenario: Scenario, result: ExperimentResult, varies: number): void {
  if (observedOf(scenario.calibration).length === 0) return;
  if (result.observed) process.stdout.write(observedConsole(result.observed));
  else
    process.stderr.write(
      `orchsim: ${OBSERVED_VS_SIMULATED_FILE} not written: ${varies > 0 ? 'a sweep does not compare (run one point)' : 'it needs changes.csv (pass --changes)'}\n`,
    );
}

/** `--precision X%` of run and sweep: the replications per point, reported on standard error. */
async function precisionRuns(scenario: Scenario, varies: readonly Vary[], seed: number | string, precision: string, cap: number, quiet?: boolean): Promise<number> {
  const share = parsePrecision(precision);
  const found = await replicationsForPrecision(scenario, varies, seed, share, cap);
  if (!quiet)
    process.stderr.write(
      `precision ${precision}: ${found.runs.toLocaleString('en-US')} replications (batches of ${PRECISION_BATCH}) ${found.precise ? 'make every headline metric precise' : `reached the cap (--runs ${cap.toLocaleString('en-US')}) before every headline metric was precise`}\n`,
    );
  return found.runs;
}
