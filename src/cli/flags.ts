/**
 * The flags several commands share, defined once: those of run and sweep (experimentFlags), those
 * of every analysis command (common: breakeven, sensitivity, robustness), and the small sets the
 * others repeat. The parsers of their values are ./args.ts.
 */
import { Option, type Command } from 'commander';
import type { Shard } from '../experiment/index.js';
import { usableCpus } from '../app/cpuQuota.js';
import { collect, seedArg, shardArg, wholeNumber, workersArg } from './args.js';

/** The flags of run and sweep. */
export interface ExperimentFlags {
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

export function experimentFlags(cmd: Command): Command {
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

/** The flags every analysis command takes (breakeven, sensitivity, robustness). */
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

/** Adds CommonFlags to an analysis command; `runs` says what its --runs counts. */
export function common(cmd: Command, runs = "replications per probe or point (default: the scenario's defaultRuns; a sensitivity: block's runs first)"): Command {
  return cmd
    .option('-n, --runs <N>', runs, wholeNumber(2, 1e9))
    .option('-s, --seed <S>', 'random seed: the same seed gives the same results, byte for byte', seedArg, 1)
    .option('-o, --out <DIR>', 'output directory (default: results/<scenario>-<command>)')
    .option('--set <path=value>', 'change one scenario field first (repeatable)', collect, [])
    .option('-f, --force', 'replace the output directory if it exists')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--resume', 'continue an interrupted run of the same command from its journal (<out>.partial/): the same bytes as an uninterrupted run')
    .option('--report', 'also write report.html (charts) in the output directory');
}

/** `--set` of the commands that only read a scenario (dictionary, trace). */
export function setFlag(cmd: Command): Command {
  return cmd.option('--set <path=value>', 'change one scenario field (repeatable)', collect, []);
}

/** The flags of a command that prints a text or writes it to a file (schema, dictionary, trace). */
export interface FileOutFlags {
  out?: string;
  force?: boolean;
}

export function fileOutFlags(cmd: Command, out = 'write it to a file instead'): Command {
  return cmd.option('-o, --out <FILE>', out).option('-f, --force', 'overwrite the file if it exists');
}

/** The flag of the analysis commands that use threads (sensitivity, robustness). */
export function workersFlag(cmd: Command): Command {
  return cmd.option('-w, --workers <W>', 'threads, this one included; auto (the default): the cores once the work pays for starting them', workersArg, 'auto');
}
