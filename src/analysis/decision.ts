/**
 * A decision under uncertainty, on outer draws of the uncertain parameters: values[d][o] is
 * option o's metric at draw d (each a mean over the same inner replications, common random
 * numbers). Lower is better by default (a cost); `higherIsBetter` flips it.
 *
 *   probabilityBest: the share of draws where each option is best (ties share the draw), with a
 *     95% percentile bootstrap interval over the draws;
 *   expectedLoss: per option, the mean over draws of how much worse it is than that draw's best
 *     (the regret of committing to it now); the smallest is the choice under uncertainty;
 *   evpi: the expected value of perfect information, E_d[best_d] against the best of the means
 *     (= the smallest expected loss), with a bootstrap standard error;
 *   evppi: the expected value of learning one parameter before choosing, by nonparametric
 *     regression on the outer draws (Strong, Oakley and Brennan 2014, Medical Decision Making
 *     34(3)): each option's difference from the first is regressed on the parameter, and
 *     EVPPI = mean_d best_o ĝ_o(θ_d) - best_o mean_d ĝ_o(θ_d). The smoother is a cubic regression
 *     spline in the parameter's rank (the conditional mean given θ is the same as given its rank,
 *     so a skewed or integer parameter needs nothing special), or the group means when the
 *     parameter takes at most SMOOTHER_BASIS distinct values. Its standard error is the bootstrap
 *     over draws, refitting each time; a fitted smoother's noise biases EVPPI upwards by about the
 *     noise it leaves in ĝ, which the interval does not remove.
 *
 * Every resample comes from createStream(seed, 'bootstrap', 'decision', ...), so results are
 * reproducible from the seed.
 */
import { forEachResample, percentileInterval, sampleVariance } from './sample.js';

export interface DecisionOptions {
  /** The metric is a benefit: higher is better (default false: a cost). */
  higherIsBetter?: boolean;
  /** Bootstrap resamples (default 500). */
  resamples?: number;
  seed?: number | string;
}

/** Default bootstrap resamples of the decision measures. */
export const DECISION_RESAMPLES = 500;

/** An option's chance of being best over the draws, with its 95% interval. */
export interface ProbabilityBest {
  option: number;
  probability: number;
  ciLow: number;
  ciHigh: number;
}

/** A value with its bootstrap standard error and 95% percentile interval. */
export interface ValueEstimate {
  value: number;
  standardError: number;
  ciLow: number;
  ciHigh: number;
}

/** The draws as net benefits (higher is better), checked: every row the same width, finite. */
function benefits(values: readonly ArrayLike<number>[], options: DecisionOptions, what: string): Float64Array[] {
  if (values.length < 2) throw new RangeError(`${what}: give at least 2 draws (got ${values.length})`);
  const width = values[0]!.length;
  if (width < 1) throw new RangeError(`${what}: give at least one option`);
  const sign = options.higherIsBetter ? 1 : -1;
  return values.map((row, d) => {
    if (row.length !== width) throw new RangeError(`${what}: draw ${d} has ${row.length} options, expected ${width}`);
    const out = new Float64Array(width);
    for (let o = 0; o < width; o++) {
      if (!Number.isFinite(row[o]!)) throw new RangeError(`${what}: draw ${d}, option ${o} is not a finite number (${row[o]})`);
      out[o] = sign * row[o]!;
    }
    return out;
  });
}

/** Credits of one draw: 1 / ties to each option that is best there. */
function bestShares(nb: Float64Array, into: Float64Array): void {
  let best = -Infinity;
  for (let o = 0; o < nb.length; o++) best = Math.max(best, nb[o]!);
  let ties = 0;
  for (let o = 0; o < nb.length; o++) if (nb[o] === best) ties++;
  for (let o = 0; o < nb.length; o++) into[o] = nb[o] === best ? 1 / ties : 0;
}

/**
 * Per option, the share of draws where it is best, with a bootstrap interval over the draws.
 *
 * @example
 * ```ts
 * import { probabilityBest } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // values[d][o]: option o's cost at draw d of the uncertain parameters.
 * const values = [[10, 12], [11, 9], [14, 10], [9, 11], [12, 8], [10, 10.5]];
 * const [first, second] = probabilityBest(values, { resamples: 200, seed: 1 });
 * assert.equal(first.probability + second.probability, 1);
 * ```
 */
