/**
 * A validated scenario compiled for the hot path: distributions parsed once, tiers and kinds
 * turned into array indices, calendars built. Nothing here draws a random number.
 */
import { parseDist, type Distribution } from '../random/index.js';
import { WorkingHoursCalendar, ALWAYS_OPEN, HOURS_PER_DAY } from '../engine/index.js';
import { buildUsdPerOutcome } from './formulas.js';
import type { Regime } from './regimes/index.js';
import type { Scenario, WorkProfileConfig, WorkingHoursConfig } from './scenario/schema.js';

/** Hours in a month (365.25 * 24 / 12), for arrivals and volumes given per month. */
export const HOURS_PER_MONTH = 730.5;

/** A stream's or closed loop's horizon in hours (the scenario gives it in days). */
export function horizonHoursOf(mode: { horizonDays: number }): number {
  return mode.horizonDays * HOURS_PER_DAY;
}

export const TOKEN_CLASSES = ['input', 'cache_read', 'cache_write', 'output'] as const;
export type TokenClass = (typeof TOKEN_CLASSES)[number];
export const INPUT = 0;
export const CACHE_READ = 1;
export const CACHE_WRITE = 2;
export const OUTPUT = 3;

export interface CompiledTier {
  name: string;
  /** USD per token, indexed by token class. */
  usdPerToken: Float64Array;
  outputTokensPerSecond: Distribution;
  timeToFirstTokenSeconds: Distribution;
  turnsMultiplier: number;
  wrongProbability: number;
  horizonHours: number;
  horizonSlopePerDoubling: number;
  contextWindowTokens: number;
}

export interface WorkProfile {
  turns: Distribution;
  outputTokensPerTurn: Distribution;
  contextGrowthPerTurn: Distribution;
  toolSecondsPerTurn: Distribution;
}

export interface CompiledKind {
  name: string;
  share: number;
  sizeLines: Distribution;
  verifiability: number;
  difficulty: number;
  work: WorkProfile;
  humanHours: Distribution;
  tier: number;
}

/** ALWAYS_OPEN is a calendar too: agents work around the clock. */
export type Calendar = WorkingHoursCalendar;

export interface CompiledModel {
  scenario: Scenario;
  regimes: readonly Regime[];
  tiers: CompiledTier[];
  kinds: CompiledKind[];
  /** Cumulative kind shares, for drawing a kind by inversion. */
  kindCumulativeShare: Float64Array;
  /** Tier index after a failed attempt at tier i (i itself at the top of the ladder or off it). */
  escalatesTo: Int32Array;
  orchestratorTier: number;
  revisionTier: number;
  revision: WorkProfile;
  baseContextTokens: Distribution;
  briefingTokens: Distribution;
  orientation: WorkProfile;
  plan: { turns: Distribution; contextTokens: Distribution; outputTokensPerTurn: Distribution };
  consolidate: {
    turns: Distribution;
    contextTokens: Distribution;
    outputTokensPerTurn: Distribution;
    turnsPerConflict: Distribution;
  };
  gateDurationHours: Distribution;
  reviewOverheadHours: Distribution;
  peopleReworkMinutes: Distribution;
  remediationMinutes: Distribution;
  graph: {
    /** An explicit graph, resolved once: kind indices, sizes, and edges [from, to]. */
    explicit?: { kinds: number[]; sizes: Array<number | undefined>; edges: Array<[number, number]> };
    count?: Distribution;
    layers?: Distribution;
    width?: Distribution;
  };
  /** Closed-loop streams: an engineer's working hours between handing a change off and filing the next. */
  thinkHours?: Distribution;
  reviewCalendar: Calendar;
  peopleCalendar: Calendar;
  /** Each regime's amortised build and upkeep per outcome, USD (money.build). */
  buildUsdPerOutcome: Readonly<Record<string, number>>;
}

/**
 * Outcomes a month that share the build cost: an open stream's expected arrivals per month, else
 * (one change per replication, or a closed loop) money.monthlyVolume.
 */
