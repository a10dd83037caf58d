/**
 * The discrete-event kernel: a clock (hours) and a calendar of pending events.
 *
 * Like SimPy's Environment, but the fast path has no event objects: an event is a plain function
 * plus a data payload, stored in per-slot arrays next to the typed-array heap. Callers pass a
 * module-level handler and the object it acts on, so scheduling allocates nothing.
 */
import { EventCalendar, type EventId } from './eventCalendar.js';

export type { EventId } from './eventCalendar.js';

/** What an event does when it fires. `data` is whatever was passed to schedule(). */
export type EventHandler<T> = (sim: Simulation, data: T) => void;

/** Why run() returned. */
export type StopReason = 'until' | 'empty';

export interface SimulationOptions {
  /** Events processed since construction or the last reset() before EventLimitError is thrown. */
  maxEvents?: number;
  /** Slots allocated up front (the calendar doubles when full). */
  initialCapacity?: number;
  /** Clock value at construction (hours). */
  startHours?: number;
}

export interface RunOptions {
  /**
   * Stop before processing any event at or after this time and set the clock to it. Events at
   * exactly untilHours stay pending (SimPy's convention), so run({ untilHours: t }) followed by
   * run() processes every event once.
   */
  untilHours?: number;
  /**
   * With untilHours: leave the clock at the last event processed instead of moving it to
   * untilHours (to look at the state at a time without the clock having reached it).
   */
  keepClock?: boolean;
}

export const DEFAULT_MAX_EVENTS = 50_000_000;

/** Thrown when a replication processes more events than `maxEvents`: a runaway model, not a hang. */
export class EventLimitError extends Error {
  readonly limit: number;
  readonly nowHours: number;

  constructor(limit: number, nowHours: number) {
    super(
      `Simulation processed its limit of ${limit} events (clock at ${nowHours} h) without finishing. ` +
        `This usually means a model schedules events forever; if the run really needs more events, ` +
        `raise the limit with new Simulation({ maxEvents: ... }).`,
    );
    this.name = 'EventLimitError';
    this.limit = limit;
    this.nowHours = nowHours;
  }
}

export class Simulation {
  /** Current simulation time, hours. Only ever increases (until reset()). */
  now: number;
  /** Events processed (handlers called) since construction or the last reset(). */
  eventsProcessed = 0;
  /** Incremented by every reset(); lets helpers (e.g. Resource) spot state from a previous run. */
  resetCount = 0;
  readonly maxEvents: number;

  private readonly calendar: EventCalendar;
  // Per-slot payload, parallel to the calendar's typed arrays. Slots are handed out in increasing
  // order when new, so these arrays only ever append at their end and stay packed.
  private readonly handlers: EventHandler<any>[] = [];
  private readonly payloads: unknown[] = [];

  constructor(options: SimulationOptions = {}) {
    const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    if (!(maxEvents > 0)) {
      throw new RangeError(`Simulation maxEvents must be a positive number, got ${maxEvents}`);
    }
    this.maxEvents = maxEvents;
    const start = options.startHours ?? 0;
    assertFiniteTime(start, 'startHours');
    this.now = start;
    this.calendar = new EventCalendar(options.initialCapacity);
  }

  /** Events that will still fire (cancelled ones excluded). */
  get pendingEvents(): number {
    return this.calendar.liveSize;
  }

  /** Time of the next pending entry (possibly a cancelled one), or Infinity. */
  peekTimeHours(): number {
    return this.calendar.peekKey();
  }

  /** Schedules handler(sim, data) to run delayHours from now. */
  schedule<T>(delayHours: number, handler: EventHandler<T>, data: T): EventId {
    // One comparison chain rejects negative, NaN and infinite delays: time never goes backwards.
    if (!(delayHours >= 0 && delayHours < Infinity)) throwBadDelay(delayHours);
    return this.insert(this.now + delayHours, handler, data);
  }

  /** Schedules handler(sim, data) at an absolute time (hours), which must not be in the past. */
  scheduleAt<T>(timeHours: number, handler: EventHandler<T>, data: T): EventId {
    if (!(timeHours >= this.now && timeHours < Infinity)) throwBadTime(timeHours, this.now);
    return this.insert(timeHours, handler, data);
  }

