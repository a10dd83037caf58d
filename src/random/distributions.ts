/**
 * Probability distributions as small factories (after d3-random): each factory
 * validates its parameters and returns an object that samples from an
 * *injected* source of uniforms — there is no global random state — and
 * exposes its inverse CDF, CDF and analytic moments.
 *
 * ## Inversion and common random numbers
 *
 * The model draws hot-path values by inversion, `dist.quantile(u)`, from tables
 * of uniforms drawn from dedicated streams. `quantile(p)` is a pure function of
 * one number, so `dist.quantile(source())` consumes exactly one uniform, and it
 * is non-decreasing in p for every distribution except {@link mixture} (see
 * there): a larger uniform gives a larger value, so regimes that share a
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
 * - gamma and beta-PERT have no closed-form inverse: on first use a table of
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

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * A distribution parameter is invalid. `field` names it (`lognormal.p90`, or
 * `tokens.sonnet.outputPerTurn.p90` once {@link DistributionParameterError.atPath}
 * has prefixed the config path); the message says what to do about it.
 */
export class DistributionParameterError extends Error {
  /** Full name of the offending field, e.g. `lognormal.p90` or `scenario.x.p90`. */
  readonly field: string;
  /** Distribution name, e.g. `lognormal`. */
  readonly dist: string;
  /** Parameter within the distribution, e.g. `p90`, `components[1].weight`; `''` for the whole. */
  readonly param: string;
  /** The message without the field prefix. */
  readonly reason: string;
  /** The config path prefix, if one was applied. */
  readonly path: string | undefined;

  constructor(dist: string, param: string, reason: string, path?: string) {
    const head = path ?? dist;
    const field = param ? `${head}.${param}` : head;
    super(`${field}: ${reason}`);
    this.name = 'DistributionParameterError';
    this.field = field;
    this.dist = dist;
    this.param = param;
    this.reason = reason;
    this.path = path;
  }

  /** The same error, reported under a config path (`path.param: reason`). */
  atPath(path: string): DistributionParameterError {
    return new DistributionParameterError(this.dist, this.param, this.reason, path);
  }
}

// ---------------------------------------------------------------------------
// Interfaces
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Constants and helpers
// ---------------------------------------------------------------------------

/** Smallest probability fed to an unbounded quantile: 2^-53. */
export const P_MIN = 1.1102230246251565e-16;
/** Largest probability fed to an unbounded quantile: 1 - 2^-53. */
export const P_MAX = 1 - P_MIN;

const LN_SQRT_2PI = 0.9189385332046728; // ln(sqrt(2π))
/** Φ⁻¹(0.9): the z of a p90. */
export const Z90 = 1.2815515655446004;

/** Compact number formatting for describe(): integers as is, others to 6 significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  return String(Number(x.toPrecision(6)));
}

function show(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined (missing)';
  if (v === null) return 'null';
  return typeof v;
}

function fail(dist: string, param: string, reason: string): never {
  throw new DistributionParameterError(dist, param, reason);
}

function finite(dist: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    fail(dist, param, `must be a finite number (got ${show(v)})`);
  }
  return v;
}

function positive(dist: string, param: string, v: unknown, hint = ''): number {
  const x = finite(dist, param, v);
  if (!(x > 0)) fail(dist, param, `must be greater than 0 (got ${formatNumber(x)})${hint}`);
  return x;
}

function nonNegative(dist: string, param: string, v: unknown): number {
  const x = finite(dist, param, v);
  if (!(x >= 0)) fail(dist, param, `must be >= 0 (got ${formatNumber(x)})`);
  return x;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Which of the given alternative parameter sets is present; errors if none or mixed. */
function pickParametrization(
  dist: string,
  params: unknown,
  sets: readonly (readonly string[])[],
): number {
  if (!isObject(params)) {
    fail(dist, '', `expected an object with ${sets.map((s) => `{ ${s.join(', ')} }`).join(' or ')} (got ${show(params)})`);
  }
  const present = (k: string) => params[k] !== undefined;
  const touched = sets.map((s) => s.some(present));
  const count = touched.filter(Boolean).length;
  const options = sets.map((s) => `{ ${s.join(', ')} }`).join(' or ');
  if (count === 0) fail(dist, '', `give ${options}`);
  if (count > 1) {
    const keys = sets.flat().filter(present);
    fail(dist, '', `give exactly one of ${options} (got ${keys.join(', ')})`);
  }
  const i = touched.indexOf(true);
  for (const k of sets[i]) {
    if (!present(k)) fail(dist, k, `is missing: ${dist} needs { ${sets[i].join(', ')} } together`);
  }
  return i;
}

/** Clamp a probability for a quantile with an unbounded tail; NaN if p is not in [0, 1]. */
function clampP(p: number): number {
  if (p > P_MIN && p < P_MAX) return p;
  if (p >= 0 && p <= P_MIN) return P_MIN;
  if (p >= P_MAX && p <= 1) return P_MAX;
  return NaN;
}

