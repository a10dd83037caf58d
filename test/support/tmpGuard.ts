/**
 * vitest globalSetup: every test run gets a temporary directory of its own (TMPDIR, inherited by
 * the test workers and the CLI processes they start), and fails if a test left anything in it.
 * A private directory, rather than a count of entries in the shared one, keeps the check exact
 * while other runs use the machine's temporary directory at the same time. The directory's name
 * carries this process's pid, so that the next run removes the directory of a run that was
 * killed before its teardown (Ctrl-C, a timeout) once that pid is gone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../../src/output/files.js';

const PREFIX = 'orchsim-vitest-';

/** Removes the directories of earlier runs whose process is no longer alive. */
function removeAbandoned(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^orchsim-vitest-(\d+)-/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !processAlive(Number(pid))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  removeAbandoned(tmpdir());
  const root = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (left.length === 0) return;
    // An error thrown here is printed but does not change vitest's exit code: set it.
    process.exitCode = 1;
    throw new Error(`tests left ${left.length} temporary entries behind (removed now): ${left.join(', ')}`);
  };
}
