/**
 * One regime's world for one replication: a simulation clock, the shared review queue, the
 * optional global agent cap, and the changes that arrive. Worlds are reused across
 * replications (reset, not rebuilt), so a replication allocates little beyond its records.
 */
import { ScenarioError } from '../errors/index.js';
import { EventLimitError, Resource, Simulation } from '../engine/index.js';
import { CHANGES_PER_ENGINEER, type ChangeSpec } from './change.js';
import type { CompiledModel } from './compile.js';
import type { FlowContext } from './flow/context.js';
import { FlowScratch } from './flow/scratch.js';
import type { ChangeRecord, Tracer } from './record.js';
import type { RegimeRun } from './reuse.js';
import { regimeNamed, type Regime, type RegimeDefinition } from './regimes/index.js';

import { HOURS_PER_MONTH, horizonHoursOf } from './compile.js';
export { HOURS_PER_MONTH };
export { checkReplicationVolume, closedLoopChangesBound } from './arrivals.js';

export type { WorldStats } from './totals.js';
import { recordSums, type RecordSums, type WorldStats } from './totals.js';
import { bottleneckIndex } from './metrics.js';

/** What arrives in one replication: changes known in advance, or a closed loop of engineers. */
export interface ArrivalPlan {
  /** Open streams and one-change mode: every change and its arrival time. */
  changes: readonly ChangeSpec[];
  arrivalHours: Float64Array;
  /** Closed loop: the s-th change of engineer e (drawn once, shared by every regime). */
  closedLoop?: { engineers: number; horizonHours: number; changeOf(engineer: number, sequence: number): ChangeSpec };
}

/** Bins of the horizon in stream mode's review queue over time (RegimeWorld.reviewSeries). */
export const REVIEW_SERIES_BINS = 100;

const NO_PLAN: ArrivalPlan = { changes: [], arrivalHours: new Float64Array(0) };

export class RegimeWorld implements FlowContext {
  readonly sim: Simulation;
  readonly reviewers: Resource;
  readonly agentCap: Resource | null;
  readonly handlers: Resource | null;
  tracer: Tracer | null = null;
  /** Its flows' scratch objects: this world's alone. */
  readonly scratch = new FlowScratch();
  private records: ChangeRecord[] = [];
  private sink: ((record: ChangeRecord) => void) | null = null;
  private plan: ArrivalPlan = NO_PLAN;
  private arrived = 0;
  private firstArrivalHours = 0;
  readonly definition: RegimeDefinition;

  constructor(
    readonly model: CompiledModel,
    readonly regime: Regime,
    maxEvents?: number,
  ) {
    this.definition = regimeNamed(regime);
    this.sim = new Simulation(maxEvents ? { maxEvents } : {});
    const s = model.scenario;
    this.reviewers = new Resource(this.sim, { capacity: s.review.reviewers, calendar: model.reviewCalendar, name: 'reviewers' });
    this.handlers =
      s.people.handlers > 0 ? new Resource(this.sim, { capacity: s.people.handlers, calendar: model.peopleCalendar, name: 'handlers' }) : null;
    this.agentCap =
      s.orchestration.agentCallCap > 0 ? new Resource(this.sim, { capacity: s.orchestration.agentCallCap, name: 'agent calls' }) : null;
    this.reviewSeries = s.mode.kind === 'stream' ? new Float64Array(2 * REVIEW_SERIES_BINS) : null;
    this.horizonHours = s.mode.kind === 'stream' ? horizonHoursOf(s.mode) : Number.NaN;
    this.engineers = s.mode.kind === 'stream' && s.mode.arrivals.per === 'engineer' ? s.mode.arrivals.engineers : 0;
    this.seriesHorizonHours = s.mode.kind === 'stream' ? horizonHoursOf(s.mode) : 0;
    this.seriesBinHours = this.seriesHorizonHours / REVIEW_SERIES_BINS;
  }

  finish(record: ChangeRecord): void {
    this.advanceInSystem();
    this.inSystem--;
    if (this.sink) this.sink(record);
    else this.records.push(record);
  }

  handedOff(spec: ChangeSpec): void {
    const loop = this.plan.closedLoop;
    if (loop) this.fileAfterThinking(loop, spec.engineer, spec.sequence + 1);
  }

