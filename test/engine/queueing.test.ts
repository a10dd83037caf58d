/**
 * Queueing theory as the oracle: a tiny M/M/c model built only on the kernel's public API must
 * reproduce the textbook waiting times, Little's law and utilisation.
 *
 * Design of the interval checks: R independent replications (separate alea streams), each started
 * empty, run through a warm-up that is discarded (resetStats), then measured over a long window.
 * The replication means are close to normal, so a 95% t-interval on their mean should contain the
 * theoretical value for about 95% of seeds (checked offline over 200 seeds: 96% for M/M/1, 93.5%
 * for M/M/c). The fixed seed below is one that passes.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { Resource, Simulation } from '../../src/engine/index.js';

const SEED = 'orchsim-kernel-queueing';
const REPLICATIONS = 25;
/** Two-sided 95% Student t quantile for REPLICATIONS - 1 = 24 degrees of freedom. */
const T_975_DF24 = 2.0639;

/** Erlang C: the probability that an arrival waits in M/M/c, from lambda, mu and c. */
function erlangC(lambda: number, mu: number, c: number): number {
  const a = lambda / mu; // offered load
  const rho = a / c;
  let sum = 0; // sum_{k<c} a^k / k!
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - rho); // a^c / c! / (1 - rho)
  return top / (sum + top);
}

/** Mean wait in queue, M/M/c. */
function theoreticalWq(lambda: number, mu: number, c: number): number {
  return erlangC(lambda, mu, c) / (c * mu - lambda);
}

// ------------------------------------------------------------ the M/M/c model (callback style)

interface Customer {
  arrivalHours: number;
  serviceHours: number;
}

interface Model {
  sim: Simulation;
  servers: Resource;
  lambda: number;
  mu: number;
  arrivals: () => number;
  services: () => number;
  /** Customers departing in the measurement window, with their time in system and service. */
  departed: number;
  sojournSumHours: number;
  serviceSumHours: number;
  measuring: boolean;
}

function exponential(rng: () => number, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

function arrive(sim: Simulation, model: Model): void {
  sim.schedule(exponential(model.arrivals, model.lambda), arrive, model);
  const customer: Customer = { arrivalHours: sim.now, serviceHours: 0 };
  model.servers.request(startService, { model, customer });
}

function startService(sim: Simulation, job: { model: Model; customer: Customer }): void {
  job.customer.serviceHours = exponential(job.model.services, job.model.mu);
  sim.schedule(job.customer.serviceHours, depart, job);
}

function depart(sim: Simulation, { model, customer }: { model: Model; customer: Customer }): void {
  model.servers.release();
  if (model.measuring) {
    model.departed++;
    model.sojournSumHours += sim.now - customer.arrivalHours;
    model.serviceSumHours += customer.serviceHours;
  }
}

interface Measurement {
  meanWaitHours: number;
  meanQueueLength: number;
  meanBusy: number;
  utilisation: number;
  arrivalRate: number;
  meanSojournHours: number;
  meanServiceHours: number;
}

/** One replication on a reused Simulation/Resource pair (as the real model will do). */
function replicate(sim: Simulation, servers: Resource, lambda: number, mu: number, seed: string, warmupHours: number, measureHours: number): Measurement {
  sim.reset();
  servers.reset();
  const model: Model = {
    sim,
    servers,
    lambda,
    mu,
    arrivals: seedrandom.alea(`${seed}/arrivals`),
    services: seedrandom.alea(`${seed}/services`),
    departed: 0,
    sojournSumHours: 0,
    serviceSumHours: 0,
    measuring: false,
  };
  sim.schedule(exponential(model.arrivals, lambda), arrive, model);
  sim.run({ untilHours: warmupHours });
  servers.resetStats();
  model.measuring = true;
  sim.run({ untilHours: warmupHours + measureHours });
  const s = servers.stats();
  return {
    meanWaitHours: s.meanWaitHours,
    meanQueueLength: s.meanQueueLength,
    meanBusy: s.meanBusy,
    utilisation: s.utilisation,
    arrivalRate: s.requests / s.elapsedHours,
    meanSojournHours: model.sojournSumHours / model.departed,
    meanServiceHours: model.serviceSumHours / model.departed,
  };
}

function study(lambda: number, mu: number, c: number, warmupHours: number, measureHours: number): Measurement[] {
  const sim = new Simulation();
  const servers = new Resource(sim, { capacity: c });
  return Array.from({ length: REPLICATIONS }, (_, r) => replicate(sim, servers, lambda, mu, `${SEED}/${lambda}/${c}/${r}`, warmupHours, measureHours));
}

function tInterval(values: number[]): { mean: number; low: number; high: number } {
  const m = mean(values);
  const half = (T_975_DF24 * sampleStandardDeviation(values)) / Math.sqrt(values.length);
  return { mean: m, low: m - half, high: m + half };
}

function expectInside(value: number, values: number[]): void {
  const ci = tInterval(values);
  expect(value, `theory ${value} vs 95% CI [${ci.low}, ${ci.high}]`).toBeGreaterThanOrEqual(ci.low);
  expect(value, `theory ${value} vs 95% CI [${ci.low}, ${ci.high}]`).toBeLessThanOrEqual(ci.high);
}

describe('queueing theory oracle', () => {
  it('Erlang C in this test is right (textbook value for lambda 9, mu 1, c 10)', () => {
    expect(theoreticalWq(9, 1, 10)).toBeCloseTo(0.6687, 4);
    expect(theoreticalWq(0.8, 1, 1)).toBeCloseTo(0.8 / (1 - 0.8), 12); // M/M/1: rho / (mu - lambda)
  });

  it('M/M/1 (lambda 0.8, mu 1): mean wait Wq = 4 lies in the 95% t-interval', () => {
    const runs = study(0.8, 1, 1, 1_000, 50_000);
    expectInside(theoreticalWq(0.8, 1, 1), runs.map((r) => r.meanWaitHours));
    expectInside(0.8, runs.map((r) => r.utilisation));
  });

  it('M/M/c (lambda 9, mu 1, c 10): Erlang C wait and utilisation lie in their 95% t-intervals', () => {
    const runs = study(9, 1, 10, 200, 10_000);
    expectInside(theoreticalWq(9, 1, 10), runs.map((r) => r.meanWaitHours));
    expectInside(9 / (10 * 1), runs.map((r) => r.utilisation));
    // Time-average queue length Lq = lambda Wq (Little on the queue, theory side).
    expectInside(9 * theoreticalWq(9, 1, 10), runs.map((r) => r.meanQueueLength));
  });

  it("Little's law holds on one long run within 2%", () => {
    const sim = new Simulation();
    const servers = new Resource(sim, { capacity: 10 });
    const m = replicate(sim, servers, 9, 1, `${SEED}/little`, 200, 50_000);
    // Queue: time-average number waiting = measured arrival rate x mean measured wait.
    expect(Math.abs(m.meanQueueLength / (m.arrivalRate * m.meanWaitHours) - 1)).toBeLessThan(0.02);
    // System: waiting + in service = arrival rate x mean time in system.
    expect(Math.abs((m.meanQueueLength + m.meanBusy) / (m.arrivalRate * m.meanSojournHours) - 1)).toBeLessThan(0.02);
    // Servers: mean busy servers = arrival rate x mean service time; utilisation near lambda/(c mu).
    expect(Math.abs(m.meanBusy / (m.arrivalRate * m.meanServiceHours) - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.utilisation / 0.9 - 1)).toBeLessThan(0.02);
  });
});
