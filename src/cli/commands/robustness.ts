/**
 * `orchsim robustness`: how sure the verdict is over the judgment ranges (../../app/robustness.ts).
 * Like run: the scenario's defaultRuns unless --runs (capped: ROBUSTNESS_RUNS_CAP,
 * ../../app/commandDefaults.ts), on the machinery every long command shares (../longCommand.ts):
 * progress on a terminal, a journal that a signal keeps (exit 130/143/129, nothing else written)
 * and --resume continues; a dry run and a memory guard. The CPUs are the job's (../../app/cpuQuota.ts).
 */
import type { Command } from 'commander';
import { capWorkers, loadScenario } from '../../app/index.js';
import { checkRobustnessFits, describePlan, planRobustness, renderRobustness, ROBUSTNESS_DEFAULT_DRAWS, runRobustness } from '../../app/robustness.js';
import { defaultOutDir, recordedArgv, ROBUSTNESS_RUNS_CAP, robustnessRuns } from '../../app/commandDefaults.js';
import { usableCpus } from '../../app/cpuQuota.js';
import { withDefaultSignals } from '../../app/signals.js';
import { wholeNumber } from '../args.js';
import { writeReportOf, type CommandContext } from '../context.js';
import { common, workersFlag, type CommonFlags } from '../flags.js';
import { longCommandHooks } from '../longCommand.js';

const HELP = `
A nested Monte Carlo over what is not known. Outer: --draws points of the uncertain parameters
(the judgment figures over their documented ranges, docs/model.md, and the scenario's own
uncertainty: block), from a scrambled Sobol sequence. Inner: the same --runs replications at every
draw and for every candidate (common random numbers). For the scenario's decision (its candidates,
baseline and deciding metric) it prints the chance each candidate is best, the expected loss of
each choice, the value of perfect information (EVPI) and of measuring each parameter first
(EVPPI), per change and per month, and where the verdict flips (PRIM boxes, in a sentence).
Writes robustness.csv, robustness_draws.csv and meta.json in --out (with --report, report.html:
the chance of being best, EVPPI bars and the flip region).

Examples:
  orchsim robustness
  orchsim robustness test-backfill --draws 512 --runs 500
  orchsim robustness high-stakes --set review.reviewers=3 --report
  orchsim robustness --dry-run`;

interface RobustnessFlags extends CommonFlags {
  draws: number;
  workers: number | 'auto';
  dryRun?: boolean;
}

export function registerRobustness(program: Command, ctx: CommandContext): void {
  workersFlag(
    common(program.command('robustness [scenario]'), `inner replications per draw (default: the scenario's defaultRuns, at most ${ROBUSTNESS_RUNS_CAP})`)
      .description('how sure the verdict is: chance each choice is best, value of information, where the verdict flips')
      .option('--draws <D>', `outer draws of the uncertain parameters (default ${ROBUSTNESS_DEFAULT_DRAWS}; a power of two)`, wholeNumber(8, 1e7), ROBUSTNESS_DEFAULT_DRAWS),
  )
    .option('--dry-run', 'print the plan (draws, replications, estimated time and memory) and write nothing')
    .addHelpText('after', HELP)
    .action(async (scenarioArg: string | undefined, flags: RobustnessFlags) => robustnessAction(scenarioArg, flags, ctx));
}

async function robustnessAction(scenarioArg: string | undefined, flags: RobustnessFlags, ctx: CommandContext): Promise<void> {
  const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
  const runs = robustnessRuns(flags.runs, scenario);
  const capped = capWorkers(flags.workers, usableCpus());
  if (capped.warning && !flags.quiet) process.stderr.write(`orchsim: ${capped.warning}\n`);
  const out = flags.out ?? defaultOutDir(scenario.name, 'robustness');
  const plan = planRobustness({ scenario, draws: flags.draws, runs, seed: flags.seed, workers: capped.workers === 'auto' ? usableCpus().cpus : capped.workers });
  if (flags.dryRun) {
    process.stdout.write(`orchsim robustness --dry-run: nothing is written\nout:           ${out}\n${describePlan(plan)}\n`);
    checkRobustnessFits(plan);
    return;
  }
  checkRobustnessFits(plan);
  const hooks = longCommandHooks('robustness', flags, ctx.stops);
  const result = await runRobustness({
    scenario,
    draws: flags.draws,
    runs,
    seed: flags.seed,
    workers: capped.workers,
    out,
    force: flags.force,
    argv: recordedArgv(ctx.argv),
    resume: flags.resume,
    onNote: hooks.onNote,
    onJournal: hooks.onJournal,
    onProgress: hooks.onProgress,
  });
  hooks.finish();
  if (!flags.quiet) process.stdout.write(`${renderRobustness(result)}wrote ${result.outDir}: robustness.csv, robustness_draws.csv, meta.json\n`);
  if (flags.report && result.outDir) await writeReportOf(result.outDir, flags.quiet);
}
