/**
 * `orchsim merge`: the shards of one run or sweep, combined into the output the unsharded run
 * would have written. The stream files (runs.csv, changes.csv) are the shards' bodies
 * concatenated in shard order (shards are contiguous slices of the canonical order); the other
 * files of ./outputs.ts are written from the summary recomputed from the merged runs.csv, so
 * every byte matches the unsharded run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors/index.js';
import { allocatePointValues, pointScenario, summarize, type PointValues, type SummaryRow } from '../experiment/index.js';
import { csvLine, cellText, OutputDir, readReviewSeriesCsv, readRunsCsv, REVIEW_SERIES_FILE, RunSums, type PointReviewSeries, type ReportInput } from '../output/index.js';
import { scanCsv } from '../output/readRuns.js';
import { resolveDecision } from '../model/index.js';
import { comparesObserved, expectedChangesPerReplication } from './plan.js';
import { teamReport, type ExperimentResult } from './runReport.js';
import { canonicalJson, maxRssMb, pointLabel, secondsSince, type Meta } from './meta.js';
import { chosenFiles, OutputWriter, streamFiles, type StreamWrite } from './outputs.js';
import { version } from './paths.js';
import { OutputLock } from './lock.js';

export interface MergeOptions {
  dirs: string[];
  out: string;
  force?: boolean;
  argv?: string[];
  onOutputDir?: (dir: OutputDir | null) => void;
  /** Notes for stderr: the journals of unfinished shards skipped. */
  onNote?: (text: string) => void;
}

/** A word for a shell command line, quoted when it needs to be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) || word === '<DIR>' ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A directory's last number, split around it: `results/shards/6` → ['results/shards/', 6, '']. */
function lastNumber(dir: string): [string, number, string] | null {
  const m = /^(.*?)(\d+)(\D*)$/.exec(dir.replace(/\/+$/, ''));
  return m ? [m[1]!, Number(m[2]), m[3]!] : null;
}

/**
 * The command that produces shard `index` of the run the `present` shards are of: the first's
 * recorded command line with `--shard index/count` (for --shard auto or another K/N;
 * --shard-count dropped) and an --out that follows the present shards' directories where their
 * last numbers are a line in the shard index (`shards/1` for shard 1; `shards/2, 4, 8` for
 * shards 1, 2, 4 of a sparse array: `shards/6` for shard 3); `<DIR>` otherwise.
 */
export function shardCommand(present: readonly ShardOutput[], index: number): string {
  const like = present[0]!;
  const argv = like.meta.argv ?? [];
  const count = like.meta.shard.count;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--shard' || a === '--shard-count' || a === '--out' || a === '-o') {
      i++;
      continue;
    }
    if (a.startsWith('--shard=') || a.startsWith('--shard-count=') || a.startsWith('--out=')) continue;
    words.push(a);
  }
  return ['orchsim', ...words, '--shard', `${index}/${count}`, '--out', shardDir(present, index)].map(shellWord).join(' ');
}

function shardDir(present: readonly ShardOutput[], index: number): string {
  const parsed = present.map((p) => ({ k: p.meta.shard.index, n: lastNumber(p.dir) }));
  const first = parsed[0]!;
  if (!first.n || parsed.some((p) => !p.n || p.n[0] !== first.n![0] || p.n[2] !== first.n![2])) return '<DIR>';
  // n = a + b k through the first two (one shard: b = 1), checked on every other.
  const second = parsed.find((p) => p.k !== first.k);
  const b = second ? (second.n![1] - first.n![1]) / (second.k - first.k) : 1;
  const a = first.n[1] - b * first.k;
  if (!Number.isInteger(a) || !Number.isInteger(b) || b < 1 || parsed.some((p) => p.n![1] !== a + b * p.k)) return '<DIR>';
  return `${first.n[0]}${a + b * index}${first.n[2]}`;
}

interface ShardOutput {
  dir: string;
  meta: Meta;
}

