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
  /** A run of the overlay calibrate wrote from the calibration fixtures (observed versus simulated). */
  calibrated: string;
}

/** Run the CLI or fail with its message. */
export function mustCli(args: string[], cwd: string): string {
  const r = cli(args, cwd);
  if (r.code !== 0) throw new Error(`orchsim ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Outputs of a run, a sweep, a two-parameter stream sweep, a stream run and a trace (no reports yet). */
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
    calibrated: join(root, 'calibrated'),
  };
  mustCli(['run', '-n', '400', '--workers', '1', '--out', f.run, '--quiet'], root);
  mustCli(['sweep', '--vary', 'fanout=1,2,4,8', '-n', '80', '--workers', '1', '--out', f.sweep, '--quiet'], root);
  mustCli(['sweep', 'review-bottleneck', '--vary', 'review.reviewers=1,2', '--vary', 'fanout=1,4', '-n', '2', '--workers', '1', '--out', f.grid, '--quiet'], root);
  mustCli(['run', 'review-bottleneck', '-n', '3', '--workers', '1', '--out', f.stream, '--quiet'], root);
  mustCli(['trace', '--out', f.trace, '--report'], root);
  const logs = writeClaudeCodeFixture(root);
  writeFileSync(join(root, 'prs.json'), JSON.stringify(prFixture()));
  mustCli(['calibrate', '--claude-code', logs, '--prs', 'prs.json', '--lenient', '--min-observations', '5', '--out', 'team.yaml'], root);
  mustCli(['run', 'team.yaml', '-n', '60', '--workers', '1', '--out', f.calibrated, '--quiet'], root);
  return f;
}

export function removeFixtures(f: Fixtures | undefined): void {
  if (f) rmSync(f.root, { recursive: true, force: true });
}
