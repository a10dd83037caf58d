/**
 * A whole-document input (ccusage's JSON report) is parsed in one piece, so it is read in memory:
 * bounded by MAX_DOCUMENT_BYTES, counted while reading (a pipe has no size to check first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, readInputText } from '../../src/calibrate/read/lines.js';
import { UsageError } from '../../src/errors/index.js';

const dir = mkdtempSync(join(tmpdir(), 'orchsim-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputText', () => {
  const file = join(dir, 'report.json');
  writeFileSync(file, '{\r\n  "daily": [],\n  "totals": {}\n}\n');

  it('reads a report whole, line ends as \\n', () => {
    expect(readInputText(file, '--ccusage')).toBe('{\n  "daily": [],\n  "totals": {}\n}');
  });

  it('refuses a document past its limit, naming the flag and the line, with a UsageError (exit 2)', () => {
    let caught: unknown;
    try {
      readInputText(file, '--ccusage', 20);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).field).toBe('ccusage');
    expect((caught as Error).message).toMatch(/^--ccusage .*report\.json: more than .* MiB by line 3;/);
  });
});
