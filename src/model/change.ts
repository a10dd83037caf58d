/**
 * A change as every regime sees it: its dependency graph, the attributes of its subtasks, and
 * its luck. Drawn once per (seed, replication, change) and shared by every regime and every
 * sweep point, which is what makes their comparison fair (common random numbers).
 *
 * Two keys of the counter-based generator per change (../random/counter), derived from
 * (seed, replication, change):
 * - `shape`: a sequential stream for the graph and the subtasks' sizes, kinds and human hours;
 * - `luck`: random access to a fixed layout of cells, read through named views (./luck).
 */
import { ScenarioError } from '../errors/index.js';
import { counterKey, type CounterKey, type Uniform } from '../random/index.js';
import type { CompiledModel } from './compile.js';
import { ChangeLuck } from './luck.js';
import { singleShotTokens } from './singleShot.js';
import { MAX_SUBTASKS_PER_CHANGE } from './scenario/limits.js';
import { f64, i32 } from './slab.js';

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
 * engineer -1 outside a closed loop) -> shape. `root`: the seed's key (ChangeDrawer keeps it).
 */
export function changeKeys(seed: number | string, replication: number, key: ChangeKey, root = counterKey(seed, 'changes')): { luck: CounterKey; shape: CounterKey } {
  const luck = root.childOf(replication).child(key.engineer + 1, key.sequence);
  // (2^32 - 1, 2^32 - 1) is no luck cell: subtask indices stay far below 2^32 - 2.
  return { luck, shape: luck.child(0xffffffff, 0xffffffff) };
}

/** adjacency()'s write positions, owned by a ChangeDrawer (drawing a change is synchronous). */
interface AdjacencyScratch {
  cursor: Int32Array;
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
  /** The change's luck, by purpose (./luck). */
  readonly luck: ChangeLuck;
  /** singleShotTokens(), once known (NaN before). */
  private singleShot = Number.NaN;

  constructor(
    key: ChangeKey,
    luck: CounterKey,
    kind: Int32Array,
    edges: Array<[number, number]>,
    model: CompiledModel,
    shape: Uniform,
    scratch: AdjacencyScratch,
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
    [this.predStart, this.preds] = adjacency(n, edges, 1, 0, scratch);
    [this.succStart, this.succs] = adjacency(n, edges, 0, 1, scratch);
    this.luck = new ChangeLuck(luck, n);
    // Drawn last, so that the closed loop's think time shifts none of the draws above.
    const mode = model.scenario.mode;
    this.thinkHours =
      mode.kind === 'stream' && mode.arrivals.per === 'engineer' ? Math.max(0, model.thinkHours!.quantile(shape())) : 0;
  }

  /**
   * The tokens of a single-shot answer to this change (../singleShot: the token premiums'
   * baseline), for the model that drew it: the same under every agent regime, so worked out once.
   */
  singleShotTokens(model: CompiledModel): number {
    if (this.singleShot !== this.singleShot) this.singleShot = singleShotTokens(model, this);
    return this.singleShot;
  }
}

function adjacency(n: number, edges: Array<[number, number]>, keyAt: 0 | 1, valueAt: 0 | 1, scratch: AdjacencyScratch): [Int32Array, Int32Array] {
  const start = i32(n + 1);
  for (const e of edges) start[e[keyAt] + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  if (scratch.cursor.length < n) scratch.cursor = new Int32Array(2 * n);
  const cursor = scratch.cursor;
  for (let i = 0; i < n; i++) cursor[i] = start[i]!;
  const out = i32(edges.length);
  for (const e of edges) out[cursor[e[keyAt]]!++] = e[valueAt];
  return [start, out];
}

function drawCount(model: CompiledModel, dist: 'count' | 'layers' | 'width', u: number): number {
  return Math.max(1, Math.round(model.graph[dist]!.quantile(u)));
}

/**
 * Validation refuses a graph whose one-in-a-billion change exceeds the limit (./scenario/limits);
 * a draw beyond even that stops the run as bad input rather than exhaust memory.
 */
function checkSubtaskCount(n: number): void {
  if (n > MAX_SUBTASKS_PER_CHANGE)
    throw new ScenarioError(
      'workload.graph',
      `a change drew ${n.toLocaleString('en-US')} subtasks, more than the ${MAX_SUBTASKS_PER_CHANGE.toLocaleString('en-US')} a change holds: narrow the graph's count, layers or width`,
    );
}

function drawKind(model: CompiledModel, u: number): number {
  const cum = model.kindCumulativeShare;
  for (let k = 0; k < cum.length; k++) if (u < cum[k]!) return k;
  return cum.length - 1;
}

/** Draw a change of replication `replication`: its graph, attributes and luck. */
export function drawChange(model: CompiledModel, seed: number | string, replication: number, key: ChangeKey | number): ChangeSpec {
  return new ChangeDrawer(model, seed).draw(replication, key);
}

/**
 * Draws the changes of one compiled scenario and seed, many times over: it derives the seed's
 * root key once and owns the scratch of drawing (a replicator keeps one).
 */
export class ChangeDrawer {
  private readonly root: CounterKey;
  private readonly scratch: AdjacencyScratch = { cursor: new Int32Array(64) };

  constructor(
    readonly model: CompiledModel,
    readonly seed: number | string,
  ) {
    this.root = counterKey(seed, 'changes');
  }

  /** A change of replication `replication`: its graph, attributes and luck. */
  draw(replication: number, key: ChangeKey | number): ChangeSpec {
    return drawWith(this.model, this.seed, replication, typeof key === 'number' ? openChangeKey(key) : key, this.root, this.scratch);
  }
}

function drawWith(model: CompiledModel, seed: number | string, replication: number, key: ChangeKey, root: CounterKey, scratch: AdjacencyScratch): ChangeSpec {
  const keys = changeKeys(seed, replication, key, root);
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
      checkSubtaskCount(n);
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
        checkSubtaskCount(kinds.length + width);
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
      // A loop, not a spread: a dense graph of 500 subtasks has 124,750 edges, past the call stack's argument limit.
      for (const edge of explicit.edges) edges.push(edge);
      break;
    }
  }
  const kindIndex = i32(kinds.length);
  kindIndex.set(kinds);
  return new ChangeSpec(key, keys.luck, kindIndex, edges, model, shape, scratch, sizes);
}
