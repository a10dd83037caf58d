/**
 * Evaluating the points of a sensitivity design on the worker pool (../experiment/pool.ts), with
 * every regime simulated only where its results can change.
 *
 * A regime's results at a point depend only on the parameters it reads (the registry declares
 * the scenario paths each regime `reads`; test/model/registry.test.ts fails a regime whose
 * results move with a path it does not declare), and each regime's luck is its own: running it
 * alone gives the same records as running it beside the others. So regime g at point p is keyed
 * by (g, the replication set, p's values of the parameters g reads); the first point of a key
 * simulates it and every later point with the same key takes those columns. In a tornado, a
 * parameter only the fan-out regime reads re-simulates fan-out alone at its two ends (the base
 * point's results serve the other regimes); in a Morris trajectory, a step in such a parameter
 * re-simulates fan-out alone.
 *
 * The simulations left are tasks of (point, regimes, replication range) handed to the pool,
 * whose results come back in task order; every value is a function of (scenario, seed, point,
 * regime, replication) only, so the columns are the same, bit for bit, on any number of threads.
 */
import { regimeNamed, regimeReads, Replicator, RUN_INDEX, RUN_METRICS, type Scenario } from '../model/index.js';
import { applyOverrides, runPool } from '../experiment/index.js';
import { compileOrUsage } from './scenario.js';
import { usableCpus } from './cpuQuota.js';
import type { TaskJournal } from './taskJournal.js';

/** What every thread needs to evaluate points: the base scenario, the parameters' paths, the runs.csv columns, the seed. */
export interface DesignSpec {
  base: Scenario;
  paths: readonly string[];
  columns: readonly string[];
  seed: number | string;
}

/** One evaluation: a point (values in the paths' order) on the replications first .. first + count - 1. */
export interface DesignEvaluationRequest {
  point: ArrayLike<number>;
  first: number;
  count: number;
}

/** A pool task: regimes of one point on a replication range. */
export interface DesignTask {
  point: number[];
  regimes: string[];
  from: number;
  to: number;
}

/**
 * The worker thread entry (./designWorker.ts), compiled; from the TypeScript sources (the unit
 * tests) the build's copy, which `npm test` makes first.
 */
export const DESIGN_WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/src/app/designWorker.js', import.meta.url)
  : new URL('./designWorker.js', import.meta.url);

/** 'auto' uses the cores only from this many simulated regime-replications (a thread costs about a CPU second to start). */
export const DESIGN_AUTO_THREADS_UNITS = 60_000;

const RUN_COLUMN_INDEX = new Map(RUN_METRICS.map((m) => [m.column, RUN_INDEX[m.key as keyof typeof RUN_INDEX]]));

/** The outputs of a design spec: `<regime>:<column>`, regimes in the scenario's order. */
export function designOutputs(spec: Pick<DesignSpec, 'base' | 'columns'>): string[] {
  return spec.base.regimes.flatMap((r) => spec.columns.map((c) => `${r}:${c}`));
}

/**
 * Runs tasks in one thread: the scenario at the task's point with only its regimes, compiled once
 * per (point, regimes) in a row, and the replications' columns, laid out [regime][column][replication].
 */
export class DesignRunner {
  private last: { key: string; replicator: Replicator } | null = null;
  private readonly columnIndex: number[];
  /** Kernel events of every replication run here. */
  eventsProcessed = 0;

  constructor(readonly spec: DesignSpec) {
    this.columnIndex = spec.columns.map((c) => {
      const i = RUN_COLUMN_INDEX.get(c);
      if (i === undefined) throw new Error(`internal: no runs.csv column '${c}'`);
      return i;
    });
  }

  /** The base scenario with the parameters at `point` and only `regimes` run. */
  scenarioAt(point: ArrayLike<number>, regimes: readonly string[]): Scenario {
    const { base, paths } = this.spec;
    const at = applyOverrides(
      base,
      paths.map((path, i) => ({ path, value: point[i]!, source: `${path}=${point[i]}` })),
    );
    return { ...at, regimes: base.regimes.filter((r) => regimes.includes(r)) } as Scenario;
  }

  run(task: DesignTask): Float64Array {
    const key = `${task.point.join(',')}|${task.regimes.join(',')}`;
    if (this.last?.key !== key) {
      if (this.last) this.eventsProcessed += this.last.replicator.eventsProcessed;
      this.last = { key, replicator: new Replicator(compileOrUsage(this.scenarioAt(task.point, task.regimes)), this.spec.seed) };
    }
    const n = task.to - task.from;
    const columns = this.columnIndex.length;
    const out = new Float64Array(task.regimes.length * columns * n);
    for (let r = 0; r < n; r++) {
      const { runs } = this.last.replicator.run(task.from + r);
      for (let g = 0; g < runs.length; g++) {
        const values = runs[g]!.values;
        for (let c = 0; c < columns; c++) out[(g * columns + c) * n + r] = values[this.columnIndex[c]!]!;
      }
    }
    return out;
  }

  events(): number {
    return this.eventsProcessed + (this.last?.replicator.eventsProcessed ?? 0);
  }
}

/** Per parameter, the regimes (by index into the base's) that read its path. */
function readers(spec: DesignSpec): boolean[][] {
  return spec.base.regimes.map((g) => {
    const regime = regimeNamed(g);
    return spec.paths.map((path) => regimeReads(regime, path));
  });
}

/** A simulated unit: regime g of one evaluation, whose columns later evaluations with the same key share. */
interface Unit {
  evaluation: number;
  regime: number;
}

/** Threads for `units` regime-replications: `workers` as given, or for 'auto' the cores once the work pays. */
export function designWorkers(workers: number | 'auto' | undefined, units: number): number {
  if (workers === undefined || workers === 'auto') return units >= DESIGN_AUTO_THREADS_UNITS ? usableCpus().cpus : 1;
  return Math.max(1, Math.floor(workers));
}