  private fileAfterThinking(loop: NonNullable<ArrivalPlan['closedLoop']>, engineer: number, sequence: number): void {
    // Change ids give each engineer CHANGES_PER_ENGINEER of them: more would reuse the next engineer's.
    if (sequence >= CHANGES_PER_ENGINEER)
      throw new ScenarioError(
        'mode.arrivals.thinkHours',
        `an engineer filed ${CHANGES_PER_ENGINEER.toLocaleString('en-US')} changes in one replication, the most one may: raise thinkHours or shorten horizonDays`,
      );
    const next = loop.changeOf(engineer, sequence);
    const at = this.model.peopleCalendar.addWorkingHours(this.sim.now, next.thinkHours);
    if (at < loop.horizonHours) this.sim.scheduleAt(at, onArrival, { world: this, spec: next });
  }

  /** Stream mode: the horizon, hours (NaN in one-change mode). */
  private readonly horizonHours: number;
  /** Closed loop: the engineers filing changes (0 otherwise). */
  private readonly engineers: number;
  /** Changes arrived and not yet finished, and the integral of that count over [0, horizon] so far. */
  private inSystem = 0;
  private inSystemHours = 0;
  private inSystemSince = 0;
  /** Working hours of manual work done holding one of people.handlers. */
  private handlerWorkHours = 0;

  /** Bring the integral of changes in the system up to now, clipped at the horizon. */
  private advanceInSystem(): void {
    const now = Math.min(this.sim.now, this.horizonHours);
    if (now > this.inSystemSince) {
      this.inSystemHours += this.inSystem * (now - this.inSystemSince);
      this.inSystemSince = now;
    }
  }

  addHandlerWorkHours(hours: number): void {
    this.handlerWorkHours += hours;
  }

  /** Simulate one replication's arrivals; returns one record per change, in change-id order. */
  run(plan: ArrivalPlan): RegimeRun {
    this.begin(null);
    this.plan = plan;
    const sim = this.sim;
    for (let c = 0; c < plan.changes.length; c++) sim.scheduleAt(plan.arrivalHours[c]!, onArrival, { world: this, spec: plan.changes[c]! });
    if (plan.closedLoop) for (let e = 0; e < plan.closedLoop.engineers; e++) this.fileAfterThinking(plan.closedLoop, e, 0);
    this.runEvents(Number.POSITIVE_INFINITY);
    if (this.records.length !== this.arrived)
      throw new Error(`internal: ${this.arrived - this.records.length} change(s) never finished under ${this.regime}`);
    this.records.sort((a, b) => a.change - b.change);
    return { records: this.records, stats: this.stats(recordSums(this.records)), reviewSeries: this.reviewSeries?.slice() ?? null };
  }

  /**
   * Start a replication. With a sink, each change's record goes to it as the change finishes
   * (nothing is kept here) and arrivals come one at a time through arriveAt().
   */
  begin(sink: ((record: ChangeRecord) => void) | null): void {
    this.sim.reset(0);
    this.reviewers.reset();
    this.handlers?.reset();
    this.agentCap?.reset();
    this.records = [];
    this.sink = sink;
    this.plan = NO_PLAN;
    this.arrived = 0;
    this.firstArrivalHours = Number.POSITIVE_INFINITY;
    this.inSystem = 0;
    this.inSystemHours = 0;
    this.inSystemSince = 0;
    this.handlerWorkHours = 0;
    this.nextBin = 0;
    this.lastQueueHours = 0;
    this.lastBusyHours = 0;
    this.reviewSeries?.fill(0);
  }

  /** The next arrival (at or after every earlier one): events before it run first. */
  arriveAt(timeHours: number, spec: ChangeSpec): void {
    this.runEvents(timeHours);
    this.sim.scheduleAt(timeHours, onArrival, { world: this, spec });
  }

  /** After the last arrival: run every change to its end. */
  runToEnd(): void {
    this.runEvents(Number.POSITIVE_INFINITY);
  }

  /** Changes arrived so far in this replication. */
  get arrivals(): number {
    return this.arrived;
  }

  /**
   * Stream mode: the review queue over the horizon, this replication's, per bin (REVIEW_SERIES_BINS
   * equal bins): [bin] the time-average review-queue length, [bins + bin] the time-average share
   * of the reviewers holding a review. Read at each bin's end as the clock passes it (no event of
   * its own, so the simulation is the same with or without it); null outside stream mode.
   */
  readonly reviewSeries: Float64Array | null;
  private readonly seriesBinHours: number;
  private readonly seriesHorizonHours: number;
  private nextBin = 0;
  private lastQueueHours = 0;
  private lastBusyHours = 0;

