/** `orchsim sensitivity`: which parameters the answer turns on, by tornado, Morris or Sobol (../../app/sensitivity.ts). */
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { capWorkers, loadScenario } from '../../app/index.js';
import { analysisRuns, defaultOutDir, recordedArgv } from '../../app/commandDefaults.js';
import { usableCpus } from '../../app/cpuQuota.js';
import { parseParamRange, renderSensitivity, runSensitivity, SENSITIVITY_DEFAULTS, SENSITIVITY_METHODS, sensitivityFromScenario, type SensitivityMethod } from '../../app/sensitivity.js';
import { describeSensitivityPlan } from '../../app/sensitivityPlan.js';
import { withDefaultSignals } from '../../app/signals.js';
import { collect, wholeNumber } from '../args.js';
import { writeReportOf, type CommandContext } from '../context.js';
import { common, workersFlag, type CommonFlags } from '../flags.js';
import { checkAnalysisTime, longCommandHooks } from '../longCommand.js';

const SENSITIVITY_HELP = `
Which parameters the answer turns on: cost per merged change, wall clock and merge rate of every
regime (and the scenario decision's metric), and the headline paired difference, printed first:
the decision's metric, its subject minus its baseline, per replication (see decision: in
docs/model.md; cost per merged change of fan-out minus single by default).
  tornado  one at a time, low and high around the base, ranked by swing (|high - low|)
  morris   elementary effects (r = 20 trajectories, 4 levels): mu, mu*, sigma, ranked by mu*
  sobol    first-order and total indices (Saltelli, Jansen), ranked by ST
Without --param, the scenario's sensitivity: block says what to vary (flags win, key by key).
Writes sensitivity.csv (one row per method, parameter, regime, metric, statistic) and meta.json
(with --report, also report.html: the tornado, Morris's mu* against sigma, or Sobol's indices).

Examples:
  orchsim sensitivity --param people.loadedUsdPerHour=50..200 --param review.linesPerHour=100..400
  orchsim sensitivity --judgment --runs 2000
  orchsim sensitivity --judgment --method morris --runs 500
  orchsim sensitivity high-stakes`;

interface SensitivityFlags extends CommonFlags {
  param: string[];
  judgment?: boolean;
  method?: string;
  trajectories?: number;
  levels?: number;
  samples?: number;
  workers: number | 'auto';
  dryRun?: boolean;
}

export function registerSensitivity(program: Command, ctx: CommandContext): void {
  workersFlag(
    common(program.command('sensitivity [scenario]'))
      .description('which parameters the answer turns on: tornado, Morris or Sobol')
      .option('--param <PATH=LOW..HIGH>', "a parameter and its range (repeatable; replaces the scenario's sensitivity.params)", collect, [])
      .option('--judgment', 'every judgment figure of the defaults, over its documented range (docs/cli.md)')
      .option('--method <M>', `${SENSITIVITY_METHODS.join(', ')} (default: the scenario's sensitivity.method, else tornado)`)
      .option('--trajectories <R>', `Morris: trajectories (default ${SENSITIVITY_DEFAULTS.trajectories})`, wholeNumber(2, 100_000))
      .option('--levels <P>', `Morris: grid levels, even (default ${SENSITIVITY_DEFAULTS.levels})`, wholeNumber(2, 100))
      .option('--samples <N>', `Sobol: base samples (default ${SENSITIVITY_DEFAULTS.samples})`, wholeNumber(2, 10_000_000)),
  )
    .option('--dry-run', "print the design's size (points, replications, memory) and write nothing")
    .addHelpText('after', SENSITIVITY_HELP)
    .action(async (scenarioArg: string | undefined, flags: SensitivityFlags) => sensitivityAction(scenarioArg, flags, ctx));
}

async function sensitivityAction(scenarioArg: string | undefined, flags: SensitivityFlags, ctx: CommandContext): Promise<void> {
  if (flags.method !== undefined && !(SENSITIVITY_METHODS as readonly string[]).includes(flags.method))
    throw new UsageError(`--method ${flags.method}: expected one of ${SENSITIVITY_METHODS.join(', ')}`, 'method');
  if (flags.levels !== undefined && flags.levels % 2 !== 0) throw new UsageError(`--levels ${flags.levels}: must be even (for example --levels 4)`, 'levels');
  const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
  const chosen = sensitivityFromScenario(scenario, {
    ranges: flags.param.map((p) => parseParamRange(p)),
    judgment: flags.judgment,
    method: flags.method as SensitivityMethod | undefined,
    runs: flags.runs,
    trajectories: flags.trajectories,
    levels: flags.levels,
    samples: flags.samples,
  });
  if (chosen.ranges.length === 0 && !chosen.judgment)
    throw new UsageError('sensitivity: give --param PATH=LOW..HIGH (repeatable), --judgment, or a sensitivity: block with params in the scenario (docs/model.md)', 'param');
  const capped = capWorkers(flags.workers, usableCpus());
  if (capped.warning && !flags.quiet) process.stderr.write(`orchsim: ${capped.warning}\n`);
  const runs = analysisRuns(chosen.runs, scenario);
  const hooks = longCommandHooks('sensitivity', flags, ctx.stops);
  const result = await runSensitivity(
    {
      scenario,
      ...chosen,
      runs,
      seed: flags.seed,
      workers: capped.workers,
      out: flags.out ?? defaultOutDir(scenario.name, 'sensitivity'),
      force: flags.force,
      argv: recordedArgv(ctx.argv),
      resume: flags.resume,
      onNote: hooks.onNote,
      onJournal: hooks.onJournal,
      dryRun: flags.dryRun,
      onPlan: flags.dryRun ? (plan) => process.stdout.write(`orchsim sensitivity --dry-run: nothing is written\n${describeSensitivityPlan(plan)}\n`) : undefined,
    },
    {
      onProgress: hooks.onProgress,
      // The design's regime-replications are known once its points are: the estimate, before any is simulated.
      onPlan: ({ simulated, threads }) =>
        checkAnalysisTime(
          { scenario, seed: flags.seed, points: Math.ceil(simulated / runs / scenario.regimes.length), runs, threads, what: 'a sensitivity', unit: 'points (all regimes)' },
          flags.quiet,
        ),
    },
  );
  hooks.finish();
  if (flags.dryRun) return;
  if (!flags.quiet) process.stdout.write(`${renderSensitivity(result)}wrote ${flags.out ?? result.outDir}: sensitivity.csv, meta.json\n`);
  if (flags.report && result.outDir) await writeReportOf(result.outDir, flags.quiet);
}
