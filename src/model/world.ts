/**
 * One regime's world for one replication: a simulation clock, the shared review queue, the
 * optional global agent cap, and the changes that arrive. Worlds are reused across
 * replications (reset, not rebuilt), so a replication allocates little beyond its records.
 */
import { EventLimitError, Resource, Simulation } from '../engine/index.js';
import { createStream } from '../random/index.js';
import { drawChange, type ChangeSpec } from './change.js';
import type { CompiledModel } from './compile.js';
import { AgentFlow, HumanFlow, type ChangeFlow, type FlowContext } from './flow.js';
import type { ChangeRecord, Tracer } from './record.js';
import type { Regime } from './scenario/schema.js';
import { WorkingHoursCalendar } from '../engine/index.js';

/** Hours in a month (365.25 * 24 / 12), for arrivals given per month. */
export const HOURS_PER_MONTH = 730.5;

export interface WorldStats {
  reviewerUtilisation: number;
  reviewerMeanQueueLength: number;
  agentCapUtilisation: number;
  /** Hours from the first arrival to the last change's end. */
  spanHours: number;
}

export class RegimeWorld implements FlowContext {
  readonly sim: Simulation;
  readonly reviewers: Resource;
  readonly agentCap: Resource | null;
  tracer: Tracer | null = null;
  private records: ChangeRecord[] = [];
  private changes: readonly ChangeSpec[] = [];

  constructor(
    readonly model: CompiledModel,
    readonly regime: Regime,
    maxEvents?: number,
  ) {
    this.sim = new Simulation(maxEvents ? { maxEvents } : {});
    const s = model.scenario;
    const calendar = model.reviewCalendar instanceof WorkingHoursCalendar ? model.reviewCalendar : undefined;
    this.reviewers = new Resource(this.sim, { capacity: s.review.reviewers, calendar, name: 'reviewers' });
    this.agentCap =
      s.orchestration.agentCallCap > 0 ? new Resource(this.sim, { capacity: s.orchestration.agentCallCap, name: 'agent calls' }) : null;
  }

  finish(record: ChangeRecord): void {
    this.records.push(record);
  }

  /** Simulate these changes arriving at these times; returns one record per change, by change index. */
  run(changes: readonly ChangeSpec[], arrivalHours: Float64Array): { records: ChangeRecord[]; stats: WorldStats } {
    const sim = this.sim;
    sim.reset(0);
    this.reviewers.reset();
    this.agentCap?.reset();
    this.records = [];
    this.changes = changes;
    for (let c = 0; c < changes.length; c++) sim.scheduleAt(arrivalHours[c]!, onArrival, { world: this, change: c });
    try {
      sim.run();
    } catch (err) {
      if (err instanceof EventLimitError)
        throw new Error(`${err.message} (regime ${this.regime}, ${changes.length} changes: is the horizon or arrival rate too large?)`);
      throw err;
    }
    if (this.records.length !== changes.length)
      throw new Error(`internal: ${changes.length - this.records.length} change(s) never finished under ${this.regime}`);
    this.records.sort((a, b) => a.change - b.change);
    const now = sim.now;
    const review = this.reviewers.stats(now);
    const cap = this.agentCap?.stats(now);
    return {
      records: this.records,
      stats: {
        reviewerUtilisation: review.utilisation,
        reviewerMeanQueueLength: review.meanQueueLength,
        agentCapUtilisation: cap ? cap.utilisation : Number.NaN,
        spanHours: changes.length ? now - arrivalHours[0]! : 0,
      },
    };
  }

  arrive(c: number): void {
    const spec = this.changes[c]!;
    const flow: ChangeFlow =
      this.regime === 'human' ? new HumanFlow(this, 'human', spec) : new AgentFlow(this, this.regime, spec);
    flow.start();
  }
}

function onArrival(_sim: Simulation, data: { world: RegimeWorld; change: number }): void {
  data.world.arrive(data.change);
}

/** Arrival times of one replication: one change, or a Poisson stream over the horizon. */
export function drawArrivals(model: CompiledModel, seed: number | string, replication: number): Float64Array {
  const mode = model.scenario.mode;
  if (mode.kind === 'single-change') return Float64Array.of(mode.arrivalHour);
  const stream = createStream(seed, replication, 'arrivals');
  const horizonHours = mode.horizonDays * 24;
  const times: number[] = [];
  const a = mode.arrivals;
  if (a.per === 'workingDay') {
    // A Poisson process in working time, mapped onto the calendar: nobody files work at night.
    const cal = model.peopleCalendar;
    const workingHours = cal.workingHoursBetween(0, horizonHours);
    const openHoursPerDay = cal === undefined ? 24 : workingHoursPerDay(model);
    const ratePerWorkingHour = a.rate / openHoursPerDay;
    for (let w = -Math.log(1 - stream()) / ratePerWorkingHour; w < workingHours; w += -Math.log(1 - stream()) / ratePerWorkingHour)
      times.push(cal.addWorkingHours(0, w));
  } else {
    const ratePerHour = a.per === 'hour' ? a.rate : a.rate / HOURS_PER_MONTH;
    for (let t = -Math.log(1 - stream()) / ratePerHour; t < horizonHours; t += -Math.log(1 - stream()) / ratePerHour) times.push(t);
  }
  return Float64Array.from(times);
}

function workingHoursPerDay(model: CompiledModel): number {
  const w = model.scenario.people.workingHours;
  return w === 'always' ? 24 : w.endHour - w.startHour;
}

/** The changes of one replication, drawn once and shared by every regime. */
export function drawChanges(model: CompiledModel, seed: number | string, replication: number, count: number): ChangeSpec[] {
  const out: ChangeSpec[] = new Array(count);
  for (let c = 0; c < count; c++) out[c] = drawChange(model, seed, replication, c);
  return out;
}
