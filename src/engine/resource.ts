/**
 * A counted resource with a priority queue, after SimPy's Resource / PriorityResource: `capacity`
 * identical servers; a request is granted at once if a server is free and nobody is waiting,
 * otherwise it queues (lower priority number first, FIFO within a priority).
 *
 * Grants are synchronous callbacks, not events: onGranted(sim, data) runs inside request() when a
 * server is free, or inside the release() (or calendar wake-up) that frees one. That keeps the
 * common path to a few comparisons and adds no event per customer. The consequence for callers:
 * code after request() may run after onGranted already did.
 *
 * With a WorkingHoursCalendar the resource only grants while the calendar is open. Requests that
 * arrive while it is closed wait; the resource schedules its own wake-up at the next opening and
 * then grants as many as it has free servers. Work already granted is not interrupted at closing
 * time: stopping the clock on a task is the model's business (see addWorkingHours()).
 */
import { EventCalendar } from './eventCalendar.js';
import type { EventHandler, Simulation } from './simulation.js';
import type { WorkingHoursCalendar } from './workingHours.js';

export interface ResourceOptions {
  /** Number of servers, a positive integer. Default 1. */
  capacity?: number;
  /** Grant only while this calendar is open. Default: always open. */
  calendar?: WorkingHoursCalendar;
  /** For error messages and reports. */
  name?: string;
}

/** Statistics since construction, reset() or resetStats(), closed at `nowHours`. */
export interface ResourceStats {
  /** Length of the observation window, hours. */
  elapsedHours: number;
  /** Time-weighted mean number of waiting requests (NaN for an empty window). */
  meanQueueLength: number;
  /** Time-weighted mean number of busy servers (NaN for an empty window). */
  meanBusy: number;
  /** meanBusy / capacity (NaN for an empty window). */
  utilisation: number;
  /** Mean hours from request to grant over the grants in the window (NaN if none). */
  meanWaitHours: number;
  /** Requests made in the window. */
  requests: number;
  /** Requests granted in the window (including ones that were requested before it). */
  grants: number;
  /** Longest queue seen in the window. */
  maxQueueLength: number;
  /** The integral of the queue length over the window (request-hours waited), hours. */
  queueHours: number;
  /** The integral of the busy servers over the window (server-hours busy), hours. */
  busyHours: number;
}

export class Resource {
  readonly sim: Simulation;
  readonly capacity: number;
  readonly name: string;
  /** null when always open, so the fast path tests one field. */
  private readonly calendar: WorkingHoursCalendar | null;

  /** Servers currently granted and not yet released. */
  private busyCount = 0;

  // The waiting line: a heap keyed by priority (FIFO within a priority comes from its insertion
  // sequence), with per-slot callbacks and request times alongside.
  private readonly queue = new EventCalendar(64);
  private readonly waitingHandlers: EventHandler<any>[] = [];
  private readonly waitingData: unknown[] = [];
  private requestTimes = new Float64Array(64);

  /** Guards against re-entrant dispatch when a grant callback releases or requests. */
  private dispatching = false;
  /** resetCount of the simulation when our pending wake-up was scheduled; -1 = none pending. */
  private wakeUpEpoch = -1;

  // Statistics: integrals of queue length and busy servers over time, brought up to date at
  // every change (lastChangeHours) and closed on demand by stats().
  private statsStartHours = 0;
  private lastChangeHours = 0;
  private queueArea = 0;
  private busyArea = 0;
  private waitSumHours = 0;
  private requestCount = 0;
  private grantCount = 0;
  private maxQueue = 0;

