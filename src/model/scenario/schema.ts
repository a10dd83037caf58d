/**
 * The scenario a user writes, as a zod schema. Every field is required here: a user's file is
 * deep-merged onto the embedded default scenario first (see resolve.ts), so a file only says
 * what differs, and the schema checks the complete result. Objects are strict, so a typo is
 * named instead of ignored. Time is in hours (or the unit in the field's name), money in USD.
 */
import { z } from 'zod';
import { distSpecSchema } from '../../random/index.js';
import { DECISION_METRIC_KEYS } from '../decision.js';
import { calibrationSchema } from '../observed.js';
import { REGIME_LIST, REGIMES, type Regime, type RegimeDefinition, type RegimeSettings } from '../regimes/index.js';

const probability = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
const positive = z.number().gt(0);
const dist = distSpecSchema;

export const tierSchema = z.strictObject({
  inputUsdPerMTok: nonNegative,
  outputUsdPerMTok: nonNegative,
  cacheReadUsdPerMTok: nonNegative,
  cacheWriteUsdPerMTok: nonNegative,
  /** Output speed, drawn once per agent call. */
  outputTokensPerSecond: dist,
  /** Latency before the first output token, drawn once per agent call. */
  timeToFirstTokenSeconds: dist,
  /** Most tokens a context can hold; a longer session compacts and re-reads a full window. */
  contextWindowTokens: z.number().int().min(1000),
  /** Scales the turns a call takes (a stronger model may need fewer). */
  turnsMultiplier: positive,
  /** Probability that an attempt at a subtask of difficulty 1 is wrong (failure.model: flat). */
  wrongProbability: probability,
  /** failure.model time-horizon: task length, in a person's hours, at which half the attempts fail. */
  horizonHours: positive,
  /** failure.model time-horizon: logit of failure per doubling of the task's length. */
  horizonSlopePerDoubling: positive,
});

export const pricesSchema = z.strictObject({
  /** When the price table was read: prices change, so results carry this date. */
  asOf: z.string(),
  source: z.string(),
  tiers: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'tier names are lower-case words'), tierSchema),
});

export const workProfileSchema = z.strictObject({
  /** Turns an attempt takes (rounded, at least 1), before the tier's turnsMultiplier. */
  turns: dist,
  /** Output tokens the agent writes per turn. */
  outputTokensPerTurn: dist,
  /** Tool results (files read, test output) appended to the context per turn. */
  contextGrowthPerTurn: dist,
  /** Tool execution time per turn (tests, builds, searches). */
  toolSecondsPerTurn: dist,
});

export const kindSchema = z.strictObject({
  /** Relative weight when generators draw subtask kinds (need not sum to 1). */
  share: nonNegative,
  sizeLines: dist,
  /** Probability that the subtask's own tests catch a wrong result. */
  verifiability: probability,
  /** Multiplies the tier's wrongProbability. */
  difficulty: nonNegative,
  work: workProfileSchema,
  /** An engineer's working hours for this subtask in the human regime. */
  humanHours: dist,
});

const graphSchema = z.discriminatedUnion('generator', [
  z.strictObject({ generator: z.literal('independent'), count: dist }),
  z.strictObject({ generator: z.literal('chain'), count: dist }),
  /** One root, `count - 2` parallel middles, one join. */
  z.strictObject({ generator: z.literal('fork-join'), count: dist }),
  z.strictObject({
    generator: z.literal('layered'),
    layers: dist,
    width: dist,
    /** Probability of an edge from each node of the previous layer (each node keeps at least one). */
    edgeProbability: probability,
  }),
  z.strictObject({
    generator: z.literal('explicit'),
    subtasks: z
      .array(
        z.strictObject({
          id: z.string(),
          kind: z.string(),
          sizeLines: nonNegative.optional(),
          after: z.array(z.string()).default([]),
        }),
      )
      .min(1),
  }),
]);

