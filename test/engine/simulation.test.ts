import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { EventLimitError, Resource, Simulation } from '../../src/engine/index.js';

/** A handler that records its label and the clock. */
function record(sim: Simulation, entry: { label: string; log: string[] }): void {
  entry.log.push(`${entry.label}@${sim.now}`);
}

describe('Simulation', () => {
  it('fires events in (time, scheduling order) and never moves time backwards', () => {
    // Each event, when fired, schedules the children listed for it: a random schedule tree.
    const treeArb = fc.array(fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 5, noNaN: true })), { maxLength: 3 }), {
      minLength: 1,
      maxLength: 200,
    });
    fc.assert(
      fc.property(treeArb, fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 5 }), (children, roots) => {
        const sim = new Simulation({ initialCapacity: 2 });
        interface Ev {
          created: number;
          time: number;
        }
        const all: Ev[] = [];
        const fired: Ev[] = [];
        let lastTime = -Infinity;
        const state = { next: 0 };
        let violations = 0; // counted, not expect()ed per event: expect is slow in a hot loop
        const onFire = (s: Simulation, ev: Ev): void => {
          if (s.now !== ev.time || s.now < lastTime) violations++;
          lastTime = s.now;
          fired.push(ev);
          const delays = children[state.next++ % children.length];
          if (all.length < 1500) for (const d of delays) add(d);
        };
        const add = (delay: number): void => {
          const ev = { created: all.length, time: sim.now + delay };
          all.push(ev);
          sim.schedule(delay, onFire, ev);
        };
        for (const r of roots) add(r);
        expect(sim.run()).toBe('empty');
        expect(violations).toBe(0);
        // Every event fires exactly once, in the order of a stable sort by time.
        const expected = [...all].sort((a, b) => a.time - b.time || a.created - b.created);
        expect(fired.map((e) => e.created)).toEqual(expected.map((e) => e.created));
        expect(sim.eventsProcessed).toBe(all.length);
        expect(sim.pendingEvents).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same seed gives the same trace', () => {
    function trace(seed: string): string[] {
      const sim = new Simulation();
      const servers = new Resource(sim, { capacity: 2 });
      const rng = seedrandom.alea(seed);
      const log: string[] = [];
      interface Customer {
        id: number;
      }
      const done = (s: Simulation, c: Customer): void => {
        log.push(`done ${c.id} ${s.now.toFixed(9)}`);
        servers.release();
      };
      const granted = (s: Simulation, c: Customer): void => {
        log.push(`start ${c.id} ${s.now.toFixed(9)}`);
        s.schedule(-Math.log(1 - rng()) * 1.5, done, c);
      };
      const arrive = (s: Simulation, c: Customer): void => {
        log.push(`arrive ${c.id} ${s.now.toFixed(9)}`);
        servers.request(granted, c, Math.floor(rng() * 3));
        if (c.id < 300) s.schedule(-Math.log(1 - rng()), arrive, { id: c.id + 1 });
      };
      sim.schedule(0, arrive, { id: 0 });
      sim.run();
      return log;
    }
    const a = trace('same seed');
    expect(a.length).toBe(3 * 301);
    expect(trace('same seed')).toEqual(a);
    expect(trace('another seed')).not.toEqual(a);
  });

  it('cancels pending events, and only those', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const a = sim.schedule(1, record, { label: 'a', log });
    const b = sim.schedule(2, record, { label: 'b', log });
    sim.schedule(3, record, { label: 'c', log });
    expect(sim.pendingEvents).toBe(3);
    expect(sim.cancel(b)).toBe(true);
    expect(sim.cancel(b)).toBe(false);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.step()).toBe(true);
    expect(sim.cancel(a)).toBe(false); // already fired
    expect(sim.run()).toBe('empty');
    expect(log).toEqual(['a@1', 'c@3']);
    expect(sim.eventsProcessed).toBe(2);

    // An id from before reset() must not cancel the event that reuses its slot.
    const stale = sim.schedule(1, record, { label: 'stale', log });
    sim.reset();
    sim.schedule(1, record, { label: 'fresh', log });
    expect(sim.cancel(stale)).toBe(false);
    sim.run();
    expect(log.at(-1)).toBe('fresh@1');
  });

  it('cancelling random events leaves exactly the others to fire', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.boolean()), { maxLength: 300 }), (plan) => {
        const sim = new Simulation({ initialCapacity: 4 });
        const fired: number[] = [];
        const ids = plan.map(([delay], i) => sim.schedule(delay, (_s, n: number) => fired.push(n), i));
        plan.forEach(([, cancel], i) => cancel && sim.cancel(ids[i]));
        const kept = plan.map((_, i) => i).filter((i) => !plan[i][1]);
        expect(sim.pendingEvents).toBe(kept.length);
        sim.run();
        expect([...fired].sort((x, y) => x - y)).toEqual(kept);
      }),
    );
  });

  it('throws EventLimitError instead of running forever', () => {
    const sim = new Simulation({ maxEvents: 1000 });
    const forever = (s: Simulation): void => {
      s.schedule(0.5, forever, null);
    };
    sim.schedule(0, forever, null);
    expect(() => sim.run()).toThrow(EventLimitError);
    expect(sim.eventsProcessed).toBe(1000);
    const error = ((): unknown => {
      try {
        sim.run();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EventLimitError);
    expect((error as EventLimitError).limit).toBe(1000);
    expect((error as Error).message).toMatch(/1000 events/);
    expect((error as Error).message).toMatch(/maxEvents/);
    expect(sim.pendingEvents).toBe(1); // the offending event was not lost
    // The limit is per replication: reset() starts counting again.
    sim.reset();
    let count = 0;
    const bounded = (s: Simulation): void => {
      if (++count < 1000) s.schedule(1, bounded, null);
    };
    sim.schedule(0, bounded, null);
    expect(sim.run()).toBe('empty');
    expect(sim.eventsProcessed).toBe(1000);
  });

  it('run({ untilHours }) stops before events at or after it and leaves them pending', () => {
    const sim = new Simulation();
    const log: string[] = [];
    for (const t of [1, 2, 3, 4]) sim.scheduleAt(t, record, { label: `e${t}`, log });
    expect(sim.run({ untilHours: 2.5 })).toBe('until');
    expect(sim.now).toBe(2.5);
    expect(log).toEqual(['e1@1', 'e2@2']);
    expect(sim.pendingEvents).toBe(2);
    expect(sim.run({ untilHours: 3 })).toBe('until'); // the event at exactly 3 stays pending
    expect(sim.now).toBe(3);
    expect(log).toHaveLength(2);
    expect(sim.run()).toBe('empty');
    expect(log).toEqual(['e1@1', 'e2@2', 'e3@3', 'e4@4']);
    expect(sim.now).toBe(4);
    expect(sim.run({ untilHours: 10 })).toBe('empty');
    expect(sim.now).toBe(10);
    expect(() => sim.run({ untilHours: 9 })).toThrow(RangeError);
  });

  it('step() processes one event at a time', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.schedule(2, record, { label: 'b', log });
    sim.schedule(1, record, { label: 'a', log });
    expect(sim.peekTimeHours()).toBe(1);
    expect(sim.step()).toBe(true);
    expect(log).toEqual(['a@1']);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(false);
    expect(sim.now).toBe(2);
  });

  it('rejects delays and times that would move the clock backwards', () => {
    const sim = new Simulation();
    sim.schedule(5, () => {}, null);
    sim.run();
    for (const bad of [-1, -1e-12, NaN, Infinity, -Infinity]) {
      expect(() => sim.schedule(bad, () => {}, null)).toThrow(RangeError);
    }
    expect(() => sim.schedule(-1, () => {}, null)).toThrow(/time never goes backwards/);
    expect(() => sim.scheduleAt(4.999, () => {}, null)).toThrow(RangeError);
    expect(() => sim.scheduleAt(NaN, () => {}, null)).toThrow(RangeError);
    expect(() => new Simulation({ maxEvents: 0 })).toThrow(RangeError);
    sim.scheduleAt(5, () => {}, null); // now is allowed
    expect(sim.pendingEvents).toBe(1);
  });

  it('reset() clears state but gives the same results as a fresh simulation', () => {
    function replicate(sim: Simulation, seed: string): number[] {
      const rng = seedrandom.alea(seed);
      const times: number[] = [];
      const tick = (s: Simulation, n: number): void => {
        times.push(s.now);
        if (n > 0) s.schedule(rng() * 2, tick, n - 1);
      };
      for (let i = 0; i < 500; i++) sim.schedule(rng(), tick, 3);
      sim.run();
      return times;
    }
    const reused = new Simulation({ initialCapacity: 2 });
    replicate(reused, 'warm');
    reused.schedule(1, () => {}, null);
    reused.reset(7);
    expect(reused.now).toBe(7);
    expect(reused.pendingEvents).toBe(0);
    expect(reused.eventsProcessed).toBe(0);
    reused.reset();
    expect(replicate(reused, 'r1')).toEqual(replicate(new Simulation(), 'r1'));
  });
});
