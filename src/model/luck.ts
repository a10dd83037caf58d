/**
 * A change's luck: the uniforms every regime reads for the same purpose, at a fixed address.
 *
 * Cell (subtask, purpose, block, cell) is the uniform at counter (subtask + 1, purpose * 2^26 +
 * block * 2^10 + cell) of the change's luck key (change-level purposes use subtask -1). Every
 * hot-path draw is an inversion, `dist.quantile(u)`, of one cell, so subtask 3's second attempt
 * draws the same numbers whether it runs first under `single` or fourth under `fanout` with
 * N = 8 (common random numbers). A cell is computed when asked for, in any order, and the table
 * has no end (a twentieth attempt is as cheap as the first).
 *
 * Flows read cells through named views (`luck.attempt(i, k).wrong`, `luck.review(round).overhead`,
 * `luck.plan.turns`), never by address arithmetic. A view is a small immutable value aimed once,
 * when it is made, and no later call re-aims it: a caller may keep it (a call's request holds its
 * pace), and the regimes' worlds of a stream, which share one change, interleave their reads safely.
 * A regime's own luck (cells no other regime reads) lives in its module under ./regimes, on a
 * purpose from FIRST_REGIME_PURPOSE up that it declares (`luckPurposes`), read with regimeCell.
 * Never renumber a purpose or a cell: that would change every result.
 */
import type { CounterKey, Distribution } from '../random/index.js';
import { f64, u8 } from './slab.js';

// ---- the address layout ------------------------------------------------------------------

/** Attempts per subtask whose regime-independent draws are cached (later ones are recomputed). */
export const ATTEMPT_BLOCKS = 3;
/** Cells of an attempt-shaped block (attempts, and the orchestrator's and revision calls). */
const A_TURNS = 0;
const A_OUTPUT = 1;
const A_GROWTH = 2;
const A_TOOL = 3;
const A_SPEED = 4;
const A_TTFT = 5;
const A_WRONG = 6;
const A_SELF_CATCH = 7;
/** The orientation stretch of a fresh context: turns, output, file reads, tool time. */
const A_ORIENT_TURNS = 8;
const A_ORIENT_OUTPUT = 9;
const A_ORIENT_GROWTH = 10;
const A_ORIENT_TOOL = 11;
const ATTEMPT_CELLS = 12;
/** Cells of a review round: overhead, reject, judgment, people minutes, then a revision call block. */
const R_OVERHEAD = 0;
const R_REJECT = 1;
const R_JUDGMENT = 2;
const R_MINUTES = 3;
const R_REVISION = 4;

const P_ATTEMPT = 1;
const P_SUBTASK = 2;
const P_GATE_CATCH = 3;
const P_REVIEW_FIND = 4;
const P_PLAN = 5;
const P_CONSOLIDATE = 6;
const P_CONFLICT_TURNS = 7;
const P_GATE_DURATION = 8;
const P_REVIEW_ROUND = 9;
/**
 * Purposes from here up belong to regimes, each declared by one regime module (`luckPurposes`;
 * the registry test checks that no two regimes share one).
 */
export const FIRST_REGIME_PURPOSE = 10;
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

// ---- views -------------------------------------------------------------------------------

/** The uniforms of one agent call's shape and pace (an attempt-shaped block of cells). */
export interface CallLuck {
  readonly turns: number;
  readonly outputTokensPerTurn: number;
  readonly contextGrowthPerTurn: number;
  readonly toolSecondsPerTurn: number;
  /** The call's output speed (tokens per second). */
  readonly outputSpeed: number;
  readonly timeToFirstToken: number;
}

/** An orchestrator call's block at the change level (plan, consolidate) or in a review round (revision). */
class BlockLuck implements CallLuck {
  constructor(
    private readonly key: CounterKey,
    private readonly purpose: number,
    private readonly offset: number,
    private readonly block: number,
  ) {}
  private u(cell: number): number {
    return this.key.uniform(0, luckCounter(this.purpose, this.block, this.offset + cell));
  }
  get turns(): number {
    return this.u(A_TURNS);
  }
  get outputTokensPerTurn(): number {
    return this.u(A_OUTPUT);
  }
  /** The orchestrator's calls draw their context size from this cell. */
  get contextGrowthPerTurn(): number {
    return this.u(A_GROWTH);
  }
  get toolSecondsPerTurn(): number {
    return this.u(A_TOOL);
  }
  get outputSpeed(): number {
    return this.u(A_SPEED);
  }
  get timeToFirstToken(): number {
    return this.u(A_TTFT);
  }
}