  private runEvents(untilHours: number): void {
    const series = this.reviewSeries;
    if (series)
      for (let b = this.nextBin; b < REVIEW_SERIES_BINS; b = this.nextBin) {
        const end = this.binEndHours(b);
        if (!(end < untilHours)) break;
        // The clock stays at the last event: the replication's end is its last event's time.
        this.runEventsBefore(end, true);
        const stats = this.reviewers.stats(Math.max(end, this.sim.now));
        series[b] = (stats.queueHours - this.lastQueueHours) / this.seriesBinHours;
        series[REVIEW_SERIES_BINS + b] = (stats.busyHours - this.lastBusyHours) / (this.seriesBinHours * this.reviewers.capacity);
        this.lastQueueHours = stats.queueHours;
        this.lastBusyHours = stats.busyHours;
        this.nextBin = b + 1;
      }
    this.runEventsBefore(untilHours);
  }

  /** The end of bin b of the horizon, hours. */
  private binEndHours(b: number): number {
    return ((b + 1) * this.seriesHorizonHours) / REVIEW_SERIES_BINS;
  }

  private runEventsBefore(untilHours: number, keepClock = false): void {
    try {
      this.sim.run(untilHours === Number.POSITIVE_INFINITY ? undefined : { untilHours, keepClock });
    } catch (err) {
      // Too many events is an input problem (a horizon or rate too large), reported as one.
      if (err instanceof EventLimitError)
        throw new ScenarioError(
          'mode',
          `one replication of regime ${this.regime} reached the limit of ${err.limit.toLocaleString('en-US')} kernel events ` +
            `(clock at ${Math.round(err.nowHours).toLocaleString('en-US')} h, ${this.arrived.toLocaleString('en-US')} changes so far) without finishing: ` +
            'the changes arrive faster than they can be worked; shorten mode.horizonDays or lower the arrival rate (mode.arrivals)',
        );
      throw err;
    }
  }

  /**
   * The replication's queue and resource statistics, at its end; `sums`: what they need from its
   * changes' records, summed in change-id order. Utilisations run from the first arrival to the
   * end, as the reviewers' does; work in progress over the horizon.
   */
  stats(sums: RecordSums): WorldStats {
    const now = this.sim.now;
    const start = Math.min(this.firstArrivalHours, now);
    const openHours = this.model.reviewCalendar.workingHoursBetween(start, now) * this.reviewers.capacity;
    const reviewers = this.reviewers.stats(now);
    const cap = this.agentCap?.stats(now);
    const handlers = this.handlers?.stats(now);
    const peopleOpenHours = this.model.peopleCalendar.workingHoursBetween(start, now);
    const handlerOpenHours = this.handlers ? peopleOpenHours * this.handlers.capacity : 0;
    const engineerOpenHours = peopleOpenHours * this.engineers;
    const stream = this.horizonHours === this.horizonHours;
    const utilisations = [
      openHours > 0 ? sums.reviewHours / openHours : Number.NaN,
      cap ? cap.utilisation : Number.NaN,
      handlerOpenHours > 0 ? this.handlerWorkHours / handlerOpenHours : Number.NaN,
      // The filing engineers' own hours: the authoring is the handlers' when they exist.
      engineerOpenHours > 0 ? (sums.engineerHours - this.handlerWorkHours) / engineerOpenHours : Number.NaN,
    ];
    const waits = [reviewers.meanWaitHours, cap ? cap.meanWaitHours : Number.NaN, handlers ? handlers.meanWaitHours : Number.NaN, Number.NaN];
    const b = stream ? bottleneckIndex(utilisations) : -1;
    if (stream) this.advanceInSystem();
    return {
      reviewerUtilisation: utilisations[0]!,
      reviewerMeanQueueLength: reviewers.meanQueueLength,
      agentCapUtilisation: utilisations[1]!,
      agentCapWaitHours: cap ? cap.meanWaitHours : Number.NaN,
      handlerUtilisation: utilisations[2]!,
      engineerUtilisation: utilisations[3]!,
      workInProgress: stream ? this.inSystemHours / this.horizonHours : Number.NaN,
      bottleneckUtilisation: b >= 0 ? utilisations[b]! : Number.NaN,
      bottleneckWaitHours: b >= 0 ? waits[b]! : Number.NaN,
      horizonMonths: this.horizonHours / HOURS_PER_MONTH,
    };
  }

  arrive(spec: ChangeSpec): void {
    if (this.arrived++ === 0) {
      // Queue statistics start with the first arrival, as utilisation does: not at Monday 00:00.
      this.firstArrivalHours = this.sim.now;
      this.reviewers.resetStats();
      this.agentCap?.resetStats();
      this.handlers?.resetStats();
    }
    this.advanceInSystem();
    this.inSystem++;
    this.definition.createFlow(this, spec, this.model.scenario).start();
  }
}

function onArrival(_sim: Simulation, data: { world: RegimeWorld; spec: ChangeSpec }): void {
  data.world.arrive(data.spec);
}
