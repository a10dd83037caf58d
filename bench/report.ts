/**
 * The report's size and speed on a 1,000,000-replication run (issue 13: under 2 MB, rendered in
 * under 5 s). The run's files are synthesised, not simulated (a real run takes about a minute):
 * meta.json and summary.csv of a small real run of the default scenario, and a runs.csv of a
 * million replications made of that run's rows repeated with fresh replication numbers, so every
 * column and value is one the model writes. Timed: writeReport, reading the 3,000,000-row runs.csv
 * included. Not registered in bench/run.ts (run it with: npm run build && node dist/bench/report.js).
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
    const runsMb = statSync(join(dir, 'run', 'runs.csv')).size / 1e6;
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await writeReport(join(dir, 'run'));
    const renderSeconds = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const reportMb = result.bytes / 1e6;
    console.log(`report bench (node ${process.version}, default scenario, ${REPLICATIONS.toLocaleString('en-US')} replications, runs.csv ${runsMb.toFixed(0)} MB synthesised in ${synthSeconds.toFixed(1)} s)`);
    console.log(
      `  report.html ${reportMb.toFixed(3)} MB (goal < 2 MB: ${reportMb < 2 ? 'met' : 'NOT met'}), ` +
        `written in ${renderSeconds.toFixed(2)} s, reading runs.csv included (goal < 5 s: ${renderSeconds < 5 ? 'met' : 'NOT met'}), ${cpuSeconds.toFixed(2)} CPU s; ${result.charts.length} charts`,
    );
    return { reportMb, renderSeconds, cpuSeconds, runsCsvMb: runsMb, charts: result.charts.length };
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
