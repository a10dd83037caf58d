/**
 * The metric registry: one declaration per number orchsim reports. Each entry says what the
 * number is (its field, its CSV column, unit, decimals and meaning), at which level it lives (a
 * change's record, a replication's totals, or both) and how a replication's changes reduce to it.
 * From this one list come the fields of ChangeRecord and RunMetrics, the replication's totals,
 * the columns of runs.csv and changes.csv (in list order), the rows of summary.csv (`summary`
 * gives their order) and the data dictionary. Adding a metric is one entry here (and, for a
 * change-level metric, the line in a flow that fills it).
 *
 * Rounding: values are rounded to `decimals` once, when written and before any summary, so that
 * a summary recomputed from the CSV text (orchsim merge) is the summary computed in memory.
 */

/** How the changes of one replication (one change, or a stream's changes) reduce to its value. */
export type Aggregate =
  /** The sum of the change-level field of the same key. */
  | { of: 'sum' }
  /** The sum over the changes where the field is known (not NaN); NaN when it is known for none. */
  | { of: 'sumKnown' }
  /** The number of changes. */
  | { of: 'count' }
  /** Mean of a change-level field over the changes that merged (NaN when none merged). */
  | { of: 'meanOverMerged'; field: string }
  /** Mean of a change-level field per change (NaN without changes). */
  | { of: 'meanPerChange'; field: string }
  /** numerator / denominator of two replication values (NaN when the denominator is 0). */
  | { of: 'ratio'; numerator: string; denominator: string }
  /** The sum of the replication's tokens of every tier and class. */
  | { of: 'sumOfTokens' }
  /** A replication value per month of the stream's horizon (HOURS_PER_MONTH hours; NaN outside a stream). */
  | { of: 'perMonth'; field: string }
  /** A statistic of the replication's world (queues, resources), not of its changes (totals.ts WorldStats). */
  | {
      of: 'world';
      stat:
        | 'reviewerUtilisation'
        | 'reviewerMeanQueueLength'
        | 'agentCapUtilisation'
        | 'agentCapWaitHours'
        | 'handlerUtilisation'
        | 'engineerUtilisation'
        | 'workInProgress'
        | 'bottleneckUtilisation'
        | 'bottleneckWaitHours';
    };

export interface MetricDef {
  /** camelCase field on ChangeRecord and/or RunMetrics. */
  readonly key: string;
  /** snake_case CSV column, the unit in the name. */
  readonly column: string;
  /** For the data dictionary ('count', 'hours', 'USD', 'tokens', 'share', ...). */
  readonly unit: string;
  readonly decimals: number;
  readonly description: string;
  /** 'change': changes.csv only; 'replication': runs.csv only; 'both': both, summed over the changes. */
  readonly level: 'change' | 'replication' | 'both';
  /** Replication level: how it is computed (default for 'both': the sum). */
  readonly aggregate?: Aggregate;
  /** A text cell (changes.csv only), not a number. */
  readonly text?: boolean;
  /** Tokens by tier and class: one column per tier x class, `tokens_<tier>_<class>`. */
  readonly perTierAndClass?: boolean;
  /** A different meaning when read per change (changes.csv), e.g. the tokens "for this change". */
  readonly changeDescription?: string;
  /**
   * Position among summary.csv's metrics, by value (absent: not summarised). Any distinct number:
   * a new metric takes one between its neighbours' (2.5 between 2 and 3), so that adding one
   * renumbers no other; only the order is used, never the number itself.
   */
  readonly summary?: number;
  /** Position among the metrics compared pair-wise against the baselines, as `summary` (lower comes first). */
  readonly paired?: number;
  /**
   * A missing value (nothing merged) is worse than any value: summary.csv's distribution counts it
   * as +Infinity (its quantiles read Infinity above the merge rate) and gives no mean.
   */
  readonly missingIsWorst?: boolean;
  /** summary.csv also gives the ratio of the sums of these two metrics over all replications. */
  readonly ratioOfSums?: readonly [numerator: string, denominator: string];
  /** Replication level: distributions.csv gives its quantiles over replications (the report's distributions). */
  readonly distribution?: true;
  /** A larger value is better (a count or rate of success, throughput); absent: lower is better (costs, times). */
  readonly higherIsBetter?: true;
}

