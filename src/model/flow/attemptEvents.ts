/**
 * The end of a subtask attempt, as a kernel event. Events are reused: one is taken when an attempt
 * starts and given back once its end has been handled, so the hot path allocates no event object.
 * Nothing reads an event after it is given back; one whose end never fires is simply collected.
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

const spare: AttemptEvent<unknown>[] = [];

export function takeAttemptEvent<F>(flow: F): AttemptEvent<F> {
  const e = spare.pop() as AttemptEvent<F> | undefined;
  if (e) {
    e.flow = flow;
    return e;
  }
  return { flow, subtask: 0, attempt: 0, tier: 0, startHours: 0, hours: 0, outputTokens: 0, endContextTokens: 0, unfinishedAncestorsAtStart: 0, row: undefined };
}

/** Give an event back once its end has been handled; read it no further. */
export function releaseAttemptEvent(e: AttemptEvent<unknown>): void {
  spare.push(e);
}
