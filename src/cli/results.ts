/**
 * `npm run results`: regenerate every file in results/ from configs/ with fixed seeds, through
 * the CLI itself, then write results/README.md: the data dictionary and a reading of what each
 * folder shows, with every number taken from the files just written.
 *
 * meta.json files here omit the fields that describe the machine and the moment (workers,
 * start time, seconds, memory, timing, node version), so that regenerating gives the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRICES, RESOURCES } from '../model/index.js';
import { dataDictionary, parseCsvLine } from '../output/index.js';

export interface ResultsPlanItem {
  preset: string;
  /** The folder under results/ (default: the preset's name), for a second look at a preset. */
  folder?: string;
  /** `--set path=value` overrides, for that second look. */
  set?: string[];
  /** Sweep dimensions (`path=values`); none means a plain run. */
  vary: string[];
  runs: number;
  /** The question the folder answers, for the reading. */
  question: string;
  /** Also write the folder's report.html (and its *.vl.json). */
  report?: boolean;
}

export const RESULTS_SEED = 2026;

/** The folder of results/ a plan item writes. */
export const folderOf = (item: ResultsPlanItem): string => item.folder ?? item.preset;

export const RESULTS_PLAN: ResultsPlanItem[] = [
  { preset: 'default', vary: ['fanout=1..16'], runs: 200, question: 'a mid-sized, partly dependent change: what does each N buy?', report: true },
  { preset: 'test-backfill', vary: ['fanout=1..16'], runs: 200, question: 'independent, testable slices' },
  {
    preset: 'test-backfill',
    folder: 'test-backfill-delay',
    vary: ['money.delayUsdPerHour=0,25', 'fanout=1,8'],
    runs: 400,
    question: 'independent, testable slices: the cost verdict with waiting valued at $0 and $25 an hour',
  },
  { preset: 'dependent-chain', vary: ['fanout=1..16'], runs: 200, question: 'a long chain of dependent steps' },
  { preset: 'exploratory', vary: ['fanout=1..16'], runs: 200, question: 'ill-defined work where plans fail' },
  { preset: 'high-stakes', vary: ['fanout=1..16'], runs: 200, question: 'hard to verify, costly escapes' },
  {
    preset: 'high-stakes',
    folder: 'high-stakes-gate',
    vary: ['failure.gate.catchProbability=0.3,0.9'],
    runs: 400,
    question: 'hard to verify, costly escapes: what a strict gate buys',
  },
  { preset: 'model-routing', vary: ['fanout=1..16'], runs: 200, question: 'routed tiers (haiku scouts, opus for hard work)' },
  { preset: 'model-routing-all-opus', vary: [], runs: 2000, question: 'every call on opus' },
  { preset: 'model-routing-all-sonnet', vary: [], runs: 2000, question: 'every call on sonnet' },
  {
    preset: 'review-bottleneck',
    vary: ['review.reviewers=1..4', 'fanout=1,2,4,8,16'],
    runs: 8,
    question: 'a closed loop of six engineers and a review queue: N against reviewers',
    report: true,
  },
  { preset: 'refund-workflow', vary: [], runs: 12, question: '10,000 outcomes a month: where does the money go? (manual, scripted, a managed agent)', report: true },
  { preset: 'team', vary: [], runs: 20, question: 'a team of eight for a month, three reviewers: the scenario to start from' },
  { preset: 'outcome-high-stakes', vary: [], runs: 400, question: 'the outcome view: low volume, high stakes' },
  {
    preset: 'outcome-high-volume-simple',
    vary: ['money.monthlyVolume=30,100,300,1000,3000,10000,30000,100000'],
    runs: 400,
    question: 'the outcome view: simple work, at every volume (where tooling starts to pay)',
    report: true,
  },
  { preset: 'outcome-decomposable', vary: [], runs: 400, question: 'the outcome view: high volume, decomposable' },
  { preset: 'outcome-rare-novel', vary: [], runs: 400, question: 'the outcome view: rare, ambiguous, novel' },
];

const VOLATILE_META = ['workers', 'startedAt', 'seconds', 'maxRssMb', 'timing', 'node'];

