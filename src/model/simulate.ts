/**
 * One replication: the same changes, arriving at the same times, under every regime of the
 * scenario (common random numbers), reduced to one row of metrics per regime. And `simulate`,
 * the library's entry point for running replications in-process.
 */
import { drawChange, engineerChangeKey, type ChangeSpec } from './change.js';
import { compileScenario, horizonHoursOf, TOKEN_CLASSES, type CompiledModel } from './compile.js';
import type { ChangeRecord, RunMetrics, Tracer } from './record.js';
import { PEOPLE_BASELINE } from './regimes/index.js';
import type { RegimeRunCache } from './reuse.js';
import { replicationTotals } from './totals.js';
import { canStream, StreamedReplicator } from './stream.js';
import { resolveScenario } from './scenario/resolve.js';
import type { Scenario } from './scenario/schema.js';
import { drawArrivals, drawChanges, RegimeWorld, type ArrivalPlan } from './world.js';

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
  /** Replications of regimes this point shares with others (a sweep's unchanged regimes). */
  private readonly reuse: RegimeRunCache | null;
  /** Open streams: replications run arrival by arrival, reduced as changes finish. */
  private readonly streamed: StreamedReplicator | null;
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
    this.worlds = model.regimes.map((regime) => new RegimeWorld(model, regime, options.maxEvents));
    this.streamed = canStream(model) ? new StreamedReplicator(model, seed, this.worlds, model.tiers.length * TOKEN_CLASSES.length) : null;
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
    const perRegime = this.worlds.map((world, i) => {
      const kept = reuse?.get(this.model.regimes[i]!, replication);
      if (kept) return kept;
      plan ??= this.arrivalPlan(replication);
      world.tracer = options.tracer ?? null;
      const out = world.run(plan);
      world.tracer = null;
      this.eventsProcessed += world.sim.eventsProcessed;
      reuse?.set(this.model.regimes[i]!, replication, out);
      return out;
    });
    // Engineer hours saved: paired, change by change, against the human baseline's same change
    // (in a closed loop a regime may file changes the human never reached: those stay NaN).
    const human = PEOPLE_BASELINE ? this.model.regimes.indexOf(PEOPLE_BASELINE) : -1;
    if (human >= 0) {
      const base = perRegime[human]!.records;
      for (const { records, totals } of perRegime) {
        // A reused regime's records were paired at the first point, against the same (reused) baseline.
        if (totals) continue;
        // Records are in change-id order: where a regime ran the human's very changes, pair by
        // position; otherwise (a closed loop files different changes) look them up.
        const aligned = records.length === base.length && records.every((r, i) => r.change === base[i]!.change);
        if (aligned) {
          for (let i = 0; i < records.length; i++) records[i]!.engineerHoursSaved = base[i]!.peopleHours - records[i]!.peopleHours;
          continue;
        }
        const baseline = new Map<number, number>();
        for (const r of base) baseline.set(r.change, r.peopleHours);
        for (const r of records) r.engineerHoursSaved = (baseline.get(r.change) ?? Number.NaN) - r.peopleHours;
      }
    }
    const tokenSlots = this.model.tiers.length * TOKEN_CLASSES.length;
    for (const { records } of perRegime) this.changesSimulated += records.length;
    return {
      replication,
      runs: perRegime.map((regimeRun, i) => {
        if (regimeRun.totals) return regimeRun.totals;
        const run = replicationTotals(this.model.regimes[i]!, replication, tokenSlots, regimeRun.records, regimeRun.stats);
        run.reviewSeries = regimeRun.reviewSeries;
        // Kept for the other points: the same totals, and the same formatted row (../output/sink).
        if (reuse?.get(this.model.regimes[i]!, replication) === regimeRun) {
          regimeRun.totals = run;
          run.shared = true;
        }
        return run;
      }),
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
        if (!spec) drawn.set(key.id, (spec = drawChange(model, seed, replication, key)));
        return spec;
      };
      return {
        changes: [],
        arrivalHours: new Float64Array(0),
        closedLoop: { engineers: mode.arrivals.engineers, horizonHours: horizonHoursOf(mode), changeOf },
      };
    }
    const arrivalHours = drawArrivals(model, seed, replication);
    return { changes: drawChanges(model, seed, replication, arrivalHours.length), arrivalHours };
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
