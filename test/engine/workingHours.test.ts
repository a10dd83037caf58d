import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALWAYS_OPEN, HOURS_PER_WEEK, WorkingHoursCalendar } from '../../src/engine/index.js';

/** Time of weekday `weekday` (0 = Sunday) at `hour`, in week `week` (time 0 = Monday 00:00). */
function at(weekday: number, hour: number, week = 0): number {
  return week * HOURS_PER_WEEK + ((weekday + 6) % 7) * 24 + hour;
}
const MON = 1;
const TUE = 2;
const FRI = 5;
const SAT = 6;
const SUN = 0;

/** Slow, obviously-correct reference: sum the overlap of [a, b] with each day's open interval. */
function referenceBetween(cal: WorkingHoursCalendar, a: number, b: number): number {
  let total = 0;
  for (let day = Math.floor(a / 24); day * 24 < b; day++) {
    if (!cal.workDays.includes(WorkingHoursCalendar.weekdayAt(day * 24))) continue;
    const open = day * 24 + cal.startHour;
    const close = day * 24 + cal.endHour;
    total += Math.max(0, Math.min(b, close) - Math.max(a, open));
  }
  return total;
}

const calendarArb = fc
  .record({
    startHour: fc.integer({ min: 0, max: 95 }).map((q) => q / 4),
    length: fc.integer({ min: 1, max: 96 }).map((q) => q / 4),
    workDays: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
  })
  .filter(({ startHour, length }) => startHour + length <= 24)
  .map(({ startHour, length, workDays }) => new WorkingHoursCalendar({ startHour, endHour: startHour + length, workDays }));

// Mix of "nice" times (quarter hours, hitting boundaries exactly) and arbitrary doubles.
const timeArb = fc.oneof(fc.integer({ min: 0, max: 4 * 24 * 7 * 30 }).map((q) => q / 4), fc.double({ min: 0, max: 5000, noNaN: true }));
const workArb = fc.oneof(fc.integer({ min: 0, max: 4 * 300 }).map((q) => q / 4), fc.double({ min: 0, max: 300, noNaN: true }));

const TOL = 1e-6;