function readMeta(dir: string): Meta {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) throw new UsageError(`${dir}: not an orchsim output directory (no meta.json)`, 'dirs');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Meta;
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON: ${(err as Error).message}`, 'dirs');
  }
}

/** The shards in shard order, checked to be every shard of one run. */
function orderedShards(dirs: readonly string[], onNote?: (text: string) => void): ShardOutput[] {
  // A glob such as results/shards/* also matches an unfinished shard's journal (<out>.partial): not a shard.
  const journals = dirs.filter((d) => /\.partial\/*$/.test(d));
  for (const d of journals) onNote?.(`merge: skipped ${d}: the journal of an unfinished shard, not an output (its shard is listed below if it is missing)`);
  const metas = dirs.filter((d) => !journals.includes(d)).map((d) => ({ dir: d, meta: readMeta(d) }));
  if (metas.length === 0) throw new UsageError('merge: no shard output among the directories given (only journals of unfinished shards)', 'dirs');
  const first = metas[0]!.meta;
  // A difference names every group of shards that agree, so a stray shard stands out.
  const same = (label: string, get: (m: Meta) => unknown) => {
    const groups = new Map<string, string[]>();
    for (const { dir, meta } of metas) groups.set(canonicalJson(get(meta)), [...(groups.get(canonicalJson(get(meta))) ?? []), dir]);
    if (groups.size > 1) {
      const show = (key: string) => (key.length > 40 ? `${key.slice(0, 12)}...` : key);
      const list = [...groups].map(([key, dirs]) => `${show(key)} in ${dirs.join(', ')}`).join('; ');
      throw new UsageError(`merge: the shards are of different runs (different ${label}): ${list}; only shards of the same run can be merged`, 'dirs');
    }
  };
  same('orchsim version', (m) => m.orchsim);
  same('command', (m) => m.command);
  same('scenario (hash)', (m) => m.scenarioHash);
  same('seed', (m) => m.seed);
  same('number of replications', (m) => m.runs);
  same('sweep grid', (m) => m.grid);
  same('changes.csv setting', (m) => m.changes);
  same('shard count', (m) => m.shard.count);
  const count = first.shard.count;
  const byIndex = new Map<number, ShardOutput>();
  for (const m of metas) {
    const prev = byIndex.get(m.meta.shard.index);
    if (prev) throw new UsageError(`merge: ${prev.dir} and ${m.dir} are both shard ${m.meta.shard.index}/${count}`, 'dirs');
    byIndex.set(m.meta.shard.index, m);
  }
  const missing: number[] = [];
  for (let k = 1; k <= count; k++) if (!byIndex.has(k)) missing.push(k);
  if (missing.length) {
    const commands = missing.map((k) => `  shard ${k}/${count}: ${shardCommand(metas, k)}`).join('\n');
    throw new UsageError(
      `merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing; run ${missing.length > 1 ? 'each' : 'it'} (again), then merge:\n${commands}`,
      'dirs',
    );
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
}

/**
 * One stream file of the merged output: the first shard's header, then every shard's body in
 * shard order; a shard with other columns is an error. Fills `values` from the rows of the file
 * that feeds the summary.
 */
async function concatenateShards(
  output: OutputWriter,
  name: string,
  write: StreamWrite,
  shards: readonly ShardOutput[],
  values: Map<number, PointValues>,
  sums: RunSums,
  seen: Map<number, Uint8Array[]>,
) {
  let header = '';
  for (const { dir: shardDir } of shards) {
    const file = join(shardDir, name);
    const onHeader = (line: string) => {
      if (!header) {
        header = line;
        output.dir.append(name, `${line}\n`);
      } else if (line !== header) throw new UsageError(`merge: ${file} has different columns from the first shard`, 'dirs');
    };
    const onBody = (text: string) => output.dir.append(name, text);
    if (write.feedsSummary) await readRunsCsv(file, { points: values, sums, seen }, onBody, onHeader);
    else await scanCsv(file, { onHeader: (_cells, line) => onHeader(line), onBody });
  }
}

/** Every (regime, replication) row once: a shard with a row missing is named with the first one. */
function checkEveryRow(values: ReadonlyMap<number, PointValues>, seen: ReadonlyMap<number, Uint8Array[]>, ordered: readonly ShardOutput[]): void {
  const runs = ordered[0]!.meta.runs;
  for (const pv of values.values()) {
    const flags = seen.get(pv.point);
    for (let r = 0; r < pv.regimes.length; r++) {
      const missing = flags ? flags[r]!.indexOf(0) : 0;
      if (missing >= 0 && pv.count > 0) {
        const replication = pv.firstReplication + missing;
        const unit = pv.point * runs + replication;
        const shard = ordered.find((o) => unit >= o.meta.shard.start && unit < o.meta.shard.end);
        throw new UsageError(
          `merge: runs.csv${shard ? ` of ${shard.dir}` : ''} has no row for point ${pv.point}, replication ${replication}, regime ${pv.regimes[r]} ` +
            `(${flags ? flags[r]!.reduce((n, f) => n + (f ? 0 : 1), 0) : pv.count} of ${pv.count} missing); are the shards complete? Run that shard again`,
          'dirs',
        );
      }
    }
  }
}

/** The review queue over time: the shards' sums added (exact integers: any order gives the same). */
function mergedReviewSeries(ordered: readonly ShardOutput[]): Map<number, PointReviewSeries> {
  const first = ordered[0]!.meta;
  const reviewSeries = new Map<number, PointReviewSeries>();
  for (const { dir: shardDir } of ordered) {
    const file = join(shardDir, REVIEW_SERIES_FILE);
    if (!existsSync(file)) throw new UsageError(`merge: ${shardDir} has no ${REVIEW_SERIES_FILE}`, 'dirs');
    readReviewSeriesCsv(readFileSync(file, 'utf8'), reviewSeries, (point) => first.points.find((p) => p.point === point)?.regimes ?? []);
  }
  return reviewSeries;
}

/** The console's report of a merge (`meta`: the merged record). */
function mergeReport(meta: Meta, count: number, values: ReadonlyMap<number, PointValues>, rows: SummaryRow[], target: string): ReportInput {
  const labels = meta.grid.map((g) => ({ path: g.path }));
  return {
    command: `merge (${count} shards)`,
    scenarioName: meta.scenarioName,
    decision: resolveDecision(meta.scenario),
    runs: meta.runs,
    seed: meta.seed,
    seconds: meta.seconds,
    points: meta.points.map((p) => ({
      point: p.point,
      label: pointLabel(labels, meta.grid.map((g) => p.values[g.column])),
      scenario: pointScenario(meta.scenario, meta.grid, p.values),
      values: values.get(p.point),
    })),
    rows,
    outDir: target,
    files: meta.files,
    ...teamReport(meta.scenario),
  };
}

/**
 * Combine the output directories of the shards of one run or sweep into `out`, byte-identical to
 * the run unsharded (as `orchsim merge` does).
 *
 * @example
 * ```ts
 * import { mergeOutputs, parseShard, resolveScenario, runExperiment } from 'orchsim';
 * import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import assert from 'node:assert/strict';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'merge-'));
 * const scenario = resolveScenario();
 * for (const k of [1, 2]) await runExperiment({ scenario, runs: 100, seed: 42, workers: 1, shard: parseShard(`${k}/2`), out: join(dir, `shard${k}`) });
 * await mergeOutputs({ dirs: [join(dir, 'shard1'), join(dir, 'shard2')], out: join(dir, 'all') });
 * await runExperiment({ scenario, runs: 100, seed: 42, workers: 1, out: join(dir, 'whole') });
 * assert.equal(readFileSync(join(dir, 'all', 'runs.csv'), 'utf8'), readFileSync(join(dir, 'whole', 'runs.csv'), 'utf8'));
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function mergeOutputs(options: MergeOptions): Promise<ExperimentResult> {
  // One writer per output (./lock.ts), as for a run.
  const lock = OutputLock.acquire(options.out);
  if (lock.note) process.stderr.write(`orchsim: ${lock.note}\n`);
  try {
    return await mergeLocked(options);
  } finally {
    lock.release();
  }
}