// ---------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  const xm1 = x - 1;
  let a = LANCZOS[0];
  const t = xm1 + LANCZOS_G + 0.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (xm1 + i);
  return LN_SQRT_2PI + (xm1 + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITER = 100_000;

/** Σ x^n / (a (a+1) ... (a+n)): P(a, x) = e^{-x} x^a / Γ(a) · series. Use for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

/** Continued fraction (modified Lentz): Q(a, x) = e^{-x} x^a / Γ(a) · cf. Use for x >= a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * ln P(a, x) and ln Q(a, x) (regularized lower/upper incomplete gamma) given
 * `lx = ln x`, so that x may underflow (tiny shapes). Relative accuracy ~1e-14
 * in both tails.
 */
export function logGammaP(a: number, lx: number): number {
  const x = Math.exp(lx);
  const pre = a * lx - x - lgamma(a);
  if (x < a + 1) return pre + Math.log(gammaSeries(a, x));
  return Math.log1p(-Math.exp(pre + Math.log(gammaContinuedFraction(a, x))));
}

export function logGammaQ(a: number, lx: number): number {
  const x = Math.exp(lx);
  const pre = a * lx - x - lgamma(a);
  if (x < a + 1) return Math.log1p(-Math.exp(pre + Math.log(gammaSeries(a, x))));
  return pre + Math.log(gammaContinuedFraction(a, x));
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  if (!(x > 0)) return x === 0 ? 0 : NaN;
  if (x === Infinity) return 1;
  const pre = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) return Math.exp(pre) * gammaSeries(a, x);
  return 1 - Math.exp(pre) * gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x), accurate when small. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(x > 0)) return x === 0 ? 1 : NaN;
  if (x === Infinity) return 0;
  const pre = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) return 1 - Math.exp(pre) * gammaSeries(a, x);
  return Math.exp(pre) * gammaContinuedFraction(a, x);
}

/** ln B(a, b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** Continued fraction for I_x(a, b) (modified Lentz), converging for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * ln I_x(a, b) (regularized incomplete beta) given x, 1 - x and their logs,
 * so that both tails keep their relative accuracy.
 */
function logBetaLower(a: number, b: number, x: number, x1: number, lx: number, lx1: number): number {
  if (x <= 0) return -Infinity;
  if (x1 <= 0) return 0;
  if (x < (a + 1) / (a + b + 2)) {
    return a * lx + b * lx1 - lbeta(a, b) - Math.log(a) + Math.log(betaContinuedFraction(a, b, x));
  }
  const upper = b * lx1 + a * lx - lbeta(a, b) - Math.log(b) + Math.log(betaContinuedFraction(b, a, x1));
  return Math.log1p(-Math.exp(upper));
}

/** Regularized incomplete beta I_x(a, b) = P(Beta(a, b) <= x). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const x1 = 1 - x;
  const pre = a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(pre) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(pre) * betaContinuedFraction(b, a, x1)) / b;
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LN_SQRT_2PI);
}

/**
 * Standard normal CDF Φ(z), with full relative accuracy in the lower tail
 * (Φ(z) = Q(1/2, z²/2) / 2 for z < 0). Use {@link normalSf} for the upper tail.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const q = 0.5 * regularizedGammaQ(0.5, 0.5 * z * z);
  return z < 0 ? q : 1 - q;
}

/** Standard normal survival function 1 - Φ(z), accurate in the upper tail. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/**
 * Standard normal quantile Φ⁻¹(p): Wichura's algorithm AS 241 (PPND16),
 * Applied Statistics 37(3), 1988 — relative error about 1e-16.
 * Returns -Infinity at 0, Infinity at 1, NaN outside [0, 1].
 */
export function inverseNormalCdf(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  if (!(p >= 0 && p <= 1)) return NaN;
  let r = q < 0 ? p : 1 - p;
  if (r <= 0) return q < 0 ? -Infinity : Infinity;
  r = Math.sqrt(-Math.log(r));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    z =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -z : z;
}

// ---------------------------------------------------------------------------
// Exact samplers
// ---------------------------------------------------------------------------

/**
 * A standard gamma(shape) sampler (Marsaglia & Tsang 2000, normals by inversion;
 * shape < 1 boosted by U^(1/shape)). Exact; consumes a variable number of uniforms.
 */
function stdGammaSampler(shape: number): (source: Uniform) => number {
  const boost = shape < 1;
  const a = boost ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  return (source) => {
    let g: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = inverseNormalCdf(source());
        v = 1 + c * x;
      } while (!(v > 0));
      v = v * v * v;
      const u = source();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    return boost ? g * Math.pow(source(), invShape) : g;
  };
}

// ---------------------------------------------------------------------------
// Tabulated inverse CDF (gamma, beta)
// ---------------------------------------------------------------------------

/** Number of nodes of the tabulated inverse CDFs. */
export const TABLE_NODES = 2049;
/** The tables cover z = Φ⁻¹(p) in [-TABLE_Z, TABLE_Z]; Φ(-8.3) = 5.2e-17 < P_MIN. */
export const TABLE_Z = 8.3;

/**
 * y(z) tabulated on equally spaced z with derivatives (premultiplied by the
 * spacing), evaluated by cubic Hermite interpolation.
 */
class HermiteTable {
  private readonly z0: number;
  private readonly invH: number;
  private readonly last: number;
  constructor(
    z0: number,
    h: number,
    private readonly y: Float64Array,
    private readonly m: Float64Array,
  ) {
    this.z0 = z0;
    this.invH = 1 / h;
    this.last = y.length - 1;
  }

