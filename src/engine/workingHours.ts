/**
 * Working-hours calendar: when people are at work.
 *
 * Simulation time 0 is Monday 00:00 and time is in hours. Weekdays are numbered like
 * Date.getDay(): 0 = Sunday ... 6 = Saturday, so time 0 falls on weekday 1.
 *
 * A calendar is a repeating week of half-open open intervals [start, end) (e.g. Mon-Fri
 * [9, 17)). Every query reduces a time to (week number, hour within the week) by arithmetic and
 * scans at most 7 intervals, so each call is O(1) whatever the distance in time.
 *
 * Floating point: times are compared to interval boundaries with a tolerance of
 * TIME_EPSILON_HOURS (1e-9 h, 3.6 microseconds), always in the same direction: a time within
 * epsilon *before* a boundary counts as being *at* it. So a service computed to end at
 * 16:59:59.999999999 is "at 17:00": the calendar is closed then and addWorkingHours() never spills
 * a remainder of rounding error into the next morning. The tolerance is far above the rounding
 * error of times up to ~10^6 h (a century), and far below any duration the models care about.
 */

export const HOURS_PER_DAY = 24;
export const HOURS_PER_WEEK = 168;
/** Tolerance for comparing times to calendar boundaries (hours). See the module comment. */
export const TIME_EPSILON_HOURS = 1e-9;

const EPS = TIME_EPSILON_HOURS;

export interface WorkingHoursOptions {
  /** Opening hour of each working day, 0 <= startHour < endHour. Default 9. */
  startHour?: number;
  /** Closing hour of each working day, endHour <= 24. Default 17. */
  endHour?: number;
  /** Working weekdays, 0 = Sunday ... 6 = Saturday. Default Monday-Friday [1, 2, 3, 4, 5]. */
  workDays?: readonly number[];
}

export class WorkingHoursCalendar {
  /** Open 24/7: the calendar of a resource that ignores working hours. */
  static readonly ALWAYS_OPEN: WorkingHoursCalendar = new WorkingHoursCalendar({
    startHour: 0,
    endHour: 24,
    workDays: [0, 1, 2, 3, 4, 5, 6],
  });

  readonly startHour: number;
  readonly endHour: number;
  /** Sorted, without duplicates. */
  readonly workDays: readonly number[];
  /** Open hours in one week. */
  readonly weeklyWorkingHours: number;
  /** True when the calendar never closes (every function then short-circuits). */
  readonly isAlwaysOpen: boolean;

  // Open intervals within a week measured from Monday 00:00, sorted and with touching intervals
  // merged (e.g. 0-24 on consecutive days), plus the working hours elapsed before each one.
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly workedBefore: Float64Array;
  private readonly intervalCount: number;

  constructor(options: WorkingHoursOptions = {}) {
    const startHour = options.startHour ?? 9;
    const endHour = options.endHour ?? 17;
    const workDays = options.workDays ?? [1, 2, 3, 4, 5];
    validate(startHour, endHour, workDays);
    this.startHour = startHour;
    this.endHour = endHour;
    this.workDays = Object.freeze([...workDays].sort((a, b) => a - b));

    // Day index within our Monday-first week: Monday 0 ... Sunday 6.
    const raw = this.workDays
      .map((weekday) => ((weekday + 6) % 7) * HOURS_PER_DAY)
      .sort((a, b) => a - b)
      .map((dayStart) => [dayStart + startHour, dayStart + endHour] as [number, number]);
    const merged: [number, number][] = [];
    for (const interval of raw) {
      const last = merged[merged.length - 1];
      if (last !== undefined && interval[0] <= last[1]) last[1] = interval[1];
      else merged.push([interval[0], interval[1]]);
    }
    this.intervalCount = merged.length;
    this.starts = new Float64Array(merged.map((m) => m[0]));
    this.ends = new Float64Array(merged.map((m) => m[1]));
    this.workedBefore = new Float64Array(merged.length);
    let worked = 0;
    for (let i = 0; i < merged.length; i++) {
      this.workedBefore[i] = worked;
      worked += merged[i][1] - merged[i][0];
    }
    this.weeklyWorkingHours = worked;
    this.isAlwaysOpen = merged.length === 1 && merged[0][0] === 0 && merged[0][1] === HOURS_PER_WEEK;
  }

  /** Weekday at time t: 0 = Sunday ... 6 = Saturday (time 0 is Monday). */
  static weekdayAt(timeHours: number): number {
    const day = Math.floor(timeHours / HOURS_PER_DAY);
    return (((day + 1) % 7) + 7) % 7;
  }

  /** Whether the calendar is open at t (intervals are [start, end), with the epsilon rule). */
  isOpen(timeHours: number): boolean {
    if (this.isAlwaysOpen) return true;
    const tw = this.hourInWeek(timeHours);
    const starts = this.starts;
    const ends = this.ends;
    for (let i = 0; i < this.intervalCount; i++) {
      if (tw < starts[i] - EPS) return false;
      if (tw < ends[i] - EPS) return true;
    }
    return false;
  }

  /** t itself when open, else the next opening time. */
  nextOpen(timeHours: number): number {
    if (this.isAlwaysOpen) return timeHours;
    const week = this.weekOf(timeHours);
    const tw = timeHours - week * HOURS_PER_WEEK;
    const starts = this.starts;
    const ends = this.ends;
    for (let i = 0; i < this.intervalCount; i++) {
      if (tw < starts[i] - EPS) return week * HOURS_PER_WEEK + starts[i];
      if (tw < ends[i] - EPS) return timeHours;
    }
    return (week + 1) * HOURS_PER_WEEK + starts[0];
  }

