/**
 * Break-even: where a paired difference (regime a - regime b on a metric, say) changes sign as
 * one parameter goes over [A, B], found by bracketing and bisection, with a 95% interval.
 *
 * The caller's `differenceAt(x)` evaluates the same replications at every probe (common random
 * numbers), so the estimate and its interval bounds are smooth curves of x, and returns the
 * estimate and its 95% interval. The curves are assumed to cross 0 once near the root (monotone
 * there); the search is:
 *
 * 1. Bracketing: probe `scan` evenly spaced points of [A, B] (both ends included) and take the
 *    first neighbouring pair whose estimates differ in sign (a curve that reaches 0 counts as
 *    crossed, so an estimate of exactly 0 at a probe is the root).
 *    No sign change: "no break-even in [A, B]", with the sign every probe had (`sign`: +1 when
 *    the difference is positive throughout, a - b > 0, so b is lower there) and whether any
 *    probe's interval contained 0 (then the verdict is not significant everywhere).
 * 2. Bisection of the estimate in that bracket until it is at most `tolerance` wide (integer x:
 *    until its ends are neighbours), then the root by linear interpolation within the last
 *    bracket (exact for a linear difference); for an integer x, the root is the smallest integer
 *    at which the sign has flipped.
 * 3. The interval: the x range over which the difference's band contains 0 around the root. Its
 *    near end is where the bound on the starting side (ciHigh when the difference starts negative,
 *    ciLow when it starts positive) crosses 0, its far end where the other bound does; each is
 *    bracketed from the probes made so far and bisected like the estimate. A bound that has
 *    already crossed at A, or not yet at B, gives the range end and `lowOpen` / `highOpen`: the
 *    interval extends past the range. For an integer x the ends are the smallest integers at
 *    which each bound has crossed, so the interval holds the plausible smallest flipping integers.
 *
 * A probe whose interval bound is not finite (too few replications) makes the interval NaN.
 * Every probe is kept (sorted by x in the result) for a chart of the difference and its band.
 * `maxProbes` caps the evaluations; a bisection stopped by it reports `converged: false` with the
 * bracket it reached.
 */
import type { Estimate } from './metrics.js';

/** One evaluation of the difference. */
export interface Probe extends Estimate {
  x: number;
}

/** Options: the range, the tolerance on x (continuous only), the probe budget, integer x, scan points. */
export interface BreakEvenOptions {
  low: number;
  high: number;
  /** Bisection stops when the bracket is at most this wide (default (high - low) / 1000). */
  tolerance?: number;
  /** The most evaluations of differenceAt (default 60). */
  maxProbes?: number;
  /** x takes whole numbers only (a fan-out width). */
  integer?: boolean;
  /** Evenly spaced probes of the first scan, both ends included (default 5; at least 2). */
  scan?: number;
}

/** A crossing: the root, its bracket, and its 95% interval. */
export interface BreakEvenCrossing {
  found: true;
  value: number;
  /** The last bisection bracket of the estimate's sign change. */
  bracketLow: number;
  bracketHigh: number;
  ciLow: number;
  ciHigh: number;
  lowOpen: boolean;
  highOpen: boolean;
  /** The estimate's sign at `low` (-1 or +1): the difference goes from this sign to the other. */
  signAtLow: number;
  converged: boolean;
  probes: Probe[];
}

/** No sign change over the probes of [low, high]. */
export interface NoBreakEven {
  found: false;
  /** The sign of the estimate at every probe (+1 or -1). */
  sign: number;
  /** Whether some probe's interval contained 0. */
  bandContainsZero: boolean;
  probes: Probe[];
}

export type BreakEvenResult = BreakEvenCrossing | NoBreakEven;

type Curve = (p: Probe) => number;

/**
 * Finds the break-even of `differenceAt` over [low, high] (see the module comment).
 *
 * @example
 * ```ts
 * import { breakEven } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // A paired difference (with its 95% interval) that changes sign at x = 3.
 * const result = breakEven((x) => ({ estimate: x - 3, ciLow: x - 3.5, ciHigh: x - 2.5 }), { low: 0, high: 10 });
 * assert.ok(result.found && Math.abs(result.value - 3) < 0.02);
 * ```
 */
