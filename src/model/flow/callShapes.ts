/**
 * What each agent call looks like (its tier, turns, tokens and starting context), drawn from the
 * change's luck: the orchestrator's plan and consolidation, a subtask attempt's orientation and
 * work, and the revision after review. The flows decide when calls happen; these, what they are.
 */
import { agentCall, type CallOutcome, type CallShape } from '../agentCall.js';
import type { ChangeSpec } from '../change.js';
import { TOKEN_CLASSES, type CompiledModel, type WorkProfile } from '../compile.js';
import type { AttemptLuck, CallLuck } from '../luck.js';
import type { ChangeRecord } from '../record.js';
import { nonNegative } from './changeFlow.js';

/** A record's tokens hold this many classes per tier: tokens[tier * TOKEN_CLASS_COUNT + class], classes in TOKEN_CLASSES order (a call's own tokens, the same order). */
const TOKEN_CLASS_COUNT = TOKEN_CLASSES.length;

/** How a regime runs its agents. */
export interface AgentFlowOptions {
  /** At most this many subtasks at once (the fan-out width N; 1 for a single agent). */
  width: number;
  /** One session across subtasks (orientation once, context carried), or a fresh context each time. */
  keepsOneSession: boolean;
  /** An orchestrator call plans before the work, and one consolidates after it. */
  plans: boolean;
  consolidates: boolean;
}

/** One agent call, by name: its tier (index), its shape, and the luck of its pace. */
export interface CallRequest extends CallShape {
  tier: number;
  /** The uniforms of its output speed and time to first token. */
  pace: CallLuck;
}

/** Run one call (tokens and time, ../agentCall) and bill it to the change's record. */
export function billedCall(m: CompiledModel, record: ChangeRecord, request: CallRequest, out: CallOutcome): CallOutcome {
  const tier = m.tiers[request.tier]!;
  agentCall(
    tier,
    request,
    tier.outputTokensPerSecond.quantile(request.pace.outputSpeed),
    nonNegative(tier.timeToFirstTokenSeconds.quantile(request.pace.timeToFirstToken)),
    m.scenario.agents.cacheHitShare,
    out,
  );
  const base = request.tier * TOKEN_CLASS_COUNT;
  for (let c = 0; c < TOKEN_CLASS_COUNT; c++) record.tokens[base + c] += out.tokens[c]!;
  record.inferenceUsd += out.inferenceUsd;
  record.agentCalls++;
  record.agentBusyHours += out.hours;
  return out;
}

export function roundTurns(x: number): number {
  return Math.max(1, Math.round(x));
}

/** The orchestrator plans: its context is the base plus what it reads to plan (the growth cell). */
export function planCall(m: CompiledModel, spec: ChangeSpec): CallRequest {
  const luck = spec.luck.plan;
  const tier = m.orchestratorTier;
  return {
    tier,
    turns: roundTurns(m.plan.turns.quantile(luck.turns) * m.tiers[tier]!.turnsMultiplier),
    outputTokensPerTurn: nonNegative(m.plan.outputTokensPerTurn.quantile(luck.outputTokensPerTurn)),
    contextGrowthPerTurn: 0,
    toolSecondsPerTurn: 0,
    startContextTokens: spec.baseContextTokens + nonNegative(m.plan.contextTokens.quantile(luck.contextGrowthPerTurn)),
    fresh: true,
    pace: luck,
  };
}

/**
 * The orchestrator consolidates: it reads back a share of the subagents' final output, and takes
 * extra turns per sibling conflict it resolves.
 */
export function consolidateCall(m: CompiledModel, spec: ChangeSpec, subagentOutputTokens: number, siblingConflicts: number): CallRequest {
  const c = m.consolidate;
  const luck = spec.luck.consolidate;
  const tier = m.orchestratorTier;
  const conflictTurns = siblingConflicts * nonNegative(c.turnsPerConflict.quantile(spec.luck.conflictTurns));
  return {
    tier,
    turns: roundTurns((c.turns.quantile(luck.turns) + conflictTurns) * m.tiers[tier]!.turnsMultiplier),
    outputTokensPerTurn: nonNegative(c.outputTokensPerTurn.quantile(luck.outputTokensPerTurn)),
    contextGrowthPerTurn: 0,
    toolSecondsPerTurn: 0,
    startContextTokens:
      spec.baseContextTokens +
      nonNegative(c.contextTokens.quantile(luck.contextGrowthPerTurn)) +
      m.scenario.orchestration.consolidate.readShareOfSubagentOutput * subagentOutputTokens,
    fresh: true,
    pace: luck,
  };
}

/** A fresh context's orientation stretch (reading its way in), before the work; its turns are given. */
export function orientationCall(m: CompiledModel, luck: AttemptLuck, tier: number, turns: number, startContextTokens: number, fresh: boolean): CallRequest {
  const o = m.orientation;
  return {
    tier,
    turns,
    outputTokensPerTurn: nonNegative(luck.orientationOutputTokensPerTurn(o.outputTokensPerTurn)),
    contextGrowthPerTurn: nonNegative(luck.orientationContextGrowthPerTurn(o.contextGrowthPerTurn)),
    toolSecondsPerTurn: nonNegative(luck.orientationToolSecondsPerTurn(o.toolSecondsPerTurn)),
    startContextTokens,
    fresh,
    pace: luck,
  };
}

/** A subtask attempt's work, from its kind's profile, on its current tier. */
export function workCall(
  m: CompiledModel,
  luck: AttemptLuck,
  work: WorkProfile,
  tier: number,
  startContextTokens: number,
  fresh: boolean,
): CallRequest {
  return {
    tier,
    turns: roundTurns(luck.workTurns(work.turns) * m.tiers[tier]!.turnsMultiplier),
    outputTokensPerTurn: nonNegative(luck.workOutputTokensPerTurn(work.outputTokensPerTurn)),
    contextGrowthPerTurn: nonNegative(luck.workContextGrowthPerTurn(work.contextGrowthPerTurn)),
    toolSecondsPerTurn: nonNegative(luck.workToolSecondsPerTurn(work.toolSecondsPerTurn)),
    startContextTokens,
    fresh,
    pace: luck,
  };
}

/** The revision for a reviewer's judgment calls: one agent call in a fresh context, on the default tier. */
export function revisionCall(m: CompiledModel, spec: ChangeSpec, round: number): CallRequest {
  const luck: CallLuck = spec.luck.review(round).revision;
  const r = m.revision;
  return {
    tier: m.revisionTier,
    turns: roundTurns(r.turns.quantile(luck.turns) * m.tiers[m.revisionTier]!.turnsMultiplier),
    outputTokensPerTurn: nonNegative(r.outputTokensPerTurn.quantile(luck.outputTokensPerTurn)),
    contextGrowthPerTurn: nonNegative(r.contextGrowthPerTurn.quantile(luck.contextGrowthPerTurn)),
    toolSecondsPerTurn: nonNegative(r.toolSecondsPerTurn.quantile(luck.toolSecondsPerTurn)),
    startContextTokens: spec.baseContextTokens,
    fresh: true,
    pace: luck,
  };
}
