/**
 * The decision commands' speed goals (issue 14), on this machine:
 *  - reuse: `sweep --vary fanout=1..16` end to end on one worker with its CSV costs at most
 *    1.15x the same sweep with `--set regimes=[fanout]` (human and single are simulated once
 *    per replication and reused); the ratio of wall seconds and of CPU seconds, medians of 3;
 *  - a tornado over 10 parameters at 10,000 replications per end (21 points) under 20 s;
 *  - Morris with 10 parameters, r = 20, 2,000 replications per point under 30 s.
 * The tornado and Morris run on the default scenario (every regime), through
 * src/app/sensitivity.ts, as `orchsim sensitivity` does: the design's points on the worker pool,
 * each regime simulated only where a parameter it reads moves. Each prints the regime-replications
 * simulated (of those the design asks for), the rate per thread, and the bound that rate gives on
 * the cores: simulated / (rate x threads).
 *
 *   npm run bench -- decisions
 * Environment: ORCHSIM_DECISIONS_RUNS (sweep replications, default 2,000),
 * ORCHSIM_DECISIONS_WORKERS (threads for the tornado and Morris, default auto),
 * ORCHSIM_DECISIONS_SKIP_SWEEP=1, ORCHSIM_DECISIONS_ONLY_SWEEP=1, ORCHSIM_DECISIONS_SKIP_MORRIS=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseSensitivity } from '../src/app/sensitivity.js';
import { judgmentRanges } from '../src/app/judgment.js';
import { DEFAULT_SCENARIO } from '../src/model/index.js';
import { DesignRunner } from '../src/app/designPoints.js';
import { median, runCli } from './e2e.js';

function sweepRatio(runs: number, scratch: string): Record<string, number> {
  const args = ['sweep', '--vary', 'fanout=1..16', '-n', String(runs), '--workers', '1', '--seed', '3'];
  const all: number[] = [];
  const only: number[] = [];
  const allCpu: number[] = [];
  const onlyCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = runCli(args, join(scratch, 'all'));
    const b = runCli([...args, '--set', 'regimes=[fanout]'], join(scratch, 'only'));
    all.push(a.seconds);
    only.push(b.seconds);
    allCpu.push(a.meta.timing?.cpuSeconds ?? Number.NaN);
    onlyCpu.push(b.meta.timing?.cpuSeconds ?? Number.NaN);
  }
  const r = { sweepAllSeconds: median(all), sweepFanoutOnlySeconds: median(only), sweepRatio: median(all) / median(only), sweepCpuRatio: median(allCpu) / median(onlyCpu) };
  console.log(
    `  sweep --vary fanout=1..16 -n ${runs}, 1 worker, CSV: all regimes ${r.sweepAllSeconds.toFixed(2)} s, regimes=[fanout] ${r.sweepFanoutOnlySeconds.toFixed(2)} s: ` +
      `${r.sweepRatio.toFixed(2)}x wall, ${r.sweepCpuRatio.toFixed(2)}x CPU (goal <= 1.15x)`,
  );
  return r;
}

async function timed<T>(f: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const t0 = performance.now();
  const result = await f();
  return { seconds: (performance.now() - t0) / 1000, result };
}

/** Regime-replications per second on one thread: the default scenario's base point, every regime, after a warm-up. */
function regimeReplicationsPerSecond(): number {
  const runner = new DesignRunner({ base: DEFAULT_SCENARIO, paths: [], columns: ['total_usd', 'merged'], seed: 1 });
  const task = (from: number, to: number) => ({ point: [], regimes: [...DEFAULT_SCENARIO.regimes], from, to });
  runner.run(task(0, 500));
  const t0 = performance.now();
  runner.run(task(500, 3500));
  return (3000 * DEFAULT_SCENARIO.regimes.length) / ((performance.now() - t0) / 1000);
}

export async function runDecisionsBench(): Promise<Record<string, number>> {
  const scratch = mkdtempSync(join(tmpdir(), 'orchsim-bench-decisions-'));
  try {
    console.log(`decisions bench (node ${process.version})`);
    const out: Record<string, number> = process.env.ORCHSIM_DECISIONS_SKIP_SWEEP ? {} : sweepRatio(Number(process.env.ORCHSIM_DECISIONS_RUNS ?? 2000), scratch);
    if (process.env.ORCHSIM_DECISIONS_ONLY_SWEEP) return out;
    const envWorkers = process.env.ORCHSIM_DECISIONS_WORKERS;
    const workers = envWorkers && envWorkers !== 'auto' ? Number(envWorkers) : 'auto';
    const rate = regimeReplicationsPerSecond();
    out.regimeReplicationsPerSecondPerThread = rate;
    console.log(`  one thread: ${rate.toFixed(0)} regime-replications/s (default scenario, every regime)`);
    const ranges = judgmentRanges(DEFAULT_SCENARIO).slice(0, 10);
    const report = (label: string, goal: number, t: { seconds: number; result: { simulated: number; requested: number; threads: number } }) => {
      const { simulated, requested, threads } = t.result;
      const bound = simulated / (rate * threads);
      console.log(
        `  ${label}, ${threads} thread${threads > 1 ? 's' : ''}: ${t.seconds.toFixed(1)} s (goal < ${goal} s); ` +
          `${simulated.toLocaleString('en-US')} of ${requested.toLocaleString('en-US')} regime-replications simulated; bound at ${rate.toFixed(0)}/s per thread: ${bound.toFixed(1)} s`,
      );
      return bound;
    };
    const t = await timed(() => analyseSensitivity({ scenario: DEFAULT_SCENARIO, ranges, judgment: false, method: 'tornado', runs: 10_000, workers }));
    out.tornado10x10kSeconds = t.seconds;
    out.tornado10x10kBoundSeconds = report('tornado, 10 parameters, 10,000 replications per end (21 points)', 20, t);
    if (!process.env.ORCHSIM_DECISIONS_SKIP_MORRIS) {
      const m = await timed(() => analyseSensitivity({ scenario: DEFAULT_SCENARIO, ranges, judgment: false, method: 'morris', runs: 2000, workers }));
      out.morris10r20x2kSeconds = m.seconds;
      out.morris10r20x2kBoundSeconds = report('morris, 10 parameters, r = 20, 2,000 replications per point (220 points + 20 noise points)', 30, m);
    }
    return out;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