export function breakEven(differenceAt: (x: number) => Estimate, options: BreakEvenOptions): BreakEvenResult {
  const { low, high } = options;
  const integer = options.integer ?? false;
  const maxProbes = options.maxProbes ?? 60;
  const scan = Math.max(2, options.scan ?? 5);
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) throw new RangeError(`breakEven: the range needs finite low < high (got ${low}..${high})`);
  if (integer && (!Number.isInteger(low) || !Number.isInteger(high))) throw new RangeError(`breakEven: an integer range needs whole-number ends (got ${low}..${high})`);
  const tolerance = integer ? 1 : (options.tolerance ?? (high - low) / 1000);
  if (!(tolerance > 0)) throw new RangeError(`breakEven: tolerance must be > 0 (got ${tolerance})`);
  if (!(maxProbes >= scan)) throw new RangeError(`breakEven: maxProbes must be at least the ${scan} scan probes (got ${maxProbes})`);

  const probes = new Map<number, Probe>();
  const probe = (x: number): Probe | undefined => {
    const known = probes.get(x);
    if (known) return known;
    if (probes.size >= maxProbes) return undefined;
    const d = differenceAt(x);
    const p = { x, estimate: d.estimate, ciLow: d.ciLow, ciHigh: d.ciHigh };
    probes.set(x, p);
    return p;
  };
  const sorted = () => [...probes.values()].sort((a, b) => a.x - b.x);

  const scanCount = integer ? Math.min(scan, high - low + 1) : scan;
  for (let s = 0; s < scanCount; s++) {
    const x = s === scanCount - 1 ? high : low + ((high - low) * s) / (scanCount - 1);
    probe(integer ? Math.round(x) : x);
  }
  const scanned = sorted();
  // The starting side: the estimate's sign at low, or, when it is exactly 0 there (the root is
  // low), the side opposite the first non-zero estimate.
  const atLow = Math.sign(scanned[0]!.estimate);
  const signAtLow = atLow !== 0 ? atLow : -(Math.sign(scanned.find((p) => p.estimate !== 0)?.estimate ?? 1) || 1);
  const est: Curve = (p) => p.estimate;
  if (!scanned.some((p) => signAtLow * p.estimate <= 0)) {
    return { found: false, sign: signAtLow, bandContainsZero: scanned.some((p) => p.ciLow <= 0 && p.ciHigh >= 0), probes: scanned };
  }
  const near: Curve = signAtLow < 0 ? (p) => p.ciHigh : (p) => p.ciLow;
  const far: Curve = signAtLow < 0 ? (p) => p.ciLow : (p) => p.ciHigh;

  /**
   * Where `curve` first reaches 0 or the other side: bisects between the first probe (in x order)
   * that has crossed and the probe before it, then interpolates (integer x: the crossed end).
   * Crossed already at low, or not by high: that range end, open.
   */
  const crossing = (curve: Curve) => {
    const crossed = (p: Probe) => signAtLow * curve(p) <= 0;
    const all = sorted();
    const first = all.findIndex(crossed);
    if (first <= 0) {
      const end = first === 0 ? low : high;
      return { value: end, lo: end, hi: end, open: true, converged: true };
    }
    let lo = all[first - 1]!;
    let hi = all[first]!;
    let converged = true;
    while (hi.x - lo.x > tolerance) {
      const p = probe(integer ? Math.floor((lo.x + hi.x) / 2) : (lo.x + hi.x) / 2);
      if (!p) {
        converged = false;
        break;
      }
      if (crossed(p)) hi = p;
      else lo = p;
    }
    const value = integer ? hi.x : interpolateZero(lo.x, curve(lo), hi.x, curve(hi));
    return { value, lo: lo.x, hi: hi.x, open: false, converged };
  };

  const root = crossing(est);
  const nearEnd = crossing(near);
  const farEnd = crossing(far);
  // Without a finite band at every probe the interval is unknown.
  const banded = [...probes.values()].every((p) => Number.isFinite(p.ciLow) && Number.isFinite(p.ciHigh));
  return {
    found: true,
    value: root.value,
    bracketLow: root.lo,
    bracketHigh: root.hi,
    ciLow: banded ? Math.min(nearEnd.value, root.value) : Number.NaN,
    ciHigh: banded ? Math.max(farEnd.value, root.value) : Number.NaN,
    lowOpen: nearEnd.open && nearEnd.value === low,
    highOpen: farEnd.open && farEnd.value === high,
    signAtLow,
    converged: root.converged && nearEnd.converged && farEnd.converged,
    probes: sorted(),
  };
}

/** The x where the line through (x0, y0) and (x1, y1) is 0, kept inside [x0, x1]. */
function interpolateZero(x0: number, y0: number, x1: number, y1: number): number {
  if (y0 === y1) return (x0 + x1) / 2;
  const x = x0 + (y0 * (x1 - x0)) / (y0 - y1);
  return Math.min(x1, Math.max(x0, x));
}
