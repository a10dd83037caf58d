/**
 * What happened to one change under one regime, and what it cost. Flat numeric fields so that
 * a replication of thousands of changes stays cheap; outputs turn them into CSV columns.
 */
import type { Regime } from './scenario/schema.js';
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
    | 'human_work'
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
}

export type Tracer = (row: TraceRow) => void;

export class ChangeRecord {
  arrivalHours = 0;
  /** Merge or abandonment time. */
  endHours = 0;
  wallClockHours = 0;
  merged = 0;
  abandoned = 0;
  /** Why it was abandoned: '' (merged), 'rejected', 'review_rounds', 'attempts'. */
  abandonReason = '';
  subtasks = 0;
  diffLines = 0;
  agentCalls = 0;
  attempts = 0;
  agentBusyHours = 0;
  failuresCaughtByAgents = 0;
  failuresCaughtByGate = 0;
  defectsFoundByReviewers = 0;
  siblingConflicts = 0;
  speculativeConflicts = 0;
  takeovers = 0;
  gateRuns = 0;
  reviewRounds = 0;
  reviewWaitHours = 0;
  reviewHours = 0;
  authoringHours = 0;
  /** Hours a person spent supervising the agents (share of their working time). */
  supervisionHours = 0;
  peopleReworkHours = 0;
  escapedDefects = 0;
  remediationHours = 0;
  /** Direct loss of the escaped defects (money.incidentUsdPerEscapedDefect), part of remediationUsd. */
  incidentUsd = 0;
  /** Tokens by tier and class: tokens[tier * 4 + class] (class order: input, cache_read, cache_write, output). */
  readonly tokens: Float64Array;
  inferenceUsd = 0;
  reviewUsd = 0;
  reworkUsd = 0;
  authoringUsd = 0;
  supervisionUsd = 0;
  remediationUsd = 0;
  buildUsd = 0;
  delayUsd = 0;
  totalUsd = 0;
  /** Hours people spent: authoring, takeovers, supervision, review, rework, remediation. */
  peopleHours = 0;
  /** The human baseline's people hours for the same change minus this regime's (NaN without a human run). */
  engineerHoursSaved = Number.NaN;

  /** Closed loop: who filed it and their how-manyth change it is (-1 and the index otherwise). */
  engineer = -1;
  sequence = 0;

  constructor(
    readonly regime: Regime,
    readonly change: number,
    tierCount: number,
  ) {
    this.tokens = keptF64(tierCount * 4);
  }

  get totalTokens(): number {
    let s = 0;
    for (let i = 0; i < this.tokens.length; i++) s += this.tokens[i]!;
    return s;
  }
}
