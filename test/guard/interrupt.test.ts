/**
 * Interruption (issue 16): SIGINT, SIGTERM and SIGHUP end a run with 128 + the signal's number,
 * no partial output file and the previous output untouched, its finished chunks kept in the
 * journal beside it (`<out>.partial/`, for --resume: test/cli/resume.test.ts); a run killed
 * outright (SIGKILL) leaves its temporary directory and journal, which the next run into the
 * same place without --resume removes and names.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli } from '../cli/helpers.js';
import { useScratchDir } from './scratch.js';

const scratchDir = useScratchDir();
let dir = '';
beforeAll(() => {
  dir = scratchDir();
});

/** Start a long run into `out`, wait until its journal holds a chunk, send `signal`; resolves to its exit code (or signal) and stderr. */
function interrupt(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', '-n', '200000', '--workers', '1', '--out', out, '--force', '-q'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      // Once runs.csv has rows: the run is mid-way, its files partial (the stream files are written in the journal).
      const runs = join(dir, `${out}.partial`, 'runs.csv');
      if (existsSync(runs) && readFileSync(runs, 'utf8').split('\n').length > 100) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      resolveRun({ code, signal: sig, stderr });
    });
  });
}

const snapshot = (out: string) => readdirSync(join(dir, out)).sort().map((f) => [f, readFileSync(join(dir, out, f), 'utf8')]);

describe('interruption', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s exits %i, leaves no partial file and the previous output intact, and keeps the journal', async (signal, expected) => {
    const out = `prev-${signal}`;
    expect(cli(['run', '-n', '50', '--workers', '1', '--out', out, '-q'], dir).code).toBe(0);
    const before = snapshot(out);
    const r = await interrupt(out, signal);
    expect(r.code).toBe(expected);
    expect(r.stderr).toMatch(new RegExp(`interrupted \\(${signal}\\); nothing was written; \\d+ chunks? \\([\\d,]+ replications\\) kept in ${out}\\.partial: run the same command with --resume`));
    expect(readdirSync(dir).filter((e) => e.includes(out)).sort()).toEqual([out, `${out}.partial`]);
    expect(snapshot(out)).toEqual(before);
    rmSync(join(dir, `${out}.partial`), { recursive: true });
  }, 60_000);

  it('SIGKILL leaves the temporary directory; the next run into that place removes it and says so', async () => {
    const out = 'killed';
    const r = await interrupt(out, 'SIGKILL');
    expect(r.signal).toBe('SIGKILL');
    const left = readdirSync(dir).filter((e) => e.startsWith(`.tmp-${out}-`));
    expect(left).toHaveLength(1);
    expect(existsSync(join(dir, `${out}.partial`))).toBe(true);
    const again = cli(['run', '-n', '20', '--workers', '1', '--out', out, '-q'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`removed ${left[0]}`);
    // A run without --resume does not reuse the journal of another command: it removes it, and says so.
    expect(again.stderr).toMatch(new RegExp(`removed ${out}\\.partial, the journal of an interrupted run: \\d+ chunks? \\([\\d,]+ replications\\); add --resume`));
    expect(readdirSync(dir).filter((e) => e.includes(out))).toEqual([out]);
  }, 60_000);

  it('a previous output moved aside by a run killed while replacing it is put back', () => {
    const out = 'aside';
    expect(cli(['run', '-n', '20', '--workers', '1', '--out', out, '-q'], dir).code).toBe(0);
    const before = snapshot(out);
    // A pid that is not alive: above the kernel's pid_max (4,194,304 at most).
    const aside = `.tmp-old-${out}-99999999`;
    // The crash: the previous output sits under its aside name, the target is missing.
    renameSync(join(dir, out), join(dir, aside));
    const r = cli(['run', '-n', '20', '--workers', '1', '--out', out, '-q'], dir);
    // Restored first, so without --force the run refuses to replace it.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`restored ${out} from ${aside}`);
    expect(snapshot(out)).toEqual(before);
  });
});
