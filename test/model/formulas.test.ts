/** The model's formulas, each against hand arithmetic. */
import { describe, expect, it } from 'vitest';
import { anyOf, attemptWrongProbability, reviewWorkHours } from '../../src/model/index.js';

describe('reviewWorkHours', () => {
  const base = { overheadHours: 0.25, diffLines: 400, linesPerHour: 200, machineVerified: false, machineVerifiedDiscount: 0.4, round: 0, reReviewShare: 0.5 };
  it('is the overhead plus the diff read at linesPerHour', () => {
    expect(reviewWorkHours(base)).toBe(0.25 + 2);
  });
  it('reads a machine-verified version at 1 - discount', () => {
    expect(reviewWorkHours({ ...base, machineVerified: true })).toBeCloseTo(0.25 + 2 * 0.6, 12);
  });
  it('re-reads reReviewShare of the diff in later rounds, discount on top', () => {
    expect(reviewWorkHours({ ...base, round: 1 })).toBe(0.25 + 1);
    expect(reviewWorkHours({ ...base, round: 2, machineVerified: true })).toBeCloseTo(0.25 + 2 * 0.6 * 0.5, 12);
  });
  it('counts a negative overhead draw as none', () => {
    expect(reviewWorkHours({ ...base, overheadHours: -1 })).toBe(2);
  });
});

describe('attemptWrongProbability', () => {
  it("is the tier's rate times the kind's difficulty, at most 1", () => {
    expect(attemptWrongProbability(0.2, 1.5)).toBeCloseTo(0.3, 12);
    expect(attemptWrongProbability(0.5, 3)).toBe(1);
    expect(attemptWrongProbability(0.3, 0)).toBe(0);
  });
});

describe('anyOf', () => {
  it('is 1 - (1 - p)^n: the chance that one of n chances comes true', () => {
    expect(anyOf(0.35, 1)).toBeCloseTo(0.35, 12);
    expect(anyOf(0.35, 2)).toBeCloseTo(1 - 0.65 * 0.65, 12);
    expect(anyOf(0.5, 3)).toBeCloseTo(0.875, 12);
    expect(anyOf(0.2, 0)).toBe(0);
    expect(anyOf(1, 4)).toBe(1);
  });
});
