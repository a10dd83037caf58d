/**
 * A change as every regime sees it: its dependency graph, the attributes of its subtasks, and
 * its luck. Drawn once per (seed, replication, change) and shared by every regime and every
 * sweep point, which is what makes their comparison fair (common random numbers).
 *
 * Two keys of the counter-based generator per change (../random/counter), derived from
 * (seed, replication, change):
 * - `shape`: a sequential stream for the graph and the subtasks' sizes, kinds and human hours;
 * - `luck`: random access to a fixed layout of cells (per subtask: attempt blocks, conflicts,
 *   gate and review catches; per change: orchestrator calls, gate runs, review rounds). Every
 *   hot-path draw is an inversion, `dist.quantile(u)`, of one cell, so subtask 3's second attempt
 *   draws the same numbers whether it runs first under `single` or fourth under `fanout` with
 *   N = 8. A cell is computed when asked for, so a change costs only the cells it uses, and there
 *   is no end to the table (a twentieth attempt is as cheap as the first).
 */
import { counterKey, type CounterKey, type Distribution, type Uniform } from '../random/index.js';
import type { CompiledModel } from './compile.js';
import { f64, i32, u8 } from './slab.js';

/** Attempts per subtask whose regime-independent draws are cached (later ones are recomputed). */
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
/** Per review round: overhead, reject, judgment, people minutes, then a revision attempt block. */
export const R_OVERHEAD = 0;
export const R_REJECT = 1;
export const R_JUDGMENT = 2;
export const R_MINUTES = 3;
export const R_REVISION = 4;

/**
 * The layout of a change's luck: cell (subtask, purpose, block, cell) is the uniform at counter
 * (subtask + 1, purpose * 2^26 + block * 2^10 + cell) of the change's luck key; change-level
 * purposes use subtask -1. Never renumber a purpose: that would change every result.
 */
const P_ATTEMPT = 1;
const P_SUBTASK = 2;
const P_GATE_CATCH = 3;
const P_REVIEW_FIND = 4;
const P_PLAN = 5;
const P_CONSOLIDATE = 6;
const P_CONFLICT_TURNS = 7;
const P_GATE_DURATION = 8;
const P_REVIEW_ROUND = 9;
/** Cells of P_SUBTASK. */
const X_SIBLING = 0;
const X_SPECULATIVE = 1;
const X_HUMAN_DEFECT = 2;
const X_REMEDIATION = 3;
const MAX_BLOCK = 65_535;
const MAX_CELL = 1023;
const TWO_POW_26 = 67_108_864;

function luckCounter(purpose: number, block: number, cell: number): number {
  if (block > MAX_BLOCK || cell > MAX_CELL)
    throw new RangeError(`internal: luck block ${block} or cell ${cell} out of range (at most ${MAX_BLOCK} and ${MAX_CELL})`);
  return purpose * TWO_POW_26 + block * 1024 + cell;
}

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

/**
 * The luck and shape keys of a change: seed -> replication -> change (engineer + 1, sequence;
 * engineer -1 outside a closed loop) -> shape. The root key of the last seed is kept: every
 * change of a run shares it.
 */
let rootSeed: number | string | undefined;
let rootKey: CounterKey | undefined;

