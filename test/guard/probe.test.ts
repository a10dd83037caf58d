/**
 * Issue 24: the run-size probe is bounded in time and memory whatever the scenario (it measures a
 * stream over a horizon it can simulate in its budget and extrapolates per simulated hour); the
 * CPUs `--workers auto` uses come from the job's quota; the test harness skips a test whose system
 * tool is missing, with one line, and fails under CI=true.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROBE_BUDGET_SECONDS, probeCost } from '../../src/app/sizeProbe.js';
import { usableCpus, cgroupCpuQuota } from '../../src/app/cpuQuota.js';
import { capWorkers } from '../../src/app/index.js';
import { loadScenario } from '../../src/app/scenario.js';
import { CHROMIUM, GNU_PARALLEL, findTool, requireTool } from '../support/systemTools.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
const fakeRoot = (files: Record<string, string>) => {
  const root = mkdtempSync(join(tmpdir(), 'orchsim-cpu-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
};

const sinkInit = (scenario: { prices: { tiers: object }; regimes: readonly string[] }, changes: boolean) => ({
  tiers: Object.keys(scenario.prices.tiers),
  prefixes: ['0'],
  regimes: [[...scenario.regimes]],
  runs: true,
  changes,
});

describe('the probe', () => {
  it('a 100,000-day team stream: about its budget, a few hundred MB at most, and the horizon extrapolated', () => {
    const { scenario } = loadScenario('team', ['mode.horizonDays=100000']);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const cost = probeCost({ seed: 1, runs: 20, sinkInit: sinkInit(scenario, true) }, scenario, 0);
    const seconds = (performance.now() - started) / 1000;
    // The budget, plus the one step that may straddle it (each step about doubles the last).
    expect(seconds).toBeLessThan(3 * PROBE_BUDGET_SECONDS);
    expect(cost.probeSeconds).toBeLessThan(3 * PROBE_BUDGET_SECONDS);
    expect(process.memoryUsage().rss - rss).toBeLessThan(500 * 2 ** 20);
    // It simulated a small share of the horizon and extrapolated: events and changes grow with it.
    expect(cost.horizonShare).toBeLessThan(0.01);
    const team = loadScenario('team').scenario;
    if (team.mode.kind !== 'stream') throw new Error('team is a stream');
    const month = probeCost({ seed: 1, runs: 20, sinkInit: sinkInit(team, true) }, team, 0);
    const ratio = 100_000 / team.mode.horizonDays;
    expect(cost.events / month.events).toBeGreaterThan(ratio / 3);
    expect(cost.events / month.events).toBeLessThan(ratio * 3);
    expect(cost.heldChanges).toBeGreaterThan(0);
  }, 60_000);

  it('one change at a time: whole replications, never more than its budget', () => {
    const { scenario } = loadScenario(undefined);
    const cost = probeCost({ seed: 1, runs: 1_000_000, sinkInit: sinkInit(scenario, false) }, scenario, 0, 0.5);
    expect(cost.horizonShare).toBe(1);
    expect(cost.probeSeconds).toBeLessThan(1.5);
    expect(cost.seconds).toBeGreaterThan(0);
    expect(cost.replications).toBeGreaterThanOrEqual(1);
  }, 30_000);
});

describe('CPUs from where the job runs', () => {
  it('the smallest of the cores, SLURM_CPUS_PER_TASK and the cgroup quota', () => {
    const none = fakeRoot({ 'proc/self/cgroup': '0::/\n', 'sys/fs/cgroup/cpu.max': 'max 100000\n' });
    expect(usableCpus({ env: {}, root: none, cores: 16 })).toEqual({ cpus: 16, source: "the machine's cores" });
    expect(usableCpus({ env: { SLURM_CPUS_PER_TASK: '4' }, root: none, cores: 16 })).toEqual({ cpus: 4, source: 'SLURM_CPUS_PER_TASK=4' });
    const v2 = fakeRoot({ 'proc/self/cgroup': '0::/kubepods/pod1\n', 'sys/fs/cgroup/kubepods/pod1/cpu.max': '250000 100000\n' });
    expect(cgroupCpuQuota(v2)).toEqual({ cpus: 2.5, source: 'cgroup cpu.max 250000 100000' });
    expect(usableCpus({ env: { SLURM_CPUS_PER_TASK: '4' }, root: v2, cores: 16 }).cpus).toBe(2);
    const v1 = fakeRoot({ 'sys/fs/cgroup/cpu/cpu.cfs_quota_us': '50000\n', 'sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' });
    expect(usableCpus({ env: {}, root: v1, cores: 8 }).cpus).toBe(1);
    expect(capWorkers(8, usableCpus({ env: { SLURM_CPUS_PER_TASK: '2' }, root: none, cores: 16 })).warning).toBe(
      '--workers 8: this job may use 2 CPUs (SLURM_CPUS_PER_TASK=2); using 2',
    );
  });
});

describe('the test harness on a machine without the system tools', () => {
  const bare = { PATH: mkdtempSync(join(tmpdir(), 'orchsim-empty-path-')) };
  roots.push(bare.PATH);
  it('finds a tool on PATH, or not', () => {
    expect(findTool('sh', { PATH: '/usr/bin:/bin' })).toMatch(/\/sh$/);
    expect(findTool('parallel', bare)).toBeNull();
  });
  it('absent: one line naming the tool and how to install it, and the tests skip', () => {
    const lines: string[] = [];
    expect(requireTool(GNU_PARALLEL, bare, (l) => lines.push(l))).toBeNull();
    expect(requireTool(CHROMIUM, bare, (l) => lines.push(l))).toBeNull();
    expect(lines).toEqual([
      'skipped the GNU parallel recipe of docs/cli.md: GNU parallel (parallel) is not installed: apt-get install parallel (Debian/Ubuntu), brew install parallel (macOS)\n',
      'skipped the report pages in a real browser: Chromium (chromium) is not installed: apt-get install chromium (Debian/Ubuntu), or set ORCHSIM_CHROMIUM=/path/to/chrome\n',
    ]);
  });
  it('absent under CI=true: the run fails', () => {
    expect(() => requireTool(GNU_PARALLEL, { ...bare, CI: 'true' }, () => {})).toThrow(/GNU parallel \(parallel\) is not installed: apt-get install parallel.*CI runs every test/);
  });
});
