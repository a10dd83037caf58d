/**
 * The parameter error every factory throws, and the checks that throw it. The checks are
 * internal to the random layer (the barrel exports only the error type).
 */
import { formatNumber } from './format.js';

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

export function show(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined (missing)';
  if (v === null) return 'null';
  return typeof v;
}

export function fail(dist: string, param: string, reason: string): never {
  throw new DistributionParameterError(dist, param, reason);
}

export function finite(dist: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    fail(dist, param, `must be a finite number (got ${show(v)})`);
  }
  return v;
}

export function positive(dist: string, param: string, v: unknown, hint = ''): number {
  const x = finite(dist, param, v);
  if (!(x > 0)) fail(dist, param, `must be greater than 0 (got ${formatNumber(x)})${hint}`);
  return x;
}

export function nonNegative(dist: string, param: string, v: unknown): number {
  const x = finite(dist, param, v);
  if (!(x >= 0)) fail(dist, param, `must be >= 0 (got ${formatNumber(x)})`);
  return x;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Which of the given alternative parameter sets is present; errors if none or mixed. */
export function pickParametrization(
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
