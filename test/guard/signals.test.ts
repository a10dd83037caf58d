/**
 * Signals that always land (issue 25): SIGINT during validate of a large file, during fit of a
 * large file, and in the first instants of a run (before the command line's handlers are in)
 * ends the process at once, with 128 + the signal's number or as the signal's own (both are 130
 * to a shell), writing nothing. Synchronous work that writes nothing runs with the default
 * disposition (src/app/signals.ts); a handler would wait for its end (minutes, on these files).
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, scratch } from '../cli/helpers.js';

beforeAll(ensureBuilt);

/** Starts the CLI, sends SIGINT after `afterMs`; resolves to how it ended and how long after the signal. */
function interruptAfter(args: string[], cwd: string, afterMs: number) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; afterSignalMs: number }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let sentAt = 0;
    const timer = setTimeout(() => {
      sentAt = performance.now();
      child.kill('SIGINT');
    }, afterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, afterSignalMs: sentAt ? performance.now() - sentAt : -1 });
    });
  });
}

/** Ended by the SIGINT: exit 130 (a handler) or killed by it (the default disposition); never finished, never a crash. */
function expectInterrupted(r: { code: number | null; signal: NodeJS.Signals | null; stderr: string; afterSignalMs: number }, what: string) {
  console.info(`${what}: ${r.signal ?? `exit ${r.code}`} ${r.afterSignalMs.toFixed(0)} ms after SIGINT`);
  expect(r.afterSignalMs, `${what} ended before the signal`).toBeGreaterThanOrEqual(0);
  expect(r.code === 130 || r.signal === 'SIGINT', `${what}: ${r.code} ${r.signal} ${r.stderr}`).toBe(true);
  expect(r.stderr).not.toMatch(/internal error|is a valid scenario/);
}

describe('SIGINT lands during long synchronous work', () => {
  it('validate of a large file (150,000 kinds: minutes of parsing and checking)', async () => {
    const dir = scratch();
    const lines = ['workload:', '  kinds:'];
    for (let i = 0; i < 150_000; i++) lines.push(`    k${i}: {share: 0, verifiability: 0.5, difficulty: 1}`);
    writeFileSync(join(dir, 'large.yaml'), `${lines.join('\n')}\n`);
    expectInterrupted(await interruptAfter(['validate', 'large.yaml'], dir, 2500), 'validate');
  }, 120_000);

  it('fit of a large file (3,000,000 values)', async () => {
    const dir = scratch();
    const values = ['x'];
    for (let i = 0; i < 3_000_000; i++) values.push(String(1 + (i % 977) * 0.37));
    writeFileSync(join(dir, 'values.csv'), `${values.join('\n')}\n`);
    expectInterrupted(await interruptAfter(['fit', 'values.csv', '--column', 'x'], dir, 2500), 'fit');
    expect(readdirSync(dir)).toEqual(['values.csv']);
  }, 120_000);

  it.each([20, 150, 400])('a run interrupted %i ms after it starts: ended by the signal, nothing written', async (ms) => {
    const dir = scratch();
    const r = await interruptAfter(['run', '-n', '20000', '-w', '1', '-o', 'out', '-q'], dir, ms);
    expectInterrupted(r, `run at ${ms} ms`);
    // Nothing of the output, the lock or a journal holding no chunk is left.
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
