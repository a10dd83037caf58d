/**
 * The analysis commands (issue 14): breakeven and sensitivity, on the application's
 * ../app/breakeven.ts and ../app/sensitivity.ts. Registered by ./program.ts.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors/index.js';
import { capWorkers, loadScenario } from '../app/index.js';
import { withDefaultSignals } from '../app/signals.js';
import { breakevenLine, breakevenWork, runBreakeven } from '../app/breakeven.js';
import type { TaskJournal } from '../app/taskJournal.js';
import { usableCpus } from '../app/cpuQuota.js';
import { analysisRuns, checkAnalysisTime, longCommandHooks } from './longCommand.js';
import { parseRange } from '../app/scenarioFunction.js';
import { parseParamRange, renderSensitivity, runSensitivity, SENSITIVITY_DEFAULTS, SENSITIVITY_METHODS, sensitivityFromScenario, type SensitivityMethod } from '../app/sensitivity.js';
import { type Vary } from '../experiment/index.js';
import type { Scenario } from '../model/index.js';
import { parsePrecision, PRECISION_BATCH, replicationsForPrecision } from '../app/precision.js';
import { describeSensitivityPlan } from '../app/sensitivityPlan.js';


export interface AnalysisDeps {
  wholeNumber: (min: number, max?: number) => (text: string) => number;
  seedArg: (text: string) => number | string;
  collect: (value: string, previous: string[]) => string[];
  workersArg: (text: string) => number | 'auto';
  slug: (name: string) => string;
  /** Write report.html of an output directory (--report). */
  writeReport: (dir: string, quiet?: boolean) => Promise<void>;
  /** Hands the command's journal to the signal handler (kept on SIGINT, SIGTERM, SIGHUP). */
  trackJournal: (journal: TaskJournal | null) => void;
}

export interface CommonFlags {
  runs?: number;
  resume?: boolean;
  seed: number | string;
  out?: string;
  set: string[];
  force?: boolean;
  quiet?: boolean;
  report?: boolean;
}

/** The flags every analysis command takes (breakeven, sensitivity, robustness); `runs` says what its --runs counts. */
export function common(cmd: Command, deps: AnalysisDeps, runs = "replications per probe or point (default: the scenario's defaultRuns; a sensitivity: block's runs first)"): Command {
  return cmd
    .option('-n, --runs <N>', runs, deps.wholeNumber(2, 1e9))
    .option('-s, --seed <S>', 'random seed: the same seed gives the same results, byte for byte', deps.seedArg, 1)
    .option('-o, --out <DIR>', 'output directory (default: results/<scenario>-<command>)')
    .option('--set <path=value>', 'change one scenario field first (repeatable)', deps.collect, [])
    .option('-f, --force', 'replace the output directory if it exists')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--resume', 'continue an interrupted run of the same command from its journal (<out>.partial/): the same bytes as an uninterrupted run')
    .option('--report', 'also write report.html (charts) in the output directory');
}

const BREAKEVEN_HELP = `
At each probe x, PATH is set to x and the same replications run (common random numbers); the
paired difference A - B of the metric is bracketed and bisected. Prints
  break-even PATH = V [LOW, HIGH] (A lower below, B above)
or
  no break-even in [A, B]: REGIME wins
and writes breakeven.csv (the probes and the answer) and meta.json in --out (with --report, also
report.html: the difference against PATH with its band and the crossing). A whole-number
field (fanout) gives the smallest whole number at which the sign has flipped.

Examples:
  orchsim breakeven outcome-decomposable --param money.delayUsdPerHour --between 0..50
  orchsim breakeven --param people.loadedUsdPerHour --between 20..400 --compare single:human
  orchsim breakeven --param fanout --between 1..16 --compare fanout:single
  orchsim breakeven --param prices.tiers.sonnet.wrongProbability --between 0..0.6 --compare fanout:human
  orchsim breakeven outcome-high-volume-simple --param money.monthlyVolume --between 10..5000 --compare scripted:human --metric cost_per_resolved_usd --report`;

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

