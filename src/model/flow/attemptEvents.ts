/**
 * The end of a subtask attempt, as a kernel event. Events are reused: one is taken when an attempt
 * starts and given back once its end has been handled, so the hot path allocates no event object.
 * Nothing reads an event after it is given back; one whose end never fires is simply collected.
 * Each world owns its pool (./scratch), so two worlds never hand each other an event.
 */
import type { TraceRow } from '../record.js';

export interface AttemptEvent<F> {
  flow: F;
  subtask: number;
  attempt: number;
  tier: number;
  startHours: number;
  hours: number;
  outputTokens: number;
  endContextTokens: number;
  /** Ancestors not yet done when the attempt started (a speculative start's risk). */
  unfinishedAncestorsAtStart: number;
  /** Only when tracing: the row, completed with the outcome when the attempt ends. */
  row?: TraceRow;
}

export class AttemptEventPool {
  private readonly spare: AttemptEvent<unknown>[] = [];

  take<F>(flow: F): AttemptEvent<F> {
    const e = this.spare.pop() as AttemptEvent<F> | undefined;
    if (e) {
      e.flow = flow;
      return e;
    }
    return { flow, subtask: 0, attempt: 0, tier: 0, startHours: 0, hours: 0, outputTokens: 0, endContextTokens: 0, unfinishedAncestorsAtStart: 0, row: undefined };
  }

  /** Give an event back once its end has been handled; read it no further. */
  release(e: AttemptEvent<unknown>): void {
    this.spare.push(e);
  }
}