  at(z: number): number {
    let t = (z - this.z0) * this.invH;
    if (t < 0) t = 0;
    else if (t > this.last) t = this.last;
    let i = Math.floor(t);
    if (i >= this.last) i = this.last - 1;
    const s = t - i;
    const s2 = s * s;
    const s3 = s2 * s;
    const y = this.y;
    const m = this.m;
    return (
      (2 * s3 - 3 * s2 + 1) * y[i] +
      (s3 - 2 * s2 + s) * m[i] +
      (3 * s2 - 2 * s3) * y[i + 1] +
      (s3 - s2) * m[i + 1]
    );
  }
}

/**
 * Solves g(y) = target for y, g increasing, with derivative dg; safeguarded
 * Newton (falls back to bisection / bracket expansion).
 */
function solveIncreasing(
  g: (y: number) => number,
  dg: (y: number, gy: number) => number,
  target: number,
  guess: number,
): number {
  let y = guess;
  let lo = -Infinity;
  let hi = Infinity;
  for (let it = 0; it < 400; it++) {
    const gy = g(y);
    const r = gy - target;
    if (r === 0) return y;
    if (r < 0 || Number.isNaN(r)) lo = y;
    else hi = y;
    const d = dg(y, gy);
    let next = d > 0 && Number.isFinite(d) ? y - r / d : NaN;
    if (!(next > lo && next < hi)) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
      else if (Number.isFinite(lo)) next = lo + Math.max(1, Math.abs(lo));
      else next = hi - Math.max(1, Math.abs(hi));
    }
    const tol = 1e-15 * Math.max(1, Math.abs(y));
    if (Math.abs(next - y) <= tol) return next;
    if (hi - lo <= tol) return 0.5 * (lo + hi);
    y = next;
  }
  return y;
}

interface TableModel {
  /** ln F(x(y)). */
  logLower(y: number): number;
  /** ln (1 - F(x(y))). */
  logUpper(y: number): number;
  /** ln (f(x) · dx/dy) at x(y). */
  logDensity(y: number): number;
  /** A starting guess for y at the first node. */
  guess: number;
}

/** Builds the Hermite table of y = T(Q(Φ(z))) for z in [-TABLE_Z, TABLE_Z]. */
function buildInverseTable(model: TableModel): HermiteTable {
  const n = TABLE_NODES;
  const h = (2 * TABLE_Z) / (n - 1);
  const ys = new Float64Array(n);
  const ms = new Float64Array(n);
  let guess = model.guess;
  const dLower = (y: number, gy: number) => Math.exp(model.logDensity(y) - gy);
  const negUpper = (y: number) => -model.logUpper(y);
  const dUpper = (y: number, gy: number) => Math.exp(model.logDensity(y) + gy);
  for (let i = 0; i < n; i++) {
    const z = -TABLE_Z + i * h;
    let y: number;
    if (z <= 0) {
      y = solveIncreasing(model.logLower, dLower, Math.log(normalCdf(z)), guess);
    } else {
      y = solveIncreasing(negUpper, dUpper, -Math.log(normalSf(z)), guess);
    }
    // dy/dz = φ(z) / (f(x) dx/dy)
    const dydz = Math.exp(-0.5 * z * z - LN_SQRT_2PI - model.logDensity(y));
    ys[i] = y;
    ms[i] = dydz * h;
    guess = y + dydz * h;
  }
  // Fritsch–Carlson guard: keeps the interpolant monotone (with exact
  // derivatives on a smooth curve it practically never triggers).
  for (let i = 0; i < n - 1; i++) {
    const delta = ys[i + 1] - ys[i];
    if (!(delta > 0)) {
      ms[i] = 0;
      ms[i + 1] = 0;
      continue;
    }
    const a = ms[i] / delta;
    const b = ms[i + 1] / delta;
    const s = a * a + b * b;
    if (s > 9) {
      const tau = 3 / Math.sqrt(s);
      ms[i] = tau * a * delta;
      ms[i + 1] = tau * b * delta;
    }
  }
  return new HermiteTable(-TABLE_Z, h, ys, ms);
}

const TABLE_CACHE_SIZE = 64;
const gammaTables = new Map<number, HermiteTable>();
const betaTables = new Map<string, HermiteTable>();

function cached<K>(cache: Map<K, HermiteTable>, key: K, build: () => HermiteTable): HermiteTable {
  const hit = cache.get(key);
  if (hit) return hit;
  const table = build();
  if (cache.size >= TABLE_CACHE_SIZE) cache.delete(cache.keys().next().value as K);
  cache.set(key, table);
  return table;
}

/** Table of ln Q_gamma(shape, Φ(z)) for the standard gamma (scale 1). */
function gammaTable(shape: number): HermiteTable {
  return cached(gammaTables, shape, () => {
    const lg = lgamma(shape);
    // First node: lower-tail asymptotics P(a, x) ~ x^a / Γ(a + 1).
    const p0 = normalCdf(-TABLE_Z);
    return buildInverseTable({
      logLower: (y) => logGammaP(shape, y),
      logUpper: (y) => logGammaQ(shape, y),
      logDensity: (y) => shape * y - Math.exp(y) - lg,
      guess: Math.min((Math.log(p0) + lgamma(shape + 1)) / shape, Math.log(shape)),
    });
  });
}

