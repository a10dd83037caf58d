/**
 * vitest globalSetup: every test run gets a temporary directory of its own (TMPDIR, inherited by
 * the test workers and the CLI processes they start), and fails if a test left anything in it.
 * A private directory, rather than a count of entries in the shared one, keeps the check exact
 * while other runs use the machine's temporary directory at the same time.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'orchsim-vitest-'));
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
