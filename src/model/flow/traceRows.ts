/** Trace rows of a flow's steps (the Gantt bars of `orchsim trace`), built only when tracing. */
import { CACHE_READ, CACHE_WRITE, INPUT, OUTPUT } from '../compile.js';
import type { CallShape } from '../agentCall.js';
import type { TraceRow, TracedCallShape } from '../record.js';

export type StepRow = Omit<TraceRow, 'regime' | 'change'>;

/** The cells of a step of the whole change that no agent call made. */
export const EMPTY_STEP = {
  subtask: -1,
  attempt: -1,
  tier: '',
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
};

/** A trace row for an agent call: its tokens by class (plus `extra`, e.g. its orientation stretch). */
export function callRow(
  step: TraceRow['step'],
  subtask: number,
  attempt: number,
  tier: string,
  startHours: number,
  hours: number,
  tokens: Float64Array,
  extra: Float64Array | null,
  outcome: string,
): StepRow {
  const plus = (c: number) => tokens[c]! + (extra ? extra[c]! : 0);
  return {
    step,
    subtask,
    attempt,
    tier,
    startHours,
    endHours: startHours + hours,
    inputTokens: plus(INPUT),
    cacheReadTokens: plus(CACHE_READ),
    cacheWriteTokens: plus(CACHE_WRITE),
    outputTokens: plus(OUTPUT),
    outcome,
  };
}

/** A call's drawn shape, for a trace row (read by tools that replay a simulation as logs). */
export function shapeOf(shape: CallShape): TracedCallShape {
  return {
    turns: shape.turns,
    outputTokensPerTurn: shape.outputTokensPerTurn,
    contextGrowthPerTurn: shape.contextGrowthPerTurn,
    startContextTokens: shape.startContextTokens,
  };
}
