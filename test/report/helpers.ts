/** Fixtures of the report tests: small outputs of each kind, made once through the compiled CLI in a scratch directory. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ensureBuilt, scratch } from '../cli/helpers.js';
import { prFixture, writeClaudeCodeFixture } from '../calibrate/fixture.js';

export interface Fixtures {
  root: string;
  run: string;
  sweep: string;
  grid: string;
  stream: string;
  trace: string;
  /** A sweep of the outcome view over money.monthlyVolume (manual, scripted and agents). */
  volume: string;
  tornado: string;
  morris: string;
  sobol: string;
  breakeven: string;
  /** A robustness of test-backfill (its verdict flips at some draws: the flip region is drawn). */
  robustness: string;
  /** A run of the overlay calibrate wrote from the calibration fixtures (observed versus simulated). */
  calibrated: string;
}

/** Run the CLI or fail with its message. */
export function mustCli(args: string[], cwd: string): string {
  const r = cli(args, cwd);
  if (r.code !== 0) throw new Error(`orchsim ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Outputs of a run, a sweep, a two-parameter stream sweep, a stream run, a trace, a volume sweep, the three sensitivity methods and a break-even (only the trace and the break-even with their reports). */
export function makeFixtures(): Fixtures {
  ensureBuilt();
  const root = scratch();
  const f: Fixtures = {
    root,
    run: join(root, 'run'),
    sweep: join(root, 'sweep'),
    grid: join(root, 'grid'),
    stream: join(root, 'stream'),
    trace: join(root, 'trace.csv'),
    volume: join(root, 'volume'),
    tornado: join(root, 'tornado'),
    morris: join(root, 'morris'),
    sobol: join(root, 'sobol'),
    breakeven: join(root, 'breakeven'),
    robustness: join(root, 'robustness'),
    calibrated: join(root, 'calibrated'),
  };
  mustCli(['run', '-n', '400', '--workers', '1', '--out', f.run, '--quiet'], root);
  mustCli(['sweep', '--vary', 'fanout=1,2,4,8', '-n', '80', '--workers', '1', '--out', f.sweep, '--quiet'], root);
  // Reviewers varied first: the report still puts the fan-out width on the x-axis.
  mustCli(['sweep', 'review-bottleneck', '--vary', 'review.reviewers=2,4', '--vary', 'fanout=1,2,4,8', '-n', '2', '--workers', '1', '--out', f.grid, '--quiet'], root);
  mustCli(['run', 'review-bottleneck', '-n', '3', '--workers', '1', '--out', f.stream, '--quiet'], root);
  mustCli(['trace', '--out', f.trace, '--report'], root);
  mustCli(['sweep', 'outcome-high-volume-simple', '--vary', 'money.monthlyVolume=30,300,3000,30000', '-n', '40', '--workers', '1', '--out', f.volume, '--quiet'], root);
  // Two parameters, few replications: the analyses' reports, not their answers, are under test.
  const params = ['--param', 'people.loadedUsdPerHour=50..200', '--param', 'review.linesPerHour=100..400'];
  mustCli(['sensitivity', ...params, '-n', '10', '--out', f.tornado, '--quiet'], root);
  mustCli(['sensitivity', ...params, '--method', 'morris', '-n', '4', '--out', f.morris, '--quiet'], root);
  mustCli(['sensitivity', ...params, '--method', 'sobol', '-n', '2', '--out', f.sobol, '--quiet'], root);
  // Through --report, as a user would (the test writes the report again and compares).
  mustCli(['breakeven', 'outcome-high-volume-simple', '--param', 'money.monthlyVolume', '--between', '10..100000', '--compare', 'single:human', '--metric', 'cost_per_resolved_usd', '-n', '20', '--out', f.breakeven, '--report', '--quiet'], root);
  mustCli(['robustness', 'test-backfill', '-n', '20', '--draws', '32', '--workers', '1', '--out', f.robustness, '--quiet'], root);
  const logs = writeClaudeCodeFixture(root);
  writeFileSync(join(root, 'prs.json'), JSON.stringify(prFixture()));
  mustCli(['calibrate', '--claude-code', logs, '--prs', 'prs.json', '--lenient', '--min-observations', '5', '--out', 'team.yaml'], root);
  mustCli(['run', 'team.yaml', '-n', '60', '--workers', '1', '--out', f.calibrated, '--quiet'], root);
  return f;
}

export function removeFixtures(f: Fixtures | undefined): void {
  if (f) rmSync(f.root, { recursive: true, force: true });
}