const here = dirname(fileURLToPath(import.meta.url));
/** The repository (or installed package) root: dist/src/cli/ is three levels down. */
export const PACKAGE_ROOT = resolve(here, '..', '..', '..');
const CLI = join(here, 'main.js');

/** Run one plan item into `outDir`; throws with the CLI's message if it fails. */
export function generate(item: ResultsPlanItem, outDir: string, root = PACKAGE_ROOT): void {
  const args = [
    CLI,
    item.vary.length ? 'sweep' : 'run',
    join(root, 'configs', `${item.preset}.yaml`),
    ...item.vary.flatMap((v) => ['--vary', v]),
    ...(item.set ?? []).flatMap((v) => ['--set', v]),
    '--runs',
    String(item.runs),
    '--seed',
    String(RESULTS_SEED),
    '--out',
    outDir,
    '--no-changes',
    '--force',
    '--quiet',
  ];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (child.status !== 0) throw new Error(`orchsim failed for ${item.preset} (exit ${child.status}): ${child.stderr.trim()}`);
  const metaFile = join(outDir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, unknown>;
  for (const key of VOLATILE_META) delete meta[key];
  // The command line names paths of this machine: record the repository-relative ones.
  meta.argv = (meta.argv as string[]).map((a) => (a === outDir ? `results/${folderOf(item)}` : a.split(`${root}/`).join('')));
  writeAtomically(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

interface SummaryRow {
  point: number;
  regime: string;
  baseline: string;
  metric: string;
  statistic: string;
  p50: number;
  mean: number;
}

function readSummary(dir: string): SummaryRow[] {
  const [header, ...lines] = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    return {
      point: Number(cells[at('point')]),
      regime: cells[at('regime')]!,
      baseline: cells[at('baseline')]!,
      metric: cells[at('metric')]!,
      statistic: cells[at('statistic')]!,
      p50: Number(cells[at('p50')]),
      mean: Number(cells[at('mean')]),
    };
  });
}

function fmt(x: number, unit: 'h' | 'usd' | 'x'): string {
  if (!Number.isFinite(x)) return '-';
  if (unit === 'usd') return `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;
  if (unit === 'x') return `${x.toFixed(2)}x`;
  return x >= 100 ? `${Math.round(x)} h` : `${x.toFixed(2)} h`;
}

/** A reading of one folder: per point and regime, median wall clock and cost per merged change; a sweep's best points from best.csv. */
export function readingOf(item: ResultsPlanItem, dir: string): string {
  const rows = readSummary(dir);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
    points: Array<{ point: number; values: Record<string, unknown> }>;
  };
  const find = (point: number, regime: string, metric: string, statistic: string) =>
    rows.find((r) => r.point === point && r.regime === regime && r.metric === metric && r.statistic === statistic && r.baseline === '');
  const regimes = [...new Set(rows.map((r) => r.regime))];
  // The outcome view's folders also read cost per resolved outcome.
  const outcome = item.preset.startsWith('outcome') || item.preset === 'refund-workflow';
  // A team's folders (closed loop, stream) also read throughput and the bottleneck summary.csv names.
  const team = rows.some((r) => r.metric === 'merged_per_month' && r.statistic === 'distribution' && Number.isFinite(r.mean));
  const bottleneck = (point: number, regime: string) =>
    RESOURCES.find((res) => res.utilisation === rows.find((r) => r.point === point && r.regime === regime && r.statistic === 'bottleneck')?.metric)?.name ?? '-';
  const label = (p: { values: Record<string, unknown> }) =>
    Object.entries(p.values)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ') || '(the preset as written)';
  const lines = [
    `### ${folderOf(item)}`,
    '',
    `${item.question} \`orchsim ${item.vary.length ? 'sweep' : 'run'} configs/${item.preset}.yaml ${[
      ...item.vary.map((v) => `--vary ${v}`),
      ...(item.set ?? []).map((v) => `--set ${v}`),
    ].join(' ')} --runs ${item.runs} --seed ${RESULTS_SEED}\``,
    '',
    `| point | ${regimes
      .map(
        (r) =>
          `${r}: median wall clock | ${r}: cost per merged change${outcome ? ` | ${r}: cost per resolved outcome` : ''}${team ? ` | ${r}: merged a month | ${r}: bottleneck` : ''}`,
      )
      .join(' | ')} |`,
    `| --- | ${regimes.map(() => Array.from({ length: 2 + (outcome ? 1 : 0) + (team ? 2 : 0) }, () => '---').join(' | ')).join(' | ')} |`,
  ];
  for (const p of meta.points) {
    const cells: string[] = [];
    for (const regime of regimes) {
      const wall = find(p.point, regime, 'wall_clock_hours', 'distribution')?.p50 ?? Number.NaN;
      const cost = find(p.point, regime, 'cost_per_merged_usd', 'ratio_of_sums')?.mean ?? Number.NaN;
      cells.push(fmt(wall, 'h'), fmt(cost, 'usd'));
      if (outcome) cells.push(fmt(find(p.point, regime, 'cost_per_resolved_usd', 'ratio_of_sums')?.mean ?? Number.NaN, 'usd'));
      if (team) {
        const perMonth = find(p.point, regime, 'merged_per_month', 'distribution')?.mean ?? Number.NaN;
        cells.push(Number.isFinite(perMonth) ? perMonth.toFixed(1) : '-', bottleneck(p.point, regime));
      }
    }
    lines.push(`| ${label(p)} | ${cells.join(' | ')} |`);
  }
  if (meta.points.length > 1 && existsSync(join(dir, 'best.csv'))) {
    lines.push('');
    // The best points as best.csv and the console name them (one definition: the decision's
    // metrics, means over replications); regimes the sweep does not change have none.
    const [header, ...bestRows] = readFileSync(join(dir, 'best.csv'), 'utf8').trim().split('\n').map(parseCsvLine);
    const at = (name: string) => header!.indexOf(name);
    const params = Object.keys(meta.points[0]?.values ?? {});
    for (const r of bestRows.filter((c) => c[at('row')] === 'best')) {
      const where = params.map((k) => `${k}=${r[at(k)]}`).join(' ');
      lines.push(`- ${r[at('regime')]}: best ${r[at('metric')]} at ${where} (mean ${Number(r[at('mean')]).toPrecision(4)}).`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

export async function regenerateResults(root = PACKAGE_ROOT, plan = RESULTS_PLAN): Promise<void> {
  const results = join(root, 'results');
  for (const item of plan) {
    process.stderr.write(`results: ${folderOf(item)}\n`);
    generate(item, join(results, folderOf(item)), root);
    // Loaded only here: vega takes a while to load.
    if (item.report) await (await import('../output/report/index.js')).writeReport(join(results, folderOf(item)));
  }
  writeResultsReadme(root, plan);
}

/** results/README.md: the data dictionary and a reading of each folder, from the files in results/. */
export function writeResultsReadme(root = PACKAGE_ROOT, plan = RESULTS_PLAN): void {
  const results = join(root, 'results');
  // The generic dictionary (default tiers), as `orchsim dictionary` prints it.
  const dictionary = dataDictionary({ tiers: Object.keys(DEFAULT_PRICES.tiers) });
  const reading = [
    '',
    '## What each folder shows',
    '',
    `Regenerated by \`npm run results\` (seed ${RESULTS_SEED}); every figure below is read from the`,
    "folder's summary.csv (median of wall_clock_hours; cost per merged change as a ratio of sums).",
    'Each folder holds runs.csv, summary.csv, meta.json and this dictionary (a sweep also best.csv); the default sweep, the review',
    'bottleneck, the refund workflow and the volume sweep also hold report.html (open it in a browser) and',
    'the Vega-Lite specification of each chart (*.vl.json).',
    '',
    ...plan.map((item) => readingOf(item, join(results, folderOf(item)))),
  ].join('\n');
  writeAtomically(join(results, 'README.md'), `${dictionary.trimEnd()}\n${reading}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await regenerateResults();
  // The docs quote results/: their figures follow it (../output/docFigures.ts).
  const { regenerateDocFigures } = await import('./docs.js');
  const changed = regenerateDocFigures();
  process.stderr.write(changed.length ? `results: figures rewritten in ${changed.join(', ')}\n` : 'results: the docs\' figures are up to date\n');
}
