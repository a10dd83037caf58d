/**
 * The metric columns of runs.csv and changes.csv: name (snake_case, unit in the name), unit,
 * rounding and meaning. Values are rounded once, here, before they are written and before any
 * summary is computed, so that a summary recomputed from the CSV text (orchsim merge) is
 * bit-for-bit the summary computed in memory.
 */
import { TOKEN_CLASSES, type ChangeRecord, type RunMetrics } from '../model/index.js';

export interface ColumnDef<T> {
  name: string;
  /** Unit for the data dictionary ('count', 'hours', 'USD', 'tokens', 'share', ...). */
  unit: string;
  /** Decimal places kept (values are rounded half up to this many places). */
  decimals: number;
  description: string;
  get: (row: T) => number;
}

const HOURS = 4;
const USD = 4;
const SHARE = 6;

/** Round to `decimals` places; -0 becomes 0; NaN stays NaN. */
export function roundTo(x: number, decimals: number): number {
  if (decimals === 0) return Math.round(x) + 0;
  const f = POW10[decimals]!;
  return Math.round(x * f) / f + 0;
}
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

type Def<T> = [name: string, unit: string, decimals: number, description: string, get: (r: T) => number];

function defs<T>(list: Def<T>[]): ColumnDef<T>[] {
  return list.map(([name, unit, decimals, description, get]) => ({ name, unit, decimals, description, get }));
}

function tokenDefs<T extends { tokens: Float64Array }>(tiers: readonly string[], what: string): ColumnDef<T>[] {
  const out: ColumnDef<T>[] = [];
  tiers.forEach((tier, t) =>
    TOKEN_CLASSES.forEach((cls, c) => {
      const i = t * TOKEN_CLASSES.length + c;
      out.push({
        name: `tokens_${tier}_${cls}`,
        unit: 'tokens',
        decimals: 0,
        description: `${cls.replace('_', ' ')} tokens billed at tier ${tier}, ${what}`,
        get: (r) => r.tokens[i]!,
      });
    }),
  );
  return out;
}

/** Fields runs.csv (sums over a replication) and changes.csv (one change) both carry. */
type Shared = Pick<
  RunMetrics & ChangeRecord,
  | 'agentCalls'
  | 'attempts'
  | 'agentBusyHours'
  | 'failuresCaughtByAgents'
  | 'failuresCaughtByGate'
  | 'defectsFoundByReviewers'
  | 'siblingConflicts'
  | 'speculativeConflicts'
  | 'takeovers'
  | 'reviewRounds'
  | 'reviewHours'
  | 'escapedDefects'
  | 'remediationHours'
  | 'supervisionHours'
  | 'peopleHours'
  | 'engineerHoursSaved'
>;

function sharedCounts<T extends Shared>(): ColumnDef<T>[] {
  return defs<T>([
    ['agent_calls', 'count', 0, 'agent calls (plans, attempts, consolidations, revisions)', (r) => r.agentCalls],
    ['attempts', 'count', 0, 'subtask attempts by agents', (r) => r.attempts],
    ['agent_busy_hours', 'hours', HOURS, 'summed duration of every agent call', (r) => r.agentBusyHours],
    ['failures_caught_by_agents', 'count', 0, "wrong attempts caught by the subtask's own checks", (r) => r.failuresCaughtByAgents],
    ['failures_caught_by_gate', 'count', 0, 'defects caught by the automated gate (test suite)', (r) => r.failuresCaughtByGate],
    ['defects_found_by_reviewers', 'count', 0, 'defects reviewers found', (r) => r.defectsFoundByReviewers],
    ['sibling_conflicts', 'count', 0, 'conflicts between parallel siblings at consolidation', (r) => r.siblingConflicts],
    ['speculative_conflicts', 'count', 0, 'speculative starts that had to be redone', (r) => r.speculativeConflicts],
    ['takeovers', 'count', 0, 'subtasks an engineer took over after attempts ran out', (r) => r.takeovers],
    ['review_rounds', 'count', 0, 'review rounds', (r) => r.reviewRounds],
    ['review_hours', 'hours', HOURS, 'reviewer working time, all rounds', (r) => r.reviewHours],
    ['escaped_defects', 'count', 0, 'defects that reached production', (r) => r.escapedDefects],
    ['remediation_hours', 'hours', HOURS, 'people time fixing escaped defects', (r) => r.remediationHours],
    ['supervision_hours', 'hours', HOURS, 'people time attending the agents while they work (people.supervisionShare)', (r) => r.supervisionHours],
    ['people_hours', 'hours', HOURS, 'people time: authoring, takeovers, supervision, review, rework, remediation', (r) => r.peopleHours],
    [
      'engineer_hours_saved',
      'hours',
      HOURS,
      "people hours of the human regime for the same change(s) minus this regime's (empty without a human regime)",
      (r) => r.engineerHoursSaved,
    ],
  ]);
}

