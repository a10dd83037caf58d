/**
 * The memory a run may use (issue 25): the machine's free memory, and below it the limits of the
 * process itself, which the machine's figure does not show: a cgroup's `memory.max` (Slurm,
 * Kubernetes, Docker; `process.constrainedMemory()` and the cgroup files: v2's `memory.max`, v1's
 * `memory.limit_in_bytes` on hosts and clusters that still mount v1) and the address-space
 * limit (`ulimit -v`, `prlimit --as`). Under `prlimit --as=3G` a run the machine's figure let
 * through died 37 s later with "Array buffer allocation failed", its journal discarded.
 */
import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';

export interface AvailableMemory {
  /** Bytes this process may still allocate. */
  bytes: number;
  /** What sets that figure, for messages. */
  limitedBy: string;
}

/**
 * Where the limits are read from. The default is this process on this machine; a test gives a
 * folder standing for the file system's root (holding its own `proc/self/...` and
 * `sys/fs/cgroup/...`) and the figures Node would give.
 */
export interface MemorySystem {
  /** Prefixed to /proc and /sys paths ('' : the real ones). */
  root?: string;
  /** process.constrainedMemory() (0, or about 2^64, when none is set). */
  constrainedMemory?: number;
  freeBytes?: number;
  rssBytes?: number;
}

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** A limit of the system's files: a number of bytes, or none ('max', v1's "unlimited" 2^63 - 4096, absent). */
const bytesOf = (text: string | null | undefined): number | null => {
  const n = Number(text?.trim());
  return text && Number.isFinite(n) && n > 0 && n < 2 ** 62 ? n : null;
};

/** The cgroup v2 limit and usage of this process's group (null when none is set or readable). */
function cgroupV2Headroom(root: string, rss: number): number | null {
  const line = read(`${root}/proc/self/cgroup`)?.split('\n').find((l) => l.startsWith('0::'));
  if (line === undefined) return null;
  const dir = `${root}/sys/fs/cgroup${line.slice(3).trim()}`.replace(/\/$/, '');
  const max = bytesOf(read(`${dir}/memory.max`));
  if (max === null) return null;
  const current = bytesOf(read(`${dir}/memory.current`)) ?? rss;
  return Math.max(0, max - current);
}

/**
 * The cgroup v1 limit of this process's memory group less its usage (null when unlimited or not
 * mounted): the group's folder under the v1 mount (`N:memory:/path` in /proc/self/cgroup), and the
 * mount's own top (a container sees its group there, whatever path the host gives it); the
 * least headroom of those that set a limit.
 */
function cgroupV1Headroom(root: string, rss: number): number | null {
  const mount = `${root}/sys/fs/cgroup/memory`;
  const group = read(`${root}/proc/self/cgroup`)
    ?.split('\n')
    .map((l) => /^\d+:([^:]*):(.*)$/.exec(l))
    .find((m) => m && m[1]!.split(',').includes('memory'))?.[2]
    ?.trim();
  const dirs = [...new Set([group && group !== '/' ? `${mount}${group}` : mount, mount])];
  let least: number | null = null;
  for (const dir of dirs) {
    const limit = bytesOf(read(`${dir}/memory.limit_in_bytes`));
    if (limit === null) continue;
    const headroom = Math.max(0, limit - (bytesOf(read(`${dir}/memory.usage_in_bytes`)) ?? rss));
    least = least === null ? headroom : Math.min(least, headroom);
  }
  return least;
}

/** The address-space limit (soft) less what the process has mapped already (null when unlimited). */
function addressSpaceHeadroom(root: string): number | null {
  const limit = /^Max address space\s+(\S+)/m.exec(read(`${root}/proc/self/limits`) ?? '')?.[1];
  const max = bytesOf(limit);
  if (max === null) return null;
  const vmKb = Number(/^VmSize:\s+(\d+) kB/m.exec(read(`${root}/proc/self/status`) ?? '')?.[1]);
  return Math.max(0, max - (Number.isFinite(vmKb) ? vmKb * 1024 : 0));
}

export const CGROUP_V2_LIMIT = "the process's cgroup memory limit (memory.max: Slurm, Kubernetes, a container)";
export const CGROUP_V1_LIMIT = "the process's cgroup memory limit (cgroup v1 memory.limit_in_bytes: Slurm, Kubernetes, a container)";

/** The least of the machine's free memory and the process's own limits, with what sets it. */
export function availableMemory(system: MemorySystem = {}): AvailableMemory {
  const root = system.root ?? '';
  const rss = system.rssBytes ?? process.memoryUsage().rss;
  const candidates: AvailableMemory[] = [{ bytes: system.freeBytes ?? freemem(), limitedBy: "the machine's free memory" }];
  // Node's own reading of the cgroup limit (0, or 2^64, when none); the group's usage from its files, else this process's.
  const constrained = system.root === undefined ? (system.constrainedMemory ?? process.constrainedMemory?.()) : system.constrainedMemory;
  const fromNode = bytesOf(String(constrained ?? ''));
  const v1 = cgroupV1Headroom(root, rss);
  if (v1 !== null) candidates.push({ bytes: v1, limitedBy: CGROUP_V1_LIMIT });
  // Node reads v1 limits too: its figure stands in for v2's files only where v1's gave none.
  const v2 = cgroupV2Headroom(root, rss) ?? (fromNode === null || v1 !== null ? null : Math.max(0, fromNode - rss));
  if (v2 !== null) candidates.push({ bytes: v2, limitedBy: CGROUP_V2_LIMIT });
  const addressSpace = addressSpaceHeadroom(root);
  if (addressSpace !== null) candidates.push({ bytes: addressSpace, limitedBy: "the process's address-space limit (ulimit -v)" });
  return candidates.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}
