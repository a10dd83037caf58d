/**
 * `orchsim merge`: the shards of one run or sweep, combined into the output the unsharded run
 * would have written. runs.csv and changes.csv are the shards' bodies concatenated in shard
 * order (shards are contiguous slices of the canonical order); summary.csv is recomputed from the
 * merged runs.csv, so every byte matches the unsharded run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocatePointValues, summarize, UsageError, type PointValues } from '../experiment/index.js';
import { csvLine, cellText, dataDictionary, OutputDir, readRunsCsv, summaryCsv, type ReportInput } from '../output/index.js';
import { scanCsv } from '../output/readRuns.js';
import { canonicalJson, pointLabel, type ExperimentResult, type Meta } from './app.js';
import { version } from './paths.js';

export interface MergeOptions {
  dirs: string[];
  out: string;
  force?: boolean;
  argv?: string[];
  onOutputDir?: (dir: OutputDir | null) => void;
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

export async function mergeOutputs(options: MergeOptions): Promise<ExperimentResult> {
  const started = performance.now();
  if (options.dirs.length === 0) throw new UsageError('merge: give the shard directories to combine', 'dirs');
  const metas = options.dirs.map((d) => ({ dir: d, meta: readMeta(d) }));
  const first = metas[0]!.meta;
  const same = (label: string, get: (m: Meta) => unknown) => {
    const want = canonicalJson(get(first));
    for (const { dir, meta } of metas)
      if (canonicalJson(get(meta)) !== want)
        throw new UsageError(`merge: ${dir} has a different ${label} from ${metas[0]!.dir}; only shards of the same run can be merged`, 'dirs');
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
  const byIndex = new Map<number, { dir: string; meta: Meta }>();
  for (const m of metas) {
    const prev = byIndex.get(m.meta.shard.index);
    if (prev) throw new UsageError(`merge: ${prev.dir} and ${m.dir} are both shard ${m.meta.shard.index}/${count}`, 'dirs');
    byIndex.set(m.meta.shard.index, m);
  }
  const missing: number[] = [];
  for (let k = 1; k <= count; k++) if (!byIndex.has(k)) missing.push(k);
  if (missing.length) throw new UsageError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`, 'dirs');
  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  for (const { dir } of ordered)
    for (const f of ['runs.csv', ...(first.changes ? ['changes.csv'] : [])])
      if (!existsSync(join(dir, f))) throw new UsageError(`merge: ${dir} has no ${f}`, 'dirs');

  const values = new Map<number, PointValues>();
  for (const p of first.points) values.set(p.point, allocatePointValues(p.point, p.regimes, 0, first.runs));

  const dir = OutputDir.create(options.out, options.force ?? false);
  options.onOutputDir?.(dir);
  try {
    let header = '';
    for (const { dir: shardDir } of ordered) {
      const file = join(shardDir, 'runs.csv');
      await readRunsCsv(
        file,
        { points: values },
        (text) => dir.append('runs.csv', text),
        (line) => {
          if (!header) {
            header = line;
            dir.append('runs.csv', `${line}\n`);
          } else if (line !== header) throw new UsageError(`merge: ${file} has different columns from the first shard`, 'dirs');
        },
      );
    }
    let changesHeaderLine = '';
    if (first.changes)
      for (const { dir: shardDir } of ordered)
        await scanCsv(join(shardDir, 'changes.csv'), {
          onHeader: (_cells, line) => {
            if (!changesHeaderLine) {
              changesHeaderLine = line;
              dir.append('changes.csv', `${line}\n`);
            } else if (line !== changesHeaderLine) throw new UsageError(`merge: ${shardDir}/changes.csv has different columns`, 'dirs');
          },
          onBody: (text) => dir.append('changes.csv', text),
        });
    for (const pv of values.values())
      if (pv.filled !== pv.count)
        throw new UsageError(`merge: point ${pv.point} has ${pv.filled} of ${pv.count} replications; are the shards complete?`, 'dirs');

    const pointValues = [...values.values()];
    const rows = summarize(pointValues, { seed: first.seed });
    const paramColumns = first.grid.map((g) => g.column);
    const prefixes = first.points.map((p) => csvLine([String(p.point), ...first.grid.map((g) => cellText(p.values[g.column]))]));
    dir.writeFile('summary.csv', summaryCsv(rows, paramColumns, prefixes));
    dir.writeFile('README.md', dataDictionary({ tiers: first.tiers, params: first.grid }));
    const seconds = Math.round((performance.now() - started) / 1000 * 1000) / 1000;
    const meta: Meta = {
      ...first,
      orchsim: version(),
      argv: options.argv ?? [],
      shard: { index: 1, count: 1, start: 0, end: first.units },
      workers: 1,
      files: first.files,
      startedAt: new Date().toISOString(),
      seconds,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      merged: { from: ordered.map((o) => o.dir) },
    };
    dir.writeFile('meta.json', `${JSON.stringify(meta, null, 2)}\n`);
    dir.commit();
    options.onOutputDir?.(null);
    const labels = first.grid.map((g) => ({ path: g.path }));
    const report: ReportInput = {
      command: `merge (${count} shards)`,
      scenarioName: first.scenarioName,
      runs: first.runs,
      seed: first.seed,
      seconds,
      points: first.points.map((p) => ({
        point: p.point,
        label: pointLabel(labels, first.grid.map((g) => p.values[g.column])),
        fanout: p.fanout,
        values: values.get(p.point),
      })),
      rows,
      outDir: dir.target,
      files: first.files,
    };
    return { meta, rows, values: pointValues, report, outDir: dir.target };
  } catch (err) {
    dir.abort();
    options.onOutputDir?.(null);
    throw err;
  }
}