const HOURS = 4;
const USD = 4;
const SHARE = 6;

/** The registry, in column order (runs.csv and changes.csv each take their entries in this order). */
export const METRICS = [
  // --- a change's identity and fate (changes.csv) ---
  { key: 'change', column: 'change', unit: 'index', decimals: 0, level: 'change', description: 'id of the change: its arrival index, or in a closed loop engineer x 100000 + sequence' },
  { key: 'engineer', column: 'engineer', unit: 'index', decimals: 0, level: 'change', description: 'closed loop: the engineer who filed it (-1 otherwise)' },
  { key: 'sequence', column: 'sequence', unit: 'index', decimals: 0, level: 'change', description: "closed loop: the engineer's how-manyth change (the arrival index otherwise)" },
  { key: 'arrivalHours', column: 'arrival_hours', unit: 'hours', decimals: HOURS, level: 'change', description: 'arrival time, hours after Monday 00:00 of the first week' },
  { key: 'endHours', column: 'end_hours', unit: 'hours', decimals: HOURS, level: 'change', description: 'merge or abandonment time' },
  { key: 'wallClockHours', column: 'wall_clock_hours', unit: 'hours', decimals: HOURS, level: 'change', description: 'end_hours - arrival_hours (request to merge, or to abandonment)' },
  { key: 'merged', column: 'merged', unit: '0/1', decimals: 0, level: 'change', description: '1 if merged' },
  { key: 'abandoned', column: 'abandoned', unit: '0/1', decimals: 0, level: 'change', description: '1 if abandoned' },
  { key: 'resolved', column: 'resolved', unit: '0/1', decimals: 0, level: 'change', description: 'resolved, as cost per resolved outcome defines it (completed correctly without human intervention): for regimes whose work agents or automation author, 1 if merged with no escaped defect, no changes requested at review, no takeover, no fallback to manual work and no rework by a person; for the manual regime (human), whose work is a person\'s by definition, 1 if merged with no escaped defect' },
  { key: 'abandonReason', column: 'abandon_reason', unit: 'text', decimals: 0, level: 'change', text: true, description: 'why a change was abandoned: rejected, review_rounds, attempts; empty when merged' },
  // --- a replication's outcome (runs.csv) ---
  { key: 'changes', column: 'changes', unit: 'count', decimals: 0, level: 'replication', aggregate: { of: 'count' }, description: 'changes that arrived in the replication (1 in single-change mode)' },
  { key: 'merged', column: 'merged', summary: 5, higherIsBetter: true, unit: 'count', decimals: 0, level: 'replication', aggregate: { of: 'sum' }, description: 'changes merged' },
  { key: 'abandoned', column: 'abandoned', unit: 'count', decimals: 0, level: 'replication', aggregate: { of: 'sum' }, description: 'changes abandoned (rejected, out of review rounds or attempts)' },
  { key: 'resolved', column: 'resolved', summary: 7, higherIsBetter: true, unit: 'count', decimals: 0, level: 'replication', aggregate: { of: 'sum' }, description: 'changes resolved without human intervention (see changes.csv)' },
  { key: 'unaidedResolutionRate', column: 'unaided_resolution_rate', summary: 8, higherIsBetter: true, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'ratio', numerator: 'resolved', denominator: 'changes' }, description: 'resolved / changes: the share completed correctly without a person stepping in (review asking for changes, a takeover, a fallback, a person\'s rework); for the manual regime, the share completed correctly' },
  { key: 'mergeRate', column: 'merge_rate', summary: 6, higherIsBetter: true, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'ratio', numerator: 'merged', denominator: 'changes' }, description: 'merged / changes' },
  { key: 'wallClockHours', column: 'wall_clock_hours', summary: 1, unit: 'hours', decimals: HOURS, level: 'replication', aggregate: { of: 'meanOverMerged', field: 'wallClockHours' }, paired: 1, distribution: true, description: 'mean request-to-merge time of the merged changes (empty when none merged)' },
  { key: 'handlerWaitHours', column: 'handler_wait_hours', summary: 25, unit: 'hours', decimals: HOURS, level: 'replication', aggregate: { of: 'meanPerChange', field: 'handlerWaitHours' }, description: 'mean time manual work waited for one of people.handlers, per change' },
  { key: 'reviewWaitHours', column: 'review_wait_hours', summary: 26, unit: 'hours', decimals: HOURS, level: 'replication', aggregate: { of: 'meanPerChange', field: 'reviewWaitHours' }, description: 'mean time a change waited in the review queue, per change' },
  // --- a change's shape and its own times (changes.csv) ---
  { key: 'subtasks', column: 'subtasks', unit: 'count', decimals: 0, level: 'change', description: "subtasks in the change's dependency graph" },
  { key: 'diffLines', column: 'diff_lines', unit: 'lines', decimals: 1, level: 'change', description: 'lines of diff the change carries to review' },
  { key: 'handlerWaitHours', column: 'handler_wait_hours', unit: 'hours', decimals: HOURS, level: 'change', description: 'time the manual work waited for a free person (people.handlers)' },
  { key: 'gateRuns', column: 'gate_runs', unit: 'count', decimals: 0, level: 'change', description: 'runs of the automated gate' },
  { key: 'reviewWaitHours', column: 'review_wait_hours', unit: 'hours', decimals: HOURS, level: 'change', description: 'time waiting in the review queue' },
  { key: 'authoringHours', column: 'authoring_hours', unit: 'hours', decimals: HOURS, level: 'change', description: "an engineer's authoring and takeover time" },
  { key: 'peopleReworkHours', column: 'people_rework_hours', unit: 'hours', decimals: HOURS, level: 'change', description: "people's rework time after review" },
  // --- counts and hours of both (runs.csv sums the changes') ---
  { key: 'agentCalls', column: 'agent_calls', summary: 28, unit: 'count', decimals: 0, level: 'both', description: 'agent calls (plans, attempts, consolidations, revisions)' },
  { key: 'attempts', column: 'attempts', unit: 'count', decimals: 0, level: 'both', description: 'subtask attempts by agents' },
  // What a team's logs show of a change's subagents (calibration.observed compares them; ../observed.ts).
  { key: 'subagentsAtOnce', column: 'subagents_at_once', unit: 'count', decimals: 0, level: 'change', description: 'most subtask attempts running at once on the change (the fan-out width in use)' },
  { key: 'subagentTurns', column: 'subagent_turns', unit: 'turns', decimals: 0, level: 'change', description: 'turns of every subtask attempt, orientation and work' },
  { key: 'subagentOutputTokens', column: 'subagent_output_tokens', unit: 'tokens', decimals: 0, level: 'change', description: 'output tokens of every subtask attempt' },
  { key: 'subagentHours', column: 'subagent_hours', unit: 'hours', decimals: HOURS, level: 'change', description: 'summed duration of every subtask attempt (the part of agent_busy_hours subagents spent)' },
  { key: 'agentBusyHours', column: 'agent_busy_hours', unit: 'hours', decimals: HOURS, level: 'both', description: 'summed duration of every agent call' },
  { key: 'failuresCaughtByAgents', column: 'failures_caught_by_agents', unit: 'count', decimals: 0, level: 'both', description: "wrong attempts caught by the subtask's own checks" },
  { key: 'failuresCaughtByGate', column: 'failures_caught_by_gate', unit: 'count', decimals: 0, level: 'both', description: 'defects caught by the automated gate (test suite)' },
  { key: 'defectsFoundByReviewers', column: 'defects_found_by_reviewers', unit: 'count', decimals: 0, level: 'both', description: 'defects reviewers found' },
  { key: 'siblingConflicts', column: 'sibling_conflicts', unit: 'count', decimals: 0, level: 'both', description: 'conflicts between parallel siblings at consolidation' },
  { key: 'speculativeConflicts', column: 'speculative_conflicts', unit: 'count', decimals: 0, level: 'both', description: 'speculative starts that had to be redone' },
  { key: 'fallbacks', column: 'fallbacks', summary: 30, unit: 'count', decimals: 0, level: 'both', description: "outcomes a script could not handle (outside scripted.coverage), done by hand" },
  { key: 'takeovers', column: 'takeovers', unit: 'count', decimals: 0, level: 'both', description: 'subtasks an engineer took over after attempts ran out' },
  { key: 'reviewRounds', column: 'review_rounds', unit: 'count', decimals: 0, level: 'both', description: 'review rounds' },
  { key: 'reviewHours', column: 'review_hours', summary: 27, unit: 'hours', decimals: HOURS, level: 'both', description: 'reviewer working time, all rounds' },
  { key: 'escapedDefects', column: 'escaped_defects', summary: 29, unit: 'count', decimals: 0, level: 'both', description: 'defects that reached production' },
  { key: 'remediationHours', column: 'remediation_hours', unit: 'hours', decimals: HOURS, level: 'both', description: 'people time fixing escaped defects' },
  { key: 'supervisionHours', column: 'supervision_hours', summary: 31, unit: 'hours', decimals: HOURS, level: 'both', description: "people time with the agents: supervisionShare of the hours agents are at work on the change (paused during a takeover), plus specify_hours" },
  { key: 'specifyHours', column: 'specify_hours', summary: 32, unit: 'hours', decimals: HOURS, level: 'both', description: 'the part of supervision_hours spent specifying the change and reading the plan (people.specifyHours, people.planReadHours)' },
  { key: 'peopleHours', column: 'people_hours', summary: 33, unit: 'hours', decimals: HOURS, level: 'both', description: 'people time: authoring, takeovers, supervision, review, rework, remediation' },
  { key: 'engineerHoursSaved', column: 'engineer_hours_saved', summary: 34, higherIsBetter: true, unit: 'hours', decimals: HOURS, level: 'both', aggregate: { of: 'sumKnown' }, description: "people hours of the human regime for the same change(s) minus this regime's (empty without a human regime)" },
  // --- tokens and money of both ---
  { key: 'tokens', column: 'tokens', unit: 'tokens', decimals: 0, level: 'both', perTierAndClass: true, description: 'summed over every call and retry', changeDescription: 'for this change' },
  { key: 'totalTokens', column: 'total_tokens', summary: 9, unit: 'tokens', decimals: 0, level: 'both', aggregate: { of: 'sumOfTokens' }, paired: 3, description: 'all tokens of every tier and class' },
  { key: 'tokensPlan', column: 'tokens_plan', summary: 10, unit: 'tokens', decimals: 0, level: 'both', description: "tokens of the orchestrator's plan calls (part of total_tokens)" },
  { key: 'tokensConsolidate', column: 'tokens_consolidate', summary: 11, unit: 'tokens', decimals: 0, level: 'both', description: "tokens of the orchestrator's consolidation calls (part of total_tokens)" },
  { key: 'tokensContext', column: 'tokens_context', summary: 12, unit: 'tokens', decimals: 0, level: 'both', description: "first attempts' start-up: orientation turns, and every turn's re-read of the starting context (base, brief, carried session) (part of total_tokens)" },
  { key: 'tokensWork', column: 'tokens_work', summary: 13, unit: 'tokens', decimals: 0, level: 'both', description: "first attempts' own work: output and the growth each turn re-reads (part of total_tokens)" },
  { key: 'tokensRetry', column: 'tokens_retry', summary: 14, unit: 'tokens', decimals: 0, level: 'both', description: 'every later attempt at a subtask: retries, redone speculative starts, conflict and gate rework (part of total_tokens)' },
  { key: 'tokensRevision', column: 'tokens_revision', summary: 15, unit: 'tokens', decimals: 0, level: 'both', description: "revision calls for reviewers' judgment changes (part of total_tokens)" },
  { key: 'singleShotTokens', column: 'single_shot_tokens', summary: 44, unit: 'tokens', decimals: 0, level: 'both', description: "agent regimes: the tokens a single-shot answer to the same change would take, the baseline of the published premiums (an agent about 4x a chat, a multi-agent system about 15x): one call reading the base context and every subtask's brief and writing one turn of each subtask's output; the same for every agent regime, 0 for the others (not part of total_tokens: nothing spent it)", changeDescription: 'agent regimes: the tokens a single-shot answer to this change would take (see runs.csv)' },
  { key: 'inferenceUsd', column: 'inference_usd', summary: 16, unit: 'USD', decimals: USD, level: 'both', description: 'tokens times prices, every call and retry' },
  { key: 'reviewUsd', column: 'review_usd', summary: 17, unit: 'USD', decimals: USD, level: 'both', description: 'review hours times the loaded hourly rate' },
  { key: 'reworkUsd', column: 'rework_usd', summary: 18, unit: 'USD', decimals: USD, level: 'both', description: "people's rework time times the loaded rate (agent rework is inference)" },
  { key: 'authoringUsd', column: 'authoring_usd', summary: 19, unit: 'USD', decimals: USD, level: 'both', description: "people's authoring and takeover time times the loaded rate" },
  { key: 'supervisionUsd', column: 'supervision_usd', summary: 20, unit: 'USD', decimals: USD, level: 'both', description: 'supervision hours times the loaded rate' },
  { key: 'remediationUsd', column: 'remediation_usd', summary: 21, unit: 'USD', decimals: USD, level: 'both', description: 'escaped defects times (minutes to fix times the loaded rate, plus incident loss)' },
  { key: 'incidentUsd', column: 'incident_usd', summary: 22, unit: 'USD', decimals: USD, level: 'both', description: 'the direct-loss part of remediation_usd (money.incidentUsdPerEscapedDefect)' },
  { key: 'buildUsd', column: 'build_usd', summary: 23, unit: 'USD', decimals: USD, level: 'both', description: 'amortised cost of building the orchestration or automation' },
  { key: 'delayUsd', column: 'delay_usd', summary: 24, unit: 'USD', decimals: USD, level: 'both', description: 'carrying cost of waiting (0 unless money.delayUsdPerHour is set)' },
  { key: 'totalUsd', column: 'total_usd', summary: 4, unit: 'USD', decimals: USD, level: 'both', description: 'everything spent, merged or abandoned' },
  // --- a replication's ratios and queues (runs.csv) ---
  { key: 'costPerResolvedUsd', column: 'cost_per_resolved_usd', summary: 3, unit: 'USD', decimals: USD, level: 'replication', aggregate: { of: 'ratio', numerator: 'totalUsd', denominator: 'resolved' }, paired: 4, ratioOfSums: ['total_usd', 'resolved'], missingIsWorst: true, description: 'total_usd / resolved: everything spent per outcome resolved without human intervention (see changes.csv `resolved`; for the manual regime, per outcome completed correctly). Empty when the replication resolved none: in one-change mode, every replication whose change was not resolved' },
  { key: 'costPerMergedUsd', column: 'cost_per_merged_usd', summary: 2, unit: 'USD', decimals: USD, level: 'replication', aggregate: { of: 'ratio', numerator: 'totalUsd', denominator: 'merged' }, paired: 2, ratioOfSums: ['total_usd', 'merged'], missingIsWorst: true, distribution: true, description: 'total_usd / merged (empty when none merged)' },
  { key: 'reviewerUtilisation', column: 'reviewer_utilisation', summary: 35, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'reviewerUtilisation' }, distribution: true, description: "review work hours over the reviewers' open hours, first arrival to end" },
  { key: 'reviewerMeanQueueLength', column: 'reviewer_mean_queue_length', unit: 'changes', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'reviewerMeanQueueLength' }, distribution: true, description: 'time-average number of changes waiting for review' },
  { key: 'agentCapUtilisation', column: 'agent_cap_utilisation', summary: 41, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'agentCapUtilisation' }, description: 'time-average share of the global agent-call cap (orchestration.agentCallCap) in use, first arrival to end (empty without a cap)' },
  // --- a team's throughput and its resources (runs.csv; streams and closed loops) ---
  { key: 'mergedPerMonth', column: 'merged_per_month', summary: 36, paired: 5, higherIsBetter: true, unit: 'changes/month', decimals: HOURS, level: 'replication', aggregate: { of: 'perMonth', field: 'merged' }, description: 'merged / the horizon in months (horizonDays x 24 / 730.5 hours, a month being 365.25 x 24 / 12 hours): throughput, counting every change filed in the horizon that merged, even after it ends. A closed loop files the next change once the last reaches review, so when a resource is overloaded (its utilisation near 1) the backlog merges after the horizon and this stays the rate the team files at: the overload shows in lead_time_hours and work_in_progress (empty outside a stream)' },
  { key: 'leadTimeHours', column: 'lead_time_hours', summary: 37, paired: 6, unit: 'hours', decimals: HOURS, level: 'replication', aggregate: { of: 'meanOverMerged', field: 'wallClockHours' }, description: 'mean request-to-merge time of the merged changes: the same quantity as wall_clock_hours, under the name a team uses for it (empty when none merged)' },
  { key: 'workInProgress', column: 'work_in_progress', summary: 38, unit: 'changes', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'workInProgress' }, description: "time-average number of changes filed and not yet merged or abandoned, over the horizon (0 to horizonDays x 24 hours): Little's law makes it about merged_per_month x lead_time_hours / 730.5 when few are abandoned (empty outside a stream)" },
  { key: 'handlerUtilisation', column: 'handler_utilisation', summary: 39, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'handlerUtilisation' }, description: "manual work hours done by people.handlers over their open hours (people.workingHours), first arrival to end (empty when people.handlers is 0)" },
  { key: 'engineerUtilisation', column: 'engineer_utilisation', summary: 40, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'engineerUtilisation' }, description: "closed loop: the filing engineers' hours on their changes (authoring and takeovers unless people.handlers do the authoring, supervision, rework after review) over their working hours (people.workingHours x mode.arrivals.engineers), first arrival to end; thinking between changes is not counted (empty outside a closed loop)" },
  { key: 'agentCapWaitHours', column: 'agent_cap_wait_hours', unit: 'hours', decimals: HOURS, level: 'replication', aggregate: { of: 'world', stat: 'agentCapWaitHours' }, description: 'mean time an agent call waited for the global agent-call cap, per call, first arrival to end (empty without a cap)' },
  { key: 'bottleneckUtilisation', column: 'bottleneck_utilisation', summary: 42, unit: 'share', decimals: SHARE, level: 'replication', aggregate: { of: 'world', stat: 'bottleneckUtilisation' }, description: 'the highest of reviewer_utilisation, agent_cap_utilisation, handler_utilisation and engineer_utilisation in this replication (the bottleneck; ties go to that order; empty in one-change mode). The console and report name the resource whose mean utilisation in summary.csv is highest' },
  { key: 'bottleneckWaitHours', column: 'bottleneck_wait_hours', summary: 43, unit: 'hours', decimals: HOURS, level: 'replication', aggregate: { of: 'world', stat: 'bottleneckWaitHours' }, description: "the bottleneck's mean wait per request, clock hours, first arrival to end: a review round for reviewers, an agent call for the cap, a change's manual work for handlers; empty for engineers (nothing queues for them) and in one-change mode" },
] as const satisfies readonly MetricDef[];