type SharedMoney = Pick<
  RunMetrics & ChangeRecord,
  'totalTokens' | 'inferenceUsd' | 'reviewUsd' | 'reworkUsd' | 'authoringUsd' | 'supervisionUsd' | 'remediationUsd' | 'incidentUsd' | 'buildUsd' | 'delayUsd' | 'totalUsd'
>;

function sharedMoney<T extends SharedMoney>(): ColumnDef<T>[] {
  return defs<T>([
    ['total_tokens', 'tokens', 0, 'all tokens of every tier and class', (r) => r.totalTokens],
    ['inference_usd', 'USD', USD, 'tokens times prices, every call and retry', (r) => r.inferenceUsd],
    ['review_usd', 'USD', USD, 'review hours times the loaded hourly rate', (r) => r.reviewUsd],
    ['rework_usd', 'USD', USD, "people's rework time times the loaded rate (agent rework is inference)", (r) => r.reworkUsd],
    ['authoring_usd', 'USD', USD, "people's authoring and takeover time times the loaded rate", (r) => r.authoringUsd],
    ['supervision_usd', 'USD', USD, 'supervision hours times the loaded rate', (r) => r.supervisionUsd],
    ['remediation_usd', 'USD', USD, 'escaped defects times (minutes to fix times the loaded rate, plus incident loss)', (r) => r.remediationUsd],
    ['incident_usd', 'USD', USD, 'the direct-loss part of remediation_usd (money.incidentUsdPerEscapedDefect)', (r) => r.incidentUsd],
    ['build_usd', 'USD', USD, 'amortised cost of building the orchestration or automation', (r) => r.buildUsd],
    ['delay_usd', 'USD', USD, 'carrying cost of waiting (0 unless money.delayUsdPerHour is set)', (r) => r.delayUsd],
    ['total_usd', 'USD', USD, 'everything spent, merged or abandoned', (r) => r.totalUsd],
  ]);
}

/** Per replication x regime (sums over the replication's changes unless said). */
export function runColumns(tiers: readonly string[]): ColumnDef<RunMetrics>[] {
  return [
    ...defs<RunMetrics>([
      ['changes', 'count', 0, 'changes that arrived in the replication (1 in single-change mode)', (r) => r.changes],
      ['merged', 'count', 0, 'changes merged', (r) => r.merged],
      ['abandoned', 'count', 0, 'changes abandoned (rejected, out of review rounds or attempts)', (r) => r.abandoned],
      ['merge_rate', 'share', SHARE, 'merged / changes', (r) => r.mergeRate],
      ['wall_clock_hours', 'hours', HOURS, 'mean request-to-merge time of the merged changes (empty when none merged)', (r) => r.wallClockHours],
      ['review_wait_hours', 'hours', HOURS, 'mean time a change waited in the review queue, per change', (r) => r.reviewWaitHours],
    ]),
    ...sharedCounts<RunMetrics>(),
    ...tokenDefs<RunMetrics>(tiers, 'summed over every call and retry'),
    ...sharedMoney<RunMetrics>(),
    ...defs<RunMetrics>([
      ['cost_per_merged_usd', 'USD', USD, 'total_usd / merged (empty when none merged)', (r) => r.costPerMergedUsd],
      ['reviewer_utilisation', 'share', SHARE, "review work hours over the reviewers' open hours, first arrival to end", (r) => r.reviewerUtilisation],
      ['reviewer_mean_queue_length', 'changes', SHARE, 'time-average number of changes waiting for review', (r) => r.reviewerMeanQueueLength],
      [
        'agent_cap_utilisation',
        'share',
        SHARE,
        'share of the global agent-call cap in use (empty without a cap)',
        (r) => r.agentCapUtilisation,
      ],
    ]),
  ];
}

