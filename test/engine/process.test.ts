import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { acquire, Resource, Simulation, spawn, timeout, type ProcessGenerator } from '../../src/engine/index.js';

describe('generator processes', () => {
  it('wait on timeouts and resources, SimPy style', () => {
    const sim = new Simulation();
    const desk = new Resource(sim, { capacity: 1 });
    const log: string[] = [];
    function* visitor(name: string, arriveAfterHours: number, serviceHours: number): ProcessGenerator {
      yield timeout(arriveAfterHours);
      log.push(`${name} arrives ${sim.now}`);
      yield acquire(desk);
      log.push(`${name} served ${sim.now}`);
      yield timeout(serviceHours);
      desk.release();
      log.push(`${name} leaves ${sim.now}`);
    }
    const a = spawn(sim, visitor('a', 1, 3));
    spawn(sim, visitor('b', 2, 1));
    spawn(sim, () => visitor('c', 2, 1)); // a generator function works too
    expect(a.alive).toBe(true);
    sim.run();
    expect(a.alive).toBe(false);
    expect(log).toEqual([
      'a arrives 1',
      'a served 1',
      'b arrives 2',
      'c arrives 2',
      'a leaves 4',
      'b served 4',
      'b leaves 5',
      'c served 5',
      'c leaves 6',
    ]);
  });

  it('serves by priority', () => {
    const sim = new Simulation();
    const desk = new Resource(sim, { capacity: 1 });
    const order: number[] = [];
    function* user(id: number, priority: number): ProcessGenerator {
      yield acquire(desk, priority);
      order.push(id);
      yield timeout(1);
      desk.release();
    }
    [3, 2, 1, 0, 2].forEach((priority, id) => spawn(sim, user(id, priority)));
    sim.run();
    expect(order).toEqual([0, 3, 2, 1, 4]);
  });

  it('does not grow the stack when acquiring and releasing in a loop', () => {
    const sim = new Simulation();
    const desk = new Resource(sim, { capacity: 1 });
    let rounds = 0;
    spawn(sim, function* (): ProcessGenerator {
      for (let i = 0; i < 200_000; i++) {
        yield acquire(desk); // granted synchronously every time
        desk.release();
        rounds++;
      }
    });
    expect(rounds).toBe(200_000);
  });

  it('rejects yielding something that is not a command', () => {
    const sim = new Simulation();
    const bad = function* (): Generator<unknown, void, unknown> {
      yield 42;
    };
    expect(() => spawn(sim, bad() as ProcessGenerator)).toThrow(/yield timeout\(hours\) or acquire\(resource\)/);
  });

  it('gives exactly the same M/M/c sample path as the callback style', () => {
    const lambda = 9;
    const customers = 20_000;
    function callbacks(seed: string): number {
      const sim = new Simulation();
      const servers = new Resource(sim, { capacity: 10 });
      const arrivals = seedrandom.alea(`${seed}/a`);
      const services = seedrandom.alea(`${seed}/s`);
      let left = customers;
      const depart = (): void => servers.release();
      const start = (s: Simulation): void => {
        s.schedule(-Math.log(1 - services()), depart, null);
      };
      const arrive = (s: Simulation): void => {
        if (--left > 0) s.schedule(-Math.log(1 - arrivals()) / lambda, arrive, null);
        servers.request(start, null);
      };
      sim.schedule(-Math.log(1 - arrivals()) / lambda, arrive, null);
      sim.run();
      return servers.stats().meanWaitHours;
    }
    function processes(seed: string): number {
      const sim = new Simulation();
      const servers = new Resource(sim, { capacity: 10 });
      const arrivals = seedrandom.alea(`${seed}/a`);
      const services = seedrandom.alea(`${seed}/s`);
      function* customer(): ProcessGenerator {
        yield acquire(servers);
        yield timeout(-Math.log(1 - services()));
        servers.release();
      }
      spawn(sim, function* (): ProcessGenerator {
        for (let i = 0; i < customers; i++) {
          yield timeout(-Math.log(1 - arrivals()) / lambda);
          spawn(sim, customer());
        }
      });
      sim.run();
      return servers.stats().meanWaitHours;
    }
    expect(processes('p')).toBe(callbacks('p'));
  });
});
