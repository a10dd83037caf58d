/**
 * What a command does when a flag is not given, and what it records of its command line: rules of
 * the application that the command line used to carry (issue 26), one place for every command.
 */
import { existsSync } from 'node:fs';
import type { Scenario } from '../model/index.js';
import type { Shard } from '../experiment/index.js';
import { journalPath } from './resume.js';
import { completeOutput, type RerunKey } from './shardRerun.js';

/** A scenario's name as a folder name: lower case, runs of other characters as one dash. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
}

/** Where a command writes without --out: results/<scenario>-<command>, and a shard's own folder (-shard-K-of-N). */
export function defaultOutDir(scenarioName: string, command: string, shard?: Shard): string {
  const shardSuffix = shard && shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : '';
  return `results/${slug(scenarioName)}-${command}${shardSuffix}`;
}

/** The command line meta.json records: a resumed command's is the interrupted one's (without --resume). */
export function recordedArgv(argv: readonly string[]): string[] {
  return argv.filter((a) => a !== '--resume');
}

/** The smallest number of replications an analysis takes (its intervals need two). */
export const ANALYSIS_MIN_RUNS = 2;

/** Replications of an analysis: the flag wins, then the scenario's block (sensitivity.runs), then its defaultRuns. */
export function analysisRuns(flag: number | undefined, scenario: Scenario, block?: number): number {
  return flag ?? block ?? Math.max(ANALYSIS_MIN_RUNS, scenario.defaultRuns);
}

/** Inner replications of a robustness analysis when --runs is not given: the scenario's defaultRuns, at most this (each of the draws runs them all). */
export const ROBUSTNESS_RUNS_CAP = 500;

export function robustnessRuns(flag: number | undefined, scenario: Scenario): number {
  return flag ?? Math.min(scenario.defaultRuns, ROBUSTNESS_RUNS_CAP);
}

/** A task of an array job about to run one shard of a run or sweep. */
export interface ShardTask extends RerunKey {
  out: string;
  /** The shard was read from the scheduler's environment (--shard auto). */
  fromEnvironment: boolean;
  force?: boolean;
  dryRun?: boolean;
  precision?: boolean;
  resume?: boolean;
}

/**
 * Before a shard runs: `done` when its output is already complete for the same run (a requeued or
 * resubmitted task has nothing to do: ./shardRerun.ts), else whether to resume; a task of an array
 * job continues what an earlier attempt journaled (a requeue after a node failed, a time limit).
 */
export function shardTaskStart(task: ShardTask): { done: string } | { done?: undefined; resume?: boolean } {
  if (!task.force && !task.dryRun && !task.precision) {
    const { command, scenario, varies, seed, runs, shard, changes } = task;
    const done = completeOutput(task.out, { command, scenario, varies, seed, runs, shard, changes });
    if (done) return { done };
  }
  if (task.fromEnvironment && task.resume === undefined && existsSync(journalPath(task.out))) return { resume: true };
  return { resume: task.resume };
}