export interface DesignEvaluation {
  /** columns[e][o]: output o (designOutputs order) of evaluation e, per replication. */
  columns: Float64Array[][];
  /** Regime-replications simulated (the rest were shared). */
  simulated: number;
  /** ... out of. */
  requested: number;
  threads: number;
}

/**
 * Replications per pool task at most, whatever the threads: a task is also the unit a signal waits
 * for (this thread answers one between its tasks) and the unit the journal keeps, so its bounds
 * must not depend on the number of threads (a resumed run may have another).
 */
export const DESIGN_TASK_REPLICATIONS = 100;

/** What a long evaluation reports and keeps as it goes (../cli's progress bar; the journal of --resume). */
export interface DesignHooks {
  /** Tasks already in it are read back instead of simulated; new ones are recorded. */
  journal?: TaskJournal | null;
  /** Regime-replications done, of `total` (this evaluation's). */
  onProgress?: (done: number, total: number) => void;
  /** Called once the work is known, before any is done: the regime-replications to simulate and the threads. */
  onPlan?: (plan: { simulated: number; threads: number; tasks: DesignTask[] }) => void;
}

/** A task's name in the journal: what it computes. */
export const designTaskName = (task: DesignTask): string => `${task.point.join(',')}|${task.regimes.join(',')}|${task.from}-${task.to}`;

/** Evaluates every request (see the module comment). */
export async function evaluateDesignPoints(spec: DesignSpec, requests: readonly DesignEvaluationRequest[], workers?: number | 'auto', hooks: DesignHooks = {}): Promise<DesignEvaluation> {
  const regimes = spec.base.regimes as readonly string[];
  const reads = readers(spec);
  const columnsPerRegime = spec.columns.length;
  // units[k]: the simulations to make; source[e][g]: the unit whose columns evaluation e takes for regime g.
  const units: Unit[] = [];
  const byKey = new Map<string, number>();
  const source = requests.map((req, e) =>
    regimes.map((_, g) => {
      const projected = spec.paths.map((_, i) => (reads[g]![i] ? req.point[i] : '')).join(',');
      const key = `${g}|${req.first}|${req.count}|${projected}`;
      let unit = byKey.get(key);
      if (unit === undefined) {
        unit = units.length;
        units.push({ evaluation: e, regime: g });
        byKey.set(key, unit);
      }
      return unit;
    }),
  );
  // One job per evaluation with something to simulate: its regimes, split into replication ranges.
  const jobs = new Map<number, number[]>();
  units.forEach((u, k) => jobs.set(u.evaluation, [...(jobs.get(u.evaluation) ?? []), k]));
  const simulated = units.reduce((s, u) => s + requests[u.evaluation]!.count, 0);
  const threads = designWorkers(workers, simulated);
  const perJob = Math.max(1, Math.ceil((4 * threads) / Math.max(1, jobs.size)));
  const tasks: DesignTask[] = [];
  // Fixed ranges (DESIGN_TASK_REPLICATIONS), cut finer only for many threads on few points: the
  // same on any number of threads up to four per point, so a journal serves a resumed run.
  const rangeSize = (count: number) => Math.min(DESIGN_TASK_REPLICATIONS, threads > 4 ? Math.ceil(count / perJob) : count);
  const taskJob: { evaluation: number; units: number[]; offset: number }[] = [];
  for (const [e, unitList] of jobs) {
    const req = requests[e]!;
    const size = rangeSize(req.count);
    for (let from = 0; from < req.count; from += size) {
      const to = Math.min(req.count, from + size);
      tasks.push({ point: Array.from(req.point), regimes: unitList.map((k) => regimes[units[k]!.regime]!), from: req.first + from, to: req.first + to });
      taskJob.push({ evaluation: e, units: unitList, offset: from });
    }
  }
  // unitColumns[k][c]: unit k's column c over its evaluation's replications.
  const unitColumns = units.map((u) => spec.columns.map(() => new Float64Array(requests[u.evaluation]!.count)));
  hooks.onPlan?.({ simulated, threads, tasks });
  const store = (result: Float64Array, index: number) => {
    const job = taskJob[index]!;
    const n = tasks[index]!.to - tasks[index]!.from;
    job.units.forEach((k, g) => {
      for (let c = 0; c < columnsPerRegime; c++) unitColumns[k]![c]!.set(result.subarray((g * columnsPerRegime + c) * n, (g * columnsPerRegime + c + 1) * n), job.offset);
    });
    done += n * tasks[index]!.regimes.length;
    hooks.onProgress?.(done, simulated);
  };
  let done = 0;
  // Tasks the journal holds are read back; the pool runs the others.
  const left: number[] = [];
  tasks.forEach((task, i) => {
    const kept = hooks.journal?.get(designTaskName(task));
    if (kept) store(kept, i);
    else left.push(i);
  });
  const { threads: started } = await runPool<DesignTask, Float64Array>({
    tasks: left.map((i) => tasks[i]!),
    workers: threads,
    workerUrl: DESIGN_WORKER_URL,
    workerData: spec,
    inProcess: () => {
      const runner = new DesignRunner(spec);
      return (task) => runner.run(task);
    },
    onResult: (result, index) => {
      const task = tasks[left[index]!]!;
      hooks.journal?.record(designTaskName(task), result, task.to - task.from);
      store(result, left[index]!);
    },
  });
  const columns = source.map((perRegime) => perRegime.flatMap((k) => unitColumns[k]!));
  const requested = requests.reduce((s, r) => s + r.count * regimes.length, 0);
  return { columns, simulated, requested, threads: started + 1 };
}