function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** Table of logit Q_beta(a, b, Φ(z)). */
function betaTable(a: number, b: number): HermiteTable {
  return cached(betaTables, `${a},${b}`, () => {
    const lb = lbeta(a, b);
    const parts = (y: number) => {
      const x = 1 / (1 + Math.exp(-y));
      const x1 = 1 / (1 + Math.exp(y));
      return { x, x1, lx: -softplus(-y), lx1: -softplus(y) };
    };
    const p0 = normalCdf(-TABLE_Z);
    const lx0 = (Math.log(p0) + Math.log(a) + lb) / a;
    return buildInverseTable({
      logLower: (y) => {
        const { x, x1, lx, lx1 } = parts(y);
        return logBetaLower(a, b, x, x1, lx, lx1);
      },
      logUpper: (y) => {
        const { x, x1, lx, lx1 } = parts(y);
        return logBetaLower(b, a, x1, x, lx1, lx);
      },
      logDensity: (y) => a * -softplus(-y) + b * -softplus(y) - lb,
      guess: Math.min(lx0, -1e-3) - Math.log(-Math.expm1(Math.min(lx0, -1e-3))),
    });
  });
}

// ---------------------------------------------------------------------------
// Factories
// ---------------------------------------------------------------------------

const f = formatNumber;

/** Always `value`. `sample` still consumes one uniform, so swapping it in keeps streams aligned. */
export function constant(value: number): FullDistribution {
  const v = finite('constant', 'value', value);
  return {
    name: 'constant',
    sample: (source) => (source(), v),
    quantile: (p) => (p >= 0 && p <= 1 ? v : NaN),
    cdf: (x) => (x >= v ? 1 : 0),
    mean: v,
    variance: 0,
    min: v,
    max: v,
    discrete: true,
    describe: () => `constant(${f(v)})`,
  };
}

/** Uniform on [min, max). */
export function uniform(min: number, max: number): FullDistribution {
  const a = finite('uniform', 'min', min);
  const b = finite('uniform', 'max', max);
  if (!(b > a)) {
    fail('uniform', 'max', `must be greater than min (got ${f(b)} <= ${f(a)}); use constant for a fixed value`);
  }
  const w = b - a;
  const quantile = (p: number) => (p >= 0 && p <= 1 ? a + w * p : NaN);
  return {
    name: 'uniform',
    sample: (source) => a + w * source(),
    quantile,
    cdf: (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / w),
    mean: (a + b) / 2,
    variance: (w * w) / 12,
    min: a,
    max: b,
    discrete: false,
    describe: () => `uniform(min=${f(a)}, max=${f(b)})`,
  };
}

export type ExponentialParams = { mean: number } | { rate: number };

/** Exponential, by its mean or its rate. */
export function exponential(params: ExponentialParams): FullDistribution {
  const which = pickParametrization('exponential', params, [['mean'], ['rate']]);
  const raw = params as Record<string, unknown>;
  const rate = which === 0 ? 1 / positive('exponential', 'mean', raw.mean) : positive('exponential', 'rate', raw.rate);
  const mean = 1 / rate;
  const quantile = (p: number) => {
    if (p === 0) return 0;
    const q = clampP(p);
    return -Math.log1p(-q) * mean;
  };
  return {
    name: 'exponential',
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-rate * x)),
    mean,
    variance: mean * mean,
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => (which === 0 ? `exponential(mean=${f(mean)})` : `exponential(rate=${f(rate)})`),
  };
}

export interface NormalParams {
  mean: number;
  sd: number;
  /** Truncate below (optional). */
  min?: number;
  /** Truncate above (optional). */
  max?: number;
}

/**
 * Normal, optionally truncated to [min, max]: sample and quantile stay inside,
 * mean and variance are those of the truncated law. Truncation is exact
 * (inversion on the restricted CDF range), not clamping.
 */