type Entry = (typeof METRICS)[number];
type ChangeEntry = Extract<Entry, { level: 'change' | 'both' }>;
type RunEntry = Extract<Entry, { level: 'replication' | 'both' }>;
type Numeric<E> = E extends { text: true } | { perTierAndClass: true } ? never : E;

/** The numeric fields of a change's record. */
export type ChangeMetricKey = Numeric<ChangeEntry>['key'];
/** The numeric fields of a replication's totals. */
export type RunMetricKey = Numeric<RunEntry>['key'];
/** The columns summary.csv describes. */
export type SummaryMetric = Extract<Entry, { summary: number }>['column'];

const isNumeric = (m: MetricDef) => !m.text && !m.perTierAndClass;

/** Change-level numeric metrics, in order: ChangeRecord.values[i] holds CHANGE_METRICS[i]. */
export const CHANGE_METRICS: readonly MetricDef[] = METRICS.filter((m: MetricDef) => m.level !== 'replication' && isNumeric(m));
/** Replication-level numeric metrics, in order: RunMetrics.values[i] holds RUN_METRICS[i]. */
export const RUN_METRICS: readonly MetricDef[] = METRICS.filter((m: MetricDef) => m.level !== 'change' && isNumeric(m));

function indexOfKeys<K extends string>(list: readonly MetricDef[]): Readonly<Record<K, number>> {
  return Object.freeze(Object.fromEntries(list.map((m, i) => [m.key, i]))) as Record<K, number>;
}
/** Where each change-level field sits in ChangeRecord.values. */
export const CHANGE_INDEX = indexOfKeys<ChangeMetricKey>(CHANGE_METRICS);
/** Where each replication-level field sits in RunMetrics.values. */
export const RUN_INDEX = indexOfKeys<RunMetricKey>(RUN_METRICS);