export function changeKeys(seed: number | string, replication: number, key: ChangeKey): { luck: CounterKey; shape: CounterKey } {
  if (rootKey === undefined || rootSeed !== seed) {
    rootKey = counterKey(seed, 'changes');
    rootSeed = seed;
  }
  const luck = rootKey.childOf(replication).child(key.engineer + 1, key.sequence);
  // (2^32 - 1, 2^32 - 1) is no luck cell: subtask indices stay far below 2^32 - 2.
  return { luck, shape: luck.child(0xffffffff, 0xffffffff) };
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
  /** Cache of attemptDraw(), NaN until drawn. */
  private readonly draws: Float64Array;
  /** The uniforms of the first ATTEMPT_BLOCKS attempts of each subtask, a block at a time (see attemptU). */
  private readonly attemptUniforms: Float64Array;
  private readonly attemptBlockDrawn: Uint8Array;

  constructor(
    key: ChangeKey,
    private readonly luck: CounterKey,
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
    // Not filled: a block's cells are marked undrawn (NaN) when the block is first touched.
    this.draws = f64(n * ATTEMPT_BLOCKS * ATTEMPT_CELLS);
    this.attemptUniforms = f64(n * ATTEMPT_BLOCKS * ATTEMPT_CELLS);
    this.attemptBlockDrawn = u8(n * ATTEMPT_BLOCKS);
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
    const at = this.attemptCell(i, k, cell);
    let value = this.draws[at]!;
    if (Number.isNaN(value)) value = this.draws[at] = dist.quantile(this.attemptUniforms[at]!);
    return value;
  }

  /** The uniform for cell `cell` of subtask i's attempt k (0-based, counting every attempt). */
  attemptU(i: number, k: number, cell: number): number {
    if (k >= ATTEMPT_BLOCKS) return this.luck.uniform(i + 1, luckCounter(P_ATTEMPT, k, cell));
    return this.attemptUniforms[this.attemptCell(i, k, cell)]!;
  }

  /**
   * Where cell `cell` of subtask i's attempt k < ATTEMPT_BLOCKS sits in attemptUniforms and draws.
   * Every regime reads most cells of an attempt block, some several times: the block is drawn
   * once, when first touched.
   */
  private attemptCell(i: number, k: number, cell: number): number {
    const block = i * ATTEMPT_BLOCKS + k;
    if (this.attemptBlockDrawn[block] === 0) this.drawAttemptBlock(block, i, k);
    return block * ATTEMPT_CELLS + cell;
  }

  private drawAttemptBlock(block: number, i: number, k: number): void {
    const at = block * ATTEMPT_CELLS;
    this.attemptBlockDrawn[block] = 1;
    for (let c = 0; c < ATTEMPT_CELLS; c++) {
      this.attemptUniforms[at + c] = this.luck.uniform(i + 1, luckCounter(P_ATTEMPT, k, c));
      this.draws[at + c] = Number.NaN;
    }
  }
  siblingConflictU(i: number): number {
    return this.luck.uniform(i + 1, luckCounter(P_SUBTASK, 0, X_SIBLING));
  }
  speculativeConflictU(i: number): number {
    return this.luck.uniform(i + 1, luckCounter(P_SUBTASK, 0, X_SPECULATIVE));
  }
  humanDefectU(i: number): number {
    return this.luck.uniform(i + 1, luckCounter(P_SUBTASK, 0, X_HUMAN_DEFECT));
  }
  remediationU(i: number): number {
    return this.luck.uniform(i + 1, luckCounter(P_SUBTASK, 0, X_REMEDIATION));
  }
  /** Does gate run r catch subtask i's defect? */
  gateCatchU(i: number, run: number): number {
    return this.luck.uniform(i + 1, luckCounter(P_GATE_CATCH, run, 0));
  }
  /** Does review round r find subtask i's defect? */
  reviewFindU(i: number, round: number): number {
    return this.luck.uniform(i + 1, luckCounter(P_REVIEW_FIND, round, 0));
  }
  planU(cell: number): number {
    return this.luck.uniform(0, luckCounter(P_PLAN, 0, cell));
  }
  consolidateU(cell: number): number {
    return this.luck.uniform(0, luckCounter(P_CONSOLIDATE, 0, cell));
  }
  conflictTurnsU(): number {
    return this.luck.uniform(0, luckCounter(P_CONFLICT_TURNS, 0, 0));
  }
  gateDurationU(run: number): number {
    return this.luck.uniform(0, luckCounter(P_GATE_DURATION, run, 0));
  }
  /** Review round r: cells R_OVERHEAD, R_REJECT, R_JUDGMENT, R_MINUTES, then R_REVISION + attempt cell. */
  reviewU(round: number, cell: number): number {
    return this.luck.uniform(0, luckCounter(P_REVIEW_ROUND, round, cell));
  }
}

/** adjacency()'s write positions: scratch, reused by every change (drawing a change is synchronous). */
let cursor = new Int32Array(64);

function adjacency(n: number, edges: Array<[number, number]>, keyAt: 0 | 1, valueAt: 0 | 1): [Int32Array, Int32Array] {
  const start = i32(n + 1);
  for (const e of edges) start[e[keyAt] + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  if (cursor.length < n) cursor = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) cursor[i] = start[i]!;
  const out = i32(edges.length);
  for (const e of edges) out[cursor[e[keyAt]]!++] = e[valueAt];
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
  const keys = changeKeys(seed, replication, key);
  const shape = keys.shape.stream();
  const graph = model.scenario.workload.graph;
  const edges: Array<[number, number]> = [];
  let kinds: number[];
  let sizes: Array<number | undefined> | undefined;
  switch (graph.generator) {
    case 'independent':
    case 'chain':
    case 'fork-join': {
      const n = drawCount(model, 'count', shape());
      kinds = new Array<number>(n);
      for (let i = 0; i < n; i++) kinds[i] = drawKind(model, shape());
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
  return new ChangeSpec(key, keys.luck, kindIndex, edges, model, shape, sizes);
}