export function outcomesPerMonth(scenario: Scenario): number {
  const mode = scenario.mode;
  if (mode.kind !== 'stream' || mode.arrivals.per === 'engineer') return scenario.money.monthlyVolume;
  const a = mode.arrivals;
  if (a.per === 'month') return a.rate;
  if (a.per === 'hour') return a.rate * HOURS_PER_MONTH;
  // Per working day: working days in an average month of the people's calendar.
  const w = scenario.people.workingHours;
  const daysPerWeek = w === 'always' ? 7 : new Set(w.workDays).size;
  return a.rate * daysPerWeek * (HOURS_PER_MONTH / 168);
}

function calendarOf(config: WorkingHoursConfig): Calendar {
  return config === 'always' ? ALWAYS_OPEN : new WorkingHoursCalendar(config);
}

function profile(config: WorkProfileConfig, path: string): WorkProfile {
  return {
    turns: parseDist(config.turns, `${path}.turns`),
    outputTokensPerTurn: parseDist(config.outputTokensPerTurn, `${path}.outputTokensPerTurn`),
    contextGrowthPerTurn: parseDist(config.contextGrowthPerTurn, `${path}.contextGrowthPerTurn`),
    toolSecondsPerTurn: parseDist(config.toolSecondsPerTurn, `${path}.toolSecondsPerTurn`),
  };
}

function explicitGraph(
  subtasks: Array<{ id: string; kind: string; sizeLines?: number; after: string[] }>,
  kindNames: string[],
): NonNullable<CompiledModel['graph']['explicit']> {
  const ids = new Map(subtasks.map((t, i) => [t.id, i]));
  const edges: Array<[number, number]> = [];
  subtasks.forEach((t, i) => t.after.forEach((dep) => edges.push([ids.get(dep)!, i])));
  return { kinds: subtasks.map((t) => kindNames.indexOf(t.kind)), sizes: subtasks.map((t) => t.sizeLines), edges };
}

/**
 * Compile a resolved scenario into the model replications run on (distributions built, regimes
 * configured), once per scenario.
 *
 * @example
 * ```ts
 * import { compileScenario, resolveScenario, traceReplication } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * const model = compileScenario(resolveScenario({ fanout: 4 }));
 * assert.ok(traceReplication(model, 42, 0).length > 0);
 * ```
 */