export function probabilityBest(values: readonly ArrayLike<number>[], options: DecisionOptions = {}): ProbabilityBest[] {
  const nb = benefits(values, options, 'probabilityBest');
  const n = nb.length;
  const k = nb[0]!.length;
  const shares = nb.map((row) => {
    const s = new Float64Array(k);
    bestShares(row, s);
    return s;
  });
  const mean = new Float64Array(k);
  for (const s of shares) for (let o = 0; o < k; o++) mean[o]! += s[o]! / n;
  const resamples = options.resamples ?? DECISION_RESAMPLES;
  const draws = Array.from({ length: k }, () => new Float64Array(resamples));
  forEachResample(n, resamples, options.seed ?? 1, ['decision', 'best'], (picks, r) => {
    for (const j of picks) for (let o = 0; o < k; o++) draws[o]![r]! += shares[j]![o]! / n;
  });
  return Array.from(mean, (probability, option) => ({ option, probability, ...percentileInterval(draws[option]!) }));
}

/**
 * Per option, the mean over draws of (the draw's best - the option), in the metric's units (>= 0).
 *
 * @example
 * ```ts
 * import { expectedLoss } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // values[d][o]: option o's cost at draw d of the uncertain parameters.
 * const values = [[10, 12], [11, 9], [14, 10], [9, 11], [12, 8], [10, 10.5]];
 * const loss = expectedLoss(values); // the regret of choosing each option
 * assert.equal(loss.length, 2);
 * assert.ok(loss[0] >= 0 && loss[1] >= 0);
 * ```
 */
export function expectedLoss(values: readonly ArrayLike<number>[], options: DecisionOptions = {}): Float64Array {
  const nb = benefits(values, options, 'expectedLoss');
  const k = nb[0]!.length;
  const loss = new Float64Array(k);
  for (const row of nb) {
    const best = Math.max(...row);
    for (let o = 0; o < k; o++) loss[o]! += (best - row[o]!) / nb.length;
  }
  return loss;
}

/** mean over `picks` (all rows when null) of the row maxima, less the largest column mean. */
function valueOfInformation(rows: readonly ArrayLike<number>[], picks: Int32Array | null): number {
  const n = picks ? picks.length : rows.length;
  const k = rows[0]!.length;
  const means = new Float64Array(k);
  let meanOfMax = 0;
  for (let j = 0; j < n; j++) {
    const row = rows[picks ? picks[j]! : j]!;
    let best = -Infinity;
    for (let o = 0; o < k; o++) {
      means[o]! += row[o]! / n;
      if (row[o]! > best) best = row[o]!;
    }
    meanOfMax += best / n;
  }
  return meanOfMax - Math.max(...means);
}

function estimate(value: number, draws: Float64Array): ValueEstimate {
  return { value, standardError: Math.sqrt(sampleVariance(draws)), ...percentileInterval(draws) };
}

/**
 * The expected value of perfect information, in the metric's units (>= 0).
 *
 * @example
 * ```ts
 * import { evpi } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // values[d][o]: option o's cost at draw d of the uncertain parameters.
 * const values = [[10, 12], [11, 9], [14, 10], [9, 11], [12, 8], [10, 10.5]];
 * const value = evpi(values, { resamples: 200, seed: 1 }); // what knowing the parameters would save
 * assert.ok(value.value > 0);
 * ```
 */
export function evpi(values: readonly ArrayLike<number>[], options: DecisionOptions = {}): ValueEstimate {
  const nb = benefits(values, options, 'evpi');
  const resamples = options.resamples ?? DECISION_RESAMPLES;
  const draws = new Float64Array(resamples);
  forEachResample(nb.length, resamples, options.seed ?? 1, ['decision', 'evpi'], (picks, r) => {
    draws[r] = valueOfInformation(nb, picks);
  });
  return estimate(valueOfInformation(nb, null), draws);
}

/** Columns of the spline basis (1, x, x², x³ and one per interior knot); a parameter with at most this many distinct values is fitted by group means. */
export const SMOOTHER_BASIS = 8;

/** Average ranks of x scaled to [0, 1] (ties share their mean rank). */
function rankScale(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]!] === x[order[i]!]) j++;
    const rank = (i + j) / 2 / Math.max(1, n - 1);
    for (let t = i; t <= j; t++) out[order[t]!] = rank;
    i = j + 1;
  }
  return out;
}

