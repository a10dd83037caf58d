/**
 * The quantities `orchsim calibrate` observes in a team's data and a run can set against their
 * simulated counterparts (observed-vs-simulated.csv, and the report's overlaid ECDFs). Each is
 * declared once: the scenario key under `calibration.observed`, what it is, and where the model
 * has it: a change-level metric of the registry (./metrics), per change, optionally over a
 * second one (a ratio), optionally for merged changes only, and for which regimes.
 *
 * The unit is the change: a Claude Code session is one change (one request worked by an
 * orchestrator and its subagents), a pull request is one change. Per-run and per-turn quantities
 * are compared as each change's mean over its subagent runs or turns, on both sides (the model
 * draws a call's turns and output per turn once per call, and keeps per change only sums:
 * subagent_turns, subagent_output_tokens, subagent_hours, no row per call).
 *
 * The observations are numbers only, written by calibrate into the overlay it writes: the whole
 * sorted sample when there are few (at most OBSERVED_SAMPLE_MAX), else OBSERVED_QUANTILE_LEVELS
 * + 1 quantiles at equally spaced levels.
 */
import { z } from 'zod';
import { CHANGE_METRICS, type ChangeMetricKey } from './metrics.js';
import type { RegimeDefinition } from './regimes/index.js';

export interface ObservedQuantity {
  /** Key under `calibration.observed`, and the `quantity` cell of observed-vs-simulated.csv. */
  key: string;
  /** Axis title, with its unit. */
  label: string;
  /** What is observed, and what it is compared with. */
  description: string;
  /** The change-level metric holding the simulated value. */
  metric: ChangeMetricKey;
  /** The value is metric / per (changes where per > 0). */
  per?: ChangeMetricKey;
  /** Multiplies the value (hours to seconds: 3600). */
  scale?: number;
  /** Only merged changes count (rounds of changes that went through review). */
  mergedOnly?: boolean;
  /** Only changes where the value is above 0 count. */
  positiveOnly?: boolean;
  /** The regimes whose changes are compared (default: every regime). */
  regimes?: (regime: RegimeDefinition) => boolean;
}

export const OBSERVED_QUANTITIES: readonly ObservedQuantity[] = [
  {
    key: 'subagentsPerSession',
    label: 'subagent runs per change',
    description: 'Claude Code sessions with at least one subagent (a session is one change): subagent runs started, retries included; simulated: subtask attempts per change, in the regimes that fan out',
    metric: 'attempts',
    positiveOnly: true,
    regimes: (r) => r.fansOut,
  },
  {
    key: 'subagentsAtOnce',
    label: 'subagents at once',
    description: 'Claude Code sessions with at least one subagent: the most subagent runs open at once; simulated: the most subtask attempts running at once on a change, in the regimes that fan out',
    metric: 'subagentsAtOnce',
    positiveOnly: true,
    regimes: (r) => r.fansOut,
  },
  {
    key: 'turnsPerSubagentRun',
    label: 'turns per subagent run (mean per change)',
    description: "Claude Code sessions with subagents: the session's subagent turns (deduplicated responses) / its subagent runs; simulated: a change's subagent turns / its attempts, in the regimes that fan out",
    metric: 'subagentTurns',
    per: 'attempts',
    positiveOnly: true,
    regimes: (r) => r.fansOut,
  },
  {
    key: 'outputTokensPerTurn',
    label: 'output tokens per subagent turn (mean per change)',
    description: "Claude Code sessions with subagents: the session's subagent output tokens / its subagent turns (turns whose count was never final left out); simulated: a change's subagent output tokens / its subagent turns, in the regimes that fan out",
    metric: 'subagentOutputTokens',
    per: 'subagentTurns',
    positiveOnly: true,
    regimes: (r) => r.fansOut,
  },
  {
    key: 'secondsPerTurn',
    label: 'seconds per subagent turn (mean per change)',
    description: "Claude Code sessions with subagents: the mean time from one subagent turn's start to the next's; simulated: a change's subagent hours x 3600 / its subagent turns, in the regimes that fan out",
    metric: 'subagentHours',
    per: 'subagentTurns',
    scale: 3600,
    positiveOnly: true,
    regimes: (r) => r.fansOut,
  },
  {
    key: 'reviewWaitHours',
    label: 'review wait, hours',
    description: 'pull requests: hours from opening to the first review; simulated: hours a change waited in the review queue (every round)',
    metric: 'reviewWaitHours',
  },
  {
    key: 'reviewRounds',
    label: 'review rounds',
    description: 'merged pull requests with review data: 1 + reviews requesting changes; simulated: review rounds of merged changes',
    metric: 'reviewRounds',
    mergedOnly: true,
  },
  {
    key: 'changeLines',
    label: 'lines changed',
    description: 'pull requests: additions + deletions; simulated: lines of diff a change carries to review',
    metric: 'diffLines',
    positiveOnly: true,
  },
  {
    key: 'linesPerReviewHour',
    label: 'lines per reviewer hour',
    description: 'pull requests with a reviewHours column: lines / reviewHours; simulated: diff lines / reviewer hours of a change',
    metric: 'diffLines',
    per: 'reviewHours',
    positiveOnly: true,
  },
];

