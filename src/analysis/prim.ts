/**
 * Scenario discovery by PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999; as
 * used for scenario discovery by Bryant and Lempert 2010 and the EMA Workbench's prim module):
 * the box of input space where the cases of interest (y = 1, say "the verdict flips")
 * concentrate, described by bounds on a few inputs.
 *
 * Peeling: from the box holding every draw, repeatedly remove the slice (the lowest or the
 * highest `peelAlpha` share of the box's draws along one input) that leaves the highest density
 * of cases, until the box holds less than `minMass` of the draws; every box on the way is on the
 * peeling trajectory. The box chosen is the one with the best balance of coverage and density
 * (their harmonic mean) among those with a density of at least `threshold` (among all of them
 * when none reaches it). Pasting: widen a bound by `pasteAlpha` of the
 * box's draws while that raises the density. Dropping: a restriction whose removal lowers the
 * density by less than `dropTolerance` is removed, so that the box names only the inputs that
 * matter. Further boxes are found on the draws outside the earlier ones (covering), while the
 * next box reaches the threshold.
 *
 *   coverage = cases in the box / all cases;  density = cases in the box / draws in the box;
 *   mass = draws in the box / all draws.
 */
export interface PrimOptions {
  peelAlpha?: number;
  pasteAlpha?: number;
  minMass?: number;
  threshold?: number;
  dropTolerance?: number;
  maxBoxes?: number;
}

export const PRIM_DEFAULTS = { peelAlpha: 0.05, pasteAlpha: 0.05, minMass: 0.05, threshold: 0.8, dropTolerance: 0.01, maxBoxes: 2 } as const;

/** Bounds on one input ([low, high], inclusive); an input not restricted has the data's range. */
export interface PrimBound {
  input: number;
  low: number;
  high: number;
}

export interface PrimBox {
  /** Only the restricted inputs, most restricting first (by the share of the input's range cut off). */
  bounds: PrimBound[];
  coverage: number;
  density: number;
  mass: number;
  /** Cases and draws in the box. */
  cases: number;
  draws: number;
}

export interface PrimResult {
  boxes: PrimBox[];
  /** The share of all draws that are cases. */
  baseDensity: number;
  /** The first box's peeling trajectory: coverage, density and mass of each box. */
  trajectory: { coverage: number; density: number; mass: number }[];
}

/**
 * inputs[i][d]: input i at draw d; y[d]: 1 for a case of interest.
 *
 * @example
 * ```ts
 * import { prim } from 'orchsim';
 * import assert from 'node:assert/strict';
 *
 * // inputs[i][d]: input i at draw d; y[d] = 1 where the verdict flips (here: where x > 0.7).
 * const x = Array.from({ length: 400 }, (_, d) => ((d * 37) % 400) / 400);
 * const z = Array.from({ length: 400 }, (_, d) => ((d * 91) % 400) / 400);
 * const y = x.map((v) => (v > 0.7 ? 1 : 0));
 * const result = prim([x, z], y);
 * const box = result.boxes[0];
 * assert.ok(box.density > 0.9); // the box found is mostly cases
 * ```
 */
export function prim(inputs: readonly ArrayLike<number>[], y: ArrayLike<number>, options: PrimOptions = {}): PrimResult {
  const o = { ...PRIM_DEFAULTS, ...options };
  const n = y.length;
  if (inputs.length === 0) throw new RangeError('prim: give at least one input');
  for (const x of inputs) if (x.length !== n) throw new RangeError(`prim: an input has ${x.length} values for ${n} draws`);
  const totalCases = sum(y, allOf(n));
  const result: PrimResult = { boxes: [], baseDensity: totalCases / n, trajectory: [] };
  if (totalCases === 0) return result;
  const full = inputs.map((x) => range(x, allOf(n)));
  let remaining = allOf(n);
  for (let b = 0; b < o.maxBoxes && remaining.length > 0; b++) {
    const found = findBox(inputs, y, remaining, o, n);
    if (b === 0) result.trajectory = found.trajectory.map((t) => ({ coverage: t.cases / totalCases, density: t.cases / t.draws, mass: t.draws / n }));
    const inBox = found.members;
    const cases = sum(y, inBox);
    const density = inBox.length ? cases / inBox.length : 0;
    if (b > 0 && density < o.threshold) break;
    if (inBox.length === 0 || cases === 0) break;
    // Restricted against the draws this box was found on (a later box's draws exclude the earlier boxes).
    const within = inputs.map((x) => range(x, remaining));
    const bounds: PrimBound[] = [];
    found.box.forEach(([low, high], i) => {
      if (low > within[i]![0] || high < within[i]![1]) bounds.push({ input: i, low, high });
    });
    const cut = (bd: PrimBound) => {
      const [lo, hi] = full[bd.input]!;
      return hi > lo ? 1 - (bd.high - bd.low) / (hi - lo) : 0;
    };
    bounds.sort((p, q) => cut(q) - cut(p) || p.input - q.input);
    result.boxes.push({ bounds, coverage: cases / totalCases, density, mass: inBox.length / n, cases, draws: inBox.length });
    const members = new Set(inBox);
    remaining = remaining.filter((d) => !members.has(d));
  }
  return result;
}

const allOf = (n: number) => Array.from({ length: n }, (_, i) => i);

