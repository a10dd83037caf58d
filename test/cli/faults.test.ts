/**
 * Faults (issue 25): a run SIGKILLed at any moment, before its first chunk included, is always
 * completed by `--resume` with a clean run's bytes; a disk that fills mid-run (a real tmpfs of a
 * few megabytes, mounted in a user namespace with `unshare`) ends with exit 2, the space the rest
 * needs and the journal kept, and `--resume` completes once space is freed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, ensureBuilt, scratch, outputBytes } from './helpers.js';

beforeAll(ensureBuilt);

/** A seeded generator of kill delays (mulberry32): the test's own randomness, printed to replay. */
function delays(seed: number, count: number, maxMs: number): number[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // The first delays are short: the kill lands while the process starts, before any journal or chunk.
  return Array.from({ length: count }, (_, i) => Math.round((i < 3 ? 0.1 : 1) * next() * maxMs));
}

function killAfter(args: string[], cwd: string, ms: number): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
}

const KILLS = Number(process.env.ORCHSIM_KILL_TRIALS ?? 10);
const KILL_SEED = Number(process.env.ORCHSIM_KILL_SEED ?? Date.now() % 1_000_000);

describe('faults', () => {
  it(`SIGKILL at ${KILLS} random moments, before the first chunk included: --resume always completes byte-identical`, async () => {
    // A sweep of 8 points on one thread: 8 chunks, over a second or two.
    const args = ['sweep', '--vary', 'fanout=1..8', '-n', '60', '--changes', '-w', '1', '-o', 'out', '-q', '--force'];
    const clean = scratch();
    const started = performance.now();
    expect(cli(args, clean).code).toBe(0);
    const fullMs = performance.now() - started;
    const expected = outputBytes(join(clean, 'out'));
    console.info(`kill times: seed ${KILL_SEED} (ORCHSIM_KILL_SEED=${KILL_SEED} replays them), a whole run ${fullMs.toFixed(0)} ms`);
    for (const ms of delays(KILL_SEED, KILLS, fullMs)) {
      const dir = scratch();
      const code = await killAfter(args, dir, ms);
      const resumed = cli([...args, '--resume'], dir);
      expect(resumed.code, `killed after ${ms} ms (exit ${code}): ${resumed.stderr}`).toBe(0);
      expect(outputBytes(join(dir, 'out')), `killed after ${ms} ms`).toEqual(expected);
      expect(readdirSync(dir), `killed after ${ms} ms`).toEqual(['out']);
    }
  }, 300_000);

  const unshare = spawnSync('unshare', ['-Urm', 'true']).status === 0;
  const tmpfsTest = unshare ? it : process.env.CI === 'true' ? it : it.skip;
  if (!unshare && process.env.CI !== 'true') console.info('skipped: the disk-full test needs unshare (util-linux) with user namespaces');

  tmpfsTest('a disk that fills mid-run (a 24 MB tmpfs): exit 2 with the space needed, the journal kept; --resume completes once space is freed', () => {
    const args = ['sweep', '--vary', 'fanout=1..6', '-n', '40', '--changes', '-w', '1', '-o', 'out', '-q'];
    const clean = scratch();
    expect(cli(args, clean).code).toBe(0);
    const outside = scratch();
    const node = process.execPath;
    const q = (a: string[]) => a.map((x) => `'${x}'`).join(' ');
    // In a mount namespace of its own: the run stops itself after two chunks (journaled), the test fills the
    // disk, the run goes on and fails; then the filler is removed and the same command resumes.
    const script = `
set -u
mnt='${outside}/mnt'
mkdir "$mnt"
mount -t tmpfs -o size=24m none "$mnt"
cd "$mnt"
ORCHSIM_TEST_STOP_AFTER_CHUNKS=2 ORCHSIM_TEST_STOP_SIGNAL=SIGSTOP '${node}' '${CLI}' ${q(args)} 2>first.err &
pid=$!
while [ "$(cut -d' ' -f3 /proc/$pid/stat)" != T ]; do sleep 0.05; done
head -c 100000000 /dev/zero > filler 2>/dev/null
kill -CONT $pid
wait $pid
echo "first: $?"
cat first.err
LC_ALL=C ls -A | tr "\\n" " "; echo
rm filler
'${node}' '${CLI}' ${q(args)} --resume
echo "resumed: $?"
cp -r out '${outside}/out'
`;
    const r = spawnSync('unshare', ['-Urm', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    const text = r.stdout + r.stderr;
    expect(text).toMatch(/first: 2\n/);
    expect(text).toMatch(
      /orchsim: --out out: a write failed \(no space left on the device\) after \d chunks \(\d+ replications\); they are kept in out\.partial\. The rest of the run needs about [\d.]+ [kM]B more where --out is \([\d.]+ [kM]?B free now\): free that much, then run the same command with --resume to continue\n/,
    );
    // Left on the full disk: the journal, nothing else of the run's (no lock, no temporary folder).
    expect(text).toMatch(/\nfiller first\.err out\.partial \n/);
    expect(text).toMatch(/resumed: 0\n/);
    expect(outputBytes(join(outside, 'out'))).toEqual(outputBytes(join(clean, 'out')));
  }, 180_000);
});