describe('WorkingHoursCalendar (default Mon-Fri 9-17)', () => {
  const cal = new WorkingHoursCalendar();

  it('knows weekdays and opening hours', () => {
    expect(WorkingHoursCalendar.weekdayAt(0)).toBe(MON);
    expect(WorkingHoursCalendar.weekdayAt(at(SUN, 23.9))).toBe(SUN);
    expect(WorkingHoursCalendar.weekdayAt(at(SAT, 1, 3))).toBe(SAT);
    expect(cal.weeklyWorkingHours).toBe(40);
    expect(cal.isOpen(at(MON, 9))).toBe(true);
    expect(cal.isOpen(at(MON, 16.99))).toBe(true);
    expect(cal.isOpen(at(MON, 17))).toBe(false);
    expect(cal.isOpen(at(MON, 8.99))).toBe(false);
    expect(cal.isOpen(at(SAT, 12))).toBe(false);
    expect(cal.isOpen(at(SUN, 12))).toBe(false);
    expect(cal.isOpen(at(FRI, 12, 52))).toBe(true);
  });

  it('finds the next opening', () => {
    expect(cal.nextOpen(at(MON, 10))).toBe(at(MON, 10));
    expect(cal.nextOpen(at(MON, 3))).toBe(at(MON, 9));
    expect(cal.nextOpen(at(MON, 17))).toBe(at(TUE, 9));
    expect(cal.nextOpen(at(FRI, 18))).toBe(at(MON, 9, 1));
    expect(cal.nextOpen(at(SAT, 12))).toBe(at(MON, 9, 1));
    expect(cal.nextOpen(at(SUN, 23.5, 9))).toBe(at(MON, 9, 10));
  });

  it('finds where the open stretch holding t closes (t itself when closed)', () => {
    expect(cal.nextClose(at(MON, 10))).toBe(at(MON, 17));
    expect(cal.nextClose(at(FRI, 9))).toBe(at(FRI, 17));
    expect(cal.nextClose(at(MON, 17))).toBe(at(MON, 17)); // closed at 17:00 ([9, 17) is half-open)
    expect(cal.nextClose(at(SAT, 12))).toBe(at(SAT, 12));
    expect(cal.nextClose(at(MON, 3, 2))).toBe(at(MON, 3, 2));
    expect(cal.nextClose(at(TUE, 16, 5))).toBe(at(TUE, 17, 5));
    expect(ALWAYS_OPEN.nextClose(12)).toBe(Infinity);
  });

  it('adds working hours across nights and weekends (hand-checked)', () => {
    expect(cal.addWorkingHours(at(FRI, 16), 2)).toBe(at(MON, 10, 1)); // Friday 16:00 + 2h = Monday 10:00
    expect(cal.addWorkingHours(at(MON, 9), 8)).toBe(at(MON, 17)); // ends at 17:00, not Tuesday 09:00
    expect(cal.addWorkingHours(at(MON, 9), 40)).toBe(at(FRI, 17)); // a whole week ends Friday 17:00
    expect(cal.addWorkingHours(at(MON, 9), 41)).toBe(at(MON, 10, 1));
    expect(cal.addWorkingHours(at(MON, 12), 4)).toBe(at(MON, 16));
    expect(cal.addWorkingHours(at(MON, 12), 6)).toBe(at(TUE, 10));
    expect(cal.addWorkingHours(at(MON, 20), 1)).toBe(at(TUE, 10)); // starts next morning
    expect(cal.addWorkingHours(at(SAT, 10), 8)).toBe(at(MON, 17, 1));
    expect(cal.addWorkingHours(at(MON, 9, 1000), 400)).toBe(at(FRI, 17, 1009)); // far future: arithmetic
  });

  it('zero work hours returns nextOpen(t) (documented choice)', () => {
    expect(cal.addWorkingHours(at(MON, 10), 0)).toBe(at(MON, 10));
    expect(cal.addWorkingHours(at(SAT, 10), 0)).toBe(at(MON, 9, 1));
    expect(cal.addWorkingHours(at(MON, 17), 0)).toBe(at(TUE, 9));
  });

  it('does not spill into the next day through rounding', () => {
    // 9.1 + 7.9 is not exactly 17 in binary floating point; the end must still be Monday ~17:00.
    const end = cal.addWorkingHours(at(MON, 9.1), 7.9);
    expect(end).toBeCloseTo(at(MON, 17), 9);
    const weird = cal.addWorkingHours(at(MON, 0.1 + 0.2 + 9), 8 - (0.1 + 0.2));
    expect(weird).toBeCloseTo(at(MON, 17), 9);
    // Summing many small services that add up to one day ends the same day.
    let t = at(TUE, 9);
    for (let i = 0; i < 80; i++) t = cal.addWorkingHours(t, 0.1);
    expect(t).toBeCloseTo(at(TUE, 17), 9);
    // A time a hair (< 1e-9 h) before 17:00 counts as 17:00: closed, next opening tomorrow.
    const hair = at(MON, 17) - 1e-10;
    expect(cal.isOpen(hair)).toBe(false);
    expect(cal.nextOpen(hair)).toBe(at(TUE, 9));
    // ... and a hair before 09:00 counts as 09:00: open.
    expect(cal.isOpen(at(MON, 9) - 1e-10)).toBe(true);
  });

  it('counts working hours between two times', () => {
    expect(cal.workingHoursBetween(at(FRI, 16), at(MON, 10, 1))).toBe(2);
    expect(cal.workingHoursBetween(0, HOURS_PER_WEEK)).toBe(40);
    expect(cal.workingHoursBetween(0, 10 * HOURS_PER_WEEK)).toBe(400);
    expect(cal.workingHoursBetween(at(SAT, 1), at(SUN, 23))).toBe(0);
    expect(cal.workingHoursBetween(at(MON, 12), at(MON, 12))).toBe(0);
    expect(() => cal.workingHoursBetween(5, 4)).toThrow(RangeError);
  });

  it('validates its inputs with clear errors', () => {
    expect(() => new WorkingHoursCalendar({ startHour: -1 })).toThrow(/startHour/);
    expect(() => new WorkingHoursCalendar({ startHour: 24, endHour: 24 })).toThrow(/startHour/);
    expect(() => new WorkingHoursCalendar({ startHour: 9, endHour: 9 })).toThrow(/endHour/);
    expect(() => new WorkingHoursCalendar({ startHour: 9, endHour: 25 })).toThrow(/endHour/);
    expect(() => new WorkingHoursCalendar({ endHour: NaN })).toThrow(/endHour/);
    expect(() => new WorkingHoursCalendar({ workDays: [] })).toThrow(/non-empty/);
    expect(() => new WorkingHoursCalendar({ workDays: [7] })).toThrow(/workDays/);
    expect(() => new WorkingHoursCalendar({ workDays: [1.5] })).toThrow(/workDays/);
    expect(() => new WorkingHoursCalendar({ workDays: [1, 1] })).toThrow(/twice/);
    expect(() => cal.addWorkingHours(0, -1)).toThrow(RangeError);
    expect(() => cal.addWorkingHours(0, NaN)).toThrow(RangeError);
  });
});

