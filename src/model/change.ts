/**
 * A change as every regime sees it: its dependency graph, the attributes of its subtasks, and
 * its luck. Drawn once per (seed, replication, change) and shared by every regime and every
 * sweep point, which is what makes their comparison fair (common random numbers).
 *
 * Two dedicated streams per change:
 * - `shape`: the graph and the subtasks' sizes, kinds and human hours;
 * - `luck`: a table of uniforms in a fixed layout (per subtask: attempt blocks and extras; per
 *   change: orchestrator calls, gate runs, review rounds). Every hot-path draw is an inversion,
 *   `dist.quantile(u)`, of one cell, so subtask 3's second attempt draws the same numbers whether
 *   it runs first under `single` or fourth under `fanout` with N = 8. Cells past the table (rare:
 *   a fourth attempt) come from an overflow stream keyed by (change, subtask, attempt).
 */
import { createStream, fillUniforms, type Distribution, type Uniform } from '../random/index.js';
import type { CompiledModel } from './compile.js';
import { f64, i32 } from './slab.js';

/** Attempt blocks per subtask held in the table; later attempts use overflow streams. */
export const ATTEMPT_BLOCKS = 3;
/** Cells of an attempt block. */
export const A_TURNS = 0;
export const A_OUTPUT = 1;
export const A_GROWTH = 2;
export const A_TOOL = 3;
export const A_SPEED = 4;
export const A_TTFT = 5;
export const A_WRONG = 6;
export const A_SELF_CATCH = 7;
/** The orientation stretch of a fresh context: turns, output, file reads, tool time. */
export const A_ORIENT_TURNS = 8;
export const A_ORIENT_OUTPUT = 9;
export const A_ORIENT_GROWTH = 10;
export const A_ORIENT_TOOL = 11;
export const ATTEMPT_CELLS = 12;
/** Gate runs and review rounds with their own cells; more use overflow streams. */
export const GATE_BLOCKS = 4;
export const REVIEW_BLOCKS = 4;
/** Per-subtask extras after the attempt blocks. */
const X_SIBLING = 0;
const X_SPECULATIVE = 1;
const X_HUMAN_DEFECT = 2;
const X_REMEDIATION = 3;
const X_GATE = 4;
const X_REVIEW = X_GATE + GATE_BLOCKS;
const SUBTASK_EXTRAS = X_REVIEW + REVIEW_BLOCKS;
const SUBTASK_CELLS = ATTEMPT_BLOCKS * ATTEMPT_CELLS + SUBTASK_EXTRAS;
/** Per-change cells after every subtask's: orchestrator calls (as attempt blocks), gate, review. */
const C_PLAN = 0;
const C_CONSOLIDATE = ATTEMPT_CELLS;
const C_CONFLICT_TURNS = 2 * ATTEMPT_CELLS;
const C_GATE_DURATION = C_CONFLICT_TURNS + 1;
const C_REVIEW = C_GATE_DURATION + GATE_BLOCKS;
/** Per review round: overhead, reject, judgment, people minutes, then a revision attempt block. */
export const R_OVERHEAD = 0;
export const R_REJECT = 1;
export const R_JUDGMENT = 2;
export const R_MINUTES = 3;
export const R_REVISION = 4;
const REVIEW_CELLS = R_REVISION + ATTEMPT_CELLS;
const CHANGE_CELLS = C_REVIEW + REVIEW_BLOCKS * REVIEW_CELLS;

/**
 * Which change: in an open stream (and one-change mode) the c-th arrival; in a closed loop the
 * s-th change of engineer e, whose id is e * CHANGES_PER_ENGINEER + s. The streams are keyed by
 * this identity, so a change is the same under every regime however many changes each files.
 */
export interface ChangeKey {
  id: number;
  /** -1 outside a closed loop. */
  engineer: number;
  sequence: number;
}

export const CHANGES_PER_ENGINEER = 100_000;

