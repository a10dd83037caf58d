/**
 * The orchsim command line (the bin, main.ts, only calls main()). Exit codes: 0 done, 2 bad input (a flag, a scenario, a grid, an
 * output directory: nothing is written), 1 an internal error, 130/143/129 interrupted
 * by SIGINT/SIGTERM/SIGHUP (nothing written, a previous output left intact; a run or sweep keeps its
 * finished chunks in <out>.partial/ for --resume: src/app/resume.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { constants as osConstants } from 'node:os';
import { InputError, UsageError } from '../errors/index.js';
import { usableCpus } from '../app/cpuQuota.js';
import { Command, CommanderError, Option } from 'commander';
import { stringify as toYaml } from 'yaml';
import { DEFAULT_SCENARIO, observedOf, scenarioJsonSchema, type Scenario } from '../model/index.js';
import { parseVary, type Shard } from '../experiment/index.js';
import {
  dataDictionary,
  OBSERVED_VS_SIMULATED_FILE,
  observedConsole,
  OutputDir,
  Progress,
  renderReport,
  table,
  traceCsv,
  traceSteps,
  writeFileAtomic,
} from '../output/index.js';
import { effectWarnings, sweepWithoutEffect, userPaths } from '../app/effects.js';
import {
  capWorkers,
  checkRunFits,
  compileOrUsage,
  describeEstimate,
  changesByDefault,
  findPreset,
  listPresets,
  loadScenario,
  LONG_RUN_SECONDS,
  mergeOutputs,
  planExperiment,
  runExperiment,
  shardFromEnv,
  version,
  type ExperimentResult,
  describeJournaled,
  type RunJournal,
} from '../app/index.js';
import { completeOutput } from '../app/shardRerun.js';
import { journalPath } from '../app/resume.js';
import { checkArgv } from './argCheck.js';
import { registerCalibrationCommands } from '../calibrate/commands.js';
import { STOP_SIGNALS, withDefaultSignals } from '../app/signals.js';
import { precisionRuns, registerAnalysisCommands } from './analysis.js';
import { registerRobustnessCommand } from './robustness.js';
import { fragilityLine } from '../app/robustness.js';


let activeOutput: OutputDir | null = null;
const trackOutput = (dir: OutputDir | null) => {
  activeOutput = dir;
};
/** The journal of the long command in progress (a run's, or an analysis's: ../app/taskJournal.ts), kept on a signal for --resume. */
interface KeptJournal {
  readonly shown: string;
  interrupted(): { chunks: number; units: number } | null;
}
let activeJournal: KeptJournal | null = null;
const trackJournal = (journal: KeptJournal | null) => {
  activeJournal = journal;
};

// STOP_SIGNALS (../app/signals.ts) end a run cleanly: its temporary directory removed, any previous output left as it was.

/** The conventional exit code of a process ended by `signal`: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 2);
}

function onSignal(signal: NodeJS.Signals): void {
  // The journal first: the output's clean-up keeps the directories it is in.
  const kept = activeJournal?.interrupted();
  activeOutput?.abort();
  const resume = kept
    ? `; ${describeJournaled(kept)} kept in ${activeJournal!.shown}: run the same command with --resume to continue`
    : '';
  process.stderr.write(`\norchsim: interrupted (${signal}); nothing was written${resume}\n`);
  process.exit(signalExitCode(signal));
}

/**
 * Test-only (documented in docs/cli.md): ORCHSIM_TEST_STOP_AFTER_CHUNKS=K makes a run or sweep
 * send itself ORCHSIM_TEST_STOP_SIGNAL (default SIGKILL) once it has journaled K chunks, so that
 * the tests of --resume interrupt a run at a known point, whatever the machine's speed.
 */
function testStopHook(env: NodeJS.ProcessEnv): ((progress: { chunksHere: number }) => void) | undefined {
  const after = Number(env.ORCHSIM_TEST_STOP_AFTER_CHUNKS);
  if (!(Number.isInteger(after) && after > 0)) return undefined;
  const signal = (env.ORCHSIM_TEST_STOP_SIGNAL ?? 'SIGKILL') as NodeJS.Signals;
  return ({ chunksHere }) => {
    if (chunksHere === after) process.kill(process.pid, signal);
  };
}

