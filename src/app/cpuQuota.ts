/**
 * The CPUs this process may use, for `--workers auto` and its cap: the machine's cores are not
 * the job's. The smallest of
 * - the cores Node can run on (`os.availableParallelism()`: the CPU affinity mask, which a
 *   cpuset, taskset or Slurm's task binding narrows);
 * - Slurm's `SLURM_CPUS_PER_TASK` (set inside a job given `--cpus-per-task`);
 * - the cgroup's CPU quota: cgroup v2 `cpu.max` ("quota period", or "max") of this process's
 *   cgroup, else cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us` (Docker's `--cpus`, a
 *   Kubernetes container's CPU limit), rounded down, at least 1.
 * Node 20's availableParallelism reads the affinity mask only, so a container limited to 2 CPUs
 * on a 64-core node would otherwise start 64 threads that share 2 CPUs.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

type Env = Readonly<Record<string, string | undefined>>;

/** Where to read: the environment and the file system root (a test points it at a fixture). */
export interface CpuSources {
  env?: Env;
  /** The root under which /proc and /sys are read (default '/'). */
  root?: string;
  /** The affinity mask's cores (default os.availableParallelism()). */
  cores?: number;
}

export interface UsableCpus {
  cpus: number;
  /** What limited it, for messages: `the machine's cores`, `SLURM_CPUS_PER_TASK=4`, `cgroup cpu.max 200000 100000`. */
  source: string;
}

function read(root: string, path: string): string | null {
  try {
    return readFileSync(`${root.replace(/\/$/, '')}${path}`, 'utf8');
  } catch {
    return null;
  }
}

/** The cgroup CPU quota in CPUs (fractional), with its source; null when there is none. */
export function cgroupCpuQuota(root = '/'): { cpus: number; source: string } | null {
  // cgroup v2: this process's cgroup (the "0::" line of /proc/self/cgroup), else the root's.
  const self = read(root, '/proc/self/cgroup') ?? '';
  const v2Path = /^0::(.*)$/m.exec(self)?.[1]?.trim();
  for (const dir of [v2Path && v2Path !== '/' ? `/sys/fs/cgroup${v2Path}` : null, '/sys/fs/cgroup']) {
    if (!dir) continue;
    const text = read(root, `${dir}/cpu.max`)?.trim();
    if (!text) continue;
    const [quota, period] = text.split(/\s+/);
    if (quota === 'max') return null;
    const q = Number(quota);
    const p = Number(period ?? 100000);
    if (q > 0 && p > 0) return { cpus: q / p, source: `cgroup cpu.max ${text}` };
  }
  // cgroup v1.
  const quota = Number(read(root, '/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim());
  const period = Number(read(root, '/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim());
  if (quota > 0 && period > 0) return { cpus: quota / period, source: `cgroup cpu.cfs_quota_us ${quota} / cpu.cfs_period_us ${period}` };
  return null;
}

/** The CPUs this process may use (see the module comment). */
export function usableCpus(sources: CpuSources = {}): UsableCpus {
  const env = sources.env ?? process.env;
  let best: UsableCpus = { cpus: sources.cores ?? availableParallelism(), source: "the machine's cores" };
  const slurm = Number(env.SLURM_CPUS_PER_TASK?.trim());
  if (Number.isInteger(slurm) && slurm >= 1 && slurm < best.cpus) best = { cpus: slurm, source: `SLURM_CPUS_PER_TASK=${slurm}` };
  const quota = cgroupCpuQuota(sources.root);
  if (quota && Math.max(1, Math.floor(quota.cpus)) < best.cpus) best = { cpus: Math.max(1, Math.floor(quota.cpus)), source: quota.source };
  return best;
}