function sum(y: ArrayLike<number>, rows: readonly number[]): number {
  let s = 0;
  for (const r of rows) s += y[r]!;
  return s;
}

function range(x: ArrayLike<number>, rows: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, x[r]!);
    hi = Math.max(hi, x[r]!);
  }
  return [lo, hi];
}

type Box = [number, number][];

function inside(inputs: readonly ArrayLike<number>[], box: Box, rows: readonly number[]): number[] {
  return rows.filter((r) => box.every(([lo, hi], i) => inputs[i]![r]! >= lo && inputs[i]![r]! <= hi));
}

/** The value below which (or above which, `top`) a share `alpha` of `rows`' values of x lie. */
function quantileOf(x: ArrayLike<number>, rows: readonly number[], alpha: number, top: boolean): number {
  const values = rows.map((r) => x[r]!).sort((a, b) => a - b);
  const k = Math.min(values.length - 1, Math.max(0, Math.floor(alpha * values.length)));
  return top ? values[values.length - 1 - k]! : values[k]!;
}

function findBox(
  inputs: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  rows: readonly number[],
  o: Required<PrimOptions>,
  n: number,
): { box: Box; members: number[]; trajectory: { cases: number; draws: number }[] } {
  let box: Box = inputs.map((x) => range(x, rows));
  let members = [...rows];
  const boxes: { box: Box; members: number[] }[] = [{ box, members }];
  // Peeling.
  while (members.length / n > o.minMass) {
    let best: { box: Box; members: number[]; density: number } | null = null;
    for (let i = 0; i < inputs.length; i++) {
      for (const top of [false, true]) {
        const q = quantileOf(inputs[i]!, members, o.peelAlpha, top);
        // Peel the values strictly beyond q (at least one draw); with ties at q, peel q itself.
        let kept = members.filter((r) => (top ? inputs[i]![r]! < q : inputs[i]![r]! > q));
        const strict = members.filter((r) => (top ? inputs[i]![r]! <= q : inputs[i]![r]! >= q));
        if (strict.length < members.length && strict.length > 0) kept = strict;
        if (kept.length === members.length || kept.length === 0) continue;
        const density = sum(y, kept) / kept.length;
        if (!best || density > best.density) {
          const next = box.map((b) => [...b] as [number, number]);
          const [lo, hi] = range(inputs[i]!, kept);
          next[i] = top ? [next[i]![0], hi] : [lo, next[i]![1]];
          best = { box: next, members: kept, density };
        }
      }
    }
    if (!best || best.members.length / n < o.minMass) break;
    box = best.box;
    members = best.members;
    boxes.push({ box, members });
  }
  const trajectory = boxes.map((b) => ({ cases: sum(y, b.members), draws: b.members.length }));
  const density = (i: number) => trajectory[i]!.cases / trajectory[i]!.draws;
  // The balance of coverage and density (their harmonic mean), among the boxes dense enough if any are.
  const totalCases = trajectory[0]!.cases;
  const balance = (i: number) => {
    const c = trajectory[i]!.cases / Math.max(1, totalCases);
    const d = density(i);
    return c + d > 0 ? (2 * c * d) / (c + d) : 0;
  };
  const dense = boxes.some((_, i) => density(i) >= o.threshold);
  let chosen = 0;
  for (let i = 1; i < boxes.length; i++) if ((!dense || density(i) >= o.threshold) && (balance(i) > balance(chosen) || (dense && density(chosen) < o.threshold))) chosen = i;
  box = boxes[chosen]!.box;
  members = boxes[chosen]!.members;
  // Pasting: widen one bound at a time while the density rises.
  for (;;) {
    const current = sum(y, members) / members.length;
    let best: { box: Box; members: number[]; density: number } | null = null;
    for (let i = 0; i < inputs.length; i++) {
      for (const top of [false, true]) {
        const others = inside(
          inputs,
          box.map((b, j) => (j === i ? [-Infinity, Infinity] : b)),
          rows,
        ).filter((r) => (top ? inputs[i]![r]! > box[i]![1] : inputs[i]![r]! < box[i]![0]));
        if (others.length === 0) continue;
        const take = Math.max(1, Math.floor(o.pasteAlpha * members.length));
        const sorted = others.sort((a, b) => (top ? inputs[i]![a]! - inputs[i]![b]! : inputs[i]![b]! - inputs[i]![a]!));
        const edge = inputs[i]![sorted[Math.min(take, sorted.length) - 1]!]!;
        const next = box.map((b) => [...b] as [number, number]);
        next[i] = top ? [box[i]![0], edge] : [edge, box[i]![1]];
        const kept = inside(inputs, next, rows);
        const d = sum(y, kept) / kept.length;
        if (d > current && (!best || d > best.density)) best = { box: next, members: kept, density: d };
      }
    }
    if (!best) break;
    box = best.box;
    members = best.members;
  }
  // Dropping: restrictions that do not buy density.
  const full = inputs.map((x) => range(x, rows));
  for (let i = 0; i < inputs.length; i++) {
    if (box[i]![0] <= full[i]![0] && box[i]![1] >= full[i]![1]) continue;
    const next = box.map((b, j) => (j === i ? full[i]! : b));
    const kept = inside(inputs, next, rows);
    if (sum(y, kept) / kept.length >= sum(y, members) / members.length - o.dropTolerance) {
      box = next;
      members = kept;
    }
  }
  return { box, members, trajectory };
}