/** The text column of changes.csv, after `abandoned`. */
export const ABANDON_REASON = {
  name: 'abandon_reason',
  unit: 'text',
  description: "why a change was abandoned: rejected, review_rounds, attempts; empty when merged",
};

/** Per change x regime x replication. */
export function changeColumns(tiers: readonly string[]): { before: ColumnDef<ChangeRecord>[]; after: ColumnDef<ChangeRecord>[] } {
  const before = defs<ChangeRecord>([
    ['change', 'index', 0, 'id of the change: its arrival index, or in a closed loop engineer x 100000 + sequence', (r) => r.change],
    ['engineer', 'index', 0, 'closed loop: the engineer who filed it (-1 otherwise)', (r) => r.engineer],
    ['sequence', 'index', 0, "closed loop: the engineer's how-manyth change (the arrival index otherwise)", (r) => r.sequence],
    ['arrival_hours', 'hours', HOURS, 'arrival time, hours after Monday 00:00 of the first week', (r) => r.arrivalHours],
    ['end_hours', 'hours', HOURS, 'merge or abandonment time', (r) => r.endHours],
    ['wall_clock_hours', 'hours', HOURS, 'end_hours - arrival_hours (request to merge, or to abandonment)', (r) => r.wallClockHours],
    ['merged', '0/1', 0, '1 if merged', (r) => r.merged],
    ['abandoned', '0/1', 0, '1 if abandoned', (r) => r.abandoned],
  ]);
  const after = [
    ...defs<ChangeRecord>([
      ['subtasks', 'count', 0, "subtasks in the change's dependency graph", (r) => r.subtasks],
      ['diff_lines', 'lines', 1, 'lines of diff the change carries to review', (r) => r.diffLines],
      ['gate_runs', 'count', 0, 'runs of the automated gate', (r) => r.gateRuns],
      ['review_wait_hours', 'hours', HOURS, 'time waiting in the review queue', (r) => r.reviewWaitHours],
      ['authoring_hours', 'hours', HOURS, "an engineer's authoring and takeover time", (r) => r.authoringHours],
      ['people_rework_hours', 'hours', HOURS, "people's rework time after review", (r) => r.peopleReworkHours],
    ]),
    ...sharedCounts<ChangeRecord>(),
    ...tokenDefs<ChangeRecord>(tiers, 'for this change'),
    ...sharedMoney<ChangeRecord>(),
  ];
  return { before, after };
}

/**
 * The runs.csv columns kept in memory (one Float64Array per point x regime x metric) for
 * summary.csv and the console; everything else is streamed to disk only.
 */
export const SUMMARY_METRICS = [
  'wall_clock_hours',
  'cost_per_merged_usd',
  'total_usd',
  'merged',
  'merge_rate',
  'total_tokens',
  'inference_usd',
  'review_usd',
  'rework_usd',
  'remediation_usd',
  'supervision_usd',
  'review_wait_hours',
  'review_hours',
  'agent_calls',
  'escaped_defects',
  'people_hours',
  'engineer_hours_saved',
  'reviewer_utilisation',
] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

/** Metrics compared pair-wise (per replication, regime minus baseline); lower is better for each. */
export const PAIRED_METRICS = ['wall_clock_hours', 'cost_per_merged_usd', 'total_tokens'] as const;
export const BASELINES = ['single', 'human'] as const;

/** Leading columns of runs.csv before the sweep's parameters and metrics. */
export const RUN_KEY_COLUMNS = ['point', 'replication', 'regime'] as const;
