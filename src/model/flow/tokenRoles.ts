/**
 * The token breakdown by role: every call's tokens go to one role (or, for a first attempt's
 * work, are split between its start-up and its own work), so that the roles sum to total_tokens.
 */
import type { CallOutcome } from '../agentCall.js';
import type { ChangeRecord } from '../record.js';

/** Whose tokens a call's are (the token breakdown by role). */
export const enum Role {
  Plan,
  Consolidate,
  /** A first attempt's start-up: its orientation stretch, and its turns' re-read of the start context. */
  Context,
  /** A first attempt's own work (the rest of its tokens). */
  Work,
  /** Every later attempt at a subtask. */
  Retry,
  Revision,
}

export function sumOf(tokens: Float64Array): number {
  return tokens[0]! + tokens[1]! + tokens[2]! + tokens[3]!;
}

/** Add a call's tokens to its role's column of the change's record. */
export function billRole(r: ChangeRecord, out: CallOutcome, role: Role): void {
  const total = sumOf(out.tokens);
  switch (role) {
    case Role.Plan:
      r.tokensPlan += total;
      break;
    case Role.Consolidate:
      r.tokensConsolidate += total;
      break;
    case Role.Context:
      r.tokensContext += total;
      break;
    case Role.Work:
      // Every turn's re-read of the start context is start-up, the rest the work itself.
      r.tokensContext += out.startContextReadTokens;
      r.tokensWork += total - out.startContextReadTokens;
      break;
    case Role.Retry:
      r.tokensRetry += total;
      break;
    case Role.Revision:
      r.tokensRevision += total;
      break;
  }
}