export function normal(params: NormalParams): FullDistribution {
  if (!isObject(params)) fail('normal', '', `expected { mean, sd, min?, max? } (got ${show(params)})`);
  const mu = finite('normal', 'mean', params.mean);
  const sd = positive('normal', 'sd', params.sd, '; use constant for a fixed value');
  const lo = params.min === undefined ? -Infinity : finite('normal', 'min', params.min);
  const hi = params.max === undefined ? Infinity : finite('normal', 'max', params.max);
  if (!(hi > lo)) fail('normal', 'max', `must be greater than min (got ${f(hi)} <= ${f(lo)})`);
  const truncated = lo > -Infinity || hi < Infinity;
  const alpha = (lo - mu) / sd;
  const beta = (hi - mu) / sd;
  // Work in the upper-tail representation when the whole interval is above the mean.
  const upper = alpha > 0;
  const cA = upper ? normalSf(alpha) : normalCdf(alpha); // Φ(α) or 1-Φ(α)
  const cB = upper ? normalSf(beta) : normalCdf(beta);
  const mass = upper ? cA - cB : cB - cA;
  if (truncated && !(mass > 1e-12)) {
    fail(
      'normal',
      upper ? 'min' : 'max',
      `the truncation interval [${f(lo)}, ${f(hi)}] holds almost no probability (${mass.toExponential(2)}); ` +
        'move min/max towards the mean or increase sd',
    );
  }
  let mean = mu;
  let variance = sd * sd;
  if (truncated) {
    const pa = alpha > -Infinity ? normalPdf(alpha) : 0;
    const pb = beta < Infinity ? normalPdf(beta) : 0;
    const apa = alpha > -Infinity ? alpha * pa : 0;
    const bpb = beta < Infinity ? beta * pb : 0;
    const mills = (pa - pb) / mass;
    mean = mu + sd * mills;
    variance = sd * sd * Math.max(0, 1 + (apa - bpb) / mass - mills * mills);
  }
  let quantile: (p: number) => number;
  // p = 0 or 1 at an unbounded end (or p outside [0, 1]): the generic clamped formula.
  const edge = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    const q = clampP(p === 0 ? cA : cB);
    const x = upper ? mu - sd * inverseNormalCdf(q) : mu + sd * inverseNormalCdf(q);
    return x < lo ? lo : x > hi ? hi : x;
  };
  if (!truncated) {
    quantile = (p) => mu + sd * inverseNormalCdf(clampP(p));
  } else if (!upper) {
    quantile = (p) => {
      if (!(p > 0 && p < 1)) return p === 0 && lo > -Infinity ? lo : p === 1 && hi < Infinity ? hi : edge(p);
      const q = clampP(cA + p * mass);
      const x = mu + sd * inverseNormalCdf(q);
      return x < lo ? lo : x > hi ? hi : x;
    };
  } else {
    quantile = (p) => {
      if (!(p > 0 && p < 1)) return p === 0 ? lo : p === 1 && hi < Infinity ? hi : edge(p);
      const s = clampP(cA - p * mass);
      const x = mu - sd * inverseNormalCdf(s);
      return x < lo ? lo : x > hi ? hi : x;
    };
  }
  const cdf = (x: number) => {
    const z = (x - mu) / sd;
    if (!truncated) return normalCdf(z);
    if (Number.isNaN(x)) return NaN;
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const v = upper ? (cA - normalSf(z)) / mass : (normalCdf(z) - cA) / mass;
    return v < 0 ? 0 : v > 1 ? 1 : v;
  };
  const bounds = `${lo > -Infinity ? `, min=${f(lo)}` : ''}${hi < Infinity ? `, max=${f(hi)}` : ''}`;
  return {
    name: 'normal',
    sample: (source) => quantile(source()),
    quantile,
    cdf,
    mean,
    variance,
    min: lo,
    max: hi,
    discrete: false,
    describe: () => `normal(mean=${f(mu)}, sd=${f(sd)}${bounds})`,
  };
}

export type LognormalParams =
  | { median: number; p90: number }
  | { mean: number; sd: number }
  | { mu: number; sigma: number };

/**
 * Lognormal: ln X ~ normal(mu, sigma). First-class parametrization is the
 * "typical and bad case" one, `{ median, p90 }` (mu = ln median,
 * sigma = ln(p90/median) / Φ⁻¹(0.9)); also `{ mean, sd }` of X itself and the
 * log-scale `{ mu, sigma }`.
 */
export function lognormal(params: LognormalParams): FullDistribution {
  const D = 'lognormal';
  const which = pickParametrization(D, params, [
    ['median', 'p90'],
    ['mean', 'sd'],
    ['mu', 'sigma'],
  ]);
  const raw = params as Record<string, unknown>;
  let mu: number;
  let sigma: number;
  let label: string;
  if (which === 0) {
    const median = positive(D, 'median', raw.median);
    const p90 = finite(D, 'p90', raw.p90);
    if (!(p90 > median)) {
      fail(D, 'p90', `must be greater than median (got ${f(p90)} <= ${f(median)}); for a fixed value use constant`);
    }
    mu = Math.log(median);
    sigma = Math.log(p90 / median) / Z90;
    label = `median=${f(median)}, p90=${f(p90)}`;
  } else if (which === 1) {
    const m = positive(D, 'mean', raw.mean);
    const s = positive(D, 'sd', raw.sd, '; for a fixed value use constant');
    const s2 = Math.log1p((s / m) * (s / m));
    sigma = Math.sqrt(s2);
    mu = Math.log(m) - s2 / 2;
    label = `mean=${f(m)}, sd=${f(s)}`;
  } else {
    mu = finite(D, 'mu', raw.mu);
    sigma = positive(D, 'sigma', raw.sigma, '; for a fixed value use constant');
    label = `mu=${f(mu)}, sigma=${f(sigma)}`;
  }
  const s2 = sigma * sigma;
  // Constants for the closure (mu and sigma are reassigned above, which keeps V8 from folding them).
  const m = mu;
  const sg = sigma;
  const quantile = (p: number) => (p === 0 ? 0 : Math.exp(m + sg * inverseNormalCdf(p > P_MIN && p < P_MAX ? p : clampP(p))));
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : normalCdf((Math.log(x) - mu) / sigma)),
    mean: Math.exp(mu + s2 / 2),
    variance: Math.expm1(s2) * Math.exp(2 * mu + s2),
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => `${D}(${label})`,
  };
}

