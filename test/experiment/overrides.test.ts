import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { resolveScenario } from '../../src/model/index.js';
import { applyOverrides, parseSet, pathToObject } from '../../src/experiment/index.js';

describe('--set', () => {
  const base = resolveScenario({});

  it('parses values as YAML scalars or flow collections', () => {
    expect(parseSet('fanout=8').value).toBe(8);
    expect(parseSet('failure.gate.enabled=false').value).toBe(false);
    expect(parseSet('review.reworkBy=people').value).toBe('people');
    expect(parseSet('regimes=[single,fanout]').value).toEqual(['single', 'fanout']);
    expect(parseSet('review.overheadHours={"dist":"constant","value":0.5}').value).toEqual({ dist: 'constant', value: 0.5 });
    expect(pathToObject('a.b.c', 1)).toEqual({ a: { b: { c: 1 } } });
  });

  it('applies overrides and validates the result', () => {
    const s = applyOverrides(base, [parseSet('fanout=8'), parseSet('review.reviewers=3')]);
    expect(s.fanout).toBe(8);
    expect(s.review.reviewers).toBe(3);
    expect(s.review.linesPerHour).toBe(base.review.linesPerHour);
  });

  it('names the flag and field of a bad value or path', () => {
    expect(() => applyOverrides(base, [parseSet('review.reviewers=abc')])).toThrow(UsageError);
    expect(() => applyOverrides(base, [parseSet('review.reviewers=abc')])).toThrow(/^--set review\.reviewers=abc: review\.reviewers: .*expected number/);
    expect(() => applyOverrides(base, [parseSet('review.reviewrs=3')])).toThrow(/unknown field 'reviewrs'/);
    expect(() => applyOverrides(base, [parseSet('fanout=8'), parseSet('review.reviewers=-1')])).toThrow(/--set review\.reviewers=-1/);
    expect(() => parseSet('review.reviewers')).toThrow(/expected path=value/);
    expect(() => parseSet('review.reviewers=')).toThrow(/empty/);
    expect(() => parseSet('review.reviewers=[1,')).toThrow(/cannot read the value/);
  });
});
