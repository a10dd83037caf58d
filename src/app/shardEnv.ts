/**
 * `--shard auto`: the shard's index and count from the environment a cluster scheduler sets for
 * each task of an array job, so that one command line serves every task:
 * - Slurm job arrays: SLURM_ARRAY_TASK_ID, with SLURM_ARRAY_TASK_MIN, _MAX, _COUNT and _STEP.
 *   With --shard-count N, an array whose ids all lie in 1..N maps each id to that shard (so
 *   re-running one task, `sbatch --array=3`, runs shard 3 of N); any other array of exactly N
 *   evenly spaced ids (0-based `0-3`, stepped `1-7:2`, sparse `2,4,6,8`) maps each id to its
 *   position (id - first) / step + 1. Without --shard-count, the count is the array's
 *   (SLURM_ARRAY_TASK_COUNT) and the id maps to its position; an array of one task is refused
 *   then (it is almost always one task of a larger array, re-run: it would run the whole job).
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (from 0), the count from --shard-count;
 * - AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX (from 0), the count from
 *   AWS_BATCH_JOB_ARRAY_SIZE when the job definition passes it, or --shard-count;
 * - GNU parallel: PARALLEL_SEQ (its `{#}`, the job's sequence number from 1), the count from
 *   --shard-count. (`{%}` is the job slot, reused by later jobs: never a shard index.)
 * When several are set (GNU parallel run inside a Slurm task, say), the first in that order wins,
 * and a note names the ones ignored. Slices are numbered from 1 (shard K/N), whatever the
 * scheduler's first index.
 */
import { UsageError } from '../errors/index.js';
import { type Shard } from '../experiment/index.js';

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

/** The shard of a Slurm array task (see the module comment); `shardCount` is --shard-count. */
function fromSlurm(env: Env, shardCount: number | undefined): Found | undefined {
  const id = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (id === undefined) return undefined;
  const min = envInt(env, 'SLURM_ARRAY_TASK_MIN') ?? id;
  const max = envInt(env, 'SLURM_ARRAY_TASK_MAX') ?? id;
  const tasks = envInt(env, 'SLURM_ARRAY_TASK_COUNT', 1) ?? undefined;
  const declaredStep = envInt(env, 'SLURM_ARRAY_TASK_STEP', 1);
  const source = `SLURM_ARRAY_TASK_ID=${id} (array ${min}..${max}${tasks !== undefined ? `, ${tasks} task${tasks === 1 ? '' : 's'}` : ''})`;
  // The array's spacing: its declared step, or that of `tasks` evenly spaced ids from min to max.
  const count = tasks ?? (declaredStep ? Math.floor((max - min) / declaredStep) + 1 : max - min + 1);
  const step = declaredStep && declaredStep > 1 ? declaredStep : count > 1 && (max - min) % (count - 1) === 0 ? (max - min) / (count - 1) : 1;
  const positional = (id - min) % step === 0 ? (id - min) / step : -1;
  if (shardCount !== undefined) {
    if (min >= 1 && max <= shardCount) return { source: `${source}: the id is the shard`, position: id - 1, count: shardCount };
    if (count === shardCount && positional >= 0) return { source: `${source}: position ${positional + 1} of ${count} ids, step ${step}`, position: positional, count: shardCount };
    throw new UsageError(
      `--shard auto: ${source} maps to no shard of --shard-count ${shardCount}: the ids must lie in 1..${shardCount} (then the id is the shard), ` +
        `or the array must be ${shardCount} evenly spaced ids; to re-run one task of such an array, give its shard explicitly, --shard K/${shardCount}`,
      'shard',
    );
  }
  if (count === 1 && max === min)
    throw new UsageError(
      `--shard auto: ${source} is an array of one task, which would run the whole job as shard 1 of 1; ` +
        'if this re-runs one task of a larger array, add --shard-count N (an array numbered 1..N: the id is the shard), or give --shard K/N',
      'shard',
    );
  return { source, position: positional, count };
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
export function shardFromEnv(env: Env, shardCount?: number, onNote?: (text: string) => void): Shard {
  const all = [fromSlurm(env, shardCount), fromKubernetes(env), fromAwsBatch(env), fromGnuParallel(env)].filter((f): f is Found => f !== undefined);
  const found = all[0];
  if (!found)
    throw new UsageError(`--shard auto: none of ${SHARD_ENV_VARIABLES.join(', ')} is set; run it as a task of an array job, or give --shard K/N`, 'shard');
  if (all.length > 1) onNote?.(`--shard auto: ${found.source} used; ignored: ${all.slice(1).map((f) => f.source).join(', ')} (order: Slurm, Kubernetes, AWS Batch, GNU parallel)`);
  if (found.count !== undefined && shardCount !== undefined && found.count !== shardCount)
    throw new UsageError(`--shard auto: --shard-count ${shardCount} disagrees with the scheduler's ${found.count} tasks (${found.source}); drop --shard-count`, 'shard');
  const count = found.count ?? shardCount;
  if (count === undefined) throw new UsageError(`--shard auto: ${found.source} gives no number of shards; add --shard-count N`, 'shard');
  const index = found.position + 1;
  if (index < 1 || index > count)
    throw new UsageError(`--shard auto: ${found.source} is outside the ${count} shards (K = ${index}); check the array's range and --shard-count`, 'shard');
  return { index, count };
}