  constructor(sim: Simulation, options: ResourceOptions = {}) {
    const capacity = options.capacity ?? 1;
    const name = options.name ?? 'resource';
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Resource "${name}" capacity must be a positive integer, got ${capacity}`);
    }
    this.sim = sim;
    this.capacity = capacity;
    this.name = name;
    const calendar = options.calendar;
    this.calendar = calendar === undefined || calendar.isAlwaysOpen ? null : calendar;
    this.resetStats();
  }

  /** Busy servers right now. */
  get busy(): number {
    return this.busyCount;
  }

  /** Requests waiting right now. */
  get queueLength(): number {
    return this.queue.size;
  }

  /**
   * Asks for one server. onGranted(sim, data) is called when it is granted: immediately (before
   * request() returns) if a server is free, nobody waits and the calendar is open.
   * Lower `priority` numbers are served first; FIFO within a priority.
   */
  request<T>(onGranted: EventHandler<T>, data: T, priority = 0): void {
    const sim = this.sim;
    const now = sim.now;
    this.advanceStats(now);
    this.requestCount++;
    if (
      this.busyCount < this.capacity &&
      this.queue.size === 0 &&
      (this.calendar === null || this.calendar.isOpen(now))
    ) {
      this.busyCount++;
      this.grantCount++;
      onGranted(sim, data);
      return;
    }
    this.enqueue(onGranted, data, priority, now);
  }

  /** Returns one server; the longest-waiting request of the best priority gets it, if allowed. */
  release(): void {
    if (this.busyCount <= 0) {
      throw new Error(`Resource "${this.name}": release() without a matching grant`);
    }
    this.advanceStats(this.sim.now);
    this.busyCount--;
    if (this.queue.size > 0) this.dispatch();
  }

  /** Statistics since the last resetStats(), with the integrals closed at nowHours. */
  stats(nowHours: number = this.sim.now): ResourceStats {
    const dt = nowHours - this.lastChangeHours;
    if (dt < 0) {
      throw new RangeError(`Resource "${this.name}".stats(${nowHours}) is before its last change at ${this.lastChangeHours} h`);
    }
    const elapsed = nowHours - this.statsStartHours;
    const queueArea = this.queueArea + dt * this.queue.size;
    const busyArea = this.busyArea + dt * this.busyCount;
    const meanBusy = elapsed > 0 ? busyArea / elapsed : NaN;
    return {
      elapsedHours: elapsed,
      meanQueueLength: elapsed > 0 ? queueArea / elapsed : NaN,
      meanBusy,
      utilisation: meanBusy / this.capacity,
      meanWaitHours: this.grantCount > 0 ? this.waitSumHours / this.grantCount : NaN,
      requests: this.requestCount,
      grants: this.grantCount,
      maxQueueLength: this.maxQueue,
      queueHours: queueArea,
      busyHours: busyArea,
    };
  }

  /** Starts a new observation window now (e.g. after a warm-up); the state is untouched. */
  resetStats(): void {
    const now = this.sim.now;
    this.statsStartHours = now;
    this.lastChangeHours = now;
    this.queueArea = 0;
    this.busyArea = 0;
    this.waitSumHours = 0;
    this.requestCount = 0;
    this.grantCount = 0;
    this.maxQueue = this.queue.size;
  }

  /**
   * Empties the queue, frees all servers and resets the statistics, keeping allocated arrays.
   * Call it after sim.reset() when a replication starts.
   */
  reset(): void {
    this.waitingData.fill(undefined, 0, this.queue.slotsUsedBound);
    this.queue.clear();
    this.busyCount = 0;
    this.dispatching = false;
    this.wakeUpEpoch = -1;
    this.resetStats();
  }

  private advanceStats(now: number): void {
    const dt = now - this.lastChangeHours;
    if (dt > 0) {
      this.queueArea += dt * this.queue.size;
      this.busyArea += dt * this.busyCount;
      this.lastChangeHours = now;
    }
  }

  private enqueue<T>(onGranted: EventHandler<T>, data: T, priority: number, now: number): void {
    if (!(priority > -Infinity && priority < Infinity)) {
      throw new RangeError(`Resource "${this.name}" priority must be a finite number, got ${priority}`);
    }
    const slot = this.queue.push(priority);
    this.waitingHandlers[slot] = onGranted;
    this.waitingData[slot] = data;
    if (slot >= this.requestTimes.length) {
      const grown = new Float64Array(this.queue.slotCapacity);
      grown.set(this.requestTimes);
      this.requestTimes = grown;
    }
    this.requestTimes[slot] = now;
    if (this.queue.size > this.maxQueue) this.maxQueue = this.queue.size;
    // A server may be free (we queued behind others, or the calendar is closed): let dispatch decide.
    if (this.busyCount < this.capacity) this.dispatch();
  }

  /** Grants waiting requests while servers are free and the calendar is open. */
  private dispatch(): void {
    // A grant callback that releases or requests lands here again; the outer loop will see the
    // freed server, so recursion depth stays constant however long the queue.
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      const sim = this.sim;
      const queue = this.queue;
      while (queue.size > 0 && this.busyCount < this.capacity) {
        const now = sim.now;
        if (this.calendar !== null && !this.calendar.isOpen(now)) {
          this.scheduleWakeUp(now);
          return;
        }
        const slot = queue.pop();
        const handler = this.waitingHandlers[slot];
        const data = this.waitingData[slot];
        this.waitingData[slot] = undefined;
        this.advanceStats(now);
        this.busyCount++;
        if (this.busyCount > this.capacity) {
          throw new Error(`Resource "${this.name}": capacity ${this.capacity} exceeded (internal error)`);
        }
        this.grantCount++;
        this.waitSumHours += now - this.requestTimes[slot];
        handler(sim, data);
      }
    } finally {
      this.dispatching = false;
    }
  }

  private scheduleWakeUp(now: number): void {
    const sim = this.sim;
    // One wake-up at a time; a wake-up from before sim.reset() no longer exists.
    if (this.wakeUpEpoch === sim.resetCount) return;
    this.wakeUpEpoch = sim.resetCount;
    sim.scheduleAt(this.calendar!.nextOpen(now), wakeUp, this);
  }

  /** @internal called by the wake-up event. */
  onWakeUp(): void {
    this.wakeUpEpoch = -1;
    this.dispatch();
  }
}

function wakeUp(_sim: Simulation, resource: Resource): void {
  resource.onWakeUp();
}
