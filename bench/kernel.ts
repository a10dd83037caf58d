/**
 * Kernel benchmark.
 *
 * 1. Hold model (the classic priority-queue benchmark): keep 1,000 events pending; repeatedly pop
 *    the earliest and push one an exponential increment later. Run through Simulation (handler
 *    reschedules itself) and through BareTimeHeap (just numbers), so the ratio is the price of
 *    FIFO tie-breaking, slots, cancellation support and handler dispatch. Goal: within 2x.
 * 2. M/M/c (lambda 9, mu 1, c 10) with 1,000,000 customers through Simulation + Resource in the
 *    callback style (goal >= 1.5 million customers/s) and in the generator-process style, so the
 *    model's choice of style rests on a measurement.
 *
 * Randomness: seedrandom.alea streams only. Each figure is the median of REPEATS timed runs after
 * one untimed warm-up run (lets V8 optimise the hot functions first).
 */
import seedrandom from 'seedrandom';
import { performance } from 'node:perf_hooks';
import { acquire, Resource, Simulation, spawn, timeout, type ProcessGenerator } from '../src/engine/index.js';
import { BareTimeHeap } from './bareTimeHeap.js';

type Prng = () => number;

const REPEATS = 5;
const HOLD_PENDING = 1_000;
const HOLD_OPERATIONS = 3_000_000;
const MMC_LAMBDA = 9;
const MMC_MU = 1;
const MMC_SERVERS = 10;
const MMC_CUSTOMERS = 1_000_000;

function exponential(rng: Prng, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `body` once untimed, then REPEATS times; returns the median seconds and the last result. */
export function timeMedian<R>(body: (repeat: number) => R): { seconds: number; result: R } {
  let result = body(-1);
  const seconds: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    result = body(r);
    seconds.push((performance.now() - start) / 1000);
  }
  return { seconds: median(seconds), result };
}

// ---------------------------------------------------------------- hold model

interface HoldState {
  rng: Prng;
  remaining: number;
}

function holdHandler(sim: Simulation, state: HoldState): void {
  if (--state.remaining > 0) sim.schedule(exponential(state.rng, 1), holdHandler, state);
}

/** Returns events processed. */
export function holdKernel(sim: Simulation, seed: string): number {
  sim.reset();
  const state: HoldState = { rng: seedrandom.alea(seed), remaining: HOLD_OPERATIONS };
  for (let i = 0; i < HOLD_PENDING; i++) sim.schedule(exponential(state.rng, 1), holdHandler, state);
  sim.run();
  return sim.eventsProcessed;
}

/** Same loop on the bare heap; returns pops performed. */
function holdBare(heap: BareTimeHeap, seed: string): number {
  heap.clear();
  const rng = seedrandom.alea(seed);
  for (let i = 0; i < HOLD_PENDING; i++) heap.push(exponential(rng, 1));
  let remaining = HOLD_OPERATIONS;
  let pops = 0;
  while (heap.size > 0) {
    const now = heap.pop();
    pops++;
    if (--remaining > 0) heap.push(now + exponential(rng, 1));
  }
  return pops;
}

// ---------------------------------------------------------------- M/M/c, callback style

interface MmcModel {
  servers: Resource;
  arrivalRng: Prng;
  serviceRng: Prng;
  arrivalsLeft: number;
  served: number;
}

function mmcArrival(sim: Simulation, model: MmcModel): void {
  if (--model.arrivalsLeft > 0) sim.schedule(exponential(model.arrivalRng, MMC_LAMBDA), mmcArrival, model);
  model.servers.request(mmcStartService, model);
}

function mmcStartService(sim: Simulation, model: MmcModel): void {
  sim.schedule(exponential(model.serviceRng, MMC_MU), mmcDeparture, model);
}

function mmcDeparture(_sim: Simulation, model: MmcModel): void {
  model.served++;
  model.servers.release();
}

function mmcCallbacks(sim: Simulation, servers: Resource, seed: string): { events: number; meanWaitHours: number } {
  sim.reset();
  servers.reset();
  const model: MmcModel = {
    servers,
    arrivalRng: seedrandom.alea(`${seed}/arrivals`),
    serviceRng: seedrandom.alea(`${seed}/services`),
    arrivalsLeft: MMC_CUSTOMERS,
    served: 0,
  };
  sim.schedule(exponential(model.arrivalRng, MMC_LAMBDA), mmcArrival, model);
  sim.run();
  if (model.served !== MMC_CUSTOMERS) throw new Error(`M/M/c served ${model.served}, expected ${MMC_CUSTOMERS}`);
  return { events: sim.eventsProcessed, meanWaitHours: servers.stats().meanWaitHours };
}

// ---------------------------------------------------------------- M/M/c, process style