/** The fitted values at `picks` of a least-squares fit of y on basis columns X (with a tiny ridge), by Cholesky. */
function fitLeastSquares(basis: readonly Float64Array[], y: ArrayLike<number>, picks: Int32Array | null): Float64Array {
  const p = basis.length;
  const n = picks ? picks.length : y.length;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let j = 0; j < n; j++) {
    const row = picks ? picks[j]! : j;
    for (let a = 0; a < p; a++) {
      const xa = basis[a]![row]!;
      xty[a]! += xa * y[row]!;
      for (let b = 0; b <= a; b++) xtx[a * p + b]! += xa * basis[b]![row]!;
    }
  }
  for (let a = 0; a < p; a++) xtx[a * p + a]! += 1e-9 * (xtx[a * p + a]! + 1);
  // Cholesky in place (lower triangle), then two triangular solves.
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = xtx[a * p + b]!;
      for (let c = 0; c < b; c++) s -= xtx[a * p + c]! * xtx[b * p + c]!;
      xtx[a * p + b] = a === b ? Math.sqrt(Math.max(s, 1e-300)) : s / xtx[b * p + b]!;
    }
  }
  const beta = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let s = xty[a]!;
    for (let c = 0; c < a; c++) s -= xtx[a * p + c]! * beta[c]!;
    beta[a] = s / xtx[a * p + a]!;
  }
  for (let a = p - 1; a >= 0; a--) {
    let s = beta[a]!;
    for (let c = a + 1; c < p; c++) s -= xtx[c * p + a]! * beta[c]!;
    beta[a] = s / xtx[a * p + a]!;
  }
  const fitted = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const row = picks ? picks[j]! : j;
    let s = 0;
    for (let a = 0; a < p; a++) s += beta[a]! * basis[a]![row]!;
    fitted[j] = s;
  }
  return fitted;
}

/** The smoother's basis over the draws: indicator columns of a parameter's distinct values, or the cubic spline in its rank. */
function smootherBasis(parameter: ArrayLike<number>): Float64Array[] {
  const distinct = [...new Set(Array.from(parameter))].sort((a, b) => a - b);
  const n = parameter.length;
  if (distinct.length <= SMOOTHER_BASIS)
    return distinct.map((v) => {
      const column = new Float64Array(n);
      for (let j = 0; j < n; j++) column[j] = parameter[j] === v ? 1 : 0;
      return column;
    });
  const x = rankScale(parameter);
  const knots = Array.from({ length: SMOOTHER_BASIS - 4 }, (_, i) => (i + 1) / (SMOOTHER_BASIS - 3));
  const columns = [(t: number) => 1, (t: number) => t - 0.5, (t: number) => (t - 0.5) ** 2, (t: number) => (t - 0.5) ** 3, ...knots.map((kn) => (t: number) => Math.max(0, t - kn) ** 3)];
  return columns.map((g) => Float64Array.from(x, g));
}

/**
 * The expected value of partial perfect information about one parameter (its value at each
 * draw: `parameter[d]`), in the metric's units (>= 0 up to the smoother's noise).
 *
 * @example
 * ```ts
 * import { evppi } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // Option 0 costs the parameter, option 1 a flat 10: knowing the parameter is worth something.
 * const parameter = Array.from({ length: 200 }, (_, d) => 5 + (10 * d) / 199);
 * const values = parameter.map((p) => [p, 10]);
 * const value = evppi(values, parameter, { resamples: 100, seed: 1 });
 * assert.ok(value.value > 1);
 * ```
 */
export function evppi(values: readonly ArrayLike<number>[], parameter: ArrayLike<number>, options: DecisionOptions = {}): ValueEstimate {
  const nb = benefits(values, options, 'evppi');
  if (parameter.length !== nb.length) throw new RangeError(`evppi: ${parameter.length} parameter values for ${nb.length} draws`);
  const k = nb[0]!.length;
  const basis = smootherBasis(parameter);
  // Incremental net benefit of each option over option 0 (Strong et al.: k - 1 regressions).
  const increments = Array.from({ length: k - 1 }, (_, o) => Float64Array.from(nb, (row) => row[o + 1]! - row[0]!));
  const at = (picks: Int32Array | null): number => {
    const n = picks ? picks.length : nb.length;
    const fitted = increments.map((y) => fitLeastSquares(basis, y, picks));
    const rows = Array.from({ length: n }, (_, j) => {
      const row = new Float64Array(k);
      for (let o = 1; o < k; o++) row[o] = fitted[o - 1]![j]!;
      return row;
    });
    return Math.max(0, valueOfInformation(rows, null));
  };
  const resamples = options.resamples ?? DECISION_RESAMPLES;
  const draws = new Float64Array(resamples);
  forEachResample(nb.length, resamples, options.seed ?? 1, ['decision', 'evppi'], (picks, r) => {
    draws[r] = at(picks);
  });
  return estimate(k === 1 ? 0 : at(null), draws);
}
