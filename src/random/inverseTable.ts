/**
 * Tabulated inverse CDFs for the laws without a closed-form quantile (gamma, beta-PERT): nodes
 * equally spaced in z = Φ⁻¹(p), solved by safeguarded Newton iteration on the log CDF, read back
 * by cubic Hermite interpolation with the exact derivatives; tables cached by parameters.
 * Accuracy and cost: see the doc of ./distribution.ts.
 */
import {
  lbeta,
  lgamma,
  LN_SQRT_2PI,
  logBetaLower,
  logGammaP,
  logGammaQ,
  normalCdf,
  normalSf,
} from './special.js';

/** Number of nodes of the tabulated inverse CDFs. */
export const TABLE_NODES = 2049;
/** The tables cover z = Φ⁻¹(p) in [-TABLE_Z, TABLE_Z]; Φ(-8.3) = 5.2e-17 < P_MIN. */
export const TABLE_Z = 8.3;

/**
 * y(z) tabulated on equally spaced z with derivatives (premultiplied by the
 * spacing), evaluated by cubic Hermite interpolation.
 */
export class HermiteTable {
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
export function gammaTable(shape: number): HermiteTable {
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
export function betaTable(a: number, b: number): HermiteTable {
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