export type GammaParams = { shape: number; scale: number } | { mean: number; sd: number };

/**
 * Gamma by `{ shape, scale }` or `{ mean, sd }` (shape = (mean/sd)², scale = sd²/mean).
 * quantile: tabulated inverse CDF (see the module doc), built on first use and
 * cached per shape; sample: Marsaglia–Tsang (exact).
 */
export function gamma(params: GammaParams): FullDistribution {
  const D = 'gamma';
  const which = pickParametrization(D, params, [
    ['shape', 'scale'],
    ['mean', 'sd'],
  ]);
  const raw = params as Record<string, unknown>;
  let shape: number;
  let scale: number;
  let label: string;
  if (which === 0) {
    shape = positive(D, 'shape', raw.shape);
    scale = positive(D, 'scale', raw.scale);
    label = `shape=${f(shape)}, scale=${f(scale)}`;
  } else {
    const m = positive(D, 'mean', raw.mean);
    const s = positive(D, 'sd', raw.sd, '; for a fixed value use constant');
    shape = (m / s) * (m / s);
    scale = (s * s) / m;
    label = `mean=${f(m)}, sd=${f(s)}`;
  }
  if (shape < 1e-3 || shape > 1e7) {
    fail(D, which === 0 ? 'shape' : 'sd', `gives shape ${f(shape)}, outside the supported [0.001, 1e7]`);
  }
  let table: HermiteTable | undefined;
  const quantile = (p: number) => {
    if (p === 0) return 0;
    const q = clampP(p);
    if (q !== q) return NaN;
    table ??= gammaTable(shape);
    return scale * Math.exp(table.at(inverseNormalCdf(q)));
  };
  const std = stdGammaSampler(shape);
  return {
    name: D,
    sample: (source) => scale * std(source),
    quantile,
    cdf: (x) => (x <= 0 ? (Number.isNaN(x) ? NaN : 0) : regularizedGammaP(shape, x / scale)),
    mean: shape * scale,
    variance: shape * scale * scale,
    min: 0,
    max: Infinity,
    discrete: false,
    describe: () => `${D}(${label})`,
  };
}

export interface RangeParams {
  min: number;
  mode: number;
  max: number;
}

function checkRange(D: string, params: unknown): { a: number; c: number; b: number } {
  if (!isObject(params)) fail(D, '', `expected { min, mode, max } (got ${show(params)})`);
  const a = finite(D, 'min', params.min);
  const c = finite(D, 'mode', params.mode);
  const b = finite(D, 'max', params.max);
  if (!(b > a)) fail(D, 'max', `must be greater than min (got ${f(b)} <= ${f(a)}); use constant for a fixed value`);
  if (c < a) fail(D, 'mode', `must be >= min (got ${f(c)} < ${f(a)})`);
  if (c > b) fail(D, 'mode', `must be <= max (got ${f(c)} > ${f(b)})`);
  return { a, c, b };
}

/** Triangular on [min, max] with peak at mode; closed-form quantile. */
export function triangular(params: RangeParams): FullDistribution {
  const D = 'triangular';
  const { a, c, b } = checkRange(D, params);
  const w = b - a;
  const fc = (c - a) / w;
  const kl = w * (c - a);
  const ku = w * (b - c);
  const wl = c - a;
  const wu = b - c;
  // Upper branch written as a + w((c − a) + p(b − c)) / (w + sqrt((1 − p) w (b − c))),
  // which equals b − sqrt((1 − p) w (b − c)) without its cancellation near min
  // (mode = min). Each branch is clamped to its side of the mode so rounding
  // cannot make the quantile step back where the branches meet.
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p < fc) {
      const x = a + Math.sqrt(p * kl);
      return x < c ? x : c;
    }
    const x = a + (w * (wl + p * wu)) / (w + Math.sqrt((1 - p) * ku));
    return x < c ? c : x > b ? b : x;
  };
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => {
      if (Number.isNaN(x)) return NaN;
      if (x <= a) return 0;
      if (x >= b) return 1;
      if (x <= c) return ((x - a) * (x - a)) / kl;
      const upperTail = ((b - x) * (b - x)) / ku;
      if (upperTail <= 0.5) return 1 - upperTail;
      // Below the median with mode near min: 1 − (b − x)²/ku without cancellation (u = x − mode).
      const u = x - c;
      return (wu * wl + u * (2 * wu - u)) / ku;
    },
    mean: (a + b + c) / 3,
    variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18,
    min: a,
    max: b,
    discrete: false,
    describe: () => `${D}(min=${f(a)}, mode=${f(c)}, max=${f(b)})`,
  };
}

export interface PertParams extends RangeParams {
  /** Weight of the mode (default 4, the classic PERT). */
  lambda?: number;
}

/**
 * Beta-PERT on [min, max]: Beta(α, β) with α = 1 + λ (mode − min)/(max − min),
 * β = 1 + λ (max − mode)/(max − min); mean = (min + λ·mode + max)/(λ + 2).
 * quantile: tabulated inverse CDF (module doc), cached per (α, β);
 * sample: ratio of exact gamma draws.
 */
