/**
 * The table of a change's subtasks as agents work them: each subtask's state over the dependency
 * graph, its attempts, its current tier, and its final attempt (for sibling conflicts and the
 * orchestrator's reading). Typed arrays from the slab: a change allocates no objects per subtask.
 */
import type { ChangeSpec } from '../change.js';
import type { CompiledModel } from '../compile.js';
import { f64, i32, u8 } from '../slab.js';
import type { GraphWalk } from './scratch.js';

/** Waiting for a predecessor. */
export const WAITING = 0;
/** May start when a slot is free. */
export const READY = 1;
export const RUNNING = 2;
export const DONE = 3;

export class SubtaskTable {
  readonly state: Uint8Array;
  /** Predecessors not yet done. */
  readonly unfinishedPreds: Int32Array;
  /** Attempts started so far (the next attempt's number). */
  readonly attemptCount: Int32Array;
  /** Failed attempts since the last success (toward failure.maxAttempts). */
  readonly failuresInRow: Int32Array;
  /** The tier the next attempt runs on (escalation moves it up). */
  readonly tier: Int32Array;
  /** The final attempt's start, end and output tokens. */
  readonly finalStart: Float64Array;
  readonly finalEnd: Float64Array;
  readonly finalOutput: Float64Array;
  /** Redone after a speculative conflict: waits until every ancestor is done. */
  readonly waitsForAncestors: Uint8Array;
  private waiting = 0;

  /** `walk`: the world's scratch for unfinishedAncestors() (../flow/scratch). */
  constructor(
    spec: ChangeSpec,
    model: CompiledModel,
    private readonly walk: GraphWalk,
  ) {
    const n = spec.subtaskCount;
    this.state = u8(n);
    this.unfinishedPreds = i32(n);
    this.attemptCount = i32(n);
    this.failuresInRow = i32(n);
    this.tier = i32(n);
    this.finalStart = f64(n);
    this.finalEnd = f64(n);
    this.finalOutput = f64(n);
    this.waitsForAncestors = u8(n);
    for (let i = 0; i < n; i++) {
      this.unfinishedPreds[i] = spec.predStart[i + 1]! - spec.predStart[i]!;
      this.tier[i] = model.kinds[spec.kind[i]!]!.tier;
    }
  }

  /**
   * Subtask i is done: its successors have one unfinished predecessor fewer (when `propagate`),
   * and subtasks waiting for all their ancestors may be ready.
   */
  markDone(i: number, spec: ChangeSpec, propagate: boolean): void {
    this.state[i] = DONE;
    this.failuresInRow[i] = 0;
    if (!propagate) return;
    for (let e = spec.succStart[i]!; e < spec.succStart[i + 1]!; e++) {
      const s = spec.succs[e]!;
      if (--this.unfinishedPreds[s]! === 0 && this.state[s] === WAITING && !this.waitsForAncestors[s]) this.state[s] = READY;
    }
    if (this.waiting > 0)
      for (let j = 0; j < this.state.length; j++)
        if (this.waitsForAncestors[j] && this.unfinishedAncestors(j, spec) === 0) {
          this.waitsForAncestors[j] = 0;
          this.waiting--;
          this.state[j] = READY;
        }
  }

  /** Subtask i is to be redone once every ancestor is done (now, if they are). */
  waitForAncestors(i: number, spec: ChangeSpec): void {
    if (this.unfinishedAncestors(i, spec) === 0) {
      this.state[i] = READY;
      return;
    }
    this.state[i] = WAITING;
    this.waitsForAncestors[i] = 1;
    this.waiting++;
  }

  /** Ancestors of subtask i (transitively, over the predecessors) not yet done. */
  unfinishedAncestors(i: number, spec: ChangeSpec): number {
    const walk = this.walk;
    const stamp = walk.begin(this.state.length);
    const { seen, stack } = walk;
    let count = 0;
    let top = 0;
    stack[top++] = i;
    while (top > 0) {
      const v = stack[--top]!;
      for (let e = spec.predStart[v]!; e < spec.predStart[v + 1]!; e++) {
        const p = spec.preds[e]!;
        if (seen[p] === stamp) continue;
        seen[p] = stamp;
        if (this.state[p] !== DONE) count++;
        stack[top++] = p;
      }
    }
    return count;
  }

  /** How many other subtasks' final attempts overlapped subtask i's in time. */
  overlapsOf(i: number): number {
    const n = this.state.length;
    let overlaps = 0;
    for (let j = 0; j < n; j++) if (j !== i && this.finalStart[j]! < this.finalEnd[i]! && this.finalStart[i]! < this.finalEnd[j]!) overlaps++;
    return overlaps;
  }
}
