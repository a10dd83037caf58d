/**
 * Generator processes on top of the callback kernel, after SimPy's Process: a process is a
 * generator function that yields what it waits for, and the kernel resumes it when that happens.
 *
 *   spawn(sim, function* () {
 *     yield timeout(2);            // wait 2 hours
 *     yield acquire(reviewers);    // wait for a server
 *     yield timeout(serviceHours);
 *     reviewers.release();
 *   });
 *
 * Ordering follows SimPy: a process woken by another process's release() resumes at the same
 * time but only after the releasing process has run on to its next yield. A grant that is
 * available at once (free server) continues the requesting process without any event.
 *
 * This reads like the story it models; the callback style (Simulation.schedule + Resource.request
 * with module-level handlers) is faster. bench/kernel.ts measures the difference.
 */
import type { Resource } from './resource.js';
import type { Simulation } from './simulation.js';

/** What a process may yield. Build them with timeout() and acquire(). */
export type Command = Timeout | Acquire;

export class Timeout {
  constructor(readonly delayHours: number) {}
}

export class Acquire {
  constructor(
    readonly resource: Resource,
    readonly priority: number,
  ) {}
}

/** A process body: yields commands; what each yield evaluates to is of no use (undefined). */
export type ProcessGenerator = Generator<Command, void, unknown>;

/** Resume the process after delayHours. */
export function timeout(delayHours: number): Timeout {
  return new Timeout(delayHours);
}

/** Resume the process once `resource` grants it a server; the process must release() it later. */
export function acquire(resource: Resource, priority = 0): Acquire {
  return new Acquire(resource, priority);
}

export class Process {
  readonly sim: Simulation;
  /** False once the generator has returned. */
  alive = true;
  private readonly generator: ProcessGenerator;
  // Set while the driver is inside resource.request(): a grant arriving then is synchronous, and
  // the driver loops instead of recursing (a process that acquires and releases in a loop would
  // otherwise grow the stack without bound).
  private requesting = false;
  private grantedWhileRequesting = false;

  constructor(sim: Simulation, generator: ProcessGenerator) {
    this.sim = sim;
    this.generator = generator;
  }

  /** Runs the generator until it waits on something or finishes. */
  resume(): void {
    const generator = this.generator;
    for (;;) {
      const step = generator.next();
      if (step.done === true) {
        this.alive = false;
        return;
      }
      const command = step.value;
      if (command instanceof Timeout) {
        this.sim.schedule(command.delayHours, resumeProcess, this);
        return;
      }
      if (command instanceof Acquire) {
        this.requesting = true;
        this.grantedWhileRequesting = false;
        try {
          command.resource.request(grantProcess, this, command.priority);
        } finally {
          this.requesting = false;
        }
        if (this.grantedWhileRequesting) continue;
        return;
      }
      throw new TypeError(`A process yielded ${String(command)}; yield timeout(hours) or acquire(resource) instead`);
    }
  }

  /** @internal the resource granted our request. */
  onGranted(): void {
    if (this.requesting) {
      this.grantedWhileRequesting = true;
    } else {
      // Granted inside another process's release(): resume through a zero-delay event, as SimPy
      // does, so the releasing process finishes its own step before this one continues.
      this.sim.schedule(0, resumeProcess, this);
    }
  }
}

function resumeProcess(_sim: Simulation, process: Process): void {
  process.resume();
}

function grantProcess(_sim: Simulation, process: Process): void {
  process.onGranted();
}

/**
 * Starts a process now: it runs until its first yield before spawn() returns (unlike SimPy, which
 * defers the start to an event at the same time; starting at once saves an event per process).
 * Pass a generator object, or a generator function to be called with no arguments.
 */
export function spawn(sim: Simulation, body: ProcessGenerator | (() => ProcessGenerator)): Process {
  const generator = typeof body === 'function' ? body() : body;
  const process = new Process(sim, generator);
  process.resume();
  return process;
}
