/**
 * Fuzzing: hostile scenarios, text and arguments (./inputs) are each accepted and simulated, or
 * refused with a message naming the field; none crashes, runs away or changes a prototype.
 * A fixed seed and a run count that keeps this file to some seconds; ORCHSIM_FUZZ_RUNS=20000
 * tries more and prints the same figures.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzInput } from './inputs.js';
import { keepRegression, replacer } from './regressions.js';
import { tryInput, type FuzzInput } from './outcome.js';

const RUNS = Number(process.env.ORCHSIM_FUZZ_RUNS ?? 1500);
/** A different seed each run (printed: ORCHSIM_FUZZ_SEED=<seed> replays it), so that CI explores new cases every time. */
const SEED = Number(process.env.ORCHSIM_FUZZ_SEED ?? Date.now() % 2 ** 31);

function show(input: FuzzInput): string {
  let text: string;
  try {
    text = JSON.stringify(input, replacer) ?? String(input.value);
  } catch {
    text = String(input.value);
  }
  return text.length > 600 ? `${text.slice(0, 600)}...` : text;
}

describe('fuzzed scenarios', () => {
  it(`${RUNS} hostile inputs: accepted or refused naming a field, never a crash`, () => {
    console.info(`fuzz: seed ${SEED} (ORCHSIM_FUZZ_SEED=${SEED} replays this run)`);
    const counts = { tried: 0, accepted: 0, refused: 0, crashed: 0 };
    const crashes: string[] = [];
    const crashed: FuzzInput[] = [];
    const kept: string[] = [];
    let slowestMs = 0;
    let index = -1;
    for (const input of fc.sample(fuzzInput, { seed: SEED, numRuns: RUNS })) {
      index++;
      const started = performance.now();
      const outcome = tryInput(input);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      counts.tried++;
      counts[outcome.status]++;
      if (outcome.status === 'crashed') {
        crashed.push(input);
        // Kept as a regression case (./regressions.test.ts replays every file there): commit it with the fix.
        kept.push(keepRegression(input, { seed: SEED, index, runs: RUNS }));
      }
      if (outcome.status === 'crashed' && crashes.length < 5) {
        const e = outcome.error as Error;
        crashes.push(`${show(input)}\n  -> ${e?.name}: ${e?.message}\n${e?.stack?.split('\n').slice(1, 6).join('\n')}`);
      }
    }
    // ORCHSIM_FUZZ_DUMP=file.json keeps every crashing input, to replay with tryInput.
    if (process.env.ORCHSIM_FUZZ_DUMP) writeFileSync(process.env.ORCHSIM_FUZZ_DUMP, JSON.stringify(crashed, replacer, 1));
    console.info(`fuzz (seed ${SEED}): ${JSON.stringify(counts)}, slowest case ${slowestMs.toFixed(0)} ms`);
    if (kept.length) console.info(`fuzz: crashing inputs kept as regression cases: ${kept.join(', ')}`);
    expect(crashes).toEqual([]);
    expect(counts.accepted).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, Math.max(120_000, RUNS * 60));
});
