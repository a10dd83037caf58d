/**
 * The decision a scenario is about: which regimes are the candidates, which one they are compared
 * against (the baseline), and the metrics the choice is made on (the first decides; the others
 * are reported beside it). A scenario declares it under `decision:`; when it does not, the mode
 * gives the default (one change: cost per merged change, then wall clock; a closed loop or a
 * stream: throughput, lead time, then cost per merged change). The console's verdict,
 * sensitivity's headline, breakeven's default comparison, the report's first section and the
 * sweep's best points all read it through `resolveDecision`, so they answer the same question.
 */
import { METRICS, type MetricDef } from './metrics.js';
import { BASELINES, verdictSubject } from './regimes/index.js';

/** What a scenario's `decision:` block holds (every field optional: the rest comes from the mode). */
export interface DecisionConfig {
  candidates?: readonly string[];
  baseline?: string;
  metrics?: readonly string[];
  question?: string;
}

export interface Decision {
  /** The regimes the choice is between, in the scenario's order (the baseline among them). */
  readonly candidates: readonly string[];
  /** The regime every candidate is compared against (a regime summary.csv pairs against). */
  readonly baseline: string;
  /**
   * The candidate a single headline (sensitivity's, breakeven's default) is about: the first
   * declared candidate besides the baseline, else the regime the registry ranks as the usual
   * subject (fan-out before single); null when the baseline is the only candidate.
   */
  readonly subject: string | null;
  /** METRICS keys, the deciding one first. */
  readonly metrics: readonly string[];
  /** The question in words (the outcome presets name their decision-table row); '' when none. */
  readonly question: string;
  /** Whether the scenario declared it (false: the mode's default). */
  readonly declared: boolean;
}

/** The replication-level metrics a decision may name: those summary.csv describes. */
export const DECISION_METRIC_KEYS: readonly string[] = (METRICS as readonly MetricDef[])
  .filter((m) => m.level !== 'change' && m.summary !== undefined)
  .map((m) => m.key);

/** The metric a decision key names (the replication-level entry). */
export function decisionMetric(key: string): MetricDef {
  const m = (METRICS as readonly MetricDef[]).find((d) => d.key === key && d.level !== 'change' && d.summary !== undefined);
  if (!m) throw new Error(`internal: '${key}' is not a summarised metric`);
  return m;
}

/** Is a larger value of this metric better (throughput, a rate of success)? Costs and times: lower is better. */
export function higherIsBetter(key: string): boolean {
  return decisionMetric(key).higherIsBetter === true;
}

/** The regimes a decision may take as its baseline: those summary.csv gives paired differences against. */
export const DECISION_BASELINES: readonly string[] = BASELINES;

const ONE_CHANGE_METRICS = ['costPerMergedUsd', 'wallClockHours'] as const;
/**
 * A team's question (closed loop, stream): throughput, lead time, cost per merged change. Until
 * the registry has the throughput metrics, the changes merged in a replication (over the same
 * horizon, proportional to throughput) stand in, and wall clock for lead time.
 */
const TEAM_METRICS = ['mergedPerMonth', 'leadTimeHours', 'costPerMergedUsd'] as const;
const TEAM_FALLBACK: Readonly<Record<string, string>> = { mergedPerMonth: 'merged', leadTimeHours: 'wallClockHours' };

/** The mode's default metrics. */
export function defaultDecisionMetrics(mode: { kind: string }): string[] {
  if (mode.kind !== 'stream') return [...ONE_CHANGE_METRICS];
  return TEAM_METRICS.map((k) => (DECISION_METRIC_KEYS.includes(k) ? k : TEAM_FALLBACK[k]!)).filter((k) => DECISION_METRIC_KEYS.includes(k));
}

/** The fields of a scenario the decision reads. */
export interface DecisionInput {
  regimes: readonly string[];
  mode: { kind: string };
  decision?: DecisionConfig;
}

/**
 * The scenario's decision: what it declares, the rest from its mode. The default candidates are
 * every regime it runs; the default baseline the first of the baselines it runs (single, then
 * human), else its first regime. A checked scenario (crossCheck) declares only regimes it runs.
 *
 * @example
 * ```ts
 * import { resolveDecision, resolveScenario } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const decision = resolveDecision(resolveScenario());
 * assert.equal(decision.baseline, 'single');
 * assert.equal(decision.metrics[0], 'costPerMergedUsd'); // the deciding metric first
 * ```
 */
export function resolveDecision(scenario: DecisionInput): Decision {
  const declared = scenario.decision;
  const regimes = scenario.regimes;
  const named = declared?.candidates?.length ? declared.candidates : regimes;
  const baseline = declared?.baseline ?? DECISION_BASELINES.find((b) => regimes.includes(b) && named.includes(b)) ?? DECISION_BASELINES.find((b) => regimes.includes(b)) ?? regimes[0]!;
  // In the scenario's order, the baseline among them.
  const candidates = regimes.filter((r) => named.includes(r) || r === baseline);
  const others = candidates.filter((r) => r !== baseline);
  const subject = declared?.candidates?.length ? (declared.candidates.find((r) => r !== baseline && others.includes(r)) ?? null) : (verdictSubject(others) ?? others[0] ?? null);
  return {
    candidates,
    baseline,
    subject,
    metrics: declared?.metrics?.length ? [...declared.metrics] : defaultDecisionMetrics(scenario.mode),
    question: declared?.question ?? '',
    declared: declared !== undefined,
  };
}