/** summary.csv's metrics (runs.csv columns), in summary order. */
export const SUMMARY_METRICS: readonly SummaryMetric[] = (METRICS as readonly MetricDef[])
  .filter((m) => m.summary !== undefined)
  .sort((a, b) => a.summary! - b.summary!)
  .map((m) => m.column as SummaryMetric);

/** Replication metrics whose quantiles distributions.csv gives, in registry order. */
export const DISTRIBUTION_METRICS: readonly string[] = (METRICS as readonly MetricDef[]).filter((m) => m.distribution && m.level !== 'change').map((m) => m.column);

/**
 * The runs.csv columns kept per replication while a run goes (shared columns, `PointValues`):
 * summary.csv's metrics, then the distributions' metrics it does not describe.
 */
export const KEPT_METRICS: readonly string[] = [...SUMMARY_METRICS, ...DISTRIBUTION_METRICS.filter((c) => !(SUMMARY_METRICS as readonly string[]).includes(c))];

/** Metrics compared pair-wise (per replication, regime minus baseline); lower is better for each. */
export const PAIRED_METRICS: readonly SummaryMetric[] = (METRICS as readonly MetricDef[])
  .filter((m) => m.paired !== undefined)
  .sort((a, b) => a.paired! - b.paired!)
  .map((m) => m.column as SummaryMetric);

