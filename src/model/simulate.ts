/**
 * One replication: the same changes, arriving at the same times, under every regime of the
 * scenario (common random numbers), reduced to one row of metrics per regime. And `simulate`,
 * the library's entry point for running replications in-process.
 */
import { ChangeDrawer, engineerChangeKey, type ChangeSpec } from './change.js';
import { compileScenario, horizonHoursOf, TOKEN_CLASSES, type CompiledModel } from './compile.js';
import type { ChangeRecord, RunMetrics, Tracer } from './record.js';
import { ReplicationReducer } from './reduce.js';
import { regimeReuseKey, type RegimeRunCache } from './reuse.js';
import { canStream, StreamedReplicator } from './stream.js';
import { resolveScenario } from './scenario/resolve.js';
import type { Scenario } from './scenario/schema.js';
import { drawArrivals, drawChanges } from './arrivals.js';
import { RegimeWorld, type ArrivalPlan } from './world.js';

export type { RunMetrics } from './record.js';

export interface ReplicationOutcome {
  replication: number;
  runs: RunMetrics[];
  /** Per regime (same order as runs), one record per change; kept only when asked for. */
  changes?: ChangeRecord[][];
}

/**
 * Reusable state for running many replications of one compiled scenario on one thread: one
 * world per regime, reset between replications.
 */
export class Replicator {
  private readonly worlds: RegimeWorld[];
  /** Replications of regimes this point shares with others (a sweep's unchanged regimes), by reuse key. */
  private readonly reuse: RegimeRunCache | null;
  /** Each regime's reuse key at this point (./reuse), when there is a cache. */
  private readonly reuseKeys: readonly string[];
  /** Open streams: replications run arrival by arrival, reduced as changes finish. */
  private readonly streamed: StreamedReplicator | null;
  /** Draws this replicator's changes (one seed). */
  private readonly drawer: ChangeDrawer;
  /** Every way of running a replication ends here (./reduce). */
  private readonly reducer: ReplicationReducer;
  /** Kernel events processed by every replication run so far (for benchmarks). */
  eventsProcessed = 0;
  /** Changes simulated by every replication run so far, every regime's counted (for the run-size guards). */
  changesSimulated = 0;

  constructor(
    readonly model: CompiledModel,
    readonly seed: number | string,
    options: { maxEvents?: number; reuse?: RegimeRunCache } = {},
  ) {
    this.reuse = options.reuse ?? null;
    this.reuseKeys = this.reuse ? model.regimes.map((r) => regimeReuseKey(model.scenario, r)) : [];
    this.worlds = model.regimes.map((regime) => new RegimeWorld(model, regime, options.maxEvents));
    this.drawer = new ChangeDrawer(model, seed);
    this.reducer = new ReplicationReducer(model.regimes, model.tiers.length * TOKEN_CLASSES.length);
    this.streamed = canStream(model) ? new StreamedReplicator(model, seed, this.worlds, this.drawer, this.reducer) : null;
  }

  run(replication: number, options: { keepChanges?: boolean; tracer?: Tracer } = {}): ReplicationOutcome {
    // An open stream whose changes nobody keeps runs lean (./stream); a sweep's reused regimes keep theirs.
    if (!this.holdsRecords(options)) {
      const runs = this.streamed!.run(replication);
      for (const world of this.worlds) this.eventsProcessed += world.sim.eventsProcessed;
      for (const run of runs) this.changesSimulated += run.changes;
      return { replication, runs };
    }
    let plan: ArrivalPlan | null = null;
    const reuse = options.tracer ? null : this.reuse;
    /** The regimes whose run this replication just kept for other points. */
    let newlyKept: boolean[] | null = null;
    const perRegime = this.worlds.map((world, i) => {
      const kept = reuse?.get(this.reuseKeys[i]!, replication);
      if (kept) return kept;
      plan ??= this.arrivalPlan(replication);
      world.tracer = options.tracer ?? null;
      const out = world.run(plan);
      world.tracer = null;
      this.eventsProcessed += world.sim.eventsProcessed;
      if (reuse?.set(this.reuseKeys[i]!, replication, out)) (newlyKept ??= [])[i] = true;
      return out;
    });
    for (const { records } of perRegime) this.changesSimulated += records.length;
    const runs = this.reducer.reduceRuns(perRegime, replication);
    // Kept for the other points with the same key: the same totals, and the same formatted row (../output/sink).
    if (newlyKept)
      perRegime.forEach((regimeRun, i) => {
        if (!newlyKept![i]) return;
        regimeRun.totals = runs[i]!;
        runs[i]!.reuseKey = this.reuseKeys[i]!;
      });
    return {
      replication,
      runs,
      changes: options.keepChanges ? perRegime.map((p) => p.records) : undefined,
    };
  }

