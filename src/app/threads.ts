/**
 * How many threads a run uses, and its tasks: with --workers left to 'auto' on a machine of
 * several cores, this thread first runs a probe (the first task, cut to AUTO_PROBE_REPLICATIONS
 * replications), and starts the worker threads only if the replications left would take more
 * than AUTO_THREADS_EVENTS kernel events at the probe's events per replication (events, not
 * seconds: the probe runs before V8 has optimised anything, several times slower than later
 * replications, while its event count is what later ones will do). The probe is small because a
 * replication of a long stream can take a quarter of a second cold (refund-workflow: 4
 * replications, 1.1 s), and threads start only after it. A thread costs about 1.1-1.4 CPU
 * seconds of its own (loading, compiling the hot code for its isolate, its collector). On the
 * 2-core development machine a second one lost at 10,000 replications of the default scenario
 * (46 events each; 1.19-1.46 s on one thread, 1.74-1.91 s on two) and won at 30,000 (2.41 s and
 * 2.12 s): the break-even is near 20,000 replications, about a million events (the model runs
 * about a million events per second on one thread, formatting included).
 */
import { usableCpus } from './cpuQuota.js';
import { guidedTasks, splitTasks, taskSize, type Segment } from '../experiment/index.js';

export const AUTO_PROBE_REPLICATIONS = 4;
export const AUTO_THREADS_EVENTS = 1_000_000;

export interface ThreadPlan {
  /** Threads the run may use, this one included (the machine's cores for 'auto'). */
  workers: number;
  /** The replication tasks, in canonical order. */
  tasks: Segment[];
  /** Threads to give the pool: none beyond this one for a single task, never more than tasks. */
  poolWorkers: number;
  /** 'auto' only: the first task, run here first, whose events decide whether threads start. */
  probe: Segment | null;
}

/** The tasks and threads for a shard's segments (`replications` of them in all). */
export function planThreads(segments: readonly Segment[], replications: number, workersOption?: number | 'auto'): ThreadPlan {
  const auto = workersOption === undefined || workersOption === 'auto';
  const workers = auto ? usableCpus().cpus : Math.max(1, Math.floor(workersOption));
  // One thread: fixed tasks (progress and memory in steps); several: tasks that shrink at the end.
  const tasks = workers > 1 ? guidedTasks(segments, workers) : splitTasks(segments, taskSize(replications, workers));
  const probing = auto && workers > 1 && tasks.length > 1;
  if (probing && tasks[0]!.to - tasks[0]!.from > 2 * AUTO_PROBE_REPLICATIONS) {
    const first = tasks[0]!;
    tasks.splice(0, 1, { ...first, to: first.from + AUTO_PROBE_REPLICATIONS }, { ...first, from: first.from + AUTO_PROBE_REPLICATIONS });
  }
  // 'auto' with nothing to probe runs here alone.
  const poolWorkers = auto && !probing ? 1 : Math.min(workers, Math.max(1, tasks.length));
  return { workers, tasks, poolWorkers, probe: probing ? tasks[0]! : null };
}

/**
 * Whether threads pay once the probe has run: the replications left, at the probe's kernel
 * events per replication, exceed AUTO_THREADS_EVENTS.
 */
export function threadsPay(probe: Segment, probeEvents: number, replications: number): boolean {
  const probed = probe.to - probe.from;
  return (probeEvents / probed) * (replications - probed) > AUTO_THREADS_EVENTS;
}