const orchestratorCallSchema = z.strictObject({
  turns: dist,
  contextTokens: dist,
  outputTokensPerTurn: dist,
});

const workingHoursSchema = z.union([
  z.literal('always'),
  z.strictObject({
    startHour: z.number().min(0).max(24),
    endHour: z.number().min(0).max(24),
    workDays: z.array(z.number().int().min(0).max(6)).min(1),
  }),
]);

const arrivalsSchema = z.discriminatedUnion('per', [
  z.strictObject({ per: z.literal('hour'), rate: positive }),
  /** Arrivals only while the team's working hours are open. */
  z.strictObject({ per: z.literal('workingDay'), rate: positive }),
  /** Around the clock; a month is 730.5 hours. */
  z.strictObject({ per: z.literal('month'), rate: positive }),
  /**
   * A closed loop: each of `engineers` people files a change, and files the next one
   * `thinkHours` working hours after the previous one reached review (or ended before it).
   * Faster agents then mean more changes: the load on reviewers follows the agents' speed.
   */
  z.strictObject({ per: z.literal('engineer'), engineers: z.number().int().min(1).max(100_000), thinkHours: dist }),
]);

export { REGIMES, type Regime };

/**
 * Each regime's own top-level setting, from the regime registry (fan-out's width `fanout`, the
 * script's `scripted`); the cast gives them their static types (regimes/index.ts RegimeSettings).
 */
const regimeSettings = Object.fromEntries(
  REGIME_LIST.flatMap((r: RegimeDefinition) => (r.setting ? [[r.setting.key, r.setting.schema]] : [])),
) as unknown as { [K in keyof RegimeSettings]: z.ZodType<RegimeSettings[K]> };

/** A regime's tooling: built once, then maintained every month. */
export const buildCostSchema = z.strictObject({ oneOffUsd: nonNegative, monthlyUsd: nonNegative });
/** One build cost per regime, keyed by its name. */
const buildPerRegime = () =>
  z.strictObject(Object.fromEntries(REGIMES.map((name) => [name, buildCostSchema])) as Record<Regime, typeof buildCostSchema>);

/** The sensitivity methods (`orchsim sensitivity --method`, a scenario's `sensitivity.method`). */
export const SENSITIVITY_METHODS = ['tornado', 'morris', 'sobol'] as const;
export type SensitivityMethod = (typeof SENSITIVITY_METHODS)[number];

/**
 * What `orchsim sensitivity` varies when no --param is given: scenario paths over ranges and the
 * method's settings. Read by that command only (no regime reads it); flags win over it.
 */
export const sensitivitySchema = z.strictObject({
  method: z.enum(SENSITIVITY_METHODS).optional(),
  params: z.array(z.strictObject({ path: z.string().min(1), low: z.number(), high: z.number() })).optional(),
  judgment: z.boolean().optional(),
  runs: z.number().int().min(2).max(1_000_000_000).optional(),
  trajectories: z.number().int().min(2).max(100_000).optional(),
  levels: z.number().int().min(2).max(100).multipleOf(2).optional(),
  samples: z.number().int().min(2).max(10_000_000).optional(),
});
export type SensitivitySettings = z.infer<typeof sensitivitySchema>;

/**
 * The decision the scenario is about (../decision.ts): the candidates, the baseline they are
 * compared against and the metrics the choice is made on, the first deciding. Each field absent
 * takes the mode's default; crossCheck makes sure every regime named is run.
 */
export const decisionSchema = z.strictObject({
  candidates: z.array(z.enum(REGIMES)).min(1).optional(),
  baseline: z.enum(REGIMES).optional(),
  metrics: z.array(z.enum(DECISION_METRIC_KEYS as [string, ...string[]])).min(1).optional(),
  /** The question in words (an outcome preset names its decision-table row). */
  question: z.string().optional(),
});
export type DecisionSettings = z.infer<typeof decisionSchema>;

