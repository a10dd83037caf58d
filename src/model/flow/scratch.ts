/**
 * A world's scratch for the flows that run in it: objects reused call after call instead of
 * allocated on the hot path. Each world owns one (../world) and hands it to its flows through
 * their context, so no two worlds share a buffer and nothing lives at module level. Within a
 * world every use is synchronous: a caller reads what it needs before the next use of the same
 * object (the comment on each field says which).
 */
import { CallOutcome } from '../agentCall.js';
import { AttemptEventPool } from './attemptEvents.js';

/** A walk over a change's graph: a visited mark per subtask (by stamp) and a stack. */
export class GraphWalk {
  seen = new Int32Array(64);
  stack = new Int32Array(64);
  private stamp = 0;

  /** Ready for a graph of n subtasks; returns the stamp that marks this walk's visits. */
  begin(n: number): number {
    if (this.seen.length < n) this.seen = new Int32Array(2 * n);
    if (this.stack.length < n) this.stack = new Int32Array(2 * n);
    return ++this.stamp;
  }
}

export class FlowScratch {
  /** The outcome of the latest agent call: read it before the next call. */
  readonly callOut = new CallOutcome();
  /** The orientation stretch's tokens of the attempt being started, for the trace only. */
  readonly orientTokens = new Float64Array(4);
  /** Graph walks (SubtaskTable.unfinishedAncestors): one walk at a time. */
  readonly walk = new GraphWalk();
  /** Attempt events, taken when an attempt starts and given back when its end is handled. */
  readonly attemptEvents = new AttemptEventPool();
}
