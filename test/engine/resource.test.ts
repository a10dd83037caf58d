import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOURS_PER_WEEK, Resource, Simulation, WorkingHoursCalendar } from '../../src/engine/index.js';

interface Job {
  id: number;
  arrivalHours: number;
  serviceHours: number;
  priority: number;
}

interface Harness {
  sim: Simulation;
  resource: Resource;
  capacity: number;
  active: number;
  maxActive: number;
  /** Requests not yet granted, in request order: the reference queue. */
  waiting: Job[];
  grants: { job: Job; atHours: number }[];
  violations: string[];
  insideRequest: Job | null;
}

function onGranted(sim: Simulation, job: Job & { h: Harness }): void {
  const h = job.h;
  h.active++;
  h.maxActive = Math.max(h.maxActive, h.active);
  if (h.active > h.capacity || h.resource.busy > h.capacity) h.violations.push(`capacity exceeded at ${sim.now}`);
  if (h.insideRequest !== job) {
    // Granted from the queue: it must be the best (priority, then request order) waiting job.
    const best = h.waiting.reduce((a, b) => (b.priority < a.priority ? b : a));
    if (best !== job) h.violations.push(`job ${job.id} (p${job.priority}) granted before job ${best.id} (p${best.priority})`);
  }
  h.waiting = h.waiting.filter((w) => w !== job);
  h.grants.push({ job, atHours: sim.now });
  sim.schedule(job.serviceHours, onDone, job);
}

function onDone(_sim: Simulation, job: Job & { h: Harness }): void {
  job.h.active--;
  job.h.resource.release();
}

function onArrival(_sim: Simulation, job: Job & { h: Harness }): void {
  const h = job.h;
  h.waiting.push(job);
  h.insideRequest = job;
  h.resource.request(onGranted, job, job.priority);
  h.insideRequest = null;
}

function runWorkload(capacity: number, jobs: Omit<Job, 'id'>[], calendar?: WorkingHoursCalendar): Harness {
  const sim = new Simulation();
  const resource = new Resource(sim, { capacity, calendar });
  const h: Harness = { sim, resource, capacity, active: 0, maxActive: 0, waiting: [], grants: [], violations: [], insideRequest: null };
  jobs.forEach((j, id) => sim.scheduleAt(j.arrivalHours, onArrival, { ...j, id, h }));
  sim.run();
  return h;
}

const jobArb = fc.record({
  arrivalHours: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true })),
  serviceHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 5, noNaN: true })),
  priority: fc.integer({ min: -1, max: 3 }),
});