export function pert(params: PertParams): FullDistribution {
  const D = 'pert';
  const { a, c, b } = checkRange(D, params);
  const lambda = params.lambda === undefined ? 4 : nonNegative(D, 'lambda', params.lambda);
  if (lambda > 1e4) fail(D, 'lambda', `must be <= 10000 (got ${f(lambda)})`);
  const w = b - a;
  const al = 1 + (lambda * (c - a)) / w;
  const be = 1 + (lambda * (b - c)) / w;
  const mean = (a + lambda * c + b) / (lambda + 2);
  const variance = ((mean - a) * (b - mean)) / (lambda + 3);
  let table: HermiteTable | undefined;
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p === 0) return a;
    if (p === 1) return b;
    table ??= betaTable(al, be);
    const y = table.at(inverseNormalCdf(clampP(p)));
    const x = a + w / (1 + Math.exp(-y));
    return x > b ? b : x;
  };
  const ga = stdGammaSampler(al);
  const gb = stdGammaSampler(be);
  return {
    name: D,
    sample: (source) => {
      const x = ga(source);
      const y = gb(source);
      return a + (w * x) / (x + y);
    },
    quantile,
    cdf: (x) => regularizedBeta((x - a) / w, al, be),
    mean,
    variance,
    min: a,
    max: b,
    discrete: false,
    describe: () =>
      `${D}(min=${f(a)}, mode=${f(c)}, max=${f(b)}${params.lambda === undefined ? '' : `, lambda=${f(lambda)}`})`,
  };
}

/**
 * 1 with probability p, else 0. Convention (the generalized inverse, like every
 * other quantile here): quantile(u) = u >= 1 − p ? 1 : 0 — non-decreasing in u,
 * so a larger uniform never turns a 1 into a 0.
 */
export function bernoulli(p: number): FullDistribution {
  const D = 'bernoulli';
  const prob = finite(D, 'p', p);
  if (prob < 0 || prob > 1) fail(D, 'p', `must be a probability in [0, 1] (got ${f(prob)})`);
  const threshold = 1 - prob;
  const quantile =
    prob === 0
      ? (u: number) => (u >= 0 && u <= 1 ? 0 : NaN)
      : (u: number) => (u >= 0 && u <= 1 ? (u >= threshold ? 1 : 0) : NaN);
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x < 0 ? 0 : x < 1 ? threshold : 1),
    mean: prob,
    variance: prob * (1 - prob),
    min: prob === 1 ? 1 : 0,
    max: prob === 0 ? 0 : 1,
    discrete: true,
    describe: () => `${D}(p=${f(prob)})`,
  };
}

interface PoissonTable {
  k0: number;
  cdf: Float64Array;
  guide: Int32Array;
}

function buildPoissonTable(mean: number): PoissonTable {
  if (mean === 0) return { k0: 0, cdf: Float64Array.of(1), guide: Int32Array.of(0) };
  // Relative weights recursed outward from the mode (no underflow for any mean).
  const mode = Math.floor(mean);
  const cut = 1e-18;
  const up: number[] = [];
  for (let k = mode, w = 1; w > cut; k++) {
    up.push(w);
    w *= mean / (k + 1);
  }
  const down: number[] = [];
  for (let k = mode, w = 1; k > 0; k--) {
    w *= k / mean;
    if (w <= cut) break;
    down.push(w);
  }
  const k0 = mode - down.length;
  const n = down.length + up.length;
  const weights = new Float64Array(n);
  for (let i = 0; i < down.length; i++) weights[down.length - 1 - i] = down[i];
  for (let i = 0; i < up.length; i++) weights[down.length + i] = up[i];
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += weights[i];
    cdf[i] = acc / total;
  }
  cdf[n - 1] = 1;
  const guide = new Int32Array(n);
  for (let j = 0, k = 0; j < n; j++) {
    const pj = j / n;
    while (cdf[k] <= pj) k++;
    guide[j] = k;
  }
  return { k0, cdf, guide };
}

/**
 * Poisson(mean). quantile: exact inversion of a CDF table built on first use
 * (recursed from the mode, so no underflow even for huge means; mass below
 * 1e-18 of the mode weight dropped), searched from a guide table: O(1) per draw.
 */
export function poisson(mean: number): FullDistribution {
  const D = 'poisson';
  const m = nonNegative(D, 'mean', mean);
  if (m > 1e9) fail(D, 'mean', `must be <= 1e9 (got ${f(m)}); use normal({ mean, sd: sqrt(mean) })`);
  let table: PoissonTable | undefined;
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    table ??= buildPoissonTable(m);
    const { cdf, guide } = table;
    const n = cdf.length;
    let j = Math.floor(p * n);
    if (j >= n) j = n - 1;
    let k = guide[j];
    while (k < n - 1 && cdf[k] <= p) k++;
    return table.k0 + k;
  };
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => (x < 0 ? 0 : Number.isNaN(x) ? NaN : m === 0 ? 1 : regularizedGammaQ(Math.floor(x) + 1, m)),
    mean: m,
    variance: m,
    min: 0,
    max: m === 0 ? 0 : Infinity,
    discrete: true,
    describe: () => `${D}(mean=${f(m)})`,
  };
}

/**
 * Resamples the given values with equal weights (a bootstrap of observed data).
 * quantile(p) = sorted[floor(p · n)]; mean and variance are those of the
 * empirical law (variance divides by n).
 */
