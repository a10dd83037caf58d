/** Running the compiled CLI (dist/src/cli/main.js; `npm test` builds it first) in a scratch directory. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { scratchDirs } from '../support/scratch.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

export function ensureBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does it first)`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder for one test file, removed after its last test (made in tests and in beforeAll). */
export const scratch = scratchDirs('orchsim-test-', 'all');

export function read(...parts: string[]): string {
  return readFileSync(join(...parts), 'utf8');
}

/** Every file of an output directory with its bytes, meta.json's fields that record how it was made masked (to compare two runs' outputs). */
export function outputBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, name), 'latin1');
    out[name] =
      name === 'meta.json'
        ? text
            .replace(/,\n {2}"resumed": \{[^}]*\}/, '')
            .replace(/^ {2}"(startedAt|seconds|maxRssMb|workers)": [^\n]*$/gm, '  "$1": (varies)')
            .replace(/^ {2}"timing": \{[^}]*\}/m, '  "timing": (varies)')
        : text;
  }
  return out;
}

/** Every entry under dir, recursively (to check that nothing was left behind). */
export function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

/**
 * Runs the CLI on bad input in `cwd` and checks what every refusal must do: exit 2 with a message
 * matching `message`, no stack trace, and nothing written or left behind in `cwd`.
 */
export function expectRefused(args: string[], cwd: string, message: RegExp): CliResult {
  const before = tree(cwd);
  const r = cli(args, cwd);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.code).toBe(2);
  expect(tree(cwd)).toEqual(before); // nothing written, nothing left behind
  return r;
}

/** A tiny RFC 4180 parser, independent of the tool's own, for round-trip tests. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) throw new Error('CSV does not end with a newline');
  return rows;
}
