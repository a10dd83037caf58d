/**
 * Re-running a task of an array job (issue 24): a scheduler's requeue, a resubmitted array, or
 * `sbatch --array=3` after one task failed. A task whose output is already complete for the same
 * run (orchsim version, command, scenario, seed, --runs, grid, shard, and the changes.csv setting
 * when the command gives one) has nothing to do: it says so and exits 0 without --force, leaving
 * the output as it is, so that only the failed tasks do work again. A task cut short continues
 * from its journal (`--resume`, the default for `--shard auto`: ./commandDefaults.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../model/index.js';
import type { Shard, Vary } from '../experiment/index.js';
import { canonicalJson, scenarioHash, type Meta } from './meta.js';
import { version } from './paths.js';

export interface RerunKey {
  command: string;
  scenario: Scenario;
  varies: readonly Vary[];
  seed: number | string;
  runs: number;
  shard: Shard;
  /** The changes.csv setting, when the command gives it (--changes / --no-changes). */
  changes?: boolean;
}

/**
 * The output at `out`, if it is complete (meta.json, and every file it lists) and of the same run
 * as `key`: the sentence a note says; null otherwise (no output, another run's, or incomplete).
 */
export function completeOutput(out: string, key: RerunKey): string | null {
  const file = join(out, 'meta.json');
  if (!existsSync(file)) return null;
  let meta: Meta;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as Meta;
  } catch {
    return null;
  }
  const same =
    meta.orchsim === version() &&
    meta.command === key.command &&
    meta.scenarioHash === scenarioHash(key.scenario) &&
    canonicalJson(meta.seed) === canonicalJson(key.seed) &&
    meta.runs === key.runs &&
    canonicalJson(meta.grid) === canonicalJson(key.varies.map((v) => ({ path: v.path, column: v.column, values: v.values }))) &&
    meta.shard?.index === key.shard.index &&
    meta.shard?.count === key.shard.count &&
    (key.changes === undefined || meta.changes === key.changes);
  if (!same || !Array.isArray(meta.files) || !meta.files.every((f) => existsSync(join(out, f)))) return null;
  return `${out} already holds shard ${key.shard.index}/${key.shard.count} of this run, complete (meta.json and its ${meta.files.length} files); nothing to do (pass --force to run it again)`;
}
