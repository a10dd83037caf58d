/**
 * The named views of a change's luck read the cells of the documented address layout: cell
 * (subtask, purpose, block, cell) is the uniform at counter (subtask + 1, purpose * 2^26 +
 * block * 2^10 + cell). Renumbering would change every result; these pin the layout down.
 */
import { describe, expect, it } from 'vitest';
import { changeKeys, ChangeSpec, drawChange, openChangeKey } from '../../src/model/change.js';
import { model } from './helpers.js';

const at = (purpose: number, block: number, cell: number) => purpose * 2 ** 26 + block * 1024 + cell;

describe('change luck', () => {
  const m = model({});
  const spec: ChangeSpec = drawChange(m, 5, 2, 0);
  const key = changeKeys(5, 2, openChangeKey(0)).luck;

  it('reads attempts at purpose 1, block = attempt, a cell per use', () => {
    expect(spec.luck.attempt(1, 0).turns).toBe(key.uniform(2, at(1, 0, 0)));
    expect(spec.luck.attempt(1, 2).wrong).toBe(key.uniform(2, at(1, 2, 6)));
    expect(spec.luck.attempt(0, 1).selfCatch).toBe(key.uniform(1, at(1, 1, 7)));
    // Past the cached blocks, the same addresses.
    expect(spec.luck.attempt(0, 7).timeToFirstToken).toBe(key.uniform(1, at(1, 7, 5)));
  });

  it('reads subtask, gate, review and orchestrator cells where documented', () => {
    expect(spec.luck.subtask(2).speculativeConflict).toBe(key.uniform(3, at(2, 0, 1)));
    expect(spec.luck.subtask(0).remediation).toBe(key.uniform(1, at(2, 0, 3)));
    expect(spec.luck.gateCatch(1, 2)).toBe(key.uniform(2, at(3, 2, 0)));
    expect(spec.luck.reviewFind(1, 1)).toBe(key.uniform(2, at(4, 1, 0)));
    expect(spec.luck.plan.contextGrowthPerTurn).toBe(key.uniform(0, at(5, 0, 2)));
    expect(spec.luck.consolidate.outputSpeed).toBe(key.uniform(0, at(6, 0, 4)));
    expect(spec.luck.conflictTurns).toBe(key.uniform(0, at(7, 0, 0)));
    expect(spec.luck.gateDuration(1)).toBe(key.uniform(0, at(8, 1, 0)));
    expect(spec.luck.review(2).judgment).toBe(key.uniform(0, at(9, 2, 2)));
    expect(spec.luck.review(1).revision.toolSecondsPerTurn).toBe(key.uniform(0, at(9, 1, 4 + 3)));
  });

  it("draws an attempt's work once per change and gives the same value back", () => {
    const dist = m.kinds[0]!.work.turns;
    const first = spec.luck.attempt(0, 0).workTurns(dist);
    expect(first).toBe(dist.quantile(key.uniform(1, at(1, 0, 0))));
    expect(spec.luck.attempt(0, 0).workTurns(dist)).toBe(first);
  });
});
