/**
 * Regression cases of the fuzzer: every input that once crashed is kept as a file of
 * test/fuzz/regressions/ (by ./scenarios.test.ts, the moment it crashes) and replayed by
 * ./regressions.test.ts in every run. A file holds the input as JSON (NaN, the infinities and
 * undefined written as `{ "$number": "NaN" }` and `{ "$undefined": true }`), and the seed and
 * index that drew it, so that an input JSON cannot hold (a cycle) is drawn again from them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fuzzInput } from './inputs.js';
import type { FuzzInput } from './outcome.js';

export const REGRESSIONS_DIR = join(import.meta.dirname, 'regressions');

/** JSON that keeps NaN, the infinities and undefined. */
export const replacer = (_key: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v === undefined ? { $undefined: true } : v;

const reviver = (_key: string, v: unknown) => {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.$number === 'string') return Number(o.$number);
    if (Object.keys(o).length === 1 && o.$undefined === true) return undefined;
  }
  return v;
};

export interface RegressionCase {
  /** How the input was found: the fuzzer's seed, the case's index, the run's case count (or `issue N` for a hand-written case). */
  found: { seed: number; index: number; runs: number } | string;
  input?: FuzzInput;
}

/** Writes a crashing input as a regression case; returns its file's name. */
export function keepRegression(input: FuzzInput, found: { seed: number; index: number; runs: number }): string {
  mkdirSync(REGRESSIONS_DIR, { recursive: true });
  let json: string | undefined;
  try {
    json = JSON.stringify({ found, input } satisfies RegressionCase, replacer, 1);
  } catch {
    json = JSON.stringify({ found } satisfies RegressionCase, null, 1); // a cycle: drawn again from the seed
  }
  const name = `seed-${found.seed}-case-${found.index}.json`;
  writeFileSync(join(REGRESSIONS_DIR, name), `${json}\n`);
  return name;
}

/** Every kept case, with its input (drawn again from its seed where the file holds none). */
export function regressionCases(): { name: string; input: FuzzInput }[] {
  return readdirSync(REGRESSIONS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const kept = JSON.parse(readFileSync(join(REGRESSIONS_DIR, name), 'utf8'), reviver) as RegressionCase;
      if (kept.input) return { name, input: kept.input };
      if (typeof kept.found === 'string') throw new Error(`${name}: no input and no seed to draw it from`);
      const drawn = fc.sample(fuzzInput, { seed: kept.found.seed, numRuns: kept.found.runs })[kept.found.index];
      if (!drawn) throw new Error(`${name}: the seed no longer draws case ${kept.found.index}`);
      return { name, input: drawn };
    });
}
