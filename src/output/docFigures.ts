/**
 * Figures quoted in the docs, read from results/: each sits between markers that say where it
 * comes from, and `npm run docs` (and `npm run results`, after regenerating) rewrites the text
 * between them, so a figure in the docs is always the one results/ holds; a test fails when they
 * drift.
 *
 *   <!-- fig FOLDER[@PARAM=VALUE,...] REGIME[/BASELINE|:OTHER] METRIC STATISTIC.FIELD FORMAT -->+16%<!-- /fig -->
 *
 * - FOLDER: a folder of results/ (`default`, `team`, ...); `@fanout=4` picks a sweep point by its
 *   parameters (meta.json's points; summary.csv's columns), else the first point.
 * - REGIME: the summary.csv row's regime; `fanout/single` the paired difference against the
 *   baseline `single`; `fanout:single` the ratio of fanout's FIELD to single's (a token multiple).
 * - METRIC: a summary.csv metric (`cost_per_merged_usd`, `merged_per_month`, ...);
 *   `remediation_usd/inference_usd` the ratio of two metrics' FIELD for the same REGIME.
 * - STATISTIC.FIELD: `dist`, `ratio` or `paired` (distribution, ratio_of_sums, paired_difference),
 *   then a summary.csv statistic column by its field name (`mean`, `p50`, `ciLow`, `ciHigh`,
 *   `relativePct`, `relativeCiLowPct`, `relativeCiHighPct`, `pBetter`, ...).
 * - FORMAT: `usd` ($4,624; $1.42), `pct` (+16%; -4.9%), `abspct` (16%; 4.9%), `h` (4.10 h), `num`
 *   (3 significant figures or so), `times` (3.9), `p` (0.63), `share` (53%), `int` (1,234),
 *   `millions` (55.2 M).
 */
import type { SummaryRow } from '../experiment/index.js';
import { human, pct, usd } from './readable.js';

/** A folder of results/ as the figures read it: its summary rows and its sweep points' parameters. */
export interface ResultsFolder {
  rows: readonly SummaryRow[];
  points: readonly { point: number; values: Readonly<Record<string, unknown>> }[];
}

const MARKER = /<!-- fig ([^>]*?) -->([\s\S]*?)<!-- \/fig -->/g;
const STATISTICS: Readonly<Record<string, string>> = { dist: 'distribution', ratio: 'ratio_of_sums', paired: 'paired_difference' };

const FORMATS: Readonly<Record<string, (x: number) => string>> = {
  usd,
  pct,
  abspct: (x) => pct(Math.abs(x)).replace('+', ''),
  h: (x) => `${human(x)} h`,
  num: (x) => human(x),
  times: (x) => human(x, 1),
  p: (x) => human(x, 2),
  share: (x) => `${Math.round(100 * x)}%`,
  int: (x) => human(x, 0),
  millions: (x) => `${human(x / 1e6)} M`,
};

export class DocFigureError extends Error {}

/** The value a marker's query names, formatted. */
export function docFigure(query: string, folderOf: (name: string) => ResultsFolder): string {
  const parts = query.trim().split(/\s+/);
  if (parts.length !== 5) throw new DocFigureError(`fig '${query}': give FOLDER[@point] REGIME[/baseline|:other] METRIC STATISTIC.FIELD FORMAT`);
  const [where, who, metric, stat, format] = parts as [string, string, string, string, string];
  const [name, at] = where.split('@') as [string, string | undefined];
  const folder = folderOf(name);
  const point = pointOf(folder, at, query);
  const [statistic, field] = stat.split('.') as [string, string | undefined];
  if (!STATISTICS[statistic] || !field) throw new DocFigureError(`fig '${query}': STATISTIC.FIELD is dist, ratio or paired, then a column (mean, p50, relativePct...)`);
  const show = FORMATS[format];
  if (!show) throw new DocFigureError(`fig '${query}': FORMAT is one of ${Object.keys(FORMATS).join(', ')}`);
  if (metric.includes('/')) {
    // METRIC/METRIC: the ratio of two metrics' FIELD for the same regime (remediation over inference).
    const [top, bottom] = metric.split('/') as [string, string];
    const [x, y] = [top, bottom].map((m) => docFigureValue(folder, name, point, who, '', m, statistic, field, query));
    return show(x! / y!);
  }
  const value = (regime: string, baseline: string) => docFigureValue(folder, name, point, regime, baseline, metric, statistic, field, query);
  if (who.includes(':')) {
    const [a, b] = who.split(':') as [string, string];
    return show(value(a, '') / value(b, ''));
  }
  const [regime, baseline = ''] = who.split('/') as [string, string | undefined];
  return show(value(regime, baseline));
}

function docFigureValue(folder: ResultsFolder, name: string, point: number, regime: string, baseline: string, metric: string, statistic: string, field: string, query: string): number {
  const row = folder.rows.find((r) => r.point === point && r.regime === regime && r.baseline === baseline && r.metric === metric && r.statistic === STATISTICS[statistic]);
  if (!row) throw new DocFigureError(`fig '${query}': results/${name}/summary.csv has no ${STATISTICS[statistic]} row of ${metric} for ${regime}${baseline ? ` against ${baseline}` : ''} at point ${point}`);
  const x = (row as unknown as Record<string, number>)[field];
  if (typeof x !== 'number') throw new DocFigureError(`fig '${query}': no field ${field} (mean, p50, ciLow, relativePct, pBetter, ...)`);
  return x;
}

function pointOf(folder: ResultsFolder, at: string | undefined, query: string): number {
  if (!at) return folder.points[0]?.point ?? 0;
  const wanted = at.split(',').map((kv) => kv.split('=') as [string, string]);
  const p = folder.points.find((q) => wanted.every(([k, v]) => String(q.values[k]) === v));
  if (!p) throw new DocFigureError(`fig '${query}': no sweep point ${at}`);
  return p.point;
}

/** The page with every marker's figure read afresh from results/. */
export function fillDocFigures(page: string, folderOf: (name: string) => ResultsFolder): string {
  return page.replace(MARKER, (_all, query: string) => `<!-- fig ${query} -->${docFigure(query, folderOf)}<!-- /fig -->`);
}

/** The markers of a page: their queries and the figures they hold now. */
export function docFigureMarkers(page: string): { query: string; text: string }[] {
  return [...page.matchAll(MARKER)].map((m) => ({ query: m[1]!, text: m[2]! }));
}
