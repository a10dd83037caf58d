/**
 * The report's size and speed on a 1,000,000-replication run (issue 13: under 2 MB, rendered in
 * under 5 s). The run's files are synthesised, not simulated (a real run takes minutes): meta.json
 * and summary.csv of a small real run of the default scenario, a runs.csv of a million
 * replications made of that run's rows repeated with fresh replication numbers, so every column
 * and value is one the model writes, and that run's distributions.csv with its replications, sums
 * and counts multiplied as runs.csv's rows are (its quantiles are the small run's: a repeated
 * sample's differ by interpolation only). Timed: writeReport as a new output is reported (from
 * distributions.csv, which has the same rows whatever the replications), then as an output of an
 * older orchsim is (no distributions.csv: the 3,000,000-row runs.csv read instead).
 * `npm run bench -- report`, or: npm run build && node dist/bench/report.js.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport } from '../src/output/report/index.js';

const REPLICATIONS = 1_000_000;
const SEED_RUNS = 2_000;

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');

/** A run directory of `replications` replications: a real run of SEED_RUNS, its rows repeated. */
export function synthesiseRun(dir: string, replications: number): void {
  const r = spawnSync(process.execPath, [CLI, 'run', '-n', String(SEED_RUNS), '--workers', '1', '--out', dir, '--force', '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`orchsim run failed: ${r.stderr}`);
  const runsFile = join(dir, 'runs.csv');
  const [header, ...rows] = readFileSync(runsFile, 'utf8').trimEnd().split('\n');
  // Rows are point,replication,regime,...: keep everything after the replication cell.
  const tails = rows.map((row) => {
    const a = row.indexOf(',');
    const b = row.indexOf(',', a + 1);
    return row.slice(b);
  });
  const perReplication = tails.length / SEED_RUNS;
  const fd = openSync(runsFile, 'w');
  writeSync(fd, `${header}\n`);
  let batch = '';
  for (let rep = 0; rep < replications; rep++) {
    const base = (rep % SEED_RUNS) * perReplication;
    for (let k = 0; k < perReplication; k++) batch += `0,${rep}${tails[base + k]}\n`;
    if (batch.length > 1 << 22) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
  const factor = replications / SEED_RUNS;
  const distributionsFile = join(dir, 'distributions.csv');
  const [head, ...lines] = readFileSync(distributionsFile, 'utf8').trimEnd().split('\n');
  const statistic = head!.split(',').indexOf('statistic');
  const scaled = lines.map((line) => {
    const cells = line.split(',');
    const value = cells[cells.length - 1]!;
    if (['replications', 'sum', 'count'].includes(cells[statistic]!) && value !== '') cells[cells.length - 1] = String(Number(value) * factor);
    return cells.join(',');
  });
  writeFileSync(distributionsFile, `${[head, ...scaled].join('\n')}\n`);
  const metaFile = join(dir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { runs: number };
  meta.runs = replications;
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
}

export async function runReportBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'orchsim-report-bench-'));
  try {
    const t0 = performance.now();
    synthesiseRun(join(dir, 'run'), REPLICATIONS);
    const synthSeconds = (performance.now() - t0) / 1000;
    const run = join(dir, 'run');
    const runsMb = statSync(join(run, 'runs.csv')).size / 1e6;
    const timed = async () => {
      const t1 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await writeReport(run);
      const cpu = process.cpuUsage(cpu0);
      return { result, seconds: (performance.now() - t1) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    };
    const fresh = await timed();
    rmSync(join(run, 'distributions.csv'));
    const older = await timed();
    const reportMb = fresh.result.bytes / 1e6;
    console.log(`report bench (node ${process.version}, default scenario, ${REPLICATIONS.toLocaleString('en-US')} replications, runs.csv ${runsMb.toFixed(0)} MB synthesised in ${synthSeconds.toFixed(1)} s)`);
    console.log(
      `  report.html ${reportMb.toFixed(3)} MB (goal < 2 MB: ${reportMb < 2 ? 'met' : 'NOT met'}), ` +
        `written from distributions.csv in ${fresh.seconds.toFixed(2)} s (goal < 5 s: ${fresh.seconds < 5 ? 'met' : 'NOT met'}), ${fresh.cpuSeconds.toFixed(2)} CPU s; ${fresh.result.charts.length} charts`,
    );
    console.log(`  an older output (no distributions.csv, runs.csv read instead): ${older.seconds.toFixed(2)} s, ${older.cpuSeconds.toFixed(2)} CPU s, report.html ${(older.result.bytes / 1e6).toFixed(3)} MB`);
    return {
      reportMb,
      renderSeconds: fresh.seconds,
      cpuSeconds: fresh.cpuSeconds,
      fallbackSeconds: older.seconds,
      fallbackCpuSeconds: older.cpuSeconds,
      runsCsvMb: runsMb,
      charts: fresh.result.charts.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runReportBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
