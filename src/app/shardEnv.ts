/**
 * `--shard auto`: the shard's index and count from the environment a cluster scheduler sets for
 * each task of an array job, so that one command line serves every task:
 * - Slurm job arrays: SLURM_ARRAY_TASK_ID, with SLURM_ARRAY_TASK_MIN (the first id, often 0 or 1)
 *   and SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX;
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (from 0), the count from --shard-count;
 * - AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX (from 0), the count from
 *   AWS_BATCH_JOB_ARRAY_SIZE when the job definition passes it, or --shard-count;
 * - GNU parallel: PARALLEL_SEQ (its `{#}`, the job's sequence number from 1), the count from
 *   --shard-count. (`{%}` is the job slot, reused by later jobs: never a shard index.)
 * Slices are numbered from 1 (shard K/N), whatever the scheduler's first index.
 */
import { UsageError, type Shard } from '../experiment/index.js';

type Env = Readonly<Record<string, string | undefined>>;

/** An environment variable as a whole number of at least `min`; undefined when unset or empty. */
function envInt(env: Env, name: string, min = 0): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const v = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(v) || v < min)
    throw new UsageError(`--shard auto: ${name}=${text} is not a whole number of at least ${min}`, 'shard');
  return v;
}

/** Which scheduler set the shard, its 0-based position and its count (undefined: ask --shard-count). */
interface Found {
  source: string;
  position: number;
  count: number | undefined;
}

function fromSlurm(env: Env): Found | undefined {
  const id = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (id === undefined) return undefined;
  const min = envInt(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
  const max = envInt(env, 'SLURM_ARRAY_TASK_MAX');
  const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT', 1) ?? (max !== undefined ? max - min + 1 : undefined);
  return { source: `SLURM_ARRAY_TASK_ID=${id} (first id ${min})`, position: id - min, count };
}

function fromKubernetes(env: Env): Found | undefined {
  const index = envInt(env, 'JOB_COMPLETION_INDEX');
  return index === undefined ? undefined : { source: `JOB_COMPLETION_INDEX=${index}`, position: index, count: undefined };
}

function fromAwsBatch(env: Env): Found | undefined {
  const index = envInt(env, 'AWS_BATCH_JOB_ARRAY_INDEX');
  return index === undefined ? undefined : { source: `AWS_BATCH_JOB_ARRAY_INDEX=${index}`, position: index, count: envInt(env, 'AWS_BATCH_JOB_ARRAY_SIZE', 1) };
}

function fromGnuParallel(env: Env): Found | undefined {
  const seq = envInt(env, 'PARALLEL_SEQ', 1);
  return seq === undefined ? undefined : { source: `PARALLEL_SEQ=${seq}`, position: seq - 1, count: undefined };
}

/** The variables --shard auto reads, for messages and docs. */
export const SHARD_ENV_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'PARALLEL_SEQ'] as const;

/**
 * The shard of this task from the environment (see the module comment); `shardCount` is
 * --shard-count, required where the scheduler does not give the count, checked where it does.
 * Throws UsageError naming the variables and the fix.
 */
export function shardFromEnv(env: Env, shardCount?: number): Shard {
  const found = fromSlurm(env) ?? fromKubernetes(env) ?? fromAwsBatch(env) ?? fromGnuParallel(env);
  if (!found)
    throw new UsageError(`--shard auto: none of ${SHARD_ENV_VARIABLES.join(', ')} is set; run it as a task of an array job, or give --shard K/N`, 'shard');
  if (found.count !== undefined && shardCount !== undefined && found.count !== shardCount)
    throw new UsageError(`--shard auto: --shard-count ${shardCount} disagrees with the scheduler's ${found.count} tasks (${found.source}); drop --shard-count`, 'shard');
  const count = found.count ?? shardCount;
  if (count === undefined) throw new UsageError(`--shard auto: ${found.source} gives no number of shards; add --shard-count N`, 'shard');
  const index = found.position + 1;
  if (index < 1 || index > count)
    throw new UsageError(`--shard auto: ${found.source} is outside the ${count} shards (K = ${index}); check the array's range and --shard-count`, 'shard');
  return { index, count };
}