  /**
   * t itself when closed, else the time the open interval holding t closes (Infinity when the
   * calendar never closes). With nextOpen(), it walks a span interval by interval: the working
   * pieces of a person's work, as the report's Gantt chart draws them.
   */
  nextClose(timeHours: number): number {
    if (this.isAlwaysOpen) return Infinity;
    const week = this.weekOf(timeHours);
    const tw = timeHours - week * HOURS_PER_WEEK;
    const starts = this.starts;
    const ends = this.ends;
    for (let i = 0; i < this.intervalCount; i++) {
      if (tw < starts[i] - EPS) return timeHours;
      if (tw < ends[i] - EPS) return week * HOURS_PER_WEEK + ends[i];
    }
    return timeHours;
  }

  /**
   * The earliest time at which `workHours` of open time have elapsed, counting from t.
   * Work starts at nextOpen(t), skips nights and weekends, and ends as early as possible: 8 hours
   * from Monday 09:00 ends Monday 17:00, not Tuesday 09:00.
   * Zero work hours returns nextOpen(t), not t: work that arrives at night is "done" when the
   * first work could start, which keeps the result continuous as workHours -> 0.
   */
  addWorkingHours(timeHours: number, workHours: number): number {
    if (!(workHours >= 0 && workHours < Infinity)) {
      throw new RangeError(`addWorkingHours() workHours must be a finite number >= 0, got ${workHours}`);
    }
    if (!Number.isFinite(timeHours)) {
      throw new RangeError(`addWorkingHours() time must be a finite number of hours, got ${timeHours}`);
    }
    if (this.isAlwaysOpen) return timeHours + workHours;
    const start = this.nextOpen(timeHours);
    if (workHours === 0) return start;
    const target = this.workedUntil(start) + workHours;
    const weekly = this.weeklyWorkingHours;
    let week = Math.floor(target / weekly);
    let remainder = target - week * weekly;
    // Exactly a whole number of weeks of work ends at the close of the previous week's last
    // interval, not at the first opening of the next week.
    if (remainder <= EPS) {
      week -= 1;
      remainder += weekly;
    }
    const starts = this.starts;
    const ends = this.ends;
    const workedBefore = this.workedBefore;
    const last = this.intervalCount - 1;
    let end = week * HOURS_PER_WEEK + ends[last];
    for (let i = 0; i <= last; i++) {
      const length = ends[i] - starts[i];
      // A remainder within epsilon past this interval's close ends *at* the close (no spill).
      if (remainder <= workedBefore[i] + length + EPS) {
        end = week * HOURS_PER_WEEK + starts[i] + Math.min(Math.max(remainder - workedBefore[i], 0), length);
        break;
      }
    }
    // Snapping can move the end back by at most epsilon; never return before work could start.
    return end > start ? end : start;
  }

  /** Open hours in [a, b]; requires a <= b. */
  workingHoursBetween(fromHours: number, toHours: number): number {
    if (!Number.isFinite(fromHours) || !Number.isFinite(toHours)) {
      throw new RangeError(`workingHoursBetween() needs finite times, got ${fromHours} and ${toHours}`);
    }
    if (toHours < fromHours) {
      throw new RangeError(`workingHoursBetween() needs from <= to, got ${fromHours} > ${toHours}`);
    }
    if (this.isAlwaysOpen) return toHours - fromHours;
    const worked = this.workedUntil(toHours) - this.workedUntil(fromHours);
    return worked > 0 ? worked : 0;
  }

  /**
   * Open hours in [0, t) (negative for t < 0): continuous, nondecreasing, flat while closed.
   * Within epsilon of a boundary the value snaps to the boundary's value, as isOpen() does.
   */
  private workedUntil(timeHours: number): number {
    const week = this.weekOf(timeHours);
    const tw = timeHours - week * HOURS_PER_WEEK;
    const starts = this.starts;
    const ends = this.ends;
    for (let i = 0; i < this.intervalCount; i++) {
      if (tw < starts[i] + EPS) return week * this.weeklyWorkingHours + this.workedBefore[i];
      if (tw < ends[i] - EPS) return week * this.weeklyWorkingHours + this.workedBefore[i] + (tw - starts[i]);
    }
    return (week + 1) * this.weeklyWorkingHours;
  }

  /** Week number of t, where a time within epsilon of the next week's start belongs to it. */
  private weekOf(timeHours: number): number {
    return Math.floor((timeHours + EPS) / HOURS_PER_WEEK);
  }

  private hourInWeek(timeHours: number): number {
    return timeHours - this.weekOf(timeHours) * HOURS_PER_WEEK;
  }
}

/** Open 24/7. */
export const ALWAYS_OPEN = WorkingHoursCalendar.ALWAYS_OPEN;

function validate(startHour: number, endHour: number, workDays: readonly number[]): void {
  if (typeof startHour !== 'number' || !Number.isFinite(startHour) || startHour < 0 || startHour >= 24) {
    throw new RangeError(`WorkingHoursCalendar startHour must be a number with 0 <= startHour < 24, got ${startHour}`);
  }
  if (typeof endHour !== 'number' || !Number.isFinite(endHour) || endHour <= startHour || endHour > 24) {
    throw new RangeError(
      `WorkingHoursCalendar endHour must be a number with startHour (${startHour}) < endHour <= 24, got ${endHour}`,
    );
  }
  if (!Array.isArray(workDays) || workDays.length === 0) {
    throw new RangeError('WorkingHoursCalendar workDays must be a non-empty array of weekdays (0 = Sunday ... 6 = Saturday)');
  }
  const seen = new Set<number>();
  for (const day of workDays) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new RangeError(`WorkingHoursCalendar workDays must hold integers 0 (Sunday) ... 6 (Saturday), got ${day}`);
    }
    if (seen.has(day)) throw new RangeError(`WorkingHoursCalendar workDays lists weekday ${day} twice`);
    seen.add(day);
  }
}
