/**
 * What a report of an analysis command reads: meta.json (written by the app's analysisOutput) and
 * the command's tidy CSV, sensitivity.csv or breakeven.csv (columns in ../analysisColumns.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../model/index.js';
import { BREAKEVEN_COLUMN_DOCS, ROBUSTNESS_COLUMN_DOCS, SENSITIVITY_COLUMN_DOCS, type AnalysisColumn } from '../analysisColumns.js';
import { parseCsvLine, parseNumberCell } from '../csv.js';

/** The analysis commands a report is written for. */
export const ANALYSIS_COMMANDS = ['sensitivity', 'breakeven', 'robustness'] as const;
export type AnalysisCommand = (typeof ANALYSIS_COMMANDS)[number];

/** The file each analysis command writes beside meta.json. */
export const ANALYSIS_FILES: Record<AnalysisCommand, string> = { sensitivity: 'sensitivity.csv', breakeven: 'breakeven.csv', robustness: 'robustness.csv' };

/** meta.json of an analysis output: what every analysis records. */
export interface AnalysisMetaFile {
  orchsim: string;
  command: AnalysisCommand;
  argv: string[];
  scenarioName: string;
  scenario: Scenario;
  seed: number | string;
  runs: number;
}

export interface SensitivityCsvRow {
  method: string;
  parameter: string;
  regime: string;
  metric: string;
  statistic: string;
  value: number;
}

export interface SensitivityData {
  dir: string;
  meta: AnalysisMetaFile & { method: string; parameters: string[] };
  rows: SensitivityCsvRow[];
}

export interface BreakevenProbe {
  value: number;
  difference: number;
  low: number;
  high: number;
  lower: string;
}

export interface BreakevenData {
  dir: string;
  meta: AnalysisMetaFile & { param: string; between: [number, number]; compare: [string, string]; metric: string };
  /** The probes, by value. */
  probes: BreakevenProbe[];
  /** The answer row: a crossing with its 95% interval, or none (then `lower` is lower throughout). */
  answer: { found: boolean; value: number; low: number; high: number; lower: string };
}

/** The command of the output in `dir` when it is an analysis output (meta.json's `command`), else null. */
export function analysisCommandOf(dir: string): AnalysisCommand | null {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) return null;
  let command: unknown;
  try {
    command = (JSON.parse(readFileSync(file, 'utf8')) as { command?: unknown }).command;
  } catch {
    return null;
  }
  return (ANALYSIS_COMMANDS as readonly unknown[]).includes(command) ? (command as AnalysisCommand) : null;
}

/** The rows of a tidy CSV as cells by column name (every documented column must be present). */
function readTidy(file: string, columns: readonly AnalysisColumn[], command: string): Record<string, string>[] {
  if (!existsSync(file)) throw new Error(`${file}: no such file (write it again with orchsim ${command})`);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0] ?? '');
  const missing = columns.map((c) => c.name).filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`${file}: not an orchsim ${command} file (no column ${missing.join(', ')}); write it again with orchsim ${command}`);
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

function readAnalysisMeta<T>(dir: string): T {
  return JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as T;
}

export function loadSensitivity(dir: string): SensitivityData {
  const meta = readAnalysisMeta<SensitivityData['meta']>(dir);
  const rows = readTidy(join(dir, ANALYSIS_FILES.sensitivity), SENSITIVITY_COLUMN_DOCS, 'sensitivity').map((c) => ({
    method: c.method!,
    parameter: c.parameter!,
    regime: c.regime!,
    metric: c.metric!,
    statistic: c.statistic!,
    value: parseNumberCell(c.value!),
  }));
  return { dir, meta, rows };
}

export function loadBreakeven(dir: string): BreakevenData {
  const meta = readAnalysisMeta<BreakevenData['meta']>(dir);
  const rows = readTidy(join(dir, ANALYSIS_FILES.breakeven), BREAKEVEN_COLUMN_DOCS, 'breakeven');
  const n = (cell: string | undefined) => parseNumberCell(cell ?? '');
  const probes = rows
    .filter((r) => r.row === 'probe')
    .map((r) => ({ value: n(r.value), difference: n(r.difference), low: n(r.difference_ci_low), high: n(r.difference_ci_high), lower: r.lower! }))
    .sort((a, b) => a.value - b.value);
  const last = rows.find((r) => r.row === 'break_even' || r.row === 'none');
  if (!last) throw new Error(`${join(dir, ANALYSIS_FILES.breakeven)}: no answer row (break_even or none); write it again with orchsim breakeven`);
  const answer = { found: last.row === 'break_even', value: n(last.value), low: n(last.value_ci_low), high: n(last.value_ci_high), lower: last.lower! };
  return { dir, meta, probes, answer };
}

export interface RobustnessCsvRow {
  section: string;
  item: string;
  statistic: string;
  value: number;
}

export interface RobustnessData {
  dir: string;
  meta: AnalysisMetaFile & { draws: number; metric: string; candidates: string[]; parameters: { path: string }[]; sentence: string };
  rows: RobustnessCsvRow[];
  /** robustness_draws.csv: the parameters' values, the candidates' metric, the best and the flip of each draw (the scenario's own values first, draw -1). */
  draws: { draw: number; values: Record<string, number>; best: string; flip: boolean }[];
  /** A statistic of robustness.csv. */
  stat: (section: string, item: string, statistic: string) => number | undefined;
}

export function loadRobustness(dir: string): RobustnessData {
  const meta = readAnalysisMeta<RobustnessData['meta']>(dir);
  const rows = readTidy(join(dir, ANALYSIS_FILES.robustness), ROBUSTNESS_COLUMN_DOCS, 'robustness').map((c) => ({
    section: c.section!,
    item: c.item!,
    statistic: c.statistic!,
    value: parseNumberCell(c.value!),
  }));
  const index = new Map(rows.map((r) => [`${r.section}|${r.item}|${r.statistic}`, r.value]));
  const drawsFile = join(dir, 'robustness_draws.csv');
  const draws: RobustnessData['draws'] = [];
  if (existsSync(drawsFile)) {
    const lines = readFileSync(drawsFile, 'utf8').split('\n').filter((l) => l !== '');
    const header = parseCsvLine(lines[0] ?? '');
    for (const line of lines.slice(1)) {
      const cells = parseCsvLine(line);
      const values: Record<string, number> = {};
      header.forEach((h, i) => {
        if (h !== 'draw' && h !== 'best' && h !== 'flip') values[h] = parseNumberCell(cells[i] ?? '');
      });
      draws.push({ draw: Number(cells[0]), values, best: cells[header.indexOf('best')] ?? '', flip: cells[header.indexOf('flip')] === '1' });
    }
  }
  return { dir, meta, rows, draws, stat: (section, item, statistic) => index.get(`${section}|${item}|${statistic}`) };
}
