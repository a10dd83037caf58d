/**
 * The orchsim command line (the bin, main.ts, only calls main()). Exit codes: 0 done, 2 bad input (a flag, a scenario, a grid, an
 * output directory: nothing is written), 1 an internal error, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { stringify as toYaml } from 'yaml';
import { DEFAULT_SCENARIO, ScenarioError, scenarioJsonSchema, traceReplication } from '../model/index.js';
import { DistributionParameterError } from '../random/index.js';
import { parseShard, parseVary, UsageError, WorkerTaskError, type Shard } from '../experiment/index.js';
import { csvLine, dataDictionary, numberCell, OutputDir, Progress, renderReport, table, writeFileAtomic } from '../output/index.js';
import { runExperiment, type ExperimentResult } from './app.js';
import { mergeOutputs } from './merge.js';
import { version } from './paths.js';
import { compileOrUsage, findPreset, listPresets, loadScenario } from './scenario.js';
import { registerCalibrationCommands } from '../calibrate/commands.js';

const DEFAULT_RUNS = 10_000;

let activeOutput: OutputDir | null = null;
const trackOutput = (dir: OutputDir | null) => {
  activeOutput = dir;
};

function onSignal(signal: NodeJS.Signals): void {
  activeOutput?.abort();
  process.stderr.write(`\norchsim: interrupted (${signal}); nothing was written\n`);
  process.exit(130);
}

// ---- argument parsers (throwing InvalidArgumentError makes commander report the flag) ----

function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const v = Number(text.replace(/_/g, ''));
    if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max)
      throw new InvalidArgumentError(`expected a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`);
    return v;
  };
}

function workersArg(text: string): number | 'auto' {
  if (text.trim() === 'auto') return 'auto';
  try {
    return wholeNumber(1, 1024)(text);
  } catch {
    throw new InvalidArgumentError('expected auto or a whole number from 1 to 1,024.');
  }
}

function seedArg(text: string): number | string {
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (/^[A-Za-z0-9_.:-]+$/.test(text)) return text;
  throw new InvalidArgumentError('expected a whole number or a word (letters, digits, _ . : -).');
}

function shardArg(text: string): Shard {
  try {
    return parseShard(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--shard [^:]*: /, ''));
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

// ---- helpers ----

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
}

function color(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

interface ExperimentFlags {
  runs: number;
  seed: number | string;
  workers: number | 'auto';
  out?: string;
  set: string[];
  vary?: string[];
  shard?: Shard;
  changes?: boolean;
  force?: boolean;
  quiet?: boolean;
}

async function experimentAction(command: 'run' | 'sweep', scenarioArg: string | undefined, flags: ExperimentFlags, argv: string[]) {
  const { scenario } = loadScenario(scenarioArg, flags.set);
  const varies = (flags.vary ?? []).map(parseVary);
  if (command === 'sweep' && varies.length === 0)
    throw new UsageError('sweep: give at least one --vary path=values (for example --vary fanout=1,2,4,8,16)', 'vary');
  const shard = flags.shard;
  const shardSuffix = shard && shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : '';
  const out = flags.out ?? `results/${slug(scenario.name)}-${command}${shardSuffix}`;
  let progress: Progress | null = null;
  let shown = 0;
  const started = performance.now();
  const result: ExperimentResult = await runExperiment({
    command,
    scenario,
    varies,
    runs: flags.runs,
    seed: flags.seed,
    workers: flags.workers,
    shard,
    out,
    force: flags.force,
    changes: flags.changes,
    argv,
    onOutputDir: trackOutput,
    onProgress: (done, total) => {
      progress ??= new Progress(total, command, !flags.quiet, process.stderr, started);
      progress.tick(done - shown);
      shown = done;
    },
  });
  (progress as Progress | null)?.finish();
  if (!flags.quiet) {
    const report = { ...result.report, outDir: flags.out ?? out };
    process.stdout.write(renderReport(report, { color: color() }));
  }
}

function experimentOptions(cmd: Command): Command {
  return cmd
    .option('-n, --runs <N>', 'replications (per sweep point)', wholeNumber(1, 1e9), DEFAULT_RUNS)
    .option('-s, --seed <S>', 'random seed: the same seed gives the same results, byte for byte', seedArg, 1)
    .option(
      '-w, --workers <W>',
      `threads, this one included; auto (the default): up to the machine's cores (${availableParallelism()} here), the others started only once the work left is worth their start-up`,
      workersArg,
      'auto',
    )
    .option('-o, --out <DIR>', 'output directory (default: results/<scenario>-<command>)')
    .option('--set <path=value>', 'change one scenario field, e.g. --set review.reviewers=4 (repeatable)', collect, [])
    .addOption(new Option('--shard <K/N>', 'run only the K-th of N deterministic slices of the work (merge them with orchsim merge)').argParser(shardArg))
    .option('--changes', 'also write changes.csv, one row per change (default in stream mode)')
    .option('--no-changes', 'do not write changes.csv, even in stream mode')
    .option('-f, --force', 'replace the output directory if it exists')
    .option('-q, --quiet', 'print nothing but errors');
}

const RUN_EXAMPLES = `
Examples:
  orchsim run                                   the embedded default scenario, 10,000 replications
  orchsim run configs/test-backfill.yaml -n 50000 --seed 7
  orchsim run test-backfill --set fanout=8 --set review.reviewers=3
  orchsim run my-team.yaml --out results/my-team --force
  orchsim run --runs 1000000 --shard 3/8 --out results/shard-3    one slice of eight (see merge)

Outputs (in --out): runs.csv, summary.csv, meta.json, README.md (the data dictionary), and
changes.csv in stream mode or with --changes. Same seed: byte-identical CSV files on any
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

Exit codes: 0 done, 2 bad input (nothing written), 1 internal error, 130 interrupted.`,
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
    .action((file: string, flags: { set: string[]; json?: boolean }) => {
      const { scenario, source } = loadScenario(file, flags.set);
      compileOrUsage(scenario, ` (${file})`);
      process.stderr.write(`orchsim: ${source} is a valid scenario\n`);
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
      const result = await mergeOutputs({ dirs, out: flags.out, force: flags.force, argv, onOutputDir: trackOutput });
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
    .action((scenarioArg: string | undefined, flags: { set: string[]; out?: string; force?: boolean }) => {
      const { scenario } = loadScenario(scenarioArg, flags.set);
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
    .addHelpText('after', '\nExamples:\n  orchsim trace --out trace.csv\n  orchsim trace configs/default.yaml --replication 17 --seed 3 --set fanout=8')
    .action((scenarioArg: string | undefined, flags: { replication: number; seed: number | string; set: string[]; out?: string; force?: boolean }) => {
      const { scenario } = loadScenario(scenarioArg, flags.set);
      const model = compileOrUsage(scenario);
      const rows = traceReplication(model, flags.seed, flags.replication);
      const cols = ['regime', 'change', 'step', 'subtask', 'attempt', 'tier', 'start_hours', 'end_hours', 'input_tokens', 'cache_read_tokens', 'cache_write_tokens', 'output_tokens', 'outcome'];
      const lines = [csvLine(cols)];
      for (const r of rows)
        lines.push(
          csvLine([
            r.regime,
            String(r.change),
            r.step,
            String(r.subtask),
            String(r.attempt),
            r.tier,
            numberCell(r.startHours),
            numberCell(r.endHours),
            numberCell(r.inputTokens),
            numberCell(r.cacheReadTokens),
            numberCell(r.cacheWriteTokens),
            numberCell(r.outputTokens),
            r.outcome,
          ]),
        );
      const text = `${lines.join('\n')}\n`;
      if (flags.out) {
        writeFileAtomic(flags.out, text, flags.force ?? false);
        process.stderr.write(`wrote ${flags.out}: ${rows.length} steps\n`);
      } else process.stdout.write(text);
    });

  // fit and calibrate: a team's own data into a scenario (src/calibrate).
  registerCalibrationCommands(program, { wholeNumber, seedArg, collect, loadScenario: (arg) => loadScenario(arg) });

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
export function isUsageError(err: unknown): err is Error & { field?: string } {
  return (
    err instanceof UsageError ||
    err instanceof ScenarioError ||
    err instanceof DistributionParameterError ||
    (err instanceof WorkerTaskError && ['UsageError', 'ScenarioError', 'DistributionParameterError'].includes(err.name))
  );
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
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
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
