/**
 * What happened to one change under one regime (ChangeRecord), and one replication of one regime
 * reduced (RunMetrics). Their numeric fields are the metric registry's (./metrics): each lives in
 * a Float64Array in registry order, read and written through accessors of the same name, so that
 * a flow writes `record.reviewHours += h` and the totals, columns and summaries loop over arrays.
 */
import { CHANGE_METRICS, RUN_METRICS, type ChangeMetricKey, type RunMetricKey } from './metrics.js';
import type { Regime } from './regimes/index.js';
import { keptF64 } from './slab.js';

/** One row of a trace: the start and end of a step in a change's life (a Gantt bar). */
export interface TraceRow {
  regime: Regime;
  change: number;
  step:
    | 'plan'
    | 'attempt'
    | 'consolidate'
    | 'gate'
    | 'review_wait'
    | 'review'
    | 'people_rework'
    | 'handler_wait'
    | 'human_work'
    | 'script'
    | 'takeover'
    | 'merge'
    | 'abandon';
  /** Subtask index, or -1 for steps of the whole change. */
  subtask: number;
  /** Attempt number of the subtask (0-based), or review round, or gate run; -1 when not applicable. */
  attempt: number;
  tier: string;
  startHours: number;
  endHours: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  outcome: string;
  /** An agent call's drawn shape (not a trace.csv column; an attempt with orientation has none). */
  shape?: TracedCallShape;
}

/** What one agent call was drawn to be: its turns, and per turn its output and what it appended; its start context. */
export interface TracedCallShape {
  turns: number;
  outputTokensPerTurn: number;
  contextGrowthPerTurn: number;
  startContextTokens: number;
}

export type Tracer = (row: TraceRow) => void;

/** Accessors `name` <-> `this.values[i]` for every metric of a level, on a class's prototype. */
function defineMetricAccessors(proto: object, metrics: readonly { key: string }[]): void {
  metrics.forEach(({ key }, i) => {
    Object.defineProperty(proto, key, {
      get(this: { values: Float64Array }) {
        return this.values[i]!;
      },
      set(this: { values: Float64Array }, v: number) {
        this.values[i] = v;
      },
      enumerable: false,
      configurable: false,
    });
  });
}

/** The change-level metrics by name (accessors onto `values`). */
export type ChangeMetricFields = { [K in ChangeMetricKey]: number };
export interface ChangeRecord extends ChangeMetricFields {}

export class ChangeRecord {
  /** The change-level metrics, in registry order (CHANGE_INDEX). */
  readonly values: Float64Array;
  /** Why it was abandoned: '' (merged), 'rejected', 'review_rounds', 'attempts'. */
  abandonReason = '';
  /** Tokens by tier and class: tokens[tier * 4 + class] (class order: input, cache_read, cache_write, output). */
  readonly tokens: Float64Array;

  constructor(
    readonly regime: Regime,
    change: number,
    tierCount: number,
  ) {
    this.values = keptF64(CHANGE_METRICS.length);
    this.tokens = keptF64(tierCount * 4);
    this.change = change;
    this.engineer = -1;
    this.engineerHoursSaved = Number.NaN;
  }

  /** Every token of every tier and class. */
  sumTokens(): number {
    let s = 0;
    for (let i = 0; i < this.tokens.length; i++) s += this.tokens[i]!;
    return s;
  }
}
defineMetricAccessors(ChangeRecord.prototype, CHANGE_METRICS);

/** The replication-level metrics by name (accessors onto `values`). */
export type RunMetricFields = { [K in RunMetricKey]: number };
export interface RunMetrics extends RunMetricFields {}

/** One replication of one regime, reduced (see ./totals). */
export class RunMetrics {
  /** The replication-level metrics, in registry order (RUN_INDEX). */
  readonly values: Float64Array;
  /**
   * Stream mode: the review queue over the horizon in REVIEW_SERIES_BINS bins (./world): [bin]
   * the time-average queue length, [bins + bin] the share of reviewers busy; null otherwise.
   */
  reviewSeries: Float64Array | null = null;
  /**
   * The reuse key (./reuse) under which these totals are kept for other points, or null: an
   * output may keep what it makes of them (a formatted row) under the same key and replication.
   */
  reuseKey: string | null = null;

  constructor(
    readonly regime: Regime,
    readonly replication: number,
    /** Tokens by tier and class: [tier * 4 + class]. */
    readonly tokens: Float64Array,
  ) {
    this.values = keptF64(RUN_METRICS.length);
  }
}
defineMetricAccessors(RunMetrics.prototype, RUN_METRICS);
