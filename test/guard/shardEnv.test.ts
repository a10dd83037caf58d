/**
 * Cluster runs (issue 16): --shard auto from Slurm, Kubernetes, AWS Batch and GNU parallel; the
 * GNU parallel recipe of docs/cli.md run for real; merge of the shards equals the unsharded run
 * byte for byte, and names what is missing or mixed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardFromEnv } from '../../src/app/index.js';
import { UsageError } from '../../src/experiment/index.js';
import { CLI, cli } from '../cli/helpers.js';
import { useScratchDir } from './scratch.js';

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
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' }, 5)).toThrow(/disagrees/);
    expect(() => shardFromEnv({ PARALLEL_SEQ: 'x' }, 2)).toThrow(/PARALLEL_SEQ=x/);
  });
});

describe('cluster recipes, merged, equal the unsharded run', () => {
  it('GNU parallel, run for real as docs/cli.md shows it', () => {
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
