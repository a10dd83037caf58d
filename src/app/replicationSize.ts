/**
 * The runaway rules: ceilings on the work of one replication, by formula from the scenario, before
 * anything is drawn or simulated (a closed loop's engineers, an open stream's volume), and the
 * environment variable that raises them. `validate` and `run` both apply them.
 */
import { ScenarioError } from '../errors/index.js';
import { closedLoopChangesBound, HOURS_PER_MONTH, horizonHoursOf, outcomesPerMonth, type CompiledModel } from '../model/index.js';
import { limitFromEnv } from './envLimit.js';
import { HELD_CHANGE_BYTES, showBytes } from './guards.js';

/**
 * Ceilings on one replication's work, in change runs (a change simulated under one regime:
 * changes per replication x regimes), by formula from the scenario, before anything is drawn or
 * simulated: a replication is the smallest piece of a run (no thread or --shard splits it), so
 * one that is too large makes the whole run too large whatever --runs says, and the probe that
 * would measure it could not finish its first step in its budget. `validate` and `run` both apply
 * them (compileOrUsage), within a second.
 *
 * A closed loop keeps every change's record until its replication ends (HELD_CHANGE_BYTES each)
 * and draws every engineer's first change up front: 100,000 engineers over 0.01 days (300,000
 * change runs) took 4.8 s and about 800 MB per replication in the probe, about 13 hours for the
 * scenario's 10,000 replications on one thread. 200,000 change runs hold about 600 MB per thread.
 *
 * An open stream whose changes are not kept runs in memory flat in its horizon, but its time grows
 * with it: 27,000 changes an hour took 11 s of CPU for its first hour (81,000 change runs, about
 * 0.14 ms each on the loaded development machine), so the 58,000,000 change runs of 30 days are
 * about 2 hours per replication. 6,000,000 are about 14 minutes at that speed.
 *
 * ORCHSIM_MAX_CHANGE_RUNS (a whole number) replaces both ceilings, for someone who means it.
 */
export const MAX_HELD_CHANGE_RUNS_PER_REPLICATION = 200_000;
export const MAX_STREAMED_CHANGE_RUNS_PER_REPLICATION = 6_000_000;

/** One replication's size by formula: changes (expected for an open stream, the bound of a closed loop), regimes, and whether it keeps every record. */
export interface ReplicationSize {
  changes: number;
  regimes: number;
  changeRuns: number;
  closedLoop: boolean;
}

/** The size of one replication of `model`, by formula (null in one-change mode: one change per regime). */
export function replicationSize(model: CompiledModel): ReplicationSize | null {
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream') return null;
  const closedLoop = mode.arrivals.per === 'engineer';
  const changes = closedLoop ? closedLoopChangesBound(model) : outcomesPerMonth(model.scenario) * (horizonHoursOf(mode) / HOURS_PER_MONTH);
  const regimes = model.scenario.regimes.length;
  return { changes, regimes, changeRuns: changes * regimes, closedLoop };
}

/** The ceiling in force: ORCHSIM_MAX_CHANGE_RUNS if set, else `fallback`. */
export function changeRunsLimit(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const defaults = `the defaults are ${MAX_HELD_CHANGE_RUNS_PER_REPLICATION} for a closed loop, ${MAX_STREAMED_CHANGE_RUNS_PER_REPLICATION} for an open stream`;
  return limitFromEnv('ORCHSIM_MAX_CHANGE_RUNS', fallback, 'change runs per replication', env, defaults);
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Refuses (ScenarioError naming the field, exit 2) a scenario one replication of which is past its
 * ceiling (see MAX_HELD_CHANGE_RUNS_PER_REPLICATION), with the figures and the fixes.
 */
export function checkReplicationSize(model: CompiledModel, env: NodeJS.ProcessEnv = process.env): void {
  const size = replicationSize(model);
  if (!size) return;
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream') return;
  const limit = changeRunsLimit(size.closedLoop ? MAX_HELD_CHANGE_RUNS_PER_REPLICATION : MAX_STREAMED_CHANGE_RUNS_PER_REPLICATION, env);
  if (!(size.changeRuns > limit)) return;
  const runs = `${count(size.changeRuns)} change runs (${count(size.changes)} changes x ${size.regimes} regimes)`;
  const over = `more than the ${count(limit)} one replication may simulate (a replication is the smallest piece of a run: no thread or --shard splits it)`;
  const override = 'or, to run it all the same, set ORCHSIM_MAX_CHANGE_RUNS to a larger number';
  if (size.closedLoop) {
    const engineers = mode.arrivals.per === 'engineer' ? mode.arrivals.engineers : 0;
    throw new ScenarioError(
      'mode.arrivals.engineers',
      `one replication of a closed loop of ${count(engineers)} engineers over ${mode.horizonDays.toLocaleString('en-US')} days would simulate up to about ${runs}, ${over}, ` +
        `and hold every record until it ends: about ${showBytes(size.changeRuns * HELD_CHANGE_BYTES)} per thread; ` +
        `give fewer engineers, a shorter mode.horizonDays or fewer regimes (replications add volume), ${override}`,
    );
  }
  throw new ScenarioError(
    'mode.horizonDays',
    `one replication of this open stream would simulate about ${runs}, ${over}; ` +
      `shorten mode.horizonDays or lower mode.arrivals.rate (replications add volume), ${override}`,
  );
}
