/**
 * `npm run bench -- estimates`: the run-size probe's time estimate (./../src/app/guards.ts) against
 * the measured wall time of the same command, on every preset (its defaultRuns), on the README's
 * review-bottleneck sweep, and on a 100,000-day team horizon's dry run (time and peak memory).
 * Each estimate is made in a fresh process, as `--dry-run` makes it; each run is timed from its
 * spawn to its exit (and its CPU seconds: on a machine shared with other jobs the wall time also
 * counts the moments it waited for a core). Prints real / estimated per case: the issue's bar is
 * within 2x either way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const APP = join(ROOT, 'dist/src/app/index.js');
const EXPERIMENT = join(ROOT, 'dist/src/experiment/index.js');

/** The estimate's seconds, made in a fresh process from the same arguments the CLI would plan. */
function estimateSeconds(args: string[], out: string): number {
  const script = `
    import { loadScenario, planExperiment } from ${JSON.stringify(APP)};
    import { parseVary } from ${JSON.stringify(EXPERIMENT)};
    const args = ${JSON.stringify(args)};
    const varies = [];
    let preset;
    for (let i = 1; i < args.length; i++) if (args[i] === '--vary') varies.push(parseVary(args[++i])); else preset = args[i];
    const { scenario } = loadScenario(preset, []);
    const e = planExperiment({ command: args[0], scenario, varies, runs: scenario.defaultRuns, seed: 1, workers: 'auto', out: ${JSON.stringify(out)} });
    process.stdout.write(String(e.seconds));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout);
}

function wallSeconds(args: string[], cwd: string): { seconds: number; cpuSeconds: number; code: number | null; maxRssMb: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, CLI, ...args], { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  const m = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  return { seconds, cpuSeconds: Number(m?.[1]) + Number(m?.[2]), code: r.status, maxRssMb: Number(m?.[3]) / 1024 };
}

export async function runEstimatesBench(): Promise<Record<string, number>> {
  const presets = readdirSync(join(ROOT, 'configs'))
    .filter((f) => f.endsWith('.yaml') && f !== 'tiers.yaml')
    .map((f) => f.replace(/\.yaml$/, ''));
  const cases: string[][] = [
    ...presets.map((p) => ['run', p]),
    ['sweep', 'review-bottleneck', '--vary', 'fanout=1,2,4,8,16', '--vary', 'review.reviewers=2,4'],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'orchsim-bench-estimates-'));
  const out: Record<string, number> = {};
  try {
    for (const [i, args] of cases.entries()) {
      const estimate = estimateSeconds(args, join(dir, `o${i}`));
      const real = wallSeconds([...args, '--out', `o${i}`, '-q'], dir);
      const ratio = real.seconds / estimate;
      const cpuRatio = real.cpuSeconds / estimate;
      const name = args.slice(0, 2).join(' ') + (args.length > 2 ? ' (README grid)' : '');
      console.log(`${name.padEnd(40)} estimated ${estimate.toFixed(1).padStart(6)} s, took ${real.seconds.toFixed(1).padStart(6)} s (CPU ${real.cpuSeconds.toFixed(1)} s): real/estimate ${ratio.toFixed(2)} (CPU/estimate ${cpuRatio.toFixed(2)})${real.code === 0 ? '' : ` (exit ${real.code})`}`);
      out[`${name} real/estimate`] = Number(ratio.toFixed(3));
      out[`${name} cpu/estimate`] = Number(cpuRatio.toFixed(3));
    }
    const huge = wallSeconds(['run', 'team', '--set', 'mode.horizonDays=100000', '--dry-run'], dir);
    console.log(`dry run of team with mode.horizonDays=100000: ${huge.seconds.toFixed(1)} s, peak ${huge.maxRssMb.toFixed(0)} MB (exit ${huge.code})`);
    out['dry run 100000 days seconds'] = Number(huge.seconds.toFixed(2));
    out['dry run 100000 days peak MB'] = Math.round(huge.maxRssMb);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
