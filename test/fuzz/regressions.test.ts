/** Every input the fuzzer (or an issue) found crashing, replayed: accepted or refused naming a field, never a crash (./regressions.ts). */
import { describe, expect, it } from 'vitest';
import { regressionCases } from './regressions.js';
import { tryInput } from './outcome.js';

const cases = regressionCases();

describe('fuzz regression cases', () => {
  it('the folder holds the cases found so far', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.name, c.input] as const))('%s: no crash', (_name, input) => {
    const outcome = tryInput(input);
    expect(outcome.status, outcome.status === 'crashed' ? String((outcome.error as Error)?.stack ?? outcome.error) : '').not.toBe('crashed');
  });
});