async function mergeLocked(options: MergeOptions): Promise<ExperimentResult> {
  const started = performance.now();
  if (options.dirs.length === 0) throw new UsageError('merge: give the shard directories to combine', 'dirs');
  const ordered = orderedShards(options.dirs, options.onNote);
  const first = ordered[0]!.meta;
  const count = first.shard.count;
  const files = chosenFiles({
    changes: first.changes,
    best: first.points.length > 1,
    reviewSeries: first.files.includes(REVIEW_SERIES_FILE),
    observed: comparesObserved(first.scenario, first.grid.length),
  });
  for (const { dir } of ordered)
    for (const { name } of streamFiles(files)) if (!existsSync(join(dir, name))) throw new UsageError(`merge: ${dir} has no ${name}`, 'dirs');

  const values = new Map<number, PointValues>();
  for (const p of first.points) values.set(p.point, allocatePointValues(p.point, p.regimes, 0, first.runs));
  const sums = new RunSums(first.tiers, first.points.map((p) => p.regimes));

  const dir = OutputDir.create(options.out, options.force ?? false);
  options.onOutputDir?.(dir);
  const output = new OutputWriter(dir, files);
  try {
    const seen = new Map<number, Uint8Array[]>();
    for (const { name, write } of output.streams) await concatenateShards(output, name, write, ordered, values, sums, seen);
    checkEveryRow(values, seen, ordered);
    const reviewSeries = files.some((f) => f.name === REVIEW_SERIES_FILE) ? mergedReviewSeries(ordered) : new Map<number, PointReviewSeries>();
    const pointValues = [...values.values()];
    const rows = summarize(pointValues, { seed: first.seed });
    const prefixes = first.points.map((p) => csvLine([String(p.point), ...first.grid.map((g) => cellText(p.values[g.column]))]));
    const meta: Meta = {
      ...first,
      orchsim: version(),
      argv: options.argv ?? [],
      shard: { index: 1, count: 1, start: 0, end: first.units },
      workers: 1,
      files: output.names(),
      startedAt: new Date().toISOString(),
      seconds: 0, // read once the other files are written
      maxRssMb: 0,
      merged: { from: ordered.map((o) => o.dir) },
      resumed: undefined, // a shard's, not the merge's
    };
    const kept = await output.finish({ meta, rows, prefixes, values: pointValues, sums, reviewSeries: [...reviewSeries.values()] }, () => {
      meta.seconds = secondsSince(started);
      meta.maxRssMb = maxRssMb();
    });
    options.onOutputDir?.(null);
    const changesRowsExpected = expectedChangesPerReplication(first.scenario) * first.scenario.regimes.length * first.runs * first.points.length;
    const report = mergeReport(meta, count, values, rows, dir.target);
    return { meta, rows, values: pointValues, report, outDir: dir.target, changesRowsExpected, ...(kept.observed ? { observed: kept.observed } : {}) };
  } catch (err) {
    dir.abort();
    options.onOutputDir?.(null);
    throw err;
  }
}
