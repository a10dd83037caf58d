/** `orchsim breakeven`: the value of one parameter at which two regimes are equal on a metric (../../app/breakeven.ts). */
import type { Command } from 'commander';
import { loadScenario } from '../../app/index.js';
import { breakevenLine, breakevenWork, runBreakeven } from '../../app/breakeven.js';
import { analysisRuns, defaultOutDir, recordedArgv } from '../../app/commandDefaults.js';
import { parseRange } from '../../app/scenarioFunction.js';
import { withDefaultSignals } from '../../app/signals.js';
import { writeReportOf, type CommandContext } from '../context.js';
import { common, type CommonFlags } from '../flags.js';
import { checkAnalysisTime, longCommandHooks } from '../longCommand.js';

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

interface BreakevenFlags extends CommonFlags {
  param: string;
  between: string;
  compare?: string;
  metric?: string;
}

export function registerBreakeven(program: Command, ctx: CommandContext): void {
  common(program.command('breakeven [scenario]'))
    .description('the value of one parameter at which two regimes are equal on a metric')
    .requiredOption('--param <PATH>', 'the scenario field to vary, e.g. people.loadedUsdPerHour')
    .requiredOption('--between <A..B>', 'the range to search, e.g. 20..400')
    .option('--compare <A:B>', "the two regimes, e.g. fanout:single (the difference is A - B); default: the scenario decision's subject and baseline")
    .option('--metric <COLUMN>', "the runs.csv metric compared; default: the scenario decision's first metric")
    .addHelpText('after', BREAKEVEN_HELP)
    .action(async (scenarioArg: string | undefined, flags: BreakevenFlags) => breakevenAction(scenarioArg, flags, ctx));
}

async function breakevenAction(scenarioArg: string | undefined, flags: BreakevenFlags, ctx: CommandContext): Promise<void> {
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
    out: flags.out ?? defaultOutDir(scenario.name, 'breakeven'),
    force: flags.force,
    argv: recordedArgv(ctx.argv),
    resume: flags.resume,
  };
  const work = breakevenWork(options);
  checkAnalysisTime({ scenario: work.scenario, seed: flags.seed, points: work.probes, runs, threads: 1, what: 'a break-even', unit: 'probes (expected)' }, flags.quiet);
  const hooks = longCommandHooks('breakeven', flags, ctx.stops);
  const report = await runBreakeven({ ...options, onNote: hooks.onNote, onJournal: hooks.onJournal }, { onProgress: hooks.onProgress });
  hooks.finish();
  if (!flags.quiet) process.stdout.write(`${breakevenLine(report)}\nwrote ${flags.out ?? report.outDir}: breakeven.csv, meta.json\n`);
  if (flags.report && report.outDir) await writeReportOf(report.outDir, flags.quiet);
}
