/**
 * Cluster runs (issue 16): --shard auto from Slurm, Kubernetes, AWS Batch and GNU parallel; the
 * GNU parallel recipe of docs/cli.md run for real; merge of the shards equals the unsharded run
 * byte for byte, and names what is missing or mixed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { shardFromEnv } from '../../src/app/index.js';
import { CLI, cli } from '../cli/helpers.js';
import { useScratchDir } from './scratch.js';
import { GNU_PARALLEL, requireTool } from '../support/systemTools.js';

const scratchDir = useScratchDir();
let dir = '';
beforeAll(() => {
  dir = scratchDir();
  expect(cli(['sweep', '--vary', 'fanout=1,4', '-n', '150', '--seed', '9', '--workers', '1', '--out', 'whole', '-q'], dir).code).toBe(0);
});

const SWEEP = ['sweep', '--vary', 'fanout=1,4', '-n', '150', '--seed', '9', '--workers', '1', '-q'];
const same = (out: string) => {
  for (const f of ['runs.csv', 'summary.csv']) expect(readFileSync(join(dir, out, f), 'utf8'), `${out}/${f}`).toBe(readFileSync(join(dir, 'whole', f), 'utf8'));
};

describe('shardFromEnv', () => {
  it('Slurm: the id less the first id, plus one; the count from _COUNT or _MIN/_MAX', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '7' })).toEqual({ index: 1, count: 8 });
  });
  it('Kubernetes and GNU parallel need --shard-count; AWS Batch takes its array size', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '7' }, 8)).toEqual({ index: 8, count: 8 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '7' })).toThrow(/add --shard-count N/);
    expect(shardFromEnv({ PARALLEL_SEQ: '2' }, 3)).toEqual({ index: 2, count: 3 });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '5' })).toEqual({ index: 1, count: 5 });
  });
  it('refuses no variable, an index outside 1..N, a disagreeing count, garbage', () => {
    expect(() => shardFromEnv({})).toThrow(UsageError);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '8' }, 8)).toThrow(/outside the 8 shards/);
    expect(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '1', AWS_BATCH_JOB_ARRAY_SIZE: '4' }, 5)).toThrow(/disagrees/);
    expect(() => shardFromEnv({ PARALLEL_SEQ: 'x' }, 2)).toThrow(/PARALLEL_SEQ=x/);
  });
});

/** The variables Slurm sets in a task of `--array=<spec>` (ids in order), as sbatch does. */
const slurmArray = (ids: number[], id: number, step?: number) => ({
  SLURM_ARRAY_TASK_ID: String(id),
  SLURM_ARRAY_TASK_MIN: String(Math.min(...ids)),
  SLURM_ARRAY_TASK_MAX: String(Math.max(...ids)),
  SLURM_ARRAY_TASK_COUNT: String(ids.length),
  ...(step ? { SLURM_ARRAY_TASK_STEP: String(step) } : {}),
});