export function openChangeKey(index: number): ChangeKey {
  return { id: index, engineer: -1, sequence: index };
}

export function engineerChangeKey(engineer: number, sequence: number): ChangeKey {
  return { id: engineer * CHANGES_PER_ENGINEER + sequence, engineer, sequence };
}

/** The stream path of a change: stable across versions for open streams. */
function changePath(key: ChangeKey): Array<string | number> {
  return key.engineer < 0 ? ['change', key.id] : ['engineer', key.engineer, 'change', key.sequence];
}

export class ChangeSpec {
  /** The change's id (its record's `change`). */
  readonly index: number;
  readonly engineer: number;
  readonly sequence: number;
  /** Closed loop: working hours the engineer takes before filing this change (0 otherwise). */
  readonly thinkHours: number;
  readonly subtaskCount: number;
  /** Kind index per subtask. */
  readonly kind: Int32Array;
  readonly sizeLines: Float64Array;
  readonly humanHours: Float64Array;
  readonly briefingTokens: Float64Array;
  /** Predecessors of subtask i: preds[predStart[i] .. predStart[i+1]). Subtasks are in topological order. */
  readonly predStart: Int32Array;
  readonly preds: Int32Array;
  readonly succStart: Int32Array;
  readonly succs: Int32Array;
  readonly baseContextTokens: number;
  readonly totalLines: number;
  private readonly luck: Float64Array;
  /** Cache of attemptDraw(), NaN until drawn. */
  private readonly draws: Float64Array;
  private overflow: Map<number, Float64Array> | undefined;

  private readonly path: Array<string | number>;

  constructor(
    key: ChangeKey,
    private readonly seed: number | string,
    private readonly replication: number,
    kind: Int32Array,
    edges: Array<[number, number]>,
    model: CompiledModel,
    shape: Uniform,
    explicitSizes?: Array<number | undefined>,
  ) {
    const n = kind.length;
    this.index = key.id;
    this.engineer = key.engineer;
    this.sequence = key.sequence;
    this.path = changePath(key);
    this.subtaskCount = n;
    this.kind = kind;
    this.sizeLines = f64(n);
    this.humanHours = f64(n);
    this.briefingTokens = f64(n);
    let lines = 0;
    for (let i = 0; i < n; i++) {
      const k = model.kinds[kind[i]!]!;
      const size = k.sizeLines.quantile(shape());
      this.sizeLines[i] = Math.max(0, explicitSizes?.[i] ?? size);
      this.humanHours[i] = Math.max(0, k.humanHours.quantile(shape()));
      this.briefingTokens[i] = Math.max(0, model.briefingTokens.quantile(shape()));
      lines += this.sizeLines[i]!;
    }
    this.totalLines = lines;
    this.baseContextTokens = Math.max(0, model.baseContextTokens.quantile(shape()));
    [this.predStart, this.preds] = adjacency(n, edges, 1, 0);
    [this.succStart, this.succs] = adjacency(n, edges, 0, 1);
    this.luck = f64(n * SUBTASK_CELLS + CHANGE_CELLS);
    this.draws = f64(n * ATTEMPT_BLOCKS * ATTEMPT_CELLS).fill(Number.NaN);
    fillUniforms(createStream(seed, replication, ...this.path, 'luck'), this.luck);
    // Drawn last, so that the closed loop's think time shifts none of the draws above.
    const mode = model.scenario.mode;
    this.thinkHours =
      mode.kind === 'stream' && mode.arrivals.per === 'engineer' ? Math.max(0, model.thinkHours!.quantile(shape())) : 0;
  }

  /**
   * `dist.quantile(attemptU(i, k, cell))`, computed once per change: every regime asks for the
   * same draw (a subtask's kind fixes the distribution), so the second regime reads it back.
   * Only for cells whose distribution does not depend on the regime or the tier.
   */
  attemptDraw(i: number, k: number, cell: number, dist: Distribution): number {
    if (k >= ATTEMPT_BLOCKS) return dist.quantile(this.attemptU(i, k, cell));
    const at = (i * ATTEMPT_BLOCKS + k) * ATTEMPT_CELLS + cell;
    let value = this.draws[at]!;
    if (Number.isNaN(value)) value = this.draws[at] = dist.quantile(this.attemptU(i, k, cell));
    return value;
  }

