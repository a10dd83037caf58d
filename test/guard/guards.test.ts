/** Run-size guards (issue 16): the estimate, the refusals and their fixes, --dry-run, --workers capped. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { capWorkers, checkRunFits, estimateRun, showBytes, type RunEstimate } from '../../src/app/index.js';
import { DEFAULT_SCENARIO } from '../../src/model/index.js';
import { KEPT_METRICS } from '../../src/experiment/index.js';
import { cli, tree } from '../cli/helpers.js';
import { useScratchDir } from './scratch.js';

const scratchDir = useScratchDir();
let dir = '';
beforeAll(() => {
  dir = scratchDir();
});

const GB = 1e9;
const fits: RunEstimate = {
  points: 1,
  runs: 1000,
  replications: 1000,
  workers: 1,
  seconds: 1,
  memoryBytes: 1 * GB,
  summaryBytes: 0.5 * GB,
  heldBytes: 0,
  diskBytes: 1 * GB,
  freeMemoryBytes: 10 * GB,
  freeDiskBytes: 10 * GB,
};

describe('checkRunFits', () => {
  it('lets through a run within 90% of the free memory and disk', () => {
    expect(() => checkRunFits({ ...fits, memoryBytes: 8.9 * GB, diskBytes: 8.9 * GB }, true)).not.toThrow();
  });
  it('refuses a run above the free memory, with the figures and the fixes', () => {
    const refuse = () => checkRunFits({ ...fits, memoryBytes: 20 * GB }, false);
    expect(refuse).toThrow(UsageError);
    // 20 GB against 9 GB usable: 1000 / (20/9) = 450 runs fit.
    expect(refuse).toThrow(/20\.0 GB of memory.*10\.0 GB is free.*--runs 450 would fit.*--shard K\/4/);
  });
  it('refuses a run whose replications hold their records, naming --no-changes or the horizon', () => {
    const held = { ...fits, memoryBytes: 20 * GB, heldBytes: 15 * GB };
    expect(() => checkRunFits(held, true)).toThrow(/20\.0 GB of memory.*15\.0 GB.*--no-changes/);
    expect(() => checkRunFits(held, false)).toThrow(/shorten mode\.horizonDays/);
  });
  it('refuses a run above the free disk, naming --no-changes when changes.csv is written', () => {
    expect(() => checkRunFits({ ...fits, diskBytes: 9.5 * GB }, true)).toThrow(/9\.5 GB.*--no-changes/);
    expect(() => checkRunFits({ ...fits, diskBytes: 9.5 * GB }, false)).toThrow(/fewer runs/);
    expect(() => checkRunFits({ ...fits, diskBytes: 9.5 * GB, freeDiskBytes: null }, true)).not.toThrow();
  });
});

describe('the time limit (issue 24)', () => {
  it('refuses a run estimated past a day, with the figures and the flags that fix it', () => {
    expect(() => checkRunFits({ ...fits, seconds: 3 * 86_400 }, false)).toThrow(
      /would take about 3\.0 days .* past the limit of 24\.0 h .*--shard K\/4 on 4 machines .*--runs 166 takes about half the limit.*mode\.horizonDays/,
    );
    expect(() => checkRunFits({ ...fits, seconds: 23 * 3600 }, false)).not.toThrow();
  });
});

describe('estimateRun', () => {
  it('counts the kept columns as 8 bytes per metric per regime per replication', () => {
    const scenario = DEFAULT_SCENARIO;
    const regimes = [[...scenario.regimes]];
    const sinkInit = { tiers: Object.keys(scenario.prices.tiers), prefixes: ['0'], regimes, runs: false, changes: false };
    const e = estimateRun({ scenarios: [scenario], seed: 1, runs: 5000, segments: [{ point: 0, from: 0, to: 5000 }], workers: 1, sinkInit, out: null });
    expect(e.summaryBytes).toBe(8 * KEPT_METRICS.length * scenario.regimes.length * 5000);
    expect(e.memoryBytes).toBeGreaterThan(e.summaryBytes);
    expect(e.diskBytes).toBe(0); // no files
    expect(e.freeDiskBytes).toBeNull();
    expect(e.seconds).toBeGreaterThan(0);
  });

  it('counts the records a replication holds only where it keeps them: an open stream without changes.csv holds none', () => {
    const scenario = { ...DEFAULT_SCENARIO, mode: { kind: 'stream', arrivals: { per: 'hour', rate: 1 }, horizonDays: 5 } } as typeof DEFAULT_SCENARIO;
    const regimes = [[...scenario.regimes]];
    const estimate = (changes: boolean) =>
      estimateRun({
        scenarios: [scenario],
        seed: 1,
        runs: 2,
        segments: [{ point: 0, from: 0, to: 2 }],
        workers: 1,
        sinkInit: { tiers: Object.keys(scenario.prices.tiers), prefixes: ['0'], regimes, runs: false, changes },
        out: null,
      });
    expect(estimate(false).heldBytes).toBe(0);
    // About 120 changes a replication under every regime, 3 kB each.
    const kept = estimate(true).heldBytes;
    expect(kept).toBeGreaterThan(3000 * 60 * scenario.regimes.length);
    expect(kept).toBeLessThan(3000 * 240 * scenario.regimes.length);
  });
});

describe('capWorkers and showBytes', () => {
  it('caps --workers at the cores, with a warning', () => {
    expect(capWorkers(1000, 2)).toEqual({ workers: 2, warning: expect.stringMatching(/--workers 1000: .* 2 cores; using 2/) });
    expect(capWorkers(2, 2)).toEqual({ workers: 2 });
    expect(capWorkers('auto', 2)).toEqual({ workers: 'auto' });
  });
  it('prints bytes in SI units', () => {
    expect(showBytes(999)).toBe('999 B');
    expect(showBytes(1500)).toBe('1.5 kB');
    expect(showBytes(840e9)).toBe('840 GB');
  });
});

describe('the CLI', () => {
  it('refuses a billion replications up front: exit 2, the figures and the fixes, nothing written', () => {
    const r = cli(['run', '-n', '1000000000', '--out', 'huge'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--runs 1000000000: this run would need about .* of memory .* is free; give fewer runs .*--shard/);
    expect(existsSync(join(dir, 'huge'))).toBe(false);
    expect(tree(dir)).toEqual([]);
  });
  it('--dry-run prints the plan and writes nothing', () => {
    const r = cli(['sweep', '--vary', 'fanout=1,2,4', '-n', '300', '--dry-run', '--out', 'plan'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/points: +3\n/);
    expect(r.stdout).toMatch(/replications: +300 per point, 900 in this run/);
    expect(r.stdout).toMatch(/time: +about .*\nmemory: +about .*\ndisk: +about .*free/);
    expect(tree(dir)).toEqual([]);
  });
  it('caps --workers above the cores with a warning', () => {
    const r = cli(['run', '-n', '100', '--workers', '1000', '--out', 'capped', '-q'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`--workers 1000: this machine has ${availableParallelism()} cores`);
    const meta = JSON.parse(readFileSync(join(dir, 'capped', 'meta.json'), 'utf8')) as { workers: number };
    expect(meta.workers).toBeLessThanOrEqual(availableParallelism());
    rmSync(join(dir, 'capped'), { recursive: true });
  });
});