describe('re-run, stepped and sparse Slurm arrays (issue 24)', () => {
  it('--array=3 (id, min and max 3, count 1) with --shard-count 4 is shard 3 of 4', () => {
    expect(shardFromEnv(slurmArray([3], 3), 4)).toEqual({ index: 3, count: 4 });
    // Without a count, an array of one task would be the whole job: refused, with the fix.
    expect(() => shardFromEnv(slurmArray([3], 3))).toThrow(/array of one task.*--shard-count N/);
  });
  it('arrays numbered 1..N: the id is the shard; 0-based, stepped and sparse arrays of N ids: the position', () => {
    for (const id of [1, 2, 3, 4]) expect(shardFromEnv(slurmArray([1, 2, 3, 4], id), 4)).toEqual({ index: id, count: 4 });
    for (const [k, id] of [0, 1, 2, 3].entries()) expect(shardFromEnv(slurmArray([0, 1, 2, 3], id), 4)).toEqual({ index: k + 1, count: 4 });
    for (const [k, id] of [1, 3, 5, 7].entries()) expect(shardFromEnv(slurmArray([1, 3, 5, 7], id, 2), 4)).toEqual({ index: k + 1, count: 4 });
    for (const [k, id] of [2, 4, 6, 8].entries()) expect(shardFromEnv(slurmArray([2, 4, 6, 8], id), 4)).toEqual({ index: k + 1, count: 4 });
    // Without --shard-count the array's own count and spacing serve too.
    for (const [k, id] of [1, 3, 5, 7].entries()) expect(shardFromEnv(slurmArray([1, 3, 5, 7], id, 2))).toEqual({ index: k + 1, count: 4 });
    // One task of a stepped array re-run alone cannot be placed: refused, naming --shard K/N.
    expect(() => shardFromEnv(slurmArray([5], 5), 4)).toThrow(/--shard K\/4/);
  });
  it('Slurm and GNU parallel both set: Slurm wins, with a note naming the other', () => {
    const notes: string[] = [];
    expect(shardFromEnv({ ...slurmArray([1, 2], 2), PARALLEL_SEQ: '1' }, 2, (n) => notes.push(n))).toEqual({ index: 2, count: 2 });
    expect(notes.join()).toMatch(/SLURM_ARRAY_TASK_ID=2 .*used; ignored: PARALLEL_SEQ=1/);
  });

  it('sparse --array=2,4,6,8 with --shard-count 4: four shards that merge to the unsharded bytes; a complete shard re-run exits 0 and changes nothing', () => {
    for (const id of [2, 4, 6, 8]) expect(cli([...SWEEP.slice(0, -1), '--shard', 'auto', '--shard-count', '4', '--out', `sparse/${id}`], dir, slurmArray([2, 4, 6, 8], id)).code).toBe(0);
    expect(cli(['merge', 'sparse/2', 'sparse/4', 'sparse/6', 'sparse/8', '--out', 'sparse-all', '-q'], dir).code).toBe(0);
    same('sparse-all');
    // The requeue of a finished task: exit 0 without --force, a note, the files untouched.
    const before = readdirSync(join(dir, 'sparse/6')).map((f) => [f, statSync(join(dir, 'sparse/6', f)).mtimeMs, readFileSync(join(dir, 'sparse/6', f), 'utf8')]);
    const again = cli([...SWEEP.slice(0, -1), '--shard', 'auto', '--shard-count', '4', '--out', 'sparse/6'], dir, slurmArray([2, 4, 6, 8], 6));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/already holds shard 3\/4 of this run, complete.*nothing to do/);
    expect(readdirSync(join(dir, 'sparse/6')).map((f) => [f, statSync(join(dir, 'sparse/6', f)).mtimeMs, readFileSync(join(dir, 'sparse/6', f), 'utf8')])).toEqual(before);
    // Re-running one task the usual way, sbatch --array=3 (id, min and max 3, count 1), with --shard-count 4: shard 3 of 4, not the whole job.
    const rerun = cli([...SWEEP.slice(0, -1), '--shard', 'auto', '--shard-count', '4', '--out', 'rerun-3'], dir, slurmArray([3], 3));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'rerun-3', 'meta.json'), 'utf8')).shard).toMatchObject({ index: 3, count: 4 });
    expect(readFileSync(join(dir, 'rerun-3', 'runs.csv'), 'utf8')).toBe(readFileSync(join(dir, 'sparse/6', 'runs.csv'), 'utf8'));
    // Another run into it is still refused without --force.
    expect(cli([...SWEEP.slice(0, -1).map((a) => (a === '9' ? '10' : a)), '--shard', '3/4', '--out', 'sparse/6'], dir).code).toBe(2);
  }, 120_000);

  it('merge skips an unfinished shard\'s journal and gives the command of each missing shard', () => {
    mkdirSync(join(dir, 'sparse/9.partial'), { recursive: true });
    const r = cli(['merge', 'sparse/2', 'sparse/4', 'sparse/9.partial', 'sparse/8', '--out', 'sparse-m'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/skipped sparse\/9\.partial: the journal of an unfinished shard/);
    expect(r.stderr).toMatch(/shard 3\/4 missing/);
    expect(r.stderr).toContain(`shard 3/4: orchsim ${SWEEP.slice(0, -1).join(' ')} --shard 3/4 --out sparse/6`);
  }, 60_000);
});

describe('cluster recipes, merged, equal the unsharded run', () => {
  const parallel = requireTool(GNU_PARALLEL);
  it.skipIf(!parallel)('GNU parallel, run for real as docs/cli.md shows it', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/cli.md'), 'utf8');
    expect(docs).toContain('seq 4 | parallel -j 2 npx orchsim run --runs 1000000 --seed 42 --shard auto --shard-count 4');
    const line = `seq 3 | parallel -j 2 ${process.execPath} ${CLI} ${SWEEP.join(' ')} --shard auto --shard-count 3 --out par-{#}`;
    const r = spawnSync('sh', ['-c', line], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(cli(['merge', 'par-3', 'par-1', 'par-2', '--out', 'par', '-q'], dir).code).toBe(0);
    same('par');
  }, 120_000);

  it.each([
    ['slurm', (k: number) => ({ SLURM_ARRAY_TASK_ID: String(k), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' }), []],
    ['k8s', (k: number) => ({ JOB_COMPLETION_INDEX: String(k - 1) }), ['--shard-count', '3']],
    ['aws', (k: number) => ({ AWS_BATCH_JOB_ARRAY_INDEX: String(k - 1), AWS_BATCH_JOB_ARRAY_SIZE: '3' }), []],
  ] as const)('%s', (name, env, extra) => {
    for (const k of [1, 2, 3]) expect(cli([...SWEEP, '--shard', 'auto', ...extra, '--out', `${name}-${k}`], dir, env(k)).code).toBe(0);
    expect(cli(['merge', `${name}-1`, `${name}-2`, `${name}-3`, '--out', name, '-q'], dir).code).toBe(0);
    same(name);
  }, 120_000);

  it('merge names the missing, doubled and mixed shards', () => {
    const missing = cli(['merge', 'slurm-1', 'slurm-3', '--out', 'm1'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard 2/3 missing');
    const doubled = cli(['merge', 'slurm-1', 'k8s-1', 'slurm-2', 'slurm-3', '--out', 'm2'], dir);
    expect(doubled.stderr).toMatch(/slurm-1 and k8s-1 are both shard 1\/3/);
    expect(cli([...SWEEP.map((a) => (a === '9' ? '10' : a)), '--shard', '2/3', '--out', 'other-seed'], dir).code).toBe(0);
    const mixed = cli(['merge', 'slurm-1', 'other-seed', 'slurm-3', '--out', 'm3'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/different runs \(different seed\): 9 in slurm-1, slurm-3; 10 in other-seed/);
  }, 120_000);
});
