/**
 * The execute stage of a run or sweep: the plan's replication tasks on the pool of worker threads
 * (./threads.ts decides how many), each result, in canonical order, handed to the write stage
 * (./runOutput.ts) and to the reducer (./collect.ts); then the summary's describe jobs (its
 * quantiles, the costly part) on every thread, reading the reducer's shared columns in place.
 */
import { BootstrapMemo, planPointSummary, PointReplicators, runExperimentTask, runPool, taskPhase, type Description, type ExperimentTask, type SummaryRow } from '../experiment/index.js';
import { CsvSink, type ChunkResult } from '../output/index.js';
import type { RunReducer } from './collect.js';
import type { ExperimentOptions, ExperimentPlan } from './plan.js';
import { WORKER_URL } from './prestart.js';
import type { JournaledOutput } from './runOutput.js';
import { threadsPay } from './threads.js';

export interface Executed {
  /** summary.csv's rows. */
  rows: SummaryRow[];
  /** Worker threads the pool started (this one not counted). */
  threads: number;
  /** performance.now() when the last replication task was in (the summary's clock starts there). */
  replicationsDoneAt: number;
}

/** Runs the plan's tasks into `reducer` and `output` (null: no files) and describes the summary. */
export async function executeExperiment(
  plan: ExperimentPlan,
  reducer: RunReducer,
  output: JournaledOutput | null,
  onProgress: ExperimentOptions['onProgress'],
): Promise<Executed> {
  const { tasks, poolWorkers, probe } = plan.threads;
  const { seed, sinkInit, total } = plan;
  const scenarios = plan.points.map((p) => p.scenario);
  // One bootstrap memo: the points resample the same blocks, and an unchanged regime's columns once.
  const memo = new BootstrapMemo();
  const summaries = reducer.pointValues().map((pv) => planPointSummary(pv, { seed, memo }));
  const poolTasks: ExperimentTask[] = [
    ...tasks.map((segment): ExperimentTask => ({ kind: 'replications', segment })),
    ...summaries.flatMap((summary) => summary.jobs.map((job, slot): ExperimentTask => ({ kind: 'describe', job, slot }))),
  ];
  const descriptions: Description[] = [];
  let done = 0;
  let replicationsDoneAt = 0;
  // This thread simulates the plan's compiled models; a worker thread compiles its own.
  const replicators = new PointReplicators(scenarios, seed, { models: plan.models });
  const { threads } = await runPool<ExperimentTask, ChunkResult | Description>({
    tasks: poolTasks,
    // No more threads than replication tasks: a thread started only to describe columns would cost more than it saves.
    workers: poolWorkers,
    workerUrl: WORKER_URL,
    workerData: { scenarios, seed, sink: sinkInit, keepChanges: sinkInit.changes },
    phase: taskPhase,
    // Decided once, right after the probe (the first task, run here).
    startThreadsWhen: probe ? (tasksRunHere) => tasksRunHere === 1 && threadsPay(probe, replicators.get(probe.point).eventsProcessed, total) : undefined,
    inProcess: () => {
      const sink = new CsvSink(sinkInit);
      return (task) => runExperimentTask(replicators, task, sink, sinkInit.changes);
    },
    onResult: (result, index) => {
      if (index >= tasks.length) {
        descriptions.push(result as Description);
        return;
      }
      const chunk = result as ChunkResult;
      output?.append(chunk);
      done += reducer.add(chunk);
      if (index === tasks.length - 1) replicationsDoneAt = performance.now();
      onProgress?.(done, total);
    },
  });
  if (replicationsDoneAt === 0) replicationsDoneAt = performance.now(); // no replications in this shard
  let used = 0;
  const rows = summaries.flatMap((summary) => summary.finish(descriptions.slice(used, (used += summary.jobs.length))));
  return { rows, threads, replicationsDoneAt };
}
