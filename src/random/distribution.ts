/**
 * The contract every distribution of the random layer keeps (`Distribution`,
 * `FullDistribution`) and the probability clamp of unbounded quantiles. The
 * factories live one family per module under ./families/ (after d3-random):
 * each validates its parameters and returns an object that samples from an
 * *injected* source of uniforms — there is no global random state — and
 * exposes its inverse CDF, CDF and analytic moments.
 *
 * ## Inversion and common random numbers
 *
 * The model draws hot-path values by inversion, `dist.quantile(u)`, from tables
 * of uniforms drawn from dedicated streams. `quantile(p)` is a pure function of
 * one number, so `dist.quantile(source())` consumes exactly one uniform, and it
 * is non-decreasing in p for every distribution except `mixture` (see
 * families/mixture.ts): a larger uniform gives a larger value, so regimes that share a
 * uniform stay coupled (comonotone) even when their parameters differ.
 *
 * Quantile conventions, shared by all distributions:
 * - `p` outside [0, 1] or NaN gives NaN (no throw on the hot path);
 * - `quantile(0)` / `quantile(1)` give the finite lower / upper end of the
 *   support; where the support is unbounded, p is clamped to
 *   [2^-53, 1 - 2^-53] so the result is always finite (|z| <= 8.21 for a normal);
 * - discrete laws use the generalized inverse `min { k : F(k) > p }`, so that
 *   `quantile(U)` with U uniform on [0, 1) has exactly the law.
 *
 * `sample(source)` uses any exact method. It consumes exactly one uniform
 * (it *is* `quantile(source())`) for every distribution except `gamma` and
 * `pert`, which use exact rejection samplers (Marsaglia–Tsang) and consume a
 * variable number. When synchronisation matters, use `quantile(source())`.
 *
 * ## Accuracy
 *
 * - normal, lognormal: Wichura's AS 241 inverse normal (relative error ~1e-16).
 * - gamma and beta-PERT have no closed-form inverse (./inverseTable.ts): on first use a table of
 *   2049 nodes equally spaced in z = Φ⁻¹(p) over [-8.3, 8.3] (so dense in both
 *   tails, down to p = 5e-17) is solved by safeguarded Newton iteration on the
 *   log of the regularized incomplete gamma/beta function, then interpolated
 *   by cubic Hermite splines with the exact derivatives, in log x (gamma) or
 *   logit x (PERT). Measured over p in [1e-15, 1 − 1e-15] (test/random/quantiles):
 *   relative error in x <= 4e-11 for gamma shapes 0.1–1e5 and PERT (λ 0–1000,
 *   any mode), and |F(Q(p)) − p| <= 6e-11 · min(p, 1 − p) for shapes 0.05–1e4
 *   and PERT (6e-10 at shape 1e5, where F itself is that ill-conditioned);
 *   the tests assert 1e-9. A table is 2 × 2049 doubles (32 KB), built in
 *   ~5–25 ms, and cached by shape (gamma) or (α, β) (PERT), 64 entries each.
 *   Below shape ~0.05 the lowest quantiles underflow to 0 (x < 1e-308).
 * - poisson: exact CDF table built on first use (weights recursed from the
 *   mode, normalised, tails below 1e-18 relative dropped), inverted by a
 *   guide table — O(1) per draw for any mean up to 1e9.
 */
import type { Uniform } from './streams.js';

/** What the model needs from a distribution. */
export interface Distribution {
  /** Family name, e.g. `'lognormal'`. */
  readonly name: string;
  /** One draw using `source` (any exact method; see the module doc for how many uniforms). */
  sample(source: Uniform): number;
  /** Inverse CDF; `quantile(source())` consumes exactly one uniform. */
  quantile(p: number): number;
  /** Analytic mean (NaN/Infinity if undefined). */
  readonly mean: number;
  /** Analytic variance (NaN/Infinity if undefined). */
  readonly variance: number;
  /** Human summary in the parametrization it was built from, e.g. `lognormal(median=40000, p90=150000)`. */
  describe(): string;
}

/** What every factory here returns: a {@link Distribution} plus its CDF and support. */
export interface FullDistribution extends Distribution {
  /** P(X <= x). */
  cdf(x: number): number;
  /** Lower end of the support (may be -Infinity). */
  readonly min: number;
  /** Upper end of the support (may be Infinity). */
  readonly max: number;
  /** True when the support is a set of points (integers, samples). */
  readonly discrete: boolean;
}

/** Smallest probability fed to an unbounded quantile: 2^-53. */
export const P_MIN = 1.1102230246251565e-16;
/** Largest probability fed to an unbounded quantile: 1 - 2^-53. */
export const P_MAX = 1 - P_MIN;

/** Clamp a probability for a quantile with an unbounded tail; NaN if p is not in [0, 1]. */
export function clampP(p: number): number {
  if (p > P_MIN && p < P_MAX) return p;
  if (p >= 0 && p <= P_MIN) return P_MIN;
  if (p >= P_MAX && p <= 1) return P_MAX;
  return NaN;
}
