/**
 * What arrives in a replication and when: an open stream's arrival times (all up front, or one at
 * a time), the changes drawn for them, and the volume checks that refuse, before anything runs,
 * a scenario whose replications would file more changes than a run may hold.
 */
import { ScenarioError } from '../errors/index.js';
import { createStream } from '../random/index.js';
import type { ChangeDrawer, ChangeSpec } from './change.js';
import { HOURS_PER_MONTH, horizonHoursOf, type CompiledModel } from './compile.js';

/** Arrival times of one replication: one change, or a Poisson stream over the horizon (all of it, up front). */
export function drawArrivals(model: CompiledModel, seed: number | string, replication: number): Float64Array {
  const mode = model.scenario.mode;
  if (mode.kind === 'single-change') return Float64Array.of(mode.arrivalHour);
  if (mode.arrivals.per === 'engineer') return new Float64Array(0); // a closed loop files as it goes
  checkArrivalVolume(model, MAX_CHANGES_PER_REPLICATION, 'one replication holds when its changes are kept (changes.csv, a trace, a sweep reusing regimes)');
  const clock = new ArrivalClock(model, seed, replication);
  const times: number[] = [];
  for (let t = clock.next(); t < Number.POSITIVE_INFINITY; t = clock.next()) times.push(t);
  return Float64Array.from(times);
}

/**
 * An open stream's arrival times one at a time, in order, until the horizon (then Infinity): a
 * Poisson process in clock time, or in working time mapped onto the people's calendar (nobody
 * files work at night). The same times, bit for bit, as drawn all at once by drawArrivals.
 */
export class ArrivalClock {
  private readonly stream: () => number;
  private readonly ratePerHour: number;
  private readonly limitHours: number;
  private readonly calendar: CompiledModel['peopleCalendar'] | null;
  private hours = 0;

  constructor(model: CompiledModel, seed: number | string, replication: number) {
    const mode = model.scenario.mode;
    if (mode.kind !== 'stream' || mode.arrivals.per === 'engineer') throw new Error('internal: an arrival clock needs an open stream');
    this.stream = createStream(seed, replication, 'arrivals');
    const horizonHours = horizonHoursOf(mode);
    const a = mode.arrivals;
    if (a.per === 'workingDay') {
      this.calendar = model.peopleCalendar;
      this.limitHours = this.calendar.workingHoursBetween(0, horizonHours);
      this.ratePerHour = a.rate / workingHoursPerDay(model);
    } else {
      this.calendar = null;
      this.limitHours = horizonHours;
      this.ratePerHour = a.per === 'hour' ? a.rate : a.rate / HOURS_PER_MONTH;
    }
  }

  /** The next arrival's time (hours after Monday 00:00), or Infinity past the horizon. */
  next(): number {
    if (this.hours === Number.POSITIVE_INFINITY) return this.hours;
    this.hours += -Math.log(1 - this.stream()) / this.ratePerHour;
    if (!(this.hours < this.limitHours)) return (this.hours = Number.POSITIVE_INFINITY);
    return this.calendar ? this.calendar.addWorkingHours(0, this.hours) : this.hours;
  }
}

/** Changes one replication may hold when its changes are kept: every change of an open stream is drawn before it runs. */
export const MAX_CHANGES_PER_REPLICATION = 1_000_000;
/**
 * Changes one replication of an open stream may have when they are not kept (./stream: each is
 * drawn at its arrival and reduced when it ends, memory flat in the horizon): a bound against a
 * runaway scenario (a rate or horizon off by orders of magnitude), not a memory limit.
 */
export const MAX_STREAMED_CHANGES_PER_REPLICATION = 20_000_000;

/** Refuses, before it runs, an open stream expected to have more than `limit` changes per replication. */
export function checkArrivalVolume(model: CompiledModel, limit: number, why: string): void {
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream' || mode.arrivals.per === 'engineer') return;
  const horizonHours = horizonHoursOf(mode);
  const a = mode.arrivals;
  const expected =
    a.per === 'workingDay'
      ? (a.rate / workingHoursPerDay(model)) * model.peopleCalendar.workingHoursBetween(0, horizonHours)
      : (a.per === 'hour' ? a.rate : a.rate / HOURS_PER_MONTH) * horizonHours;
  if (expected > limit)
    throw new ScenarioError(
      'mode.horizonDays',
      `about ${Math.round(expected).toLocaleString('en-US')} changes per replication, more than the ` +
        `${limit.toLocaleString('en-US')} ${why}: shorten horizonDays or lower mode.arrivals.rate (replications add volume)`,
    );
}

/**
 * The most changes one replication of a closed loop may file, by formula (no replication run):
 * each engineer files one at the start and at most one more per think time of working hours (a
 * change's own time before review only lowers it), over the horizon's working hours.
 */
export function closedLoopChangesBound(model: CompiledModel): number {
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream' || mode.arrivals.per !== 'engineer') return 0;
  const workingHours = model.peopleCalendar.workingHoursBetween(0, horizonHoursOf(mode));
  const meanThinkHours = model.thinkHours!.mean;
  const perEngineer = meanThinkHours > 0 ? 1 + workingHours / meanThinkHours : Number.POSITIVE_INFINITY;
  return mode.arrivals.engineers * perEngineer;
}

/**
 * Refuses, before anything runs, a scenario whose replications would file more changes than a
 * run may hold: an open stream beyond MAX_STREAMED_CHANGES_PER_REPLICATION, a closed loop (which
 * keeps every change's record until its replication ends) beyond MAX_CHANGES_PER_REPLICATION.
 * `validate` and `run` both apply it, so a scenario that validates is not refused for volume later.
 */
export function checkReplicationVolume(model: CompiledModel): void {
  checkArrivalVolume(model, MAX_STREAMED_CHANGES_PER_REPLICATION, 'one replication of an open stream may have');
  const mode = model.scenario.mode;
  if (mode.kind !== 'stream' || mode.arrivals.per !== 'engineer') return;
  const bound = closedLoopChangesBound(model);
  if (bound <= MAX_CHANGES_PER_REPLICATION) return;
  const think = model.thinkHours!.mean;
  throw new ScenarioError(
    'mode.arrivals',
    `a closed loop of ${mode.arrivals.engineers.toLocaleString('en-US')} engineers over ${mode.horizonDays.toLocaleString('en-US')} days, ` +
      `thinking ${Number(think.toPrecision(3))} working hours on average between changes, may file up to about ` +
      `${Number.isFinite(bound) ? Math.round(bound).toLocaleString('en-US') : 'unboundedly many'} changes per replication, more than the ` +
      `${MAX_CHANGES_PER_REPLICATION.toLocaleString('en-US')} one replication of a closed loop holds (it keeps every change's record until it ends): ` +
      'give fewer engineers, a shorter mode.horizonDays or a longer mode.arrivals.thinkHours (replications add volume)',
  );
}

function workingHoursPerDay(model: CompiledModel): number {
  const w = model.scenario.people.workingHours;
  return w === 'always' ? 24 : w.endHour - w.startHour;
}

/** The changes of one replication, drawn once and shared by every regime. */
export function drawChanges(drawer: ChangeDrawer, replication: number, count: number): ChangeSpec[] {
  const out: ChangeSpec[] = new Array(count);
  for (let c = 0; c < count; c++) out[c] = drawer.draw(replication, c);
  return out;
}