import { collect, seedArg, shardArg, wholeNumber, workersArg } from './args.js';

// ---- helpers ----

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
}

function color(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

interface ExperimentFlags {
  runs?: number;
  seed: number | string;
  workers: number | 'auto';
  out?: string;
  set: string[];
  vary?: string[];
  shard?: Shard | 'auto';
  shardCount?: number;
  changes?: boolean;
  force?: boolean;
  quiet?: boolean;
  report?: boolean;
  precision?: string;
  dryRun?: boolean;
  resume?: boolean;
}

/** The HTML report (loaded only when asked for: vega takes most of a second to load). */
async function writeReportOf(path: string, quiet?: boolean, x?: string): Promise<void> {
  const { writeReportOf: write } = await import('../output/report/index.js');
  const result = await write(path, x === undefined ? {} : { x });
  for (const w of result.warnings) process.stderr.write(`report: vega-lite: ${w}\n`);
  if (!quiet) process.stderr.write(`report: ${result.file} (${result.charts.length} charts, ${(result.bytes / 1024).toFixed(0)} KiB)\n`);
}

async function experimentAction(command: 'run' | 'sweep', scenarioArg: string | undefined, flags: ExperimentFlags, argv: string[]) {
  // Parsing a large file is synchronous: a signal then ends the process at once (../app/signals.ts).
  const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
  const varies = (flags.vary ?? []).map(parseVary);
  if (command === 'sweep' && varies.length === 0)
    throw new UsageError('sweep: give at least one --vary path=values (for example --vary fanout=1,2,4,8,16)', 'vary');
  if (!flags.quiet)
    for (const w of effectWarnings(scenario, [...userPaths(scenario), ...varies.map((v) => v.path)])) process.stderr.write(`orchsim: warning: ${w}\n`);
  if (flags.shardCount !== undefined && flags.shard !== 'auto') throw new UsageError('--shard-count: only with --shard auto (--shard K/N gives the count itself)', 'shard-count');
  const note = (text: string) => {
    if (!flags.quiet) process.stderr.write(`orchsim: ${text}\n`);
  };
  const shard = flags.shard === 'auto' ? shardFromEnv(process.env, flags.shardCount, note) : flags.shard;
  const shardSuffix = shard && shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : '';
  const out = flags.out ?? `results/${slug(scenario.name)}-${command}${shardSuffix}`;
  // A requeued or resubmitted task whose shard is already complete has nothing to do (../app/shardRerun.ts).
  if (shard && !flags.force && !flags.dryRun && !flags.precision) {
    const done = completeOutput(out, { command, scenario, varies, seed: flags.seed, runs: flags.runs ?? scenario.defaultRuns, shard, changes: flags.changes });
    if (done) {
      note(done);
      return;
    }
  }
  // A task of an array job continues what an earlier attempt journaled (a requeue after a node failed, a time limit).
  if (flags.shard === 'auto' && flags.resume === undefined && existsSync(journalPath(out))) flags.resume = true;
  let progress: Progress | null = null;
  let shown = 0;
  const started = performance.now();
  const capped = capWorkers(flags.workers, usableCpus());
  if (capped.warning) process.stderr.write(`orchsim: ${capped.warning}\n`);
  // --runs wins; otherwise the scenario's own (a stream preset carries a sensible number).
  const runs = flags.precision
    ? await precisionRuns(scenario, varies, flags.seed, flags.precision, flags.runs ?? scenario.defaultRuns, flags.quiet)
    : (flags.runs ?? scenario.defaultRuns);
  // meta.json records the command that made the output: a resumed run's is the interrupted one's.
  const recorded = argv.filter((a) => a !== '--resume');
  const options = { command, scenario, varies, runs, seed: flags.seed, workers: capped.workers, shard, out, force: flags.force, changes: flags.changes, argv: recorded, resume: flags.resume };
  if (flags.dryRun) {
    const estimate = planExperiment(options);
    process.stdout.write(
      `orchsim ${command} --dry-run${flags.resume ? ' --resume (what is left)' : ''}: nothing is written\nout:           ${out}\nshard:         ${shard ? `${shard.index}/${shard.count}` : 'the whole run'}\n${describeEstimate(estimate)}\n`,
    );
    checkRunFits(estimate, options.changes ?? changesByDefault(scenario, runs * Math.max(1, estimate.points)));
    return;
  }
  const result: ExperimentResult = await runExperiment({
    ...options,
    report: flags.report,
    onEstimate: (estimate) => {
      if (!flags.quiet && estimate.seconds > LONG_RUN_SECONDS) process.stderr.write(`orchsim: a long run:\n${describeEstimate(estimate)}\n`);
    },
    onOutputDir: trackOutput,
    onJournal: trackJournal,
    onChunkJournaled: testStopHook(process.env),
    onProgress: (done, total) => {
      progress ??= new Progress(total, command, !flags.quiet, process.stderr, started);
      progress.tick(done - shown);
      shown = done;
    },
  });
  (progress as Progress | null)?.finish();
  if (!flags.quiet && varies.length && sweepWithoutEffect(result.rows))
    process.stderr.write(`orchsim: warning: every point gave the same results: ${varies.map((v) => v.path).join(', ')} changed nothing here\n`);
  if (flags.changes === undefined && scenario.mode.kind === 'stream' && !result.meta.changes && !flags.quiet)
    process.stderr.write(
      `orchsim: changes.csv not written: about ${Math.round(result.changesRowsExpected).toLocaleString('en-US')} rows; pass --changes to write it\n`,
    );
  if (!flags.quiet) {
    // Whether the verdict holds across the judgment ranges (issue 22): one line under the verdict, and the command to see why.
    let robustness: string | undefined;
    if (command === 'run' && varies.length === 0 && !(shard && shard.count > 1)) {
      const see = ['orchsim robustness', scenarioArg ?? '', ...flags.set.map((s) => `--set ${s}`)].filter(Boolean).join(' ');
      robustness = await fragilityLine(scenario, { runs, seed: flags.seed, workers: capped.workers, lastDir: `results/${slug(scenario.name)}-robustness`, command: see });
    }
    const report = { ...result.report, outDir: flags.out ?? out, ...(robustness ? { robustness } : {}) };
    process.stdout.write(renderReport(report, { color: color() }));
    printObserved(scenario, result, varies.length);
  }
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

function experimentOptions(cmd: Command): Command {
  return cmd
    .option('-n, --runs <N>', "replications (per sweep point); default: the scenario's defaultRuns (10,000 in the default)", wholeNumber(1, 1e9))
    .option('-s, --seed <S>', 'random seed: the same seed gives the same results, byte for byte', seedArg, 1)
    .option(
      '-w, --workers <W>',
      `threads, this one included; auto (the default): up to the CPUs this job may use (${usableCpus().cpus} here: the cores, SLURM_CPUS_PER_TASK or the cgroup's quota), the others started only once the work left is worth their start-up`,
      workersArg,
      'auto',
    )
    .option('-o, --out <DIR>', 'output directory (default: results/<scenario>-<command>)')
    .option('--set <path=value>', 'change one scenario field, e.g. --set review.reviewers=4 (repeatable)', collect, [])
    .addOption(
      new Option(
        '--shard <K/N>',
        'run only the K-th of N deterministic slices of the work (merge them with orchsim merge); auto: K and N from a Slurm, Kubernetes, AWS Batch or GNU parallel array task',
      ).argParser(shardArg),
    )
    .option('--shard-count <N>', 'with --shard auto: the number of shards, where the scheduler does not set it (Kubernetes, GNU parallel)', wholeNumber(1, 1e6))
    .option('--changes', 'also write changes.csv, one row per change (default in stream mode)')
    .option('--no-changes', 'do not write changes.csv, even in stream mode')
    .option('-f, --force', 'replace the output directory if it exists')
    .option('--resume', 'continue an interrupted run of the same command from its journal (<out>.partial/): the same bytes as an uninterrupted run')
    .option('--report', 'also write report.html (charts) in the output directory')
    .option('--dry-run', 'print the plan (points, replications, estimated time, memory and disk) and write nothing')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--precision <X%>', "replicate in batches until each headline metric's 95% interval is within X% of its value; --runs is then the cap");
}

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

const SWEEP_EXAMPLES = `
Values of --vary:
  fanout=1,2,4,8,16            a list
  fanout=1..16                 every whole number from 1 to 16
  fanout=1..64*2               geometric: 1, 2, 4, ... 64
  failure.gate.catchProbability=0.2..0.8:0.2      from 0.2 to 0.8 in steps of 0.2
  regimes=[single,fanout],[human,fanout]          lists (YAML flow syntax)
Several --vary give every combination (the first varies slowest). Every point runs on common
random numbers: replication r draws the same changes and luck at every point.

Examples:
  orchsim sweep --vary fanout=1..16 -n 5000
  orchsim sweep review-bottleneck --vary fanout=1,2,4,8,16 --vary review.reviewers=2,4
  orchsim sweep --vary failure.gate.catchProbability=0.2..0.9:0.1 --set fanout=8`;

export function buildProgram(argv: string[]): Command {
  const program = new Command();
  program
    .name('orchsim')
    .description('Discrete-event Monte Carlo simulator: does fanning work out to N parallel AI subagents pay, and when?')
    .version(version(), '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  orchsim run                                        the default scenario: summary on screen, files in results/
  orchsim sweep --vary fanout=1,2,4,8,16             where does a wider fan-out stop paying?
  orchsim presets                                    the shipped scenarios
  orchsim init test-backfill                         copy one here to edit
  orchsim validate my-team.yaml                      check a scenario, print it with every default

Exit codes: 0 done, 2 bad input (nothing written), 1 internal error, 130/143/129 interrupted by
SIGINT/SIGTERM/SIGHUP (nothing written; a previous output is left as it was; a run or sweep keeps
its finished chunks in <out>.partial/ for --resume).`,
    );

  experimentOptions(program.command('run [scenario]'))
    .description('replications of one scenario (a YAML/JSON file, a preset name, or the embedded default)')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (scenario: string | undefined, flags: ExperimentFlags) => experimentAction('run', scenario, flags, argv));

  experimentOptions(program.command('sweep [scenario]'))
    .description('the grid of every combination of --vary values, all on common random numbers')
    .option('--vary <path=values>', 'a parameter and its values (repeatable; see below)', collect, [])
    .addHelpText('after', SWEEP_EXAMPLES)
    .action(async (scenario: string | undefined, flags: ExperimentFlags) => experimentAction('sweep', scenario, flags, argv));

  program
    .command('validate <file>')
    .description('check a scenario and print it resolved, with every default filled in')
    .option('--set <path=value>', 'apply overrides first (repeatable)', collect, [])
    .option('--json', 'print JSON instead of YAML')
    .addHelpText('after', '\nExamples:\n  orchsim validate my-team.yaml\n  orchsim validate configs/default.yaml --set fanout=8 --json')
    .action(async (file: string, flags: { set: string[]; json?: boolean }) => {
      // Synchronous from the file to the text printed, and writing no file: a signal ends it at once (../app/signals.ts).
      const { scenario, source } = await withDefaultSignals(() => {
        const loaded = loadScenario(file, flags.set);
        compileOrUsage(loaded.scenario, ` (${file})`);
        return loaded;
      });
      process.stderr.write(`orchsim: ${source} is a valid scenario\n`);
      for (const w of effectWarnings(scenario, userPaths(scenario))) process.stderr.write(`orchsim: warning: ${w}\n`);
      process.stdout.write(flags.json ? `${JSON.stringify(scenario, null, 2)}\n` : toYaml(scenario, { lineWidth: 0 }));
    });

  program
    .command('presets')
    .description('list the shipped scenarios (configs/*.yaml)')
    .addHelpText('after', '\nExamples:\n  orchsim presets\n  orchsim run test-backfill      run one by name\n  orchsim init test-backfill     copy one here to edit')
    .action(() => {
      const presets = listPresets();
      if (presets.length === 0) {
        process.stdout.write('no presets found (configs/*.yaml); orchsim init writes the embedded default\n');
        return;
      }
      process.stdout.write(`${table(['preset', 'description'], presets.map((p) => [p.name, p.description]))}\n`);
    });

  program
    .command('init [preset]')
    .description('write a preset scenario (default: default) to the current directory to start from')
    .option('-o, --out <FILE>', 'file to write (default: <preset>.yaml)')
    .option('-f, --force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExamples:\n  orchsim init                  writes default.yaml\n  orchsim init high-stakes --out team.yaml')
    .action((presetName: string | undefined, flags: { out?: string; force?: boolean }) => {
      const name = presetName ?? 'default';
      const preset = findPreset(name);
      let text: string;
      if (preset) text = readFileSync(preset.file, 'utf8');
      else if (name === 'default')
        text = `# The embedded default scenario of orchsim ${version()}: edit, then orchsim run ${flags.out ?? 'default.yaml'}\n${toYaml(DEFAULT_SCENARIO, { lineWidth: 0 })}`;
      else {
        const names = listPresets().map((p) => p.name);
        throw new UsageError(`init: no preset '${name}'${names.length ? ` (presets: ${names.join(', ')})` : ''}`, 'preset');
      }
      const out = flags.out ?? `${name}.yaml`;
      // The copy is named after its file, so that its results do not land in the preset's folder
      // (results/<name>-run): `init --out team.yaml` runs into results/team-run.
      const stem = basename(out).replace(/\.(ya?ml|json)$/i, '');
      if (stem !== name && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stem)) text = text.replace(/^name: .*$/m, `name: ${stem}`);
      writeFileAtomic(out, text, flags.force ?? false);
      process.stdout.write(`wrote ${out}: edit it, then orchsim run ${out}\n`);
    });

  program
    .command('merge <dirs...>')
    .description('combine the outputs of the shards of one run or sweep (all N of them)')
    .requiredOption('-o, --out <DIR>', 'output directory')
    .option('-f, --force', 'replace the output directory if it exists')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
The merged runs.csv, changes.csv and summary.csv are byte-identical to the unsharded run's.

Examples:
  orchsim merge results/shard-* --out results/merged
  for k in 1 2 3 4; do orchsim run -n 1000000 --shard $k/4 --out results/shard-$k & done; wait
  orchsim merge results/shard-1 results/shard-2 results/shard-3 results/shard-4 --out results/all`,
    )
    .action(async (dirs: string[], flags: { out: string; force?: boolean; quiet?: boolean }) => {
      const result = await mergeOutputs({ dirs, out: flags.out, force: flags.force, argv, onOutputDir: trackOutput, onNote: (text) => !flags.quiet && process.stderr.write(`orchsim: ${text}\n`) });
      if (!flags.quiet) process.stdout.write(renderReport({ ...result.report, outDir: flags.out }, { color: color() }));
    });

  program
    .command('schema')
    .description('print the JSON Schema of a scenario file (for editor completion and checks)')
    .option('-o, --out <FILE>', 'write it to a file instead')
    .option('-f, --force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExamples:\n  orchsim schema --out orchsim.schema.json\n  # then in a YAML file: # yaml-language-server: $schema=./orchsim.schema.json')
    .action((flags: { out?: string; force?: boolean }) => {
      const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
      if (flags.out) writeFileAtomic(flags.out, text, flags.force ?? false);
      else process.stdout.write(text);
    });

  program
    .command('dictionary [scenario]')
    .description('print the data dictionary of the output files (every column and its unit) for a scenario')
    .option('--set <path=value>', 'change one scenario field (repeatable)', collect, [])
    .option('-o, --out <FILE>', 'write it to a file instead')
    .option('-f, --force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExamples:\n  orchsim dictionary                       the columns of the default scenario\n  orchsim dictionary --out results/README.md --force')
    .action(async (scenarioArg: string | undefined, flags: { set: string[]; out?: string; force?: boolean }) => {
      const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
      const text = dataDictionary({ tiers: Object.keys(scenario.prices.tiers) });
      if (flags.out) writeFileAtomic(flags.out, text, flags.force ?? false);
      else process.stdout.write(text);
    });

  program
    .command('trace [scenario]')
    .description('every step of one replication under every regime, as CSV (a Gantt chart)')
    .option('-r, --replication <R>', 'which replication', wholeNumber(0), 0)
    .option('-s, --seed <S>', 'random seed', seedArg, 1)
    .option('--set <path=value>', 'change one scenario field (repeatable)', collect, [])
    .option('-o, --out <FILE>', 'write to a file instead of standard output')
    .option('-f, --force', 'overwrite the file if it exists')
    .option('--report', 'also write the Gantt chart: FILE.html beside FILE.csv (and FILE.meta.json, which it reads)')
    .addHelpText('after', '\nExamples:\n  orchsim trace --out trace.csv\n  orchsim trace configs/default.yaml --replication 17 --seed 3 --set fanout=8\n  orchsim trace review-bottleneck --out rb-trace.csv --report')
    .action(async (scenarioArg: string | undefined, flags: { replication: number; seed: number | string; set: string[]; out?: string; force?: boolean; report?: boolean }) => {
      if (flags.report && !flags.out) throw new UsageError('trace --report: give --out FILE.csv (the report is written beside it)', 'out');
      const { scenario } = await withDefaultSignals(() => loadScenario(scenarioArg, flags.set));
      const model = compileOrUsage(scenario);
      const steps = traceSteps(model, flags.seed, flags.replication);
      const text = traceCsv(steps);
      if (!flags.out) {
        process.stdout.write(text);
        return;
      }
      writeFileAtomic(flags.out, text, flags.force ?? false);
      process.stderr.write(`wrote ${flags.out}: ${steps.length} steps\n`);
      if (flags.report) {
        const { traceMetaFile } = await import('../output/report/index.js');
        const meta = { orchsim: version(), command: 'trace', argv, scenarioName: scenario.name, scenario, seed: flags.seed, replication: flags.replication };
        writeFileAtomic(traceMetaFile(flags.out), `${JSON.stringify(meta, null, 2)}\n`, flags.force ?? false);
        await writeReportOf(flags.out);
      }
    });

  // breakeven and sensitivity: answers from the analysis library (src/analysis).
  registerAnalysisCommands(program, { wholeNumber, seedArg, collect, slug, workersArg, writeReport: writeReportOf, trackJournal }, argv);
  registerRobustnessCommand(program, { wholeNumber, seedArg, collect, slug, workersArg, writeReport: writeReportOf, trackJournal }, argv);

  // fit and calibrate: a team's own data into a scenario (src/calibrate).
  registerCalibrationCommands(program, { wholeNumber, seedArg, collect, loadScenario: (arg) => withDefaultSignals(() => loadScenario(arg)) });

  program
    .command('report <path>')
    .description('write report.html (charts of every analysis) from the files of a run, a sweep, a sensitivity, a break-even or a trace')
    .option('--x <PATH>', "a sweep's x-axis: one of its --vary paths (default: fanout when swept, else the first --vary)")
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
PATH is an output directory of run, sweep, sensitivity or breakeven (writes PATH/report.html and
PATH/<chart>.vl.json), or a
trace CSV written with trace --report (writes FILE.html and FILE.<chart>.vl.json beside it). The
page opens offline and prints; each .vl.json is the chart's Vega-Lite spec, data inline.

Examples:
  orchsim report results/default-run
  orchsim run --report                 the same, at the end of a run
  orchsim trace --out t.csv --report
  orchsim report results/grid-sweep --x review.reviewers`,
    )
    .action(async (path: string, flags: { quiet?: boolean; x?: string }) => writeReportOf(path, flags.quiet, flags.x));

  // Every command: commander errors become exceptions (mapped to exit code 2 below).
  const configure = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({ outputError: (str, write) => write(`orchsim: ${str.replace(/^error: /, '')}`) });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Is this a mistake in the user's input (exit 2) rather than a bug (exit 1)? */
export function isUsageError(err: unknown): err is InputError {
  // By class: a worker's error arrives rebuilt as its own class (../errors).
  return err instanceof InputError;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  try {
    checkArgv(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return 0;
      return 2; // commander already printed the message
    }
    if (isUsageError(err)) {
      process.stderr.write(`orchsim: ${err.message}\n`);
      return 2;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`orchsim: internal error: ${e.message}\n${process.env.ORCHSIM_DEBUG ? `${e.stack}\n` : '(set ORCHSIM_DEBUG=1 for the stack trace)\n'}`);
    return 1;
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  }
}