export const scenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  regimes: z.array(z.enum(REGIMES)).min(1),
  /** Replications `run` and `sweep` make (per point) when --runs is not given. */
  defaultRuns: z.number().int().min(1).max(1_000_000_000),
  ...regimeSettings,
  mode: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('single-change'),
      /** Hours after Monday 00:00 at which the change arrives. */
      arrivalHour: nonNegative,
    }),
    z.strictObject({
      kind: z.literal('stream'),
      arrivals: arrivalsSchema,
      horizonDays: positive,
    }),
  ]),
  prices: pricesSchema,
  routing: z.strictObject({
    orchestrator: z.string(),
    /** Tier per subtask kind; kinds not listed use `default`. */
    kinds: z.record(z.string(), z.string()),
    default: z.string(),
    /** After a failed attempt, the next attempt moves one step up this ladder (empty: no escalation). */
    escalationLadder: z.array(z.string()),
  }),
  workload: z.strictObject({
    graph: graphSchema,
    kinds: z.record(z.string(), kindSchema),
  }),
  agents: z.strictObject({
    /** System prompt, tool definitions and repository instructions every fresh context loads. */
    baseContextTokens: dist,
    /** The orchestrator's brief for one subtask, read by the subagent that works it. */
    briefingTokens: dist,
    /**
     * How a fresh context finds its way before working: turns reading files (contextGrowthPerTurn
     * is what each read adds), with their own pace. A single session pays this once.
     */
    orientation: workProfileSchema,
    /** Share of re-read context served from the prompt cache. */
    cacheHitShare: probability,
    /** A single agent keeps one session: what it carries from one subtask to the next, at most. */
    singleSessionCarryCapTokens: nonNegative,
    /** Revision after review asked for judgment changes, when agents do the rework. */
    revision: workProfileSchema,
  }),
  orchestration: z.strictObject({
    policy: z.enum(['respect-dependencies', 'speculative']),
    /** Global cap on concurrent agent calls shared by every change (API rate limit); 0: none. */
    agentCallCap: z.number().int().min(0),
    plan: orchestratorCallSchema,
    consolidate: z.strictObject({
      turns: dist,
      contextTokens: dist,
      outputTokensPerTurn: dist,
      /** Share of the subagents' output tokens the orchestrator reads back. */
      readShareOfSubagentOutput: nonNegative,
      /** Extra orchestrator turns per sibling conflict it resolves. */
      turnsPerConflict: dist,
    }),
    /** The single-agent regime pays for plan and consolidation calls only if these are on. */
    singlePlans: z.boolean(),
    singleConsolidates: z.boolean(),
  }),
  failure: z.strictObject({
    /**
     * How an attempt's wrong probability is set: `flat` (the tier's wrongProbability times the
     * kind's difficulty) or `time-horizon` (logistic in the log of the subtask's human hours,
     * per tier horizonHours and horizonSlopePerDoubling, the hours scaled by difficulty).
     */
    model: z.enum(['flat', 'time-horizon']),
    /** Attempts per subtask that its own checks may reject before escalating to a person. */
    maxAttempts: z.number().int().min(1).max(20),
    /** When attempts run out: an engineer takes the subtask over, or the change is abandoned. */
    onExhausted: z.enum(['human-takeover', 'abandon']),
    /** Per pair of siblings that ran at the same time: probability they touched shared code. */
    siblingConflictProbability: probability,
    /** Per unfinished predecessor at a speculative start: probability the work must be redone. */
    speculativeConflictProbability: probability,
    gate: z.strictObject({
      enabled: z.boolean(),
      durationHours: dist,
      /** Probability the test suite catches each defect the work carries (its coverage). */
      catchProbability: probability,
      maxRuns: z.number().int().min(1).max(20),
      /** After review, agents' rework goes through the gate again before re-review (false: straight back). */
      afterReviewRework: z.boolean(),
    }),
  }),
  review: z.strictObject({
    reviewers: z.number().int().min(1).max(10_000),
    workingHours: workingHoursSchema,
    linesPerHour: positive,
    overheadHours: dist,
    /** Share of line-reading time saved when the work passed an automated gate. */
    machineVerifiedDiscount: probability,
    /** Rounds after the first re-read this share of the diff. */
    reReviewShare: nonNegative,
    defectDetectionProbability: probability,
    /** Probability a round asks for changes of judgment even when no defect is found. */
    judgmentChangeProbability: probability,
    /** Probability a reviewer closes the change outright at its first round (wrong approach, not wanted). */
    rejectProbability: z.strictObject({ agent: probability, human: probability }),
    reworkBy: z.enum(['agents', 'people']),
    /** Minutes a person spends per requested change (people rework, and every human-regime fix). */
    peopleReworkMinutes: dist,
    maxRounds: z.number().int().min(1).max(50),
  }),
  people: z.strictObject({
    loadedUsdPerHour: nonNegative,
    /** Engineers follow this calendar for authoring, takeovers and rework. */
    workingHours: workingHoursSchema,
    /**
     * Share of the agents' working time (from the request until the change joins the review
     * queue, and during agent rework) that a person spends supervising them: answering,
     * approving, re-prompting. The engineer time that fan-out's shorter runs reclaim.
     */
    supervisionShare: probability,
    /**
     * The supervision basis: what `supervisionShare` is a share of. 0: the union of the hours
     * agents are at work on the change (one person watches every parallel agent at once); 1: agent
     * hours (each concurrent agent call, or gate run, watched on its own); between: that mix.
     */
    supervision: probability,
    /** Probability a subtask written by hand carries a defect past the author's own checks. */
    humanDefectProbability: probability,
    /** Agent regimes: a person's hours to specify the change and write the brief, per change. */
    specifyHours: nonNegative,
    /** Agent regimes that plan: a person's hours to read the plan, per plan call. */
    planReadHours: nonNegative,
    /**
     * People who do manual work (the human regime's authoring, a script's fallbacks), a queue
     * served on working hours; 0: as many as there is work (nobody waits).
     */
    handlers: z.number().int().min(0).max(100_000),
  }),
  money: z.strictObject({
    remediationMinutesPerEscapedDefect: dist,
    /**
     * Building and maintaining each regime's tooling (orchestration, automation, a managed
     * service's fees): amortised over the outcomes of `amortisationMonths`, so that it falls with
     * volume: per outcome, (oneOffUsd / amortisationMonths + monthlyUsd) / outcomes per month.
     */
    build: buildPerRegime(),
    /** Months over which a one-off build is spread. */
    amortisationMonths: z.number().gt(0),
    /**
     * Outcomes (changes) a month that share the build cost: used in single-change mode and in
     * closed loops; an open stream uses its own arrival rate.
     */
    monthlyVolume: positive,
    /** Direct loss per escaped defect beyond the fix (an incident, refunds), counted in remediation. */
    incidentUsdPerEscapedDefect: nonNegative,
    /** Carrying cost per hour from request to merge (0: off). */
    delayUsdPerHour: nonNegative,
  }),
  /** The decision the verdict, sensitivity's headline, breakeven's default and the best points are about (absent: the mode's default). */
  decision: decisionSchema.optional(),
  /** `orchsim sensitivity`'s parameters and settings (absent: give them as flags). */
  sensitivity: sensitivitySchema.optional(),
  /**
   * What `orchsim calibrate` observed in a team's data (numbers only), for a run to set against
   * the simulated counterparts (observed-vs-simulated.csv). It changes no result.
   */
  calibration: calibrationSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type TierConfig = z.infer<typeof tierSchema>;
export type KindConfig = z.infer<typeof kindSchema>;
export type WorkProfileConfig = z.infer<typeof workProfileSchema>;
export type GraphConfig = Scenario['workload']['graph'];
export type WorkingHoursConfig = z.infer<typeof workingHoursSchema>;