  /** Cancels a pending event. Returns false if it already fired, was cancelled, or was reset away. */
  cancel(id: EventId): boolean {
    const slot = this.calendar.slotOfId(id);
    if (slot < 0) return false;
    if (!this.calendar.cancel(id)) return false;
    // Drop the payload now so a cancelled event does not keep its data alive until it is popped.
    this.payloads[slot] = undefined;
    return true;
  }

  /** Processes the next live event. Returns false (doing nothing) if none is pending. */
  step(): boolean {
    const calendar = this.calendar;
    while (calendar.size > 0) {
      const slot = calendar.peekSlot();
      if (calendar.isCancelledSlot(slot)) {
        calendar.pop();
        continue;
      }
      if (this.eventsProcessed >= this.maxEvents) throw new EventLimitError(this.maxEvents, this.now);
      const time = calendar.peekKey();
      calendar.pop();
      const handler = this.handlers[slot];
      const data = this.payloads[slot];
      this.payloads[slot] = undefined;
      this.now = time;
      this.eventsProcessed++;
      handler(this, data);
      return true;
    }
    return false;
  }

  /**
   * Processes events in (time, scheduling order) until the calendar is empty or the next event is
   * at or after options.untilHours. With a finite untilHours the clock ends at untilHours; without
   * it, at the time of the last event.
   */
  run(options?: RunOptions): StopReason {
    const until = options?.untilHours ?? Infinity;
    const keepClock = options?.keepClock === true;
    if (!(until >= this.now)) {
      throw new RangeError(`run({ untilHours: ${until} }) is before the current time ${this.now} h`);
    }
    const calendar = this.calendar;
    const handlers = this.handlers;
    const payloads = this.payloads;
    const maxEvents = this.maxEvents;
    while (calendar.size > 0) {
      const time = calendar.peekKey();
      if (time >= until) {
        if (!keepClock) this.now = until;
        return 'until';
      }
      const slot = calendar.peekSlot();
      if (calendar.isCancelledSlot(slot)) {
        calendar.pop();
        continue;
      }
      // Checked before popping, so the offending event stays pending for inspection.
      if (this.eventsProcessed >= maxEvents) throw new EventLimitError(maxEvents, this.now);
      calendar.pop();
      // Read the payload before calling: the handler may schedule and reuse this slot.
      const handler = handlers[slot];
      const data = payloads[slot];
      payloads[slot] = undefined;
      this.now = time;
      this.eventsProcessed++;
      handler(this, data);
    }
    if (until !== Infinity && !keepClock) this.now = until;
    return 'empty';
  }

  /**
   * Clears the clock, all pending events and the counters, keeping every allocated array: a
   * Monte Carlo study reuses one Simulation for all its replications.
   */
  reset(startHours = 0): void {
    assertFiniteTime(startHours, 'startHours');
    // Drop payload references so the previous replication's objects can be collected; fired and
    // cancelled events dropped theirs already, and every pending one sits below this bound.
    this.payloads.fill(undefined, 0, this.calendar.slotsUsedBound);
    this.calendar.clear();
    this.now = startHours;
    this.eventsProcessed = 0;
    this.resetCount++;
  }

  private insert<T>(timeHours: number, handler: EventHandler<T>, data: T): EventId {
    const slot = this.calendar.push(timeHours);
    this.handlers[slot] = handler;
    this.payloads[slot] = data;
    return this.calendar.idOf(slot);
  }
}

function assertFiniteTime(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number of hours, got ${value}`);
}

// Kept out of line so the hot schedule() stays small enough to inline.
function throwBadDelay(delayHours: number): never {
  throw new RangeError(
    `schedule() delayHours must be a finite number >= 0 (time never goes backwards), got ${delayHours}`,
  );
}

function throwBadTime(timeHours: number, nowHours: number): never {
  throw new RangeError(
    `scheduleAt() timeHours must be finite and >= the current time ${nowHours} h, got ${timeHours}`,
  );
}