/** Summary metrics whose missing values count as worse than any (see MetricDef.missingIsWorst). */
export const MISSING_IS_WORST: ReadonlySet<SummaryMetric> = new Set(
  (METRICS as readonly MetricDef[]).filter((m) => m.missingIsWorst && m.summary !== undefined).map((m) => m.column as SummaryMetric),
);

/** Summary metrics that also get a ratio of sums: [metric, numerator column, denominator column]. */
export const RATIO_OF_SUMS: readonly { metric: SummaryMetric; numerator: SummaryMetric; denominator: SummaryMetric }[] = (
  METRICS as readonly MetricDef[]
)
  .filter((m) => m.ratioOfSums !== undefined)
  .map((m) => ({ metric: m.column as SummaryMetric, numerator: m.ratioOfSums![0] as SummaryMetric, denominator: m.ratioOfSums![1] as SummaryMetric }));

/**
 * The resources a team's work queues for, in the order a tie goes (the bottleneck is the most
 * utilised): each with its utilisation column and what its wait is per (bottleneck_wait_hours).
 */
export const RESOURCES = [
  { name: 'reviewers', utilisation: 'reviewer_utilisation', waitPer: 'review round' },
  { name: 'agent cap', utilisation: 'agent_cap_utilisation', waitPer: 'agent call' },
  { name: 'handlers', utilisation: 'handler_utilisation', waitPer: "change's manual work" },
  { name: 'engineers', utilisation: 'engineer_utilisation', waitPer: '' },
] as const satisfies readonly { name: string; utilisation: SummaryMetric; waitPer: string }[];

/** The index in RESOURCES of the highest utilisation (NaN ones left out; the first on a tie), or -1 when none is known. */
export function bottleneckIndex(utilisations: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < utilisations.length; i++) {
    const u = utilisations[i]!;
    if (u === u && (best < 0 || u > utilisations[best]!)) best = i;
  }
  return best;
}