describe('Resource', () => {
  it('never exceeds capacity and serves by priority, FIFO within a priority', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(jobArb, { maxLength: 120 }), (capacity, jobs) => {
        const h = runWorkload(capacity, jobs);
        expect(h.violations).toEqual([]);
        expect(h.grants).toHaveLength(jobs.length);
        expect(h.resource.busy).toBe(0);
        expect(h.resource.queueLength).toBe(0);
        expect(h.maxActive).toBeLessThanOrEqual(capacity);
        const s = h.resource.stats();
        expect(s.requests).toBe(jobs.length);
        expect(s.grants).toBe(jobs.length);
      }),
      { numRuns: 300 },
    );
  });

  it('computes time-weighted statistics (hand-checked)', () => {
    // One server. A arrives at 0 and holds 2 h; B arrives at 1, waits 1 h, holds 2 h.
    const h = runWorkload(1, [
      { arrivalHours: 0, serviceHours: 2, priority: 0 },
      { arrivalHours: 1, serviceHours: 2, priority: 0 },
    ]);
    expect(h.sim.now).toBe(4);
    const s = h.resource.stats();
    expect(s.elapsedHours).toBe(4);
    expect(s.meanQueueLength).toBeCloseTo(0.25, 12); // one waiting during [1, 2]
    expect(s.utilisation).toBeCloseTo(1, 12);
    expect(s.meanBusy).toBeCloseTo(1, 12);
    expect(s.meanWaitHours).toBeCloseTo(0.5, 12);
    expect(s.maxQueueLength).toBe(1);
    // Closing the integrals later adds idle time.
    expect(h.resource.stats(8).utilisation).toBeCloseTo(0.5, 12);
    expect(h.resource.stats(8).meanQueueLength).toBeCloseTo(0.125, 12);
  });

  it('resetStats() opens a new window and reset() empties the resource', () => {
    const sim = new Simulation();
    const res = new Resource(sim, { capacity: 1 });
    const noop = (): void => {};
    res.request(noop, null);
    res.request(noop, null);
    sim.run({ untilHours: 3 });
    res.resetStats();
    expect(res.stats().requests).toBe(0);
    expect(res.stats().maxQueueLength).toBe(1); // the current queue counts in the new window
    sim.run({ untilHours: 5 });
    expect(res.stats().meanQueueLength).toBe(1);
    expect(res.stats().utilisation).toBe(1);
    sim.reset();
    res.reset();
    expect(res.busy).toBe(0);
    expect(res.queueLength).toBe(0);
    expect(Number.isNaN(res.stats().utilisation)).toBe(true); // empty window
    let granted = false;
    res.request(() => (granted = true), null);
    expect(granted).toBe(true); // granted synchronously when free
  });

  it('rejects misuse', () => {
    const sim = new Simulation();
    expect(() => new Resource(sim, { capacity: 0 })).toThrow(/capacity/);
    expect(() => new Resource(sim, { capacity: 1.5 })).toThrow(/capacity/);
    const res = new Resource(sim, { capacity: 1, name: 'desk' });
    expect(() => res.release()).toThrow(/desk.*release\(\) without a matching grant/);
    res.request(() => {}, null);
    expect(() => res.request(() => {}, null, NaN)).toThrow(/priority/);
  });

  it('handles grant callbacks that release at once without deep recursion', () => {
    const sim = new Simulation();
    const res = new Resource(sim, { capacity: 1 });
    let served = 0;
    const hold = (): void => {};
    res.request(hold, null); // occupy the server so the others queue
    const releaseAtOnce = (): void => {
      served++;
      res.release();
    };
    for (let i = 0; i < 100_000; i++) res.request(releaseAtOnce, null);
    res.release();
    expect(served).toBe(100_000);
    expect(res.busy).toBe(0);
  });
});

describe('Resource with a working-hours calendar', () => {
  const office = new WorkingHoursCalendar({ startHour: 9, endHour: 17 }); // Mon-Fri

  it('grants nothing outside working hours (random workloads)', () => {
    const jobArbWeek = fc.record({
      arrivalHours: fc.double({ min: 0, max: 2 * HOURS_PER_WEEK, noNaN: true }),
      serviceHours: fc.double({ min: 0, max: 12, noNaN: true }),
      priority: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(jobArbWeek, { maxLength: 80 }), (capacity, jobs) => {
        const h = runWorkload(capacity, jobs, office);
        expect(h.violations).toEqual([]);
        expect(h.grants).toHaveLength(jobs.length);
        for (const g of h.grants) {
          expect(office.isOpen(g.atHours)).toBe(true);
          // Nobody is kept waiting while the office is open and a server is free: a grant happens
          // at arrival if possible, else at an opening or at some release.
          expect(g.atHours).toBeGreaterThanOrEqual(g.job.arrivalHours);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('wakes up at the opening and grants waiting requests up to capacity, by priority', () => {
    const monday20 = 20;
    const tuesday9 = 24 + 9;
    const h = runWorkload(
      2,
      [
        { arrivalHours: monday20, serviceHours: 1, priority: 1 },
        { arrivalHours: monday20 + 1, serviceHours: 1, priority: 0 },
        { arrivalHours: monday20 + 2, serviceHours: 1, priority: 1 },
      ],
      office,
    );
    expect(h.violations).toEqual([]);
    expect(h.grants.map((g) => [g.job.id, g.atHours])).toEqual([
      [1, tuesday9],
      [0, tuesday9],
      [2, tuesday9 + 1],
    ]);
    expect(h.resource.stats().maxQueueLength).toBe(3);
  });

  it('a request at the exact opening time is granted at once; at closing time it waits', () => {
    const sim = new Simulation();
    const res = new Resource(sim, { capacity: 1, calendar: office });
    const grantedAt: number[] = [];
    const grant = (s: Simulation): void => {
      grantedAt.push(s.now);
      s.schedule(0.5, () => res.release(), null);
    };
    sim.scheduleAt(9, () => res.request(grant, null), null);
    sim.scheduleAt(17, () => res.request(grant, null), null);
    sim.scheduleAt(17 - 1e-12, () => res.request(grant, null), null); // rounding of 17:00
    sim.run();
    expect(grantedAt).toEqual([9, 33, 33.5]);
  });
});
