/**
 * The memory a run may use, read from a file system the test writes (an injected root): cgroup
 * v2's memory.max, cgroup v1's memory.limit_in_bytes (its "unlimited" 2^63 - 4096 ignored), the
 * address-space limit, and the machine's free memory, the least of them winning.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { availableMemory, CGROUP_V1_LIMIT, CGROUP_V2_LIMIT } from '../../src/app/memoryLimit.js';

const GB = 2 ** 30;
const MACHINE = "the machine's free memory";
const V1_UNLIMITED = '9223372036854771712';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A root holding `files` (paths relative to it). */
function fakeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'orchsim-memroot-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const system = (root: string) => ({ root, freeBytes: 16 * GB, rssBytes: 0.1 * GB });
const V1_CGROUP = '4:memory:/slurm/uid_1000/job_42\n3:cpu,cpuacct:/slurm/uid_1000/job_42\n1:name=systemd:/user.slice\n';

describe('cgroup v1', () => {
  it("the job's group under the v1 mount: its limit less its usage", () => {
    const root = fakeRoot({
      'proc/self/cgroup': V1_CGROUP,
      'sys/fs/cgroup/memory/memory.limit_in_bytes': V1_UNLIMITED,
      'sys/fs/cgroup/memory/slurm/uid_1000/job_42/memory.limit_in_bytes': String(4 * GB),
      'sys/fs/cgroup/memory/slurm/uid_1000/job_42/memory.usage_in_bytes': String(1 * GB),
    });
    expect(availableMemory(system(root))).toEqual({ bytes: 3 * GB, limitedBy: CGROUP_V1_LIMIT });
  });

  it("a container: its group mounted at the top of the v1 mount, whatever path the host gives it", () => {
    const root = fakeRoot({
      'proc/self/cgroup': '4:memory:/docker/0123abcd\n',
      'sys/fs/cgroup/memory/memory.limit_in_bytes': `${2 * GB}\n`,
    });
    // No usage file: this process's resident memory stands for it.
    expect(availableMemory(system(root))).toEqual({ bytes: 1.9 * GB, limitedBy: CGROUP_V1_LIMIT });
  });

  it('"unlimited" (2^63 - 4096) is no limit: the machine\'s free memory', () => {
    const root = fakeRoot({
      'proc/self/cgroup': '4:memory:/process_api/abc\n',
      'sys/fs/cgroup/memory/memory.limit_in_bytes': V1_UNLIMITED,
      'sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes': V1_UNLIMITED,
    });
    expect(availableMemory(system(root))).toEqual({ bytes: 16 * GB, limitedBy: MACHINE });
  });

  it('a v1 limit above the free memory: the free memory wins', () => {
    const root = fakeRoot({ 'proc/self/cgroup': V1_CGROUP, 'sys/fs/cgroup/memory/memory.limit_in_bytes': String(64 * GB) });
    expect(availableMemory(system(root)).limitedBy).toBe(MACHINE);
  });
});

describe('cgroup v2, Node and the address space', () => {
  it("v2's memory.max less memory.current", () => {
    const root = fakeRoot({
      'proc/self/cgroup': '0::/job.slice/job_7\n',
      'sys/fs/cgroup/job.slice/job_7/memory.max': String(8 * GB),
      'sys/fs/cgroup/job.slice/job_7/memory.current': String(2 * GB),
    });
    expect(availableMemory(system(root))).toEqual({ bytes: 6 * GB, limitedBy: CGROUP_V2_LIMIT });
  });

  it("v2's 'max' is no limit; Node's figure then stands for it", () => {
    const root = fakeRoot({ 'proc/self/cgroup': '0::/\n', 'sys/fs/cgroup/memory.max': 'max\n' });
    expect(availableMemory(system(root)).limitedBy).toBe(MACHINE);
    expect(availableMemory({ ...system(root), constrainedMemory: 5 * GB })).toEqual({ bytes: 4.9 * GB, limitedBy: CGROUP_V2_LIMIT });
    // Node's "none" (2^64) is no limit.
    expect(availableMemory({ ...system(root), constrainedMemory: 2 ** 64 }).limitedBy).toBe(MACHINE);
  });

  it('the address-space limit (ulimit -v) less what is mapped, the least of all', () => {
    const root = fakeRoot({
      'proc/self/cgroup': V1_CGROUP,
      'sys/fs/cgroup/memory/memory.limit_in_bytes': String(4 * GB),
      'proc/self/limits': 'Limit                     Soft Limit           Hard Limit           Units\nMax address space         3221225472           unlimited            bytes\n',
      'proc/self/status': 'Name:\tnode\nVmSize:\t 1048576 kB\n',
    });
    expect(availableMemory(system(root))).toEqual({ bytes: 2 * GB, limitedBy: "the process's address-space limit (ulimit -v)" });
  });

  it('nothing readable: the machine', () => {
    expect(availableMemory(system(fakeRoot({})))).toEqual({ bytes: 16 * GB, limitedBy: MACHINE });
  });
});
