/**
 * Worker thread entry: compiles the sweep points' models and runs tasks (replication ranges),
 * returning CSV text and the summary values (transferred, not copied). Its data comes as
 * `workerData`, or, in a thread started before the work was known, as a first message `{ init }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../model/index.js';
import { PointReplicators, runTask } from '../experiment/chunk.js';
import type { WorkerErrorPayload } from '../experiment/pool.js';
import type { Segment } from '../experiment/shard.js';
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

parentPort!.on('message', (msg: { init: WorkerInit } | { index: number; task: Segment }) => {
  if ('init' in msg) {
    work = workOf(msg.init);
    return;
  }
  try {
    if (!work) throw new Error('internal: a task arrived before the worker data');
    const result = runTask(work.replicators, msg.task, work.sink, work.data.keepChanges);
    parentPort!.postMessage({ index: msg.index, result }, [result.values.buffer, result.runs.buffer, result.changes.buffer].filter((b, i, all) => b.byteLength > 0 && all.indexOf(b) === i) as ArrayBuffer[]);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const error: WorkerErrorPayload = { name: e.name, message: e.message, field: (e as { field?: string }).field, stack: e.stack };
    parentPort!.postMessage({ index: msg.index, error });
  }
});