function* mmcSource(sim: Simulation, model: MmcModel): ProcessGenerator {
  for (let i = 0; i < MMC_CUSTOMERS; i++) {
    yield timeout(exponential(model.arrivalRng, MMC_LAMBDA));
    spawn(sim, mmcCustomer(model));
  }
}

function* mmcCustomer(model: MmcModel): ProcessGenerator {
  yield acquire(model.servers);
  yield timeout(exponential(model.serviceRng, MMC_MU));
  model.servers.release();
  model.served++;
}

function mmcProcesses(sim: Simulation, servers: Resource, seed: string): { events: number; meanWaitHours: number } {
  sim.reset();
  servers.reset();
  const model: MmcModel = {
    servers,
    arrivalRng: seedrandom.alea(`${seed}/arrivals`),
    serviceRng: seedrandom.alea(`${seed}/services`),
    arrivalsLeft: MMC_CUSTOMERS,
    served: 0,
  };
  spawn(sim, mmcSource(sim, model));
  sim.run();
  if (model.served !== MMC_CUSTOMERS) throw new Error(`M/M/c (processes) served ${model.served}, expected ${MMC_CUSTOMERS}`);
  return { events: sim.eventsProcessed, meanWaitHours: servers.stats().meanWaitHours };
}

// ---------------------------------------------------------------- entry

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export async function runKernelBench(): Promise<Record<string, number>> {
  const sim = new Simulation();
  const heap = new BareTimeHeap(HOLD_PENDING);

  const kernelHold = timeMedian((r) => holdKernel(sim, `hold-${r}`));
  const bareHold = timeMedian((r) => holdBare(heap, `hold-${r}`));
  const holdKernelPerSec = kernelHold.result / kernelHold.seconds;
  const holdBarePerSec = bareHold.result / bareHold.seconds;
  const holdSlowdown = holdBarePerSec / holdKernelPerSec;

  const servers = new Resource(sim, { capacity: MMC_SERVERS, name: 'servers' });
  const callbacks = timeMedian((r) => mmcCallbacks(sim, servers, `mmc-${r}`));
  const processes = timeMedian((r) => mmcProcesses(sim, servers, `mmc-${r}`));
  const callbackCustomersPerSec = MMC_CUSTOMERS / callbacks.seconds;
  const callbackEventsPerSec = callbacks.result.events / callbacks.seconds;
  const processCustomersPerSec = MMC_CUSTOMERS / processes.seconds;
  const processEventsPerSec = processes.result.events / processes.seconds;
  const callbackSpeedup = callbackCustomersPerSec / processCustomersPerSec;

  console.log(`kernel bench (node ${process.version}, median of ${REPEATS} after a warm-up run)`);
  console.log(
    `  hold model, ${fmt(HOLD_PENDING)} pending, ${fmt(HOLD_OPERATIONS)} ops: kernel ${fmt(holdKernelPerSec)} events/s, ` +
      `bare heap ${fmt(holdBarePerSec)} events/s, kernel is ${holdSlowdown.toFixed(2)}x slower (goal <= 2x: ${holdSlowdown <= 2 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  M/M/c (lambda ${MMC_LAMBDA}, mu ${MMC_MU}, c ${MMC_SERVERS}), ${fmt(MMC_CUSTOMERS)} customers, callbacks: ` +
      `${fmt(callbackCustomersPerSec)} customers/s, ${fmt(callbackEventsPerSec)} events/s ` +
      `(goal >= 1,500,000 customers/s: ${callbackCustomersPerSec >= 1.5e6 ? 'met' : 'NOT met'}; mean wait ${callbacks.result.meanWaitHours.toFixed(4)} h)`,
  );
  console.log(
    `  M/M/c, generator processes: ${fmt(processCustomersPerSec)} customers/s, ${fmt(processEventsPerSec)} events/s ` +
      `(mean wait ${processes.result.meanWaitHours.toFixed(4)} h)`,
  );
  console.log(
    callbackSpeedup >= 1
      ? `  callback style is ${callbackSpeedup.toFixed(2)}x faster than generator processes`
      : `  generator processes are ${(1 / callbackSpeedup).toFixed(2)}x faster than callbacks`,
  );

  return {
    holdKernelEventsPerSec: holdKernelPerSec,
    holdBareHeapEventsPerSec: holdBarePerSec,
    holdKernelSlowdown: holdSlowdown,
    mmcCallbackCustomersPerSec: callbackCustomersPerSec,
    mmcCallbackEventsPerSec: callbackEventsPerSec,
    mmcProcessCustomersPerSec: processCustomersPerSec,
    mmcProcessEventsPerSec: processEventsPerSec,
    mmcCallbackSpeedupOverProcesses: callbackSpeedup,
  };
}
