/**
 * A sample prepared once for fitting: sorted values and the sums every estimator starts from
 * (the goodness-of-fit statistics need the order, the estimators the moments).
 */
export interface Sample {
  /** Ascending. */
  readonly sorted: Float64Array;
  readonly n: number;
  readonly mean: number;
  /** Maximum-likelihood standard deviation (divides by n). */
  readonly sd: number;
  /** Every value > 0 (so the log moments below are defined). */
  readonly positive: boolean;
  /** Mean and sd (divisor n) of ln x; NaN unless positive. */
  readonly meanLog: number;
  readonly sdLog: number;
}

/** Sorts `values` in place (a Float64Array you own) and computes the moments. */
export function prepareSample(values: Float64Array): Sample {
  const sorted = values.sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const positive = n > 0 && sorted[0]! > 0;
  let meanLog = NaN;
  let sdLog = NaN;
  if (positive) {
    let sl = 0;
    for (let i = 0; i < n; i++) sl += Math.log(sorted[i]!);
    meanLog = sl / n;
    let ssl = 0;
    for (let i = 0; i < n; i++) ssl += (Math.log(sorted[i]!) - meanLog) ** 2;
    sdLog = Math.sqrt(ssl / n);
  }
  return { sorted, n, mean, sd: Math.sqrt(ss / n), positive, meanLog, sdLog };
}