  /** The uniform for cell `cell` of subtask i's attempt k (0-based, counting every attempt). */
  attemptU(i: number, k: number, cell: number): number {
    if (k < ATTEMPT_BLOCKS) return this.luck[i * SUBTASK_CELLS + k * ATTEMPT_CELLS + cell]!;
    return this.overflowU('attempt', i, k, cell);
  }
  siblingConflictU(i: number): number {
    return this.luck[i * SUBTASK_CELLS + ATTEMPT_BLOCKS * ATTEMPT_CELLS + X_SIBLING]!;
  }
  speculativeConflictU(i: number): number {
    return this.luck[i * SUBTASK_CELLS + ATTEMPT_BLOCKS * ATTEMPT_CELLS + X_SPECULATIVE]!;
  }
  humanDefectU(i: number): number {
    return this.luck[i * SUBTASK_CELLS + ATTEMPT_BLOCKS * ATTEMPT_CELLS + X_HUMAN_DEFECT]!;
  }
  remediationU(i: number): number {
    return this.luck[i * SUBTASK_CELLS + ATTEMPT_BLOCKS * ATTEMPT_CELLS + X_REMEDIATION]!;
  }
  /** Does gate run r catch subtask i's defect? */
  gateCatchU(i: number, run: number): number {
    if (run < GATE_BLOCKS) return this.luck[i * SUBTASK_CELLS + ATTEMPT_BLOCKS * ATTEMPT_CELLS + X_GATE + run]!;
    return this.overflowU('gate', i, run, 0);
  }
  /** Does review round r find subtask i's defect? */
  reviewFindU(i: number, round: number): number {
    if (round < REVIEW_BLOCKS) return this.luck[i * SUBTASK_CELLS + ATTEMPT_BLOCKS * ATTEMPT_CELLS + X_REVIEW + round]!;
    return this.overflowU('review', i, round, 0);
  }
  planU(cell: number): number {
    return this.luck[this.subtaskCount * SUBTASK_CELLS + C_PLAN + cell]!;
  }
  consolidateU(cell: number): number {
    return this.luck[this.subtaskCount * SUBTASK_CELLS + C_CONSOLIDATE + cell]!;
  }
  conflictTurnsU(): number {
    return this.luck[this.subtaskCount * SUBTASK_CELLS + C_CONFLICT_TURNS]!;
  }
  gateDurationU(run: number): number {
    if (run < GATE_BLOCKS) return this.luck[this.subtaskCount * SUBTASK_CELLS + C_GATE_DURATION + run]!;
    return this.overflowU('gate-duration', -1, run, 0);
  }
  /** Review round r: cells R_OVERHEAD, R_REJECT, R_JUDGMENT, R_MINUTES, then R_REVISION + attempt cell. */
  reviewU(round: number, cell: number): number {
    if (round < REVIEW_BLOCKS) return this.luck[this.subtaskCount * SUBTASK_CELLS + C_REVIEW + round * REVIEW_CELLS + cell]!;
    return this.overflowU('review-round', -1, round, cell);
  }

  /**
   * Deterministic per (change, purpose, subtask, block): the block's uniforms come from a stream
   * of their own, drawn once and kept, so the value never depends on lookup order. Rare path.
   */
  private overflowU(purpose: OverflowPurpose, subtask: number, block: number, cell: number): number {
    this.overflow ??= new Map();
    const key = (OVERFLOW_PURPOSES.indexOf(purpose) * 65_536 + subtask + 1) * 65_536 + block;
    let cells = this.overflow.get(key);
    if (cells === undefined) {
      const stream = createStream(this.seed, this.replication, ...this.path, 'overflow', purpose, subtask, block);
      cells = fillUniforms(stream, new Float64Array(OVERFLOW_CELLS));
      this.overflow.set(key, cells);
    }
    return cells[cell]!;
  }
}