describe('ALWAYS_OPEN and other calendars', () => {
  it('ALWAYS_OPEN never closes', () => {
    expect(ALWAYS_OPEN.isAlwaysOpen).toBe(true);
    expect(ALWAYS_OPEN.isOpen(at(SUN, 3))).toBe(true);
    expect(ALWAYS_OPEN.nextOpen(12.5)).toBe(12.5);
    expect(ALWAYS_OPEN.addWorkingHours(12.5, 100)).toBe(112.5);
    expect(ALWAYS_OPEN.workingHoursBetween(1, 169)).toBe(168);
    expect(new WorkingHoursCalendar({ startHour: 0, endHour: 24, workDays: [0, 1, 2, 3, 4, 5, 6] }).isAlwaysOpen).toBe(true);
  });

  it('handles weekend-only shifts and days that run to midnight', () => {
    const weekend = new WorkingHoursCalendar({ startHour: 10, endHour: 14, workDays: [SAT, SUN] });
    expect(weekend.nextOpen(at(MON, 10))).toBe(at(SAT, 10));
    expect(weekend.addWorkingHours(at(SAT, 13), 2)).toBe(at(SUN, 11));
    expect(weekend.addWorkingHours(at(SUN, 13), 2)).toBe(at(SAT, 11, 1));
    // Sunday 0-24 followed by Monday 0-24 is one stretch across the week boundary.
    const sunMon = new WorkingHoursCalendar({ startHour: 0, endHour: 24, workDays: [SUN, MON] });
    expect(sunMon.isOpen(HOURS_PER_WEEK - 1e-10)).toBe(true);
    expect(sunMon.addWorkingHours(at(SUN, 12), 24)).toBe(at(MON, 12, 1));
    expect(sunMon.addWorkingHours(at(MON, 12), 12)).toBe(at(MON, 24));
    expect(sunMon.nextOpen(at(TUE, 0))).toBe(at(SUN, 0));
  });

  it('properties: round trip, result >= t, monotone, agrees with a slow reference', () => {
    fc.assert(
      fc.property(calendarArb, timeArb, workArb, workArb, (cal, t, w1, w2) => {
        const end = cal.addWorkingHours(t, w1);
        expect(end).toBeGreaterThanOrEqual(t);
        expect(Math.abs(cal.workingHoursBetween(t, end) - w1)).toBeLessThan(TOL);
        expect(Math.abs(referenceBetween(cal, t, end) - w1)).toBeLessThan(TOL);
        // Monotone in the amount of work and in the start time.
        const [lo, hi] = w1 <= w2 ? [w1, w2] : [w2, w1];
        expect(cal.addWorkingHours(t, lo)).toBeLessThanOrEqual(cal.addWorkingHours(t, hi) + TOL);
        expect(cal.addWorkingHours(t, w1)).toBeLessThanOrEqual(cal.addWorkingHours(t + w2, w1) + TOL);
        // nextOpen is open, not before t, and nothing is open in between.
        const open = cal.nextOpen(t);
        expect(open).toBeGreaterThanOrEqual(t);
        expect(cal.isOpen(open)).toBe(true);
        expect(cal.workingHoursBetween(t, open)).toBeLessThan(TOL);
        // A positive amount of work ends while open or exactly at a closing time.
        if (w1 > 1e-6) expect(cal.workingHoursBetween(open, end)).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('properties: workingHoursBetween matches the reference and is additive', () => {
    fc.assert(
      fc.property(calendarArb, timeArb, timeArb, timeArb, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        expect(Math.abs(cal.workingHoursBetween(a, c) - referenceBetween(cal, a, c))).toBeLessThan(TOL);
        expect(Math.abs(cal.workingHoursBetween(a, b) + cal.workingHoursBetween(b, c) - cal.workingHoursBetween(a, c))).toBeLessThan(TOL);
        // Adding the working time between a and c to a lands no later than c (earliest-time rule;
        // with none in between, zero work gives nextOpen(a), which may be after c).
        const worked = cal.workingHoursBetween(a, c);
        if (worked > 0) expect(cal.addWorkingHours(a, worked)).toBeLessThanOrEqual(c + TOL);
        else expect(cal.addWorkingHours(a, worked)).toBe(cal.nextOpen(a));
      }),
      { numRuns: 2000 },
    );
  });
});
