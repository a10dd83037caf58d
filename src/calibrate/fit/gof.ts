/**
 * Goodness-of-fit statistics of a sorted sample against a CDF. Their tabulated p-values assume
 * the parameters were known in advance; estimated from the same data they are far too kind, so
 * `fit` gets its p-values from a parametric bootstrap instead (./bootstrap.ts).
 */

/** Kolmogorov–Smirnov D = sup |F_n(x) − F(x)|. */
export function ksStatistic(sorted: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    const above = (i + 1) / n - f;
    const below = f - i / n;
    if (above > d) d = above;
    if (below > d) d = below;
  }
  return d;
}

// Keeps ln F and ln(1 − F) finite when a value lies (numerically) outside the support.
const TINY = 1e-300;

/** Anderson–Darling A² = −n − (1/n) Σ (2i − 1) [ln F(x_i) + ln(1 − F(x_{n+1−i}))]. */
export function adStatistic(sorted: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = sorted.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = cdf(sorted[i]!);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const lower = Math.log(Math.max(f[i]!, TINY));
    const upper = Math.log(Math.max(1 - f[n - 1 - i]!, TINY));
    s += (2 * i + 1) * (lower + upper);
  }
  return -n - s / n;
}