export function compileScenario(scenario: Scenario): CompiledModel {
  const tierNames = Object.keys(scenario.prices.tiers);
  const tierIndex = new Map(tierNames.map((n, i) => [n, i]));
  const tiers: CompiledTier[] = tierNames.map((name) => {
    const t = scenario.prices.tiers[name]!;
    const perToken = new Float64Array(4);
    perToken[INPUT] = t.inputUsdPerMTok / 1e6;
    perToken[CACHE_READ] = t.cacheReadUsdPerMTok / 1e6;
    perToken[CACHE_WRITE] = t.cacheWriteUsdPerMTok / 1e6;
    perToken[OUTPUT] = t.outputUsdPerMTok / 1e6;
    return {
      name,
      usdPerToken: perToken,
      outputTokensPerSecond: parseDist(t.outputTokensPerSecond, `prices.tiers.${name}.outputTokensPerSecond`),
      timeToFirstTokenSeconds: parseDist(t.timeToFirstTokenSeconds, `prices.tiers.${name}.timeToFirstTokenSeconds`),
      turnsMultiplier: t.turnsMultiplier,
      wrongProbability: t.wrongProbability,
      horizonHours: t.horizonHours,
      horizonSlopePerDoubling: t.horizonSlopePerDoubling,
      contextWindowTokens: t.contextWindowTokens,
    };
  });

  const kindNames = Object.keys(scenario.workload.kinds);
  const kinds: CompiledKind[] = kindNames.map((name) => {
    const k = scenario.workload.kinds[name]!;
    const path = `workload.kinds.${name}`;
    return {
      name,
      share: k.share,
      sizeLines: parseDist(k.sizeLines, `${path}.sizeLines`),
      verifiability: k.verifiability,
      difficulty: k.difficulty,
      work: profile(k.work, `${path}.work`),
      humanHours: parseDist(k.humanHours, `${path}.humanHours`),
      tier: tierIndex.get(scenario.routing.kinds[name] ?? scenario.routing.default)!,
    };
  });
  const totalShare = kinds.reduce((s, k) => s + k.share, 0) || 1;
  const kindCumulativeShare = new Float64Array(kinds.length);
  let acc = 0;
  kinds.forEach((k, i) => {
    acc += k.share / totalShare;
    kindCumulativeShare[i] = acc;
  });
  kindCumulativeShare[kinds.length - 1] = 1;

  const escalatesTo = new Int32Array(tiers.length).map((_, i) => i);
  const ladder = scenario.routing.escalationLadder.map((n) => tierIndex.get(n)!);
  for (let step = 0; step + 1 < ladder.length; step++) escalatesTo[ladder[step]!] = ladder[step + 1]!;

  const o = scenario.orchestration;
  const g = scenario.workload.graph;
  return {
    scenario,
    regimes: scenario.regimes,
    tiers,
    kinds,
    kindCumulativeShare,
    escalatesTo,
    orchestratorTier: tierIndex.get(scenario.routing.orchestrator)!,
    revisionTier: tierIndex.get(scenario.routing.default)!,
    revision: profile(scenario.agents.revision, 'agents.revision'),
    baseContextTokens: parseDist(scenario.agents.baseContextTokens, 'agents.baseContextTokens'),
    briefingTokens: parseDist(scenario.agents.briefingTokens, 'agents.briefingTokens'),
    orientation: profile(scenario.agents.orientation, 'agents.orientation'),
    plan: {
      turns: parseDist(o.plan.turns, 'orchestration.plan.turns'),
      contextTokens: parseDist(o.plan.contextTokens, 'orchestration.plan.contextTokens'),
      outputTokensPerTurn: parseDist(o.plan.outputTokensPerTurn, 'orchestration.plan.outputTokensPerTurn'),
    },
    consolidate: {
      turns: parseDist(o.consolidate.turns, 'orchestration.consolidate.turns'),
      contextTokens: parseDist(o.consolidate.contextTokens, 'orchestration.consolidate.contextTokens'),
      outputTokensPerTurn: parseDist(o.consolidate.outputTokensPerTurn, 'orchestration.consolidate.outputTokensPerTurn'),
      turnsPerConflict: parseDist(o.consolidate.turnsPerConflict, 'orchestration.consolidate.turnsPerConflict'),
    },
    gateDurationHours: parseDist(scenario.failure.gate.durationHours, 'failure.gate.durationHours'),
    reviewOverheadHours: parseDist(scenario.review.overheadHours, 'review.overheadHours'),
    peopleReworkMinutes: parseDist(scenario.review.peopleReworkMinutes, 'review.peopleReworkMinutes'),
    remediationMinutes: parseDist(scenario.money.remediationMinutesPerEscapedDefect, 'money.remediationMinutesPerEscapedDefect'),
    graph: {
      explicit: g.generator === 'explicit' ? explicitGraph(g.subtasks, kindNames) : undefined,
      count: 'count' in g ? parseDist(g.count, 'workload.graph.count') : undefined,
      layers: 'layers' in g ? parseDist(g.layers, 'workload.graph.layers') : undefined,
      width: 'width' in g ? parseDist(g.width, 'workload.graph.width') : undefined,
    },
    thinkHours:
      scenario.mode.kind === 'stream' && scenario.mode.arrivals.per === 'engineer'
        ? parseDist(scenario.mode.arrivals.thinkHours, 'mode.arrivals.thinkHours')
        : undefined,
    reviewCalendar: calendarOf(scenario.review.workingHours),
    peopleCalendar: calendarOf(scenario.people.workingHours),
    buildUsdPerOutcome: Object.fromEntries(
      Object.entries(scenario.money.build).map(([regime, build]) => [
        regime,
        buildUsdPerOutcome(build, scenario.money.amortisationMonths, outcomesPerMonth(scenario)),
      ]),
    ),
  };
}
