/**
 * The model's formulas a user will want to read or change, as small pure functions. The flows
 * call them at the moment a change's life needs the number; tests check each by hand.
 */

/**
 * Reviewer working hours for one review round: a fixed overhead (drawn) plus the diff read at
 * `linesPerHour`. A version the automated gate passed is read for judgment, not re-derived, so it
 * takes `1 - machineVerifiedDiscount` of the reading; a later round re-reads `reReviewShare` of
 * the diff. A negative overhead draw counts as none.
 */
export function reviewWorkHours(r: {
  overheadHours: number;
  diffLines: number;
  linesPerHour: number;
  machineVerified: boolean;
  machineVerifiedDiscount: number;
  round: number;
  reReviewShare: number;
}): number {
  const readShare = (r.machineVerified ? 1 - r.machineVerifiedDiscount : 1) * (r.round > 0 ? r.reReviewShare : 1);
  return (r.overheadHours > 0 ? r.overheadHours : 0) + (r.diffLines / r.linesPerHour) * readShare;
}

/**
 * Probability that an agent's attempt at a subtask is wrong: the attempt's tier's rate (after any
 * escalation, the tier it escalated to) times the subtask kind's difficulty, at most 1.
 */
export function attemptWrongProbability(tierWrongProbability: number, kindDifficulty: number): number {
  return Math.min(1, tierWrongProbability * kindDifficulty);
}

/**
 * Probability that at least one of `count` independent chances of probability `p` comes true:
 * 1 - (1 - p)^count. A subtask's final attempt that overlapped `count` siblings conflicts with
 * probability `anyOf(siblingConflictProbability, count)`; a speculative start with `count`
 * unfinished predecessors is invalidated with probability `anyOf(speculativeConflictProbability, count)`.
 */
export function anyOf(p: number, count: number): number {
  return 1 - Math.pow(1 - p, count);
}

/**
 * A regime's build cost per outcome: the one-off build spread over `amortisationMonths`, plus the
 * monthly upkeep, over the outcomes of a month: (oneOffUsd / amortisationMonths + monthlyUsd) /
 * outcomesPerMonth. It falls with volume, which is what makes a volume break-even exist.
 */
export function buildUsdPerOutcome(build: { oneOffUsd: number; monthlyUsd: number }, amortisationMonths: number, outcomesPerMonth: number): number {
  return (build.oneOffUsd / amortisationMonths + build.monthlyUsd) / outcomesPerMonth;
}

/**
 * Probability that an attempt is wrong under the time-horizon failure model (METR, Kwa et al.
 * 2025): success falls off logistically in the log of the time the task takes a person. With a
 * 50% horizon of H human hours and a slope of b (logit per doubling of task length), a subtask of
 * t human hours is wrong with probability 1 / (1 + exp(-b log2(t / H))): one half at t = H, and
 * halving t lowers the logit by b. A subtask of no human time is never wrong.
 */
export function timeHorizonWrongProbability(subtaskHumanHours: number, horizonHours: number, slopePerDoubling: number): number {
  if (!(subtaskHumanHours > 0)) return 0;
  return 1 / (1 + Math.exp(-slopePerDoubling * Math.log2(subtaskHumanHours / horizonHours)));
}
