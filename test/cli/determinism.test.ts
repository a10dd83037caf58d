/**
 * The must-holds: the same seed gives byte-identical runs.csv, changes.csv, summary.csv and
 * distributions.csv with 1 worker and with 2, and sharded-then-merged equals unsharded (runs and
 * sweeps, single-change and stream mode).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, read, scratch } from './helpers.js';

beforeAll(ensureBuilt);

function same(a: string, b: string, files: string[]) {
  for (const f of files) expect(read(b, f), `${f} of ${b} vs ${a}`).toBe(read(a, f));
}

describe('byte-identical outputs', () => {
  it('run: 1 worker, 2 workers, and 3 shards merged', () => {
    const dir = scratch();
    const base = ['run', '-n', '400', '--seed', '7', '-q'];
    expect(cli([...base, '-w', '1', '-o', 'w1'], dir).code).toBe(0);
    expect(cli([...base, '-w', '2', '-o', 'w2'], dir).code).toBe(0);
    for (const k of [1, 2, 3]) expect(cli([...base, '-w', '2', '--shard', `${k}/3`, '-o', `s${k}`], dir).code).toBe(0);
    const merged = cli(['merge', 's3', 's1', 's2', '-o', 'merged', '-q'], dir);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    same(join(dir, 'w1'), join(dir, 'w2'), ['runs.csv', 'summary.csv', 'distributions.csv']);
    same(join(dir, 'w1'), join(dir, 'merged'), ['runs.csv', 'summary.csv', 'distributions.csv']);
    const meta = JSON.parse(read(dir, 'w2', 'meta.json'));
    expect(meta.workers).toBe(2);
    expect(meta.seed).toBe(7);
    expect(meta.runs).toBe(400);
    expect(meta.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.scenario.name).toBe('default');
    expect(JSON.parse(read(dir, 's2', 'meta.json')).shard).toEqual({ index: 2, count: 3, start: 133, end: 266 });
    // a different seed gives different numbers
    expect(cli([...base.slice(0, 3), '--seed', '8', '-q', '-w', '1', '-o', 'other'], dir).code).toBe(0);
    expect(read(dir, 'other', 'runs.csv')).not.toBe(read(dir, 'w1', 'runs.csv'));
  });

  it('--workers auto (the default) starts no thread for a small run, and writes the same bytes', () => {
    const dir = scratch();
    const base = ['run', '-n', '300', '--seed', '3', '-q'];
    expect(cli([...base, '-o', 'auto'], dir).code).toBe(0);
    expect(cli([...base, '-w', 'auto', '-o', 'auto2'], dir).code).toBe(0);
    expect(cli([...base, '-w', '2', '-o', 'w2'], dir).code).toBe(0);
    same(join(dir, 'w2'), join(dir, 'auto'), ['runs.csv', 'summary.csv', 'distributions.csv']);
    same(join(dir, 'w2'), join(dir, 'auto2'), ['runs.csv', 'summary.csv', 'distributions.csv']);
    // 300 replications of about 46 events each are far below the million events a thread must save
    expect(JSON.parse(read(dir, 'auto', 'meta.json')).workers).toBe(1);
    expect(JSON.parse(read(dir, 'w2', 'meta.json')).workers).toBe(2);
  });

  it('sweep: 1 vs 2 workers and 2 shards merged; every point on common random numbers', () => {
    const dir = scratch();
    const base = ['sweep', '--vary', 'fanout=1,4', '--vary', 'review.reviewers=1,2', '-n', '60', '-q'];
    expect(cli([...base, '-w', '1', '-o', 'w1'], dir).code).toBe(0);
    expect(cli([...base, '-w', '2', '-o', 'w2'], dir).code).toBe(0);
    expect(cli([...base, '--shard', '1/2', '-o', 's1'], dir).code).toBe(0);
    expect(cli([...base, '--shard', '2/2', '-o', 's2'], dir).code).toBe(0);
    expect(cli(['merge', 's1', 's2', '-o', 'm', '-q'], dir).code).toBe(0);
    same(join(dir, 'w1'), join(dir, 'w2'), ['runs.csv', 'summary.csv', 'distributions.csv', 'best.csv']);
    same(join(dir, 'w1'), join(dir, 'm'), ['runs.csv', 'summary.csv', 'distributions.csv', 'best.csv', 'README.md']);
    // A shard alone has not every replication: no best.csv; the merge writes it, listed as the unsharded run lists it.
    expect(existsSync(join(dir, 's1', 'best.csv'))).toBe(false);
    expect(JSON.parse(read(dir, 'm', 'meta.json')).files).toEqual(JSON.parse(read(dir, 'w1', 'meta.json')).files);
    expect(read(dir, 'w1', 'best.csv').split('\n')[0]).toBe('metric,regime,row,point,fanout,review_reviewers,mean,above_best_share,p_value,p_value_holm,plateau_within_share');
    const rows = read(dir, 'w1', 'runs.csv').trim().split('\n');
    expect(rows[0]).toMatch(/^point,fanout,review_reviewers,replication,regime,/);
    expect(rows).toHaveLength(1 + 4 * 60 * 3);
    // common random numbers: the human regime does not depend on fanout, so points 0 and 2 agree on it
    const human = (point: number, rest: string) => rows.filter((r) => r.startsWith(`${point},`) && r.includes(',human,')).map((r) => r.split(',').slice(5).join(',') + rest);
    expect(human(0, '')).toEqual(human(2, ''));
  });

  it('stream mode writes changes.csv, identically on 1 or 2 workers and merged shards', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'stream.yaml'),
      'name: tiny-stream\nmode:\n  kind: stream\n  arrivals: { per: hour, rate: 0.25 }\n  horizonDays: 2\n',
    );
    const base = ['run', 'stream.yaml', '-n', '8', '-q'];
    expect(cli([...base, '-w', '1', '-o', 'w1'], dir).code).toBe(0);
    expect(cli([...base, '-w', '2', '-o', 'w2'], dir).code).toBe(0);
    expect(cli([...base, '--shard', '1/2', '-o', 's1'], dir).code).toBe(0);
    expect(cli([...base, '--shard', '2/2', '-o', 's2'], dir).code).toBe(0);
    expect(cli(['merge', 's1', 's2', '-o', 'm', '-q'], dir).code).toBe(0);
    const files = ['runs.csv', 'changes.csv', 'summary.csv', 'distributions.csv'];
    same(join(dir, 'w1'), join(dir, 'w2'), files);
    same(join(dir, 'w1'), join(dir, 'm'), files);
    expect(read(dir, 'w1', 'changes.csv').split('\n').length).toBeGreaterThan(3 * 8);
    // --no-changes turns it off
    expect(cli([...base, '--no-changes', '-o', 'nc'], dir).code).toBe(0);
    expect(() => read(dir, 'nc', 'changes.csv')).toThrow();
  });
});
