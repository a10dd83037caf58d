/**
 * Running one task (a contiguous range of replications of one sweep point) on one thread. The
 * outcomes go to a sink, which formats them (the output layer provides one that writes CSV text
 * and keeps the summary metrics): this layer only simulates.
 */
import { compileScenario, RegimeRunCache, Replicator, sharedReuseKeys, type CompiledModel, type ReplicationOutcome, type Scenario } from '../model/index.js';
import type { Segment } from './shard.js';
import type { Description } from './stats.js';
import { DescribeMemo } from './sharedJobs.js';
import type { DescribeJob } from './summary.js';

export interface ReplicationSink<R> {
  /** A new task starts. */
  begin(task: Segment): void;
  /** One replication's outcome (its changes present when the sink asked for them). */
  add(point: number, outcome: ReplicationOutcome): void;
  /** The task is done: its result. */
  end(): R;
}

/**
 * Each sweep point's replicator, on the point's compiled model: the one given (an experiment's
 * plan compiled every point once, for this thread), or compiled here once, lazily (a worker
 * thread: a compiled model does not cross threads). Keeps the replicator of the last point used.
 * A regime whose reuse key (../model/reuse.ts: what it reads) is the same at several points is
 * simulated once per replication and reused at the others.
 */
export class PointReplicators {
  private current: { point: number; replicator: Replicator } | null = null;
  private readonly reuse: RegimeRunCache | undefined;
  private readonly models: readonly CompiledModel[] | undefined;
  /** Descriptions repeated across points (an unchanged regime's columns) are made once per thread. */
  readonly memo = new DescribeMemo();

  constructor(
    private readonly scenarios: readonly Scenario[],
    private readonly seed: number | string,
    options: { reuse?: boolean; models?: readonly CompiledModel[] } = {},
  ) {
    this.models = options.models;
    const shared = options.reuse === false ? new Set<string>() : sharedReuseKeys(scenarios);
    this.reuse = shared.size ? new RegimeRunCache(shared) : undefined;
  }

  get(point: number): Replicator {
    if (this.current?.point !== point) {
      const scenario = this.scenarios[point];
      if (!scenario) throw new Error(`internal: no scenario for sweep point ${point}`);
      this.current = { point, replicator: new Replicator(this.models?.[point] ?? compileScenario(scenario), this.seed, { reuse: this.reuse }) };
    }
    return this.current.replicator;
  }
}

export function runTask<R>(replicators: PointReplicators, task: Segment, sink: ReplicationSink<R>, keepChanges: boolean): R {
  const replicator = replicators.get(task.point);
  sink.begin(task);
  for (let r = task.from; r < task.to; r++) sink.add(task.point, replicator.run(r, { keepChanges }));
  return sink.end();
}

/**
 * The pool's tasks in an experiment: replication ranges, then (a later phase, once every
 * replication is in) the summary's describe jobs, so that the quantiles also run on every thread.
 */
export type ExperimentTask = { kind: 'replications'; segment: Segment } | { kind: 'describe'; job: DescribeJob; slot?: number };

export const taskPhase = (task: ExperimentTask): number => (task.kind === 'replications' ? 0 : 1);

/** Runs one experiment task on this thread: a chunk of replications, or a description. */
export function runExperimentTask<R>(
  replicators: PointReplicators,
  task: ExperimentTask,
  sink: ReplicationSink<R>,
  keepChanges: boolean,
): R | Description {
  return task.kind === 'replications' ? runTask(replicators, task.segment, sink, keepChanges) : replicators.memo.describe(task.job, task.slot);
}