export const OBSERVED_KEYS = OBSERVED_QUANTITIES.map((q) => q.key);

/** Up to this many observations are kept whole; more are kept as quantiles. */
export const OBSERVED_SAMPLE_MAX = 200;
/** Quantiles kept of a larger sample: levels 0, 1/200, ..., 1. */
export const OBSERVED_QUANTILE_LEVELS = 200;

export function observedQuantity(key: string): ObservedQuantity | undefined {
  return OBSERVED_QUANTITIES.find((q) => q.key === key);
}

/** The changes.csv column of a change-level metric. */
export function changeColumn(metric: ChangeMetricKey): string {
  return CHANGE_METRICS.find((m) => m.key === metric)!.column;
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** One observed quantity: its count, and its sorted sample or quantiles. */
export const observedSchema = z
  .strictObject({
    /** How many values were observed. */
    observations: z.number().int().min(1),
    /** `sample`: `values` are every observation; `quantiles`: equally spaced quantiles of them. */
    form: z.enum(['sample', 'quantiles']),
    values: z.array(finite).min(1),
  })
  .superRefine((o, ctx) => {
    for (let i = 1; i < o.values.length; i++)
      if (o.values[i]! < o.values[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: ['values'], message: `must be sorted ascending (item ${i} is below item ${i - 1})` });
        break;
      }
    if (o.form === 'sample' && o.values.length !== o.observations)
      ctx.addIssue({ code: 'custom', path: ['values'], message: `a sample holds every observation: ${o.observations} values expected, got ${o.values.length}` });
    if (o.form === 'quantiles' && o.values.length < 2) ctx.addIssue({ code: 'custom', path: ['values'], message: 'quantiles: at least 2 values (the minimum and the maximum)' });
  });

export const calibrationSchema = z.strictObject({
  /** Scenario paths calibrate measured (their robustness ranges narrow: app/uncertainty.ts). */
  measured: z.array(z.string().min(1)).optional(),
  /** Observed quantities by key (OBSERVED_QUANTITIES). */
  observed: z.record(z.string(), observedSchema).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec))
      if (!observedQuantity(key)) ctx.addIssue({ code: 'custom', path: [key], message: `unknown observed quantity '${key}' (known: ${OBSERVED_KEYS.join(', ')})` });
  }).optional(),
});

export type ObservedValues = z.infer<typeof observedSchema>;
export type CalibrationConfig = z.infer<typeof calibrationSchema>;

/** The observed quantities of a scenario's calibration block, in OBSERVED_QUANTITIES order. */
export function observedOf(calibration: CalibrationConfig | undefined): { quantity: ObservedQuantity; observed: ObservedValues }[] {
  const rec = calibration?.observed ?? {};
  return OBSERVED_QUANTITIES.flatMap((q) => (rec[q.key] ? [{ quantity: q, observed: rec[q.key]! }] : []));
}