const OVERFLOW_PURPOSES = ['attempt', 'gate', 'review', 'gate-duration', 'review-round'] as const;
type OverflowPurpose = (typeof OVERFLOW_PURPOSES)[number];
const OVERFLOW_CELLS = Math.max(ATTEMPT_CELLS, REVIEW_CELLS);

function adjacency(n: number, edges: Array<[number, number]>, keyAt: 0 | 1, valueAt: 0 | 1): [Int32Array, Int32Array] {
  const start = i32(n + 1);
  for (const e of edges) start[e[keyAt] + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = i32(n);
  fill.set(start.subarray(0, n));
  const out = i32(edges.length);
  for (const e of edges) out[fill[e[keyAt]]!++] = e[valueAt];
  return [start, out];
}

function drawCount(model: CompiledModel, dist: 'count' | 'layers' | 'width', u: number): number {
  return Math.max(1, Math.round(model.graph[dist]!.quantile(u)));
}

function drawKind(model: CompiledModel, u: number): number {
  const cum = model.kindCumulativeShare;
  for (let k = 0; k < cum.length; k++) if (u < cum[k]!) return k;
  return cum.length - 1;
}

/** Draw a change of replication `replication`: its graph, attributes and luck. */
export function drawChange(model: CompiledModel, seed: number | string, replication: number, key: ChangeKey | number): ChangeSpec {
  if (typeof key === 'number') key = openChangeKey(key);
  const shape = createStream(seed, replication, ...changePath(key), 'shape');
  const graph = model.scenario.workload.graph;
  const edges: Array<[number, number]> = [];
  let kinds: number[];
  let sizes: Array<number | undefined> | undefined;
  switch (graph.generator) {
    case 'independent':
    case 'chain':
    case 'fork-join': {
      const n = drawCount(model, 'count', shape());
      kinds = Array.from({ length: n }, () => drawKind(model, shape()));
      if (graph.generator === 'chain') for (let i = 1; i < n; i++) edges.push([i - 1, i]);
      if (graph.generator === 'fork-join' && n >= 2) {
        const last = n >= 3 ? n - 1 : -1;
        for (let i = 1; i < n; i++) if (i !== last) edges.push([0, i]);
        if (last > 0) for (let i = 1; i < last; i++) edges.push([i, last]);
      }
      break;
    }
    case 'layered': {
      const layers = drawCount(model, 'layers', shape());
      kinds = [];
      let previous: number[] = [];
      for (let l = 0; l < layers; l++) {
        const width = drawCount(model, 'width', shape());
        const current: number[] = [];
        for (let w = 0; w < width; w++) {
          const id = kinds.length;
          kinds.push(drawKind(model, shape()));
          current.push(id);
          if (previous.length === 0) continue;
          let linked = false;
          for (const p of previous) {
            if (shape() < graph.edgeProbability) {
              edges.push([p, id]);
              linked = true;
            }
          }
          // Every node past the first layer depends on something, or the layers mean nothing. The
          // uniform is drawn either way so that later draws do not shift when edgeProbability changes.
          const fallback = previous[Math.min(previous.length - 1, Math.floor(shape() * previous.length))]!;
          if (!linked) edges.push([fallback, id]);
        }
        previous = current;
      }
      break;
    }
    case 'explicit': {
      // Resolved once at compile time; the change only reads it.
      const explicit = model.graph.explicit!;
      kinds = explicit.kinds;
      sizes = explicit.sizes;
      edges.push(...explicit.edges);
      break;
    }
  }
  const kindIndex = i32(kinds.length);
  kindIndex.set(kinds);
  return new ChangeSpec(key, seed, replication, kindIndex, edges, model, shape, sizes);
}
