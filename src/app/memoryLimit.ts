/**
 * The memory a run may use (issue 25): the machine's free memory, and below it the limits of the
 * process itself, which the machine's figure does not show: a cgroup's `memory.max` (Slurm,
 * Kubernetes, Docker; `process.constrainedMemory()` and the cgroup files) and the address-space
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

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** A limit of the system's files: a number of bytes, or none ('max', unlimited, absent). */
const bytesOf = (text: string | null | undefined): number | null => {
  const n = Number(text?.trim());
  return text && Number.isFinite(n) && n > 0 && n < 2 ** 62 ? n : null;
};

/** The cgroup v2 limit and usage of this process's group (null when none is set or readable). */
function cgroupHeadroom(): number | null {
  const line = read('/proc/self/cgroup')?.split('\n').find((l) => l.startsWith('0::'));
  if (line === undefined) return null;
  const dir = `/sys/fs/cgroup${line.slice(3).trim()}`.replace(/\/$/, '');
  const max = bytesOf(read(`${dir}/memory.max`));
  if (max === null) return null;
  const current = bytesOf(read(`${dir}/memory.current`)) ?? process.memoryUsage().rss;
  return Math.max(0, max - current);
}

/** The address-space limit (soft) less what the process has mapped already (null when unlimited). */
function addressSpaceHeadroom(): number | null {
  const limit = /^Max address space\s+(\S+)/m.exec(read('/proc/self/limits') ?? '')?.[1];
  const max = bytesOf(limit);
  if (max === null) return null;
  const vmKb = Number(/^VmSize:\s+(\d+) kB/m.exec(read('/proc/self/status') ?? '')?.[1]);
  return Math.max(0, max - (Number.isFinite(vmKb) ? vmKb * 1024 : 0));
}

/** The least of the machine's free memory and the process's own limits, with what sets it. */
export function availableMemory(): AvailableMemory {
  const candidates: AvailableMemory[] = [{ bytes: freemem(), limitedBy: "the machine's free memory" }];
  // Node's own reading of the cgroup limit (0, or 2^64, when none); the group's usage from its files, else this process's.
  const constrained = process.constrainedMemory?.();
  const fromNode = bytesOf(String(constrained ?? ''));
  const cgroup = cgroupHeadroom() ?? (fromNode === null ? null : Math.max(0, fromNode - process.memoryUsage().rss));
  if (cgroup !== null) candidates.push({ bytes: cgroup, limitedBy: "the process's cgroup memory limit (memory.max: Slurm, Kubernetes, a container)" });
  const addressSpace = addressSpaceHeadroom();
  if (addressSpace !== null) candidates.push({ bytes: addressSpace, limitedBy: "the process's address-space limit (ulimit -v)" });
  return candidates.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}
