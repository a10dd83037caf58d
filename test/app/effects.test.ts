/** Warnings for settings that cannot matter, from the regime registry's `reads` and the mode. */
import { describe, expect, it } from 'vitest';
import { changedPaths, effectWarnings, sweepWithoutEffect, userPaths } from '../../src/app/effects.js';
import { resolveScenario } from '../../src/model/index.js';

describe('settings without effect', () => {
  it('names review.reviewers in single-change mode (one change never queues)', () => {
    const s = resolveScenario({ review: { reviewers: 10 } });
    expect(userPaths(s)).toContain('review.reviewers');
    expect(effectWarnings(s, userPaths(s))).toEqual(['review.reviewers has no effect here: in single-change mode one change never queues for review']);
  });

  it('says nothing about reviewers in a stream, where they queue', () => {
    const s = resolveScenario({ review: { reviewers: 10 }, mode: { kind: 'stream', arrivals: { per: 'month', rate: 100 }, horizonDays: 30 } });
    expect(effectWarnings(s, userPaths(s))).toEqual([]);
  });

  it('names a parameter no regime run here reads', () => {
    const s = resolveScenario({ regimes: ['human'], fanout: 8, prices: { tiers: { sonnet: { inputUsdPerMTok: 9 } } } });
    const w = effectWarnings(s, userPaths(s));
    expect(w).toContain('fanout has no effect here: none of the regimes run here (human) reads it');
    expect(w).toContain('prices.tiers.sonnet.inputUsdPerMTok has no effect here: none of the regimes run here (human) reads it');
    expect(effectWarnings(resolveScenario({ fanout: 8 }), ['fanout'])).toEqual([]);
  });

  it('says nothing about a sensitivity: block (the sensitivity command reads it, no regime does)', () => {
    const s = resolveScenario({ sensitivity: { method: 'morris', params: [{ path: 'fanout', low: 1, high: 8 }], runs: 50 } });
    expect(userPaths(s).some((p) => p.startsWith('sensitivity'))).toBe(true);
    expect(effectWarnings(s, userPaths(s))).toEqual([]);
  });

  it('finds the leaves that differ from a base', () => {
    expect(changedPaths({ a: 1, b: { c: 2, d: [1, 2] } }, { a: 1, b: { c: 3, d: [1, 2] } })).toEqual(['b.c']);
  });

  it('tells a sweep whose points all gave the same results', () => {
    const row = (point: number, mean: number) => ({ point, regime: 'single', metric: 'm', mean }) as never;
    expect(sweepWithoutEffect([row(0, 1), row(1, 1), row(2, 1)])).toBe(true);
    expect(sweepWithoutEffect([row(0, 1), row(1, 2)])).toBe(false);
    expect(sweepWithoutEffect([row(0, 1)])).toBe(false);
  });
});
