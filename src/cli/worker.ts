/**
 * Worker thread entry: compiles the sweep points' models and runs tasks (replication ranges),
 * returning CSV text and the summary values (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../model/index.js';
import { PointReplicators, runTask } from '../experiment/chunk.js';
import type { WorkerErrorPayload } from '../experiment/pool.js';
import type { Segment } from '../experiment/shard.js';
import { CsvSink, type SinkInit } from '../output/sink.js';

const data = workerData as { scenarios: Scenario[]; seed: number | string; sink: SinkInit; keepChanges: boolean };
const replicators = new PointReplicators(data.scenarios, data.seed);
const sink = new CsvSink(data.sink);

parentPort!.on('message', (msg: { index: number; task: Segment }) => {
  try {
    const result = runTask(replicators, msg.task, sink, data.keepChanges);
    parentPort!.postMessage({ index: msg.index, result }, [result.values.buffer, result.runs.buffer, result.changes.buffer].filter((b, i, all) => b.byteLength > 0 && all.indexOf(b) === i) as ArrayBuffer[]);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const error: WorkerErrorPayload = { name: e.name, message: e.message, field: (e as { field?: string }).field, stack: e.stack };
    parentPort!.postMessage({ index: msg.index, error });
  }
});