export function empirical(samples: readonly number[]): FullDistribution {
  const D = 'empirical';
  if (!Array.isArray(samples) || samples.length === 0) {
    fail(D, 'samples', `must be a non-empty array of numbers (got ${Array.isArray(samples) ? 'an empty array' : show(samples)})`);
  }
  const n = samples.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = finite(D, `samples[${i}]`, samples[i]);
  sorted.sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) * (sorted[i] - mean);
  const quantile = (p: number) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    const i = Math.floor(p * n);
    return sorted[i < n ? i : n - 1];
  };
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => {
      if (Number.isNaN(x)) return NaN;
      let lo = 0;
      let hi = n; // first index with sorted[i] > x
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      return lo / n;
    },
    mean,
    variance: ss / n,
    min: sorted[0],
    max: sorted[n - 1],
    discrete: true,
    describe: () => `${D}(n=${n}, mean=${f(mean)})`,
  };
}

export interface MixtureComponent {
  /** Relative weight (>= 0; weights are normalised). */
  weight: number;
  dist: FullDistribution;
}

/**
 * A finite mixture. `quantile(u)` picks the component whose weight band
 * contains u, rescales u within that band and feeds it to the component's
 * quantile, so ONE uniform gives an exact draw. Note: this is a one-uniform
 * transform, not the inverse CDF of the mixture — it is non-decreasing within
 * each band only (the only quantile here that is not monotone overall).
 */
export function mixture(components: readonly MixtureComponent[]): FullDistribution {
  const D = 'mixture';
  if (!Array.isArray(components) || components.length === 0) {
    fail(D, 'components', 'must be a non-empty array of { weight, dist }');
  }
  let total = 0;
  components.forEach((c, i) => {
    if (!isObject(c)) fail(D, `components[${i}]`, `must be { weight, dist } (got ${show(c)})`);
    total += nonNegative(D, `components[${i}].weight`, c.weight);
    const d = c.dist as unknown;
    if (!isObject(d) || typeof d.quantile !== 'function' || typeof d.cdf !== 'function') {
      fail(D, `components[${i}].dist`, 'must be a distribution built by this module');
    }
  });
  if (!(total > 0)) fail(D, 'components', 'weights must not all be 0');
  const kept = components.filter((c) => c.weight > 0);
  const k = kept.length;
  const weights = kept.map((c) => c.weight / total);
  const dists = kept.map((c) => c.dist);
  const upper = new Float64Array(k); // cumulative weights
  const lower = new Float64Array(k);
  const inv = new Float64Array(k);
  let acc = 0;
  for (let i = 0; i < k; i++) {
    lower[i] = acc;
    acc += weights[i];
    upper[i] = i === k - 1 ? 1 : acc;
    inv[i] = 1 / weights[i];
  }
  const quantile = (u: number) => {
    if (!(u >= 0 && u <= 1)) return NaN;
    let i = 0;
    while (i < k - 1 && u >= upper[i]) i++;
    let v = (u - lower[i]) * inv[i];
    if (v > 1) v = 1;
    else if (v < 0) v = 0;
    return dists[i].quantile(v);
  };
  let mean = 0;
  let second = 0;
  for (let i = 0; i < k; i++) {
    mean += weights[i] * dists[i].mean;
    second += weights[i] * (dists[i].variance + dists[i].mean * dists[i].mean);
  }
  return {
    name: D,
    sample: (source) => quantile(source()),
    quantile,
    cdf: (x) => {
      let s = 0;
      for (let i = 0; i < k; i++) s += weights[i] * dists[i].cdf(x);
      return s > 1 ? 1 : s;
    },
    mean,
    variance: Math.max(0, second - mean * mean),
    min: Math.min(...dists.map((d) => d.min)),
    max: Math.max(...dists.map((d) => d.max)),
    discrete: dists.every((d) => d.discrete),
    describe: () => `${D}(${weights.map((w, i) => `${f(w)}: ${dists[i].describe()}`).join(', ')})`,
  };
}

/** `factor · X` for factor > 0 (keeps quantile monotone), e.g. tokens × price. */
export function scaled(dist: FullDistribution, factor: number): FullDistribution {
  const s = positive('scaled', 'factor', factor);
  return {
    name: dist.name,
    sample: (source) => s * dist.sample(source),
    quantile: (p) => s * dist.quantile(p),
    cdf: (x) => dist.cdf(x / s),
    mean: s * dist.mean,
    variance: s * s * dist.variance,
    min: s * dist.min,
    max: s * dist.max,
    discrete: dist.discrete,
    describe: () => `${f(s)} × ${dist.describe()}`,
  };
}

/** `X + offset`, e.g. a fixed overhead plus a random duration. */
export function shifted(dist: FullDistribution, offset: number): FullDistribution {
  const o = finite('shifted', 'offset', offset);
  return {
    name: dist.name,
    sample: (source) => o + dist.sample(source),
    quantile: (p) => o + dist.quantile(p),
    cdf: (x) => dist.cdf(x - o),
    mean: o + dist.mean,
    variance: dist.variance,
    min: o + dist.min,
    max: o + dist.max,
    discrete: dist.discrete,
    describe: () => `${f(o)} + ${dist.describe()}`,
  };
}
