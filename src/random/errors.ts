/**
 * The checks that throw the parameter error of every factory (DistributionParameterError, which
 * lives in ../errors); internal to the random layer.
 */
import { DistributionParameterError } from '../errors/index.js';
import { formatNumber } from './format.js';

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