/** Attempt k (0-based, counting every attempt) at subtask i. */
export class AttemptLuck implements CallLuck {
  constructor(
    private readonly luck: ChangeLuck,
    readonly i: number,
    readonly k: number,
  ) {}
  get turns(): number {
    return this.luck.attemptU(this.i, this.k, A_TURNS);
  }
  get outputTokensPerTurn(): number {
    return this.luck.attemptU(this.i, this.k, A_OUTPUT);
  }
  get contextGrowthPerTurn(): number {
    return this.luck.attemptU(this.i, this.k, A_GROWTH);
  }
  get toolSecondsPerTurn(): number {
    return this.luck.attemptU(this.i, this.k, A_TOOL);
  }
  get outputSpeed(): number {
    return this.luck.attemptU(this.i, this.k, A_SPEED);
  }
  get timeToFirstToken(): number {
    return this.luck.attemptU(this.i, this.k, A_TTFT);
  }
  /** Is the attempt wrong (against the attempt's wrong probability)? */
  get wrong(): number {
    return this.luck.attemptU(this.i, this.k, A_WRONG);
  }
  /** Do the subtask's own checks catch a wrong attempt (against its verifiability)? */
  get selfCatch(): number {
    return this.luck.attemptU(this.i, this.k, A_SELF_CATCH);
  }
  // The attempt's work, and a fresh context's orientation stretch, drawn from profiles that depend
  // on nothing but the subtask's kind: the same value for every regime, computed once per change.
  workTurns(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_TURNS, dist);
  }
  workOutputTokensPerTurn(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_OUTPUT, dist);
  }
  workContextGrowthPerTurn(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_GROWTH, dist);
  }
  workToolSecondsPerTurn(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_TOOL, dist);
  }
  orientationTurns(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_ORIENT_TURNS, dist);
  }
  orientationOutputTokensPerTurn(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_ORIENT_OUTPUT, dist);
  }
  orientationContextGrowthPerTurn(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_ORIENT_GROWTH, dist);
  }
  orientationToolSecondsPerTurn(dist: Distribution): number {
    return this.luck.attemptDraw(this.i, this.k, A_ORIENT_TOOL, dist);
  }
}

/** Review round r. */
export class ReviewLuck {
  /** The agents' revision call of this round (for the reviewer's judgment calls). */
  readonly revision: CallLuck;
  constructor(
    private readonly key: CounterKey,
    readonly round: number,
  ) {
    this.revision = new BlockLuck(key, P_REVIEW_ROUND, R_REVISION, round);
  }
  private u(cell: number): number {
    return this.key.uniform(0, luckCounter(P_REVIEW_ROUND, this.round, cell));
  }
  /** The round's fixed overhead (reading the description, context switching). */
  get overhead(): number {
    return this.u(R_OVERHEAD);
  }
  /** Does the reviewer close the change outright (first round only)? */
  get reject(): number {
    return this.u(R_REJECT);
  }
  /** Does the round ask for changes of judgment? */
  get judgment(): number {
    return this.u(R_JUDGMENT);
  }
  /** Minutes a person spends per requested change. */
  get peopleMinutes(): number {
    return this.u(R_MINUTES);
  }
}

/** Subtask i's one-off luck. */
export class SubtaskLuck {
  constructor(
    private readonly key: CounterKey,
    readonly i: number,
  ) {}
  private u(cell: number): number {
    return this.key.uniform(this.i + 1, luckCounter(P_SUBTASK, 0, cell));
  }
  /** Does its final attempt conflict with the siblings it overlapped? */
  get siblingConflict(): number {
    return this.u(X_SIBLING);
  }
  /** Does a speculative start get invalidated by its unfinished ancestors? */
  get speculativeConflict(): number {
    return this.u(X_SPECULATIVE);
  }
  /** Does a person's version of it carry a defect? */
  get humanDefect(): number {
    return this.u(X_HUMAN_DEFECT);
  }
  /** Minutes to fix its defect after it escaped. */
  get remediation(): number {
    return this.u(X_REMEDIATION);
  }
}

/** All of a change's luck (see the header). */
export class ChangeLuck {
  readonly plan: CallLuck;
  readonly consolidate: CallLuck;
  /**
   * The views already made, by address (each aimed once, for good): the regimes' flows of one
   * change ask for the same ones, so each is made once per change, not once per call.
   */
  private readonly attemptViews: (AttemptLuck | undefined)[] = [];
  private readonly subtaskViews: (SubtaskLuck | undefined)[] = [];
  private readonly reviewViews: (ReviewLuck | undefined)[] = [];
  /** Cache of attempt draws, NaN until drawn. */
  private readonly draws: Float64Array;
  /** The uniforms of the first ATTEMPT_BLOCKS attempts of each subtask, a block at a time. */
  private readonly attemptUniforms: Float64Array;
  private readonly attemptBlockDrawn: Uint8Array;