  /**
   * Whether a replication holds every record of its changes until it ends (memory in proportion
   * to its changes): unless it is an open stream whose changes nobody keeps (changes.csv, a
   * trace, a sweep's reused regimes), which runs lean instead (./stream).
   */
  holdsRecords(options: { keepChanges?: boolean; tracer?: Tracer } = {}): boolean {
    return !this.streamed || !!options.keepChanges || !!options.tracer || !!this.reuse;
  }

  private arrivalPlan(replication: number): ArrivalPlan {
    const { model, seed } = this;
    const mode = model.scenario.mode;
    if (mode.kind === 'stream' && mode.arrivals.per === 'engineer') {
      const drawn = new Map<number, ChangeSpec>();
      const changeOf = (engineer: number, sequence: number): ChangeSpec => {
        const key = engineerChangeKey(engineer, sequence);
        let spec = drawn.get(key.id);
        if (!spec) drawn.set(key.id, (spec = this.drawer.draw(replication, key)));
        return spec;
      };
      return {
        changes: [],
        arrivalHours: new Float64Array(0),
        closedLoop: { engineers: mode.arrivals.engineers, horizonHours: horizonHoursOf(mode), changeOf },
      };
    }
    const arrivalHours = drawArrivals(model, seed, replication);
    return { changes: drawChanges(this.drawer, replication, arrivalHours.length), arrivalHours };
  }
}

/** What a user may pass: any part of a scenario, at any depth (it is merged onto the default). */
export type ScenarioInput = DeepPartial<Scenario>;
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface SimulateOptions {
  /** Replications (default 1,000). */
  runs?: number;
  seed?: number | string;
  /** First replication index (default 0): replication r is the same whatever else runs. */
  firstReplication?: number;
  keepChanges?: boolean;
}

/**
 * Run replications of a scenario in this thread. `scenario` is a partial scenario merged onto
 * the default (or a resolved one). For worker threads, shards and files, see the CLI.
 *
 * @example
 * ```ts
 * import { simulate } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const outcomes = simulate({ fanout: 8, review: { reviewers: 3 } }, { runs: 20, seed: 42 });
 * assert.equal(outcomes.length, 20);
 * assert.deepEqual(outcomes[0].runs.map((r) => r.regime), ['human', 'single', 'fanout']);
 * console.log(outcomes[0].runs[2].wallClockHours, outcomes[0].runs[2].totalUsd);
 * ```
 */
export function simulate(scenario: ScenarioInput = {}, options: SimulateOptions = {}): ReplicationOutcome[] {
  const model = compileScenario(resolveScenario(scenario));
  const replicator = new Replicator(model, options.seed ?? 1);
  const first = options.firstReplication ?? 0;
  const out: ReplicationOutcome[] = [];
  for (let r = 0; r < (options.runs ?? 1000); r++) out.push(replicator.run(first + r, { keepChanges: options.keepChanges }));
  return out;
}

/**
 * Trace of one replication: every step of every change under every regime, in time order per regime.
 *
 * @example
 * ```ts
 * import { compileScenario, resolveScenario, traceReplication } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const rows = traceReplication(compileScenario(resolveScenario()), 42, 0);
 * const fanout = rows.filter((r) => r.regime === 'fanout');
 * assert.equal(fanout[0].step, 'plan'); // the orchestrator plans first
 * ```
 */
export function traceReplication(model: CompiledModel, seed: number | string, replication: number) {
  const rows: import('./record.js').TraceRow[] = [];
  new Replicator(model, seed).run(replication, { tracer: (row) => rows.push(row) });
  return rows;
}
