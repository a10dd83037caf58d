/**
 * Tests that need a system tool (Chromium for the report's browser tests, GNU parallel for the
 * cluster recipe) run where it is installed and skip where it is not, printing one line that
 * names the tool and how to install it; under CI=true a missing tool fails the run instead (CI
 * must run every test: .ci/run installs them). So `npm ci && npm test` passes on a machine with
 * only Node. The README lists the tools.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface SystemTool {
  /** The executable's name (looked up on PATH) or an absolute path. */
  command: string;
  /** What it is, for the line: `GNU parallel`. */
  label: string;
  /** How to install it: `apt-get install parallel`. */
  install: string;
  /** What skips without it: `the GNU parallel recipe of docs/cli.md`. */
  tests: string;
}

export const CHROMIUM: SystemTool = { command: 'chromium', label: 'Chromium', install: 'apt-get install chromium (Debian/Ubuntu), or set ORCHSIM_CHROMIUM=/path/to/chrome', tests: 'the report pages in a real browser' };
export const GNU_PARALLEL: SystemTool = { command: 'parallel', label: 'GNU parallel', install: 'apt-get install parallel (Debian/Ubuntu), brew install parallel (macOS)', tests: 'the GNU parallel recipe of docs/cli.md' };

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The tool's path: the command itself when absolute, else the first executable on PATH; null when absent. */
export function findTool(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (isAbsolute(command)) return executable(command) ? command : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && executable(join(dir, command))) return join(dir, command);
  return null;
}

/**
 * The tool's path when present. When absent: under CI=true, throws (the run fails, naming the
 * tool and how to install it); otherwise writes one line saying what is skipped and returns null.
 */
export function requireTool(tool: SystemTool, env: NodeJS.ProcessEnv = process.env, write: (line: string) => void = (l) => process.stderr.write(l)): string | null {
  const override = tool === CHROMIUM ? env.ORCHSIM_CHROMIUM : undefined;
  const found = findTool(override ?? tool.command, env);
  if (found) return found;
  const what = `${tool.label} (${tool.command}) is not installed: ${tool.install}`;
  if (env.CI === 'true') throw new Error(`${what}; CI runs every test (.ci/run installs it)`);
  write(`skipped ${tool.tests}: ${what}\n`);
  return null;
}