  constructor(
    private readonly key: CounterKey,
    subtaskCount: number,
  ) {
    this.plan = new BlockLuck(key, P_PLAN, 0, 0);
    this.consolidate = new BlockLuck(key, P_CONSOLIDATE, 0, 0);
    // Not filled: a block's cells are marked undrawn (NaN) when the block is first touched.
    this.draws = f64(subtaskCount * ATTEMPT_BLOCKS * ATTEMPT_CELLS);
    this.attemptUniforms = f64(subtaskCount * ATTEMPT_BLOCKS * ATTEMPT_CELLS);
    this.attemptBlockDrawn = u8(subtaskCount * ATTEMPT_BLOCKS);
  }

  attempt(i: number, k: number): AttemptLuck {
    if (k >= ATTEMPT_BLOCKS) return new AttemptLuck(this, i, k);
    const at = i * ATTEMPT_BLOCKS + k;
    return (this.attemptViews[at] ??= new AttemptLuck(this, i, k));
  }
  review(round: number): ReviewLuck {
    return (this.reviewViews[round] ??= new ReviewLuck(this.key, round));
  }
  subtask(i: number): SubtaskLuck {
    return (this.subtaskViews[i] ??= new SubtaskLuck(this.key, i));
  }
  /** Does gate run `run` catch subtask i's defect? */
  gateCatch(i: number, run: number): number {
    return this.key.uniform(i + 1, luckCounter(P_GATE_CATCH, run, 0));
  }
  /** Does review round `round` find subtask i's defect? */
  reviewFind(i: number, round: number): number {
    return this.key.uniform(i + 1, luckCounter(P_REVIEW_FIND, round, 0));
  }
  /** The orchestrator's extra turns per sibling conflict. */
  get conflictTurns(): number {
    return this.key.uniform(0, luckCounter(P_CONFLICT_TURNS, 0, 0));
  }
  /** Change-level cell `cell` of a regime's own purpose (FIRST_REGIME_PURPOSE or above, declared in its `luckPurposes`). */
  regimeCell(purpose: number, cell: number): number {
    if (!(purpose >= FIRST_REGIME_PURPOSE)) throw new RangeError(`internal: luck purpose ${purpose} is not a regime's (from ${FIRST_REGIME_PURPOSE} up)`);
    return this.key.uniform(0, luckCounter(purpose, 0, cell));
  }
  /** How long gate run `run` takes. */
  gateDuration(run: number): number {
    return this.key.uniform(0, luckCounter(P_GATE_DURATION, run, 0));
  }

  /** The uniform of cell `cell` of subtask i's attempt k. */
  attemptU(i: number, k: number, cell: number): number {
    if (k >= ATTEMPT_BLOCKS) return this.key.uniform(i + 1, luckCounter(P_ATTEMPT, k, cell));
    return this.attemptUniforms[this.attemptCell(i, k, cell)]!;
  }

  /** `dist.quantile(attemptU(i, k, cell))`, computed once per change (every regime asks for the same draw). */
  attemptDraw(i: number, k: number, cell: number, dist: Distribution): number {
    if (k >= ATTEMPT_BLOCKS) return dist.quantile(this.attemptU(i, k, cell));
    const at = this.attemptCell(i, k, cell);
    let value = this.draws[at]!;
    if (Number.isNaN(value)) value = this.draws[at] = dist.quantile(this.attemptUniforms[at]!);
    return value;
  }

  /** Where cell `cell` of subtask i's attempt k < ATTEMPT_BLOCKS sits: the block is drawn once, when first touched. */
  private attemptCell(i: number, k: number, cell: number): number {
    const block = i * ATTEMPT_BLOCKS + k;
    if (this.attemptBlockDrawn[block] === 0) this.drawAttemptBlock(block, i, k);
    return block * ATTEMPT_CELLS + cell;
  }

  private drawAttemptBlock(block: number, i: number, k: number): void {
    const at = block * ATTEMPT_CELLS;
    this.attemptBlockDrawn[block] = 1;
    for (let c = 0; c < ATTEMPT_CELLS; c++) {
      this.attemptUniforms[at + c] = this.key.uniform(i + 1, luckCounter(P_ATTEMPT, k, c));
      this.draws[at + c] = Number.NaN;
    }
  }
}
