/**
 * Tokens and time of one agent call, worked in turns. Each turn re-reads the whole context
 * (start context plus everything appended so far) and appends its own output and tool results,
 * so a call of T turns reads T*S + G*T(T-1)/2 input tokens (S: start context, G: growth per
 * turn). This re-reading is where the multi-agent token premium comes from: every fresh context
 * pays S again, and the orientation turns that build it. No multiplier is applied anywhere.
 *
 * A context never exceeds the tier's window W: once S + tG reaches it, the agent compacts and
 * every later turn re-reads a full window. Without this bound the quadratic term would let one
 * long-tailed call read millions of tokens no real session could hold.
 *
 * Cache: the tokens a turn appends are written to the prompt cache once (a fresh context also
 * writes its start context); the rest of what each turn re-reads is a cache read with
 * probability `cacheHitShare`, else billed as plain input.
 */
import { CACHE_READ, CACHE_WRITE, INPUT, OUTPUT, type CompiledTier } from './compile.js';

/** The shape of a call: its turns and what each turn writes and appends. */
export interface CallShape {
  turns: number;
  outputTokensPerTurn: number;
  contextGrowthPerTurn: number;
  toolSecondsPerTurn: number;
  startContextTokens: number;
  /** Is the start context new to the cache (a fresh session)? */
  fresh: boolean;
}

/** The call's pace (drawn for this call) and the cache's share of re-read context. */
export interface CallPace {
  outputTokensPerSecond: number;
  timeToFirstTokenSeconds: number;
  cacheHitShare: number;
}

/** Filled in place by agentCall(): reused, so the hot path allocates nothing. */
export class CallOutcome {
  readonly tokens = new Float64Array(4);
  hours = 0;
  inferenceUsd = 0;
  /** Context at the end of the call (what a session carries on). */
  endContextTokens = 0;
  outputTokens = 0;
  /** The part of the input (every class) that re-reads the start context: turns x start context. */
  startContextReadTokens = 0;
}

export function agentCall(
  tier: CompiledTier,
  shape: CallShape,
  outputTokensPerSecond: CallPace['outputTokensPerSecond'],
  timeToFirstTokenSeconds: CallPace['timeToFirstTokenSeconds'],
  cacheHitShare: CallPace['cacheHitShare'],
  out: CallOutcome,
): CallOutcome {
  const T = shape.turns;
  const W = tier.contextWindowTokens;
  const S = Math.min(shape.startContextTokens, W);
  const O = shape.outputTokensPerTurn;
  const G = shape.contextGrowthPerTurn + O;
  // Turns before the window fills (turn t reads S + tG), then full windows.
  const belowWindow = G > 0 ? Math.min(T, Math.ceil((W - S) / G)) : T;
  const input = belowWindow * S + (G * belowWindow * (belowWindow - 1)) / 2 + (T - belowWindow) * W;
  const written = Math.min(input, (shape.fresh ? S : 0) + G * Math.max(0, T - 1));
  const reread = input - written;
  const t = out.tokens;
  t[CACHE_WRITE] = written;
  t[CACHE_READ] = reread * cacheHitShare;
  t[INPUT] = reread - t[CACHE_READ]!;
  t[OUTPUT] = T * O;
  const price = tier.usdPerToken;
  out.inferenceUsd =
    t[INPUT]! * price[INPUT]! + t[CACHE_READ]! * price[CACHE_READ]! + t[CACHE_WRITE]! * price[CACHE_WRITE]! + t[OUTPUT]! * price[OUTPUT]!;
  const speed = outputTokensPerSecond > 0 ? outputTokensPerSecond : Number.POSITIVE_INFINITY;
  out.hours = (T * (timeToFirstTokenSeconds + O / speed + shape.toolSecondsPerTurn)) / 3600;
  out.endContextTokens = Math.min(S + G * T, W);
  out.outputTokens = T * O;
  out.startContextReadTokens = T * S;
  return out;
}
