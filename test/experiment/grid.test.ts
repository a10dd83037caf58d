import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { resolveScenario } from '../../src/model/index.js';
import { expandGrid, parseVary, splitTopLevel } from '../../src/experiment/index.js';

describe('parseVary', () => {
  it('reads lists, ranges, steps, geometric ranges and flow values', () => {
    expect(parseVary('fanout=1,2,4,8,16').values).toEqual([1, 2, 4, 8, 16]);
    expect(parseVary('fanout=1..5').values).toEqual([1, 2, 3, 4, 5]);
    expect(parseVary('fanout=1..16').values).toHaveLength(16);
    expect(parseVary('fanout=1..16*2').values).toEqual([1, 2, 4, 8, 16]);
    expect(parseVary('fanout=1..20*2').values).toEqual([1, 2, 4, 8, 16]);
    expect(parseVary('failure.gate.catchProbability=0.2..0.8:0.2').values).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(parseVary('fanout=1..3,8,16').values).toEqual([1, 2, 3, 8, 16]);
    expect(parseVary('review.reworkBy=agents,people').values).toEqual(['agents', 'people']);
    expect(parseVary('failure.gate.enabled=true,false').values).toEqual([true, false]);
    expect(parseVary('regimes=[single,fanout],[human,fanout]').values).toEqual([
      ['single', 'fanout'],
      ['human', 'fanout'],
    ]);
  });

  it('names the column in snake_case', () => {
    expect(parseVary('review.reviewers=1,2').column).toBe('review_reviewers');
    expect(parseVary('orchestration.agentCallCap=0,4').column).toBe('orchestration_agent_call_cap');
    expect(parseVary('fanout=1').column).toBe('fanout');
  });

  it('splits at top-level commas only', () => {
    expect(splitTopLevel('a,[b,c],{d: 1, e: 2},"f,g"')).toEqual(['a', '[b,c]', '{d: 1, e: 2}', '"f,g"']);
  });

  const bad: [string, RegExp][] = [
    ['fanout', /expected path=value/],
    ['=1,2', /expected path=value/],
    ['fanout=', /no values/],
    ['fanout=1,,2', /empty value/],
    ['fanout=4..1', /range 4\.\.1 is empty/],
    ['fanout=1..4:0', /step after ':' must be greater than 0/],
    ['fanout=1..4*1', /factor after '\*' must be greater than 1/],
    ['fanout=0..4*2', /must start above 0/],
    ['fanout=1,2,1', /appears twice/],
    ['fanout=1..20000', /at most 10,?000/],
    ['review..reviewers=1', /not a dotted path/],
  ];
  for (const [arg, message] of bad)
    it(`rejects --vary ${arg}`, () => {
      expect(() => parseVary(arg)).toThrow(UsageError);
      expect(() => parseVary(arg)).toThrow(message);
    });
});

describe('expandGrid', () => {
  const base = resolveScenario({});

  it('gives every combination, the first --vary slowest, each validated', () => {
    const points = expandGrid(base, [parseVary('fanout=1,2,4'), parseVary('review.reviewers=1,3')]);
    expect(points.map((p) => p.values)).toEqual([
      [1, 1],
      [1, 3],
      [2, 1],
      [2, 3],
      [4, 1],
      [4, 3],
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points[3]!.scenario.fanout).toBe(2);
    expect(points[3]!.scenario.review.reviewers).toBe(3);
    expect(base.fanout).toBe(4); // the base is not mutated
  });

  it('is a single point without varies', () => {
    const points = expandGrid(base, []);
    expect(points).toHaveLength(1);
    expect(points[0]!.scenario).toEqual(base);
  });

  it('names the vary and value of an invalid point', () => {
    expect(() => expandGrid(base, [parseVary('fanout=2,0')])).toThrow(/--vary fanout=0: fanout: .*(>=|at least|too small)/i);
    expect(() => expandGrid(base, [parseVary('review.reviewers=two')])).toThrow(/review\.reviewers/);
    expect(() => expandGrid(base, [parseVary('review.reviewrs=1,2')])).toThrow(/unknown field 'reviewrs'/);
  });

  it('rejects impossible grids', () => {
    expect(() => expandGrid(base, [parseVary('fanout=1,2'), parseVary('fanout=3,4')])).toThrow(/varied twice/);
    expect(() => expandGrid(base, [parseVary('review=1,2'), parseVary('review.reviewers=3,4')])).toThrow(/overlaps/);
    expect(() => expandGrid(base, [parseVary('fanout=1..100'), parseVary('review.reviewers=1..101')])).toThrow(/10,100 points/);
    expect(() => expandGrid(base, [parseVary('fanout=1,2')], new Set(['fanout']))).toThrow(/clashes/);
  });
});
