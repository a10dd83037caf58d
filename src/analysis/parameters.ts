/**
 * The parameters an analysis varies: a name and a range, optionally integer (a fan-out width).
 * Designs live on the unit hypercube; `fromUnit` maps a coordinate u in [0, 1] to the range.
 */

/** One varied parameter: `low <= high`, finite; `integer` values are whole numbers in the range. */
export interface Parameter {
  name: string;
  low: number;
  high: number;
  integer?: boolean;
}

/**
 * Throws a RangeError naming the parameter and the fix when a range is empty, reversed, not
 * finite, or (for an integer parameter) has non-integer ends. `what` names the caller.
 */
export function checkParameters(parameters: readonly Parameter[], what: string): void {
  if (parameters.length === 0) throw new RangeError(`${what}: give at least one parameter`);
  const seen = new Set<string>();
  for (const p of parameters) {
    if (seen.has(p.name)) throw new RangeError(`${what}: parameter '${p.name}' is given twice`);
    seen.add(p.name);
    if (!Number.isFinite(p.low) || !Number.isFinite(p.high) || !(p.low <= p.high)) {
      throw new RangeError(`${what}: parameter '${p.name}' needs finite low <= high (got ${p.low}..${p.high})`);
    }
    if (p.integer && (!Number.isInteger(p.low) || !Number.isInteger(p.high))) {
      throw new RangeError(`${what}: integer parameter '${p.name}' needs whole-number ends (got ${p.low}..${p.high})`);
    }
  }
}

/**
 * The value at unit coordinate `u` in [0, 1]: `low + u (high - low)`; for an integer parameter
 * the whole number `low + floor(u (high - low + 1))` (capped at `high`), so that a uniform u gives
 * every integer of the range the same probability and u = 0, 1 give the ends.
 */
export function fromUnit(parameter: Parameter, u: number): number {
  const { low, high } = parameter;
  if (!parameter.integer) return low + u * (high - low);
  return Math.min(high, low + Math.floor(u * (high - low + 1)));
}

/** The unit coordinate of `value`: `(value - low) / (high - low)`, 0 for an empty-width range. */
export function toUnit(parameter: Parameter, value: number): number {
  const width = parameter.high - parameter.low;
  return width > 0 ? (value - parameter.low) / width : 0;
}

/** A point in natural units from a point on the unit hypercube. */
export function pointFromUnit(parameters: readonly Parameter[], unit: ArrayLike<number>): Float64Array {
  const point = new Float64Array(parameters.length);
  for (let i = 0; i < parameters.length; i++) point[i] = fromUnit(parameters[i]!, unit[i]!);
  return point;
}

/** The midpoint of every range (rounded down for an integer parameter): the default base point. */
export function midpoint(parameters: readonly Parameter[]): Float64Array {
  const point = new Float64Array(parameters.length);
  for (let i = 0; i < parameters.length; i++) {
    const p = parameters[i]!;
    const mid = (p.low + p.high) / 2;
    point[i] = p.integer ? Math.floor(mid) : mid;
  }
  return point;
}
