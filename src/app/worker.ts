/**
 * Worker thread entry: compiles the sweep points' models and runs tasks: replication ranges,
 * returning CSV text and the summary values (transferred, not copied), and then the summary's
 * describe jobs (reading the shared columns in place). Its data comes as
 * `workerData`, or, in a thread started before the work was known, as a first message `{ init }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../model/index.js';
import { PointReplicators, runExperimentTask, type ExperimentTask } from '../experiment/chunk.js';
import { errorPayload } from '../errors/index.js';
import type { WorkerErrorPayload } from '../experiment/pool.js';
import { CsvSink, type SinkInit } from '../output/sink.js';

interface WorkerInit {
  scenarios: Scenario[];
  seed: number | string;
  sink: SinkInit;
  keepChanges: boolean;
}

interface Work {
  data: WorkerInit;
  replicators: PointReplicators;
  sink: CsvSink;
}

const workOf = (data: WorkerInit): Work => ({ data, replicators: new PointReplicators(data.scenarios, data.seed), sink: new CsvSink(data.sink) });

let work: Work | null = workerData ? workOf(workerData as WorkerInit) : null;

parentPort!.on('message', (msg: { init: WorkerInit } | { index: number; task: ExperimentTask }) => {
  if ('init' in msg) {
    work = workOf(msg.init);
    return;
  }
  try {
    if (!work) throw new Error('internal: a task arrived before the worker data');
    const result = runExperimentTask(work.replicators, msg.task, work.sink, work.data.keepChanges);
    const transfer =
      'runs' in result
        ? ([result.values.buffer, result.runs.buffer, result.changes.buffer, result.sums.totals.buffer, result.sums.counts.buffer, result.reviewSeries?.buffer].filter((b, i, all) => b !== undefined && b.byteLength > 0 && all.indexOf(b) === i) as ArrayBuffer[])
        : [];
    parentPort!.postMessage({ index: msg.index, result }, transfer);
  } catch (err) {
    const error: WorkerErrorPayload = errorPayload(err);
    parentPort!.postMessage({ index: msg.index, error });
  }
});
