/** Test functions with known sensitivity indices (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer). */
import type { Parameter } from '../../src/analysis/index.js';

/** Ishigami: sin x1 + a sin² x2 + b x3⁴ sin x1, x_i uniform on [-π, π]. */
export function ishigami(x: ArrayLike<number>, a = 7, b = 0.1): number {
  return Math.sin(x[0]!) + a * Math.sin(x[1]!) ** 2 + b * x[2]! ** 4 * Math.sin(x[0]!);
}

export const ISHIGAMI_PARAMETERS: Parameter[] = ['x1', 'x2', 'x3'].map((name) => ({ name, low: -Math.PI, high: Math.PI }));

/** Analytic indices of Ishigami (a, b): first order and total. */
export function ishigamiIndices(a = 7, b = 0.1): { first: number[]; total: number[] } {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = a * a / 8;
  const v13 = (8 * b * b * pi4 * pi4) / 225;
  const v = v1 + v2 + v13;
  return { first: [v1 / v, v2 / v, 0], total: [(v1 + v13) / v, v2 / v, v13 / v] };
}

/** Sobol's G function: Π (|4 x_i - 2| + a_i) / (1 + a_i), x_i uniform on [0, 1]. */
export function sobolG(x: ArrayLike<number>, a: readonly number[]): number {
  let g = 1;
  for (let i = 0; i < a.length; i++) g *= (Math.abs(4 * x[i]! - 2) + a[i]!) / (1 + a[i]!);
  return g;
}

/** Analytic indices of the G function: V_i = 1 / (3 (1 + a_i)^2), V = Π (1 + V_i) - 1. */
export function sobolGIndices(a: readonly number[]): { first: number[]; total: number[] } {
  const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const v = vi.reduce((p, x) => p * (1 + x), 1) - 1;
  return { first: vi.map((x) => x / v), total: vi.map((x) => (x * vi.reduce((p, y) => p * (1 + y), 1)) / (1 + x) / v) };
}