export function registerAnalysisCommands(program: Command, deps: AnalysisDeps, argv: string[]): void {
  common(program.command('breakeven [scenario]'), deps)
    .description('the value of one parameter at which two regimes are equal on a metric')
    .requiredOption('--param <PATH>', 'the scenario field to vary, e.g. people.loadedUsdPerHour')
    .requiredOption('--between <A..B>', 'the range to search, e.g. 20..400')
    .option('--compare <A:B>', "the two regimes, e.g. fanout:single (the difference is A - B); default: the scenario decision's subject and baseline")
    .option('--metric <COLUMN>', "the runs.csv metric compared; default: the scenario decision's first metric")
    .addHelpText('after', BREAKEVEN_HELP)
    .action(async (scenarioArg: string | undefined, flags: CommonFlags & { param: string; between: string; compare?: string; metric?: string }) => {
      const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
      const [low, high] = parseRange(flags.between, '--between');
      const runs = analysisRuns(flags.runs, scenario);
      const options = {
        scenario,
        path: flags.param,
        low,
        high,
        compare: flags.compare,
        metric: flags.metric,
        runs,
        seed: flags.seed,
        out: flags.out ?? `results/${deps.slug(scenario.name)}-breakeven`,
        force: flags.force,
        argv: argv.filter((a) => a !== '--resume'),
        resume: flags.resume,
      };
      const work = breakevenWork(options);
      checkAnalysisTime({ scenario: work.scenario, seed: flags.seed, points: work.probes, runs, threads: 1, what: 'a break-even', unit: 'probes (expected)' }, flags.quiet);
      const hooks = longCommandHooks('breakeven', flags, deps.trackJournal);
      const report = await runBreakeven({ ...options, onNote: hooks.onNote, onJournal: hooks.onJournal }, { onProgress: hooks.onProgress });
      hooks.finish();
      if (!flags.quiet) process.stdout.write(`${breakevenLine(report)}\nwrote ${flags.out ?? report.outDir}: breakeven.csv, meta.json\n`);
      if (flags.report && report.outDir) await deps.writeReport(report.outDir, flags.quiet);
    });

  common(program.command('sensitivity [scenario]'), deps)
    .description('which parameters the answer turns on: tornado, Morris or Sobol')
    .option('--param <PATH=LOW..HIGH>', "a parameter and its range (repeatable; replaces the scenario's sensitivity.params)", deps.collect, [])
    .option('--judgment', "every judgment figure of the defaults, over its documented range (docs/cli.md)")
    .option('--method <M>', `${SENSITIVITY_METHODS.join(', ')} (default: the scenario's sensitivity.method, else tornado)`)
    .option('--trajectories <R>', `Morris: trajectories (default ${SENSITIVITY_DEFAULTS.trajectories})`, deps.wholeNumber(2, 100_000))
    .option('--levels <P>', `Morris: grid levels, even (default ${SENSITIVITY_DEFAULTS.levels})`, deps.wholeNumber(2, 100))
    .option('--samples <N>', `Sobol: base samples (default ${SENSITIVITY_DEFAULTS.samples})`, deps.wholeNumber(2, 10_000_000))
    .option('-w, --workers <W>', 'threads, this one included; auto (the default): the cores once the work pays for starting them', deps.workersArg, 'auto')
    .option('--dry-run', "print the design's size (points, replications, memory) and write nothing")
    .addHelpText('after', SENSITIVITY_HELP)
    .action(
      (
        scenarioArg: string | undefined,
        flags: CommonFlags & { param: string[]; judgment?: boolean; method?: string; trajectories?: number; levels?: number; samples?: number; workers: number | 'auto'; dryRun?: boolean },
        cmd: Command,
      ) =>
        runSensitivityCommand(scenarioArg, flags, cmd, deps, argv),
    );
}

async function runSensitivityCommand(
  scenarioArg: string | undefined,
  flags: CommonFlags & { param: string[]; judgment?: boolean; method?: string; trajectories?: number; levels?: number; samples?: number; workers: number | 'auto'; dryRun?: boolean },
  cmd: Command,
  deps: AnalysisDeps,
  argv: string[],
): Promise<void> {
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
  const hooks = longCommandHooks('sensitivity', flags, deps.trackJournal);
  const result = await runSensitivity(
    {
      scenario,
      ...chosen,
      runs,
      seed: flags.seed,
      workers: capped.workers,
      out: flags.out ?? `results/${deps.slug(scenario.name)}-sensitivity`,
      force: flags.force,
      argv: argv.filter((a) => a !== '--resume'),
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
  if (flags.report && result.outDir) await deps.writeReport(result.outDir, flags.quiet);
}

/** `--precision X%` of run and sweep: the replications per point, reported on standard error. */
export async function precisionRuns(scenario: Scenario, varies: readonly Vary[], seed: number | string, precision: string, cap: number, quiet?: boolean): Promise<number> {
  const share = parsePrecision(precision);
  const found = await replicationsForPrecision(scenario, varies, seed, share, cap);
  if (!quiet)
    process.stderr.write(
      `precision ${precision}: ${found.runs.toLocaleString('en-US')} replications (batches of ${PRECISION_BATCH}) ${found.precise ? 'make every headline metric precise' : `reached the cap (--runs ${cap.toLocaleString('en-US')}) before every headline metric was precise`}\n`,
    );
  return found.runs;
}
