import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UsageError } from '../../src/errors/index.js';
import { guidedTasks, parseShard, shardRange, splitTasks, taskSize, unitSegments } from '../../src/experiment/index.js';

describe('parseShard', () => {
  it('reads K/N', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });
  for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/3', '1.5/3'])
    it(`rejects ${bad}`, () => expect(() => parseShard(bad)).toThrow(UsageError));
});

describe('shard slicing', () => {
  it('covers every (point, replication) unit exactly once, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), (points, runs, count) => {
        const seen: string[] = [];
        for (let k = 1; k <= count; k++) {
          const { start, end } = shardRange(points * runs, { index: k, count });
          for (const s of unitSegments(points, runs, start, end)) for (let r = s.from; r < s.to; r++) seen.push(`${s.point}/${r}`);
        }
        const expected: string[] = [];
        for (let p = 0; p < points; p++) for (let r = 0; r < runs; r++) expected.push(`${p}/${r}`);
        expect(seen).toEqual(expected);
      }),
    );
  });

  it('gives contiguous blocks of nearly equal size', () => {
    const sizes = [1, 2, 3, 4].map((k) => {
      const { start, end } = shardRange(10, { index: k, count: 4 });
      return end - start;
    });
    expect(sizes).toEqual([2, 3, 2, 3]);
    expect(shardRange(10, { index: 1, count: 1 })).toEqual({ start: 0, end: 10 });
  });

  it('splits segments into tasks without crossing points', () => {
    const tasks = splitTasks(unitSegments(2, 5, 3, 9), 2);
    expect(tasks).toEqual([
      { point: 0, from: 3, to: 5 },
      { point: 1, from: 0, to: 2 },
      { point: 1, from: 2, to: 4 },
    ]);
    expect(taskSize(100_000, 2)).toBe(2000);
    expect(taskSize(10, 2)).toBe(1);
  });

  it('guided tasks cover every unit once, in order, within points, large first and small last', () => {
    const segments = unitSegments(3, 40_000, 5_000, 120_000);
    const tasks = guidedTasks(segments, 2);
    // Contiguous, canonical order, never crossing a point.
    let expected = { point: segments[0]!.point, from: segments[0]!.from };
    let covered = 0;
    for (const t of tasks) {
      if (t.point !== expected.point) {
        const seg = segments.find((s) => s.point === t.point)!;
        expected = { point: t.point, from: seg.from };
      }
      expect(t.from).toBe(expected.from);
      expect(t.to).toBeGreaterThan(t.from);
      expected.from = t.to;
      covered += t.to - t.from;
    }
    expect(covered).toBe(115_000);
    const sizes = tasks.map((t) => t.to - t.from);
    expect(Math.max(...sizes)).toBe(2000);
    expect(sizes[0]).toBe(2000);
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(100);
    // A small run is cut finely enough for every thread to get its share (replications may be long).
    const small = guidedTasks(unitSegments(1, 200, 0, 200), 2).map((t) => t.to - t.from);
    expect(small.reduce((a, b) => a + b, 0)).toBe(200);
    expect(small.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...small)).toBeLessThanOrEqual(50);
    expect(guidedTasks(unitSegments(1, 10, 0, 10), 4).map((t) => t.to - t.from)).toEqual(Array(10).fill(1));
  });
});
