/**
 * The HTML report of an output: `writeReport(dir)` reads a run's or a sweep's files in `dir` and
 * writes `dir/report.html` and, beside it, each chart's Vega-Lite spec (`<id>.vl.json`, data
 * inline) for notebook users; `writeTraceReport(file)` does the same for a trace CSV
 * (`trace.csv` -> `trace.html`, `trace.<id>.vl.json`). Charts come from REPORT_CHARTS.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../errors/index.js';
import { regimeSettingNotes } from '../../model/index.js';
import { writeFileAtomic } from '../files.js';
import type { ChartResult, ReportData, ReportKind, TopLevelSpec } from './charts/common.js';
import { escapeHtml, htmlTable, renderPage, runHeader, runTable, shellCommand, sweepTable, teamSection, verdictLines, type PageFigure, type PageHeader } from './html.js';
import { loadRunDir } from './load.js';
import { REPORT_CHARTS } from './registry.js';
import { xDimension } from './charts/sweep.js';
import { REPORT_CONFIG, renderSvg } from './render.js';
import { loadTrace, type TraceData } from './traceData.js';
import { ANALYSIS_FILES, analysisCommandOf, loadBreakeven, loadRobustness, loadSensitivity } from './analysisData.js';
import { breakevenHeader, breakevenSummaryHtml, robustnessHeader, robustnessSummary, sensitivityHeader, sensitivitySummary } from './analysisPage.js';

export { REPORT_CHARTS } from './registry.js';
export { REGIME_COLOURS, regimeScale } from './palette.js';
export { traceMetaFile, type TraceMeta } from './traceData.js';
export type { ChartEntry, ReportData, ReportKind } from './charts/common.js';

export interface ReportOptions {
  /** File name of the page in `dir` (default report.html). */
  fileName?: string;
  /** A sweep's x-axis: a swept parameter's path (default: the fan-out width when swept, else the first --vary). */
  x?: string;
}

export interface ReportResult {
  kind: ReportKind;
  /** The page written. */
  file: string;
  /** The spec files written (paths). */
  specs: string[];
  /** Ids of the charts drawn, in page order. */
  charts: string[];
  /** Ids of the charts that apply but could not be drawn from these files, with why. */
  notes: { id: string; note: string }[];
  /** vega-lite's warnings while compiling the charts (none expected). */
  warnings: string[];
  bytes: number;
}

export interface BuiltReport {
  html: string;
  charts: { id: string; spec: TopLevelSpec }[];
  notes: { id: string; note: string }[];
  warnings: string[];
}

/** The spec as written to `<id>.vl.json`: the report's config included, so it renders the same elsewhere. */
function withConfig(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...REPORT_CONFIG, aria: false } } as TopLevelSpec;
}

/** Render every applicable chart and the page (no files written). */
export async function buildReport(data: ReportData, header: PageHeader, summaryHtml: string): Promise<BuiltReport> {
  const figures: PageFigure[] = [];
  const charts: BuiltReport['charts'] = [];
  const notes: BuiltReport['notes'] = [];
  const warnings: string[] = [];
  for (const entry of REPORT_CHARTS) {
    if (!entry.kinds.includes(data.kind)) continue;
    const result: ChartResult | null = entry.build(data);
    if (result === null) continue;
    if ('note' in result) {
      notes.push({ id: entry.id, note: result.note });
      figures.push({ id: entry.id, section: entry.section, note: result.note });
      continue;
    }
    const spec = withConfig(result.spec);
    charts.push({ id: entry.id, spec });
    figures.push({ id: entry.id, section: entry.section, svg: await renderSvg(spec, entry.id, warnings), caption: result.caption });
  }
  return { html: renderPage(header, summaryHtml, figures), charts, notes, warnings };
}

/**
 * A spec as JSON text: indented, except that each row of inline data takes one line (a trace's
 * spec holds thousands of rows).
 */
export function specJson(spec: TopLevelSpec): string {
  const rows: unknown[][] = [];
  const text = JSON.stringify(
    spec,
    function (this: unknown, key, value: unknown) {
      if (key === 'values' && Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
        rows.push(value);
        return `\u0000rows${rows.length - 1}\u0000`;
      }
      return value;
    },
    2,
  );
  return `${text.replace(/"\\u0000rows(\d+)\\u0000"/g, (_, k: string) => `[\n${rows[Number(k)]!.map((r) => JSON.stringify(r)).join(',\n')}\n]`)}\n`;
}

/** Write the page and its specs; remove specs of registry charts this report no longer draws. */
function writeOut(kind: ReportKind, page: string, built: BuiltReport, specFile: (id: string) => string): ReportResult {
  writeFileAtomic(page, built.html, true);
  const specs = built.charts.map(({ id, spec }) => {
    const file = specFile(id);
    writeFileAtomic(file, specJson(spec), true);
    return file;
  });
  for (const entry of REPORT_CHARTS) {
    const stale = specFile(entry.id);
    if (!specs.includes(stale) && existsSync(stale)) rmSync(stale);
  }
  return { kind, file: page, specs, charts: built.charts.map((c) => c.id), notes: built.notes, warnings: built.warnings, bytes: Buffer.byteLength(built.html) };
}

/** Check that `dir` is an orchsim output directory (UsageError naming the fix otherwise). */
function checkRunDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`report ${dir}: no such directory; give an orchsim output directory (it holds meta.json)`, 'dir');
  const files = readdirSync(dir);
  const missing = ['meta.json', 'runs.csv', 'summary.csv'].filter((f) => !files.includes(f));
  if (missing.length)
    throw new UsageError(`report ${dir}: not an orchsim run, sweep, sensitivity or breakeven output (no ${missing.join(', ')}); give the --out directory of one of those commands`, 'dir');
}

/** The report of a run or sweep output in `dir`: `dir/report.html` and `dir/<chart>.vl.json`. */
export async function writeReport(dir: string, options: ReportOptions = {}): Promise<ReportResult> {
  checkRunDir(dir);
  const run = await loadRunDir(dir);
  const kind = run.meta.grid.length > 0 || run.meta.points.length > 1 ? 'sweep' : 'run';
  const verdicts = kind === 'run' ? verdictLines(run) : [];
  const summary =
    `<h2>Summary</h2>` +
    (verdicts.length ? `<ul class="verdicts">${verdicts.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul>` : '') +
    (kind === 'run' ? runTable(run) : sweepTable(run)) +
    '<p class="lede">Relative differences are ratios of sums over the same replications (common random numbers), with 95% bootstrap intervals; P is the share of the replications where at least one side merged in which the regime did better (a side that did not merge loses). Every column is described in README.md beside this file.</p>' +
    teamSection(run);
  // A wrong --x is the user's to fix before anything is written.
  if (options.x !== undefined) xDimension(run, options.x);
  const built = await buildReport({ kind, run, ...(options.x !== undefined ? { x: options.x } : {}) }, runHeader(run), summary);
  return writeOut(kind, join(dir, options.fileName ?? 'report.html'), built, (id) => join(dir, `${id}.vl.json`));
}

/** The page of a trace file: `trace.csv` -> `trace.html`. */
export function traceReportFile(traceFile: string): string {
  return `${traceFile.replace(/\.csv$/i, '')}.html`;
}

function traceHeader(trace: TraceData): PageHeader {
  const m = trace.meta;
  const regimes = [...new Set(trace.steps.map((s) => s.regime))];
  return {
    title: `orchsim trace: ${m.scenarioName}, replication ${m.replication}`,
    description: m.scenario.description,
    facts: [
      ['scenario', `${m.scenarioName} (regimes ${regimes.join(', ')}; ${regimeSettingNotes(m.scenario)})`],
      ['seed', String(m.seed)],
      ['replication', String(m.replication)],
      ['steps', String(trace.steps.length)],
      ['orchsim', m.orchsim],
      ['prices as of', m.scenario.prices.asOf],
    ],
    command: shellCommand(m.argv),
  };
}

/** The report of a trace CSV written by `orchsim trace --report` (it needs the sidecar `<name>.meta.json`). */
export async function writeTraceReport(traceFile: string): Promise<ReportResult> {
  let trace: TraceData;
  try {
    trace = loadTrace(traceFile);
  } catch (err) {
    throw new UsageError(`report ${(err as Error).message}`, 'dir');
  }
  const byRegime = [...new Set(trace.steps.map((s) => s.regime))].map((regime) => {
    const steps = trace.steps.filter((s) => s.regime === regime);
    const cost = steps.reduce((a, s) => a + s.costUsd, 0);
    const end = steps.reduce((a, s) => Math.max(a, s.endHours), 0);
    return [regime, String(new Set(steps.map((s) => s.change)).size), String(steps.length), `$${cost.toFixed(2)}`, end.toFixed(2)];
  });
  const summary =
    '<h2>Summary</h2>' +
    htmlTable(['regime', 'changes', 'steps', 'inference USD', 'last step ends, h'], byRegime) +
    `<p class="lede">Every step is a row of ${escapeHtml(basename(traceFile))}; its columns are described in the data dictionary (orchsim dictionary).</p>`;
  const built = await buildReport({ kind: 'trace', trace }, traceHeader(trace), summary);
  const stem = traceFile.replace(/\.csv$/i, '');
  return writeOut('trace', traceReportFile(traceFile), built, (id) => join(dirname(stem), `${basename(stem)}.${id}.vl.json`));
}

/**
 * The report of a sensitivity or break-even output in `dir` (meta.json names the command):
 * `dir/report.html` and `dir/<chart>.vl.json`.
 */
export async function writeAnalysisReport(dir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const command = analysisCommandOf(dir);
  if (!command) throw new UsageError(`report ${dir}: not a sensitivity or breakeven output (its meta.json names no such command); give the --out directory of orchsim sensitivity or breakeven`, 'dir');
  const file = join(dir, ANALYSIS_FILES[command]);
  if (!existsSync(file)) throw new UsageError(`report ${dir}: no ${ANALYSIS_FILES[command]}; write the directory again with orchsim ${command}`, 'dir');
  let built: BuiltReport;
  try {
    if (command === 'sensitivity') {
      const sensitivity = loadSensitivity(dir);
      built = await buildReport({ kind: 'sensitivity', sensitivity }, sensitivityHeader(sensitivity), sensitivitySummary(sensitivity));
    } else if (command === 'robustness') {
      const robustness = loadRobustness(dir);
      built = await buildReport({ kind: 'robustness', robustness }, robustnessHeader(robustness), robustnessSummary(robustness));
    } else {
      const breakeven = loadBreakeven(dir);
      built = await buildReport({ kind: 'breakeven', breakeven }, breakevenHeader(breakeven), breakevenSummaryHtml(breakeven));
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`report ${(err as Error).message}`, 'dir');
  }
  return writeOut(command, join(dir, options.fileName ?? 'report.html'), built, (id) => join(dir, `${id}.vl.json`));
}

/** `orchsim report PATH`: a directory is a run, sweep, sensitivity or break-even output, a .csv file a trace. */
export async function writeReportOf(path: string, options: Pick<ReportOptions, 'x'> = {}): Promise<ReportResult> {
  const isSweep = () => !(existsSync(path) && statSync(path).isFile()) && !analysisCommandOf(path);
  if (options.x !== undefined && existsSync(path) && !isSweep()) throw new UsageError(`--x ${options.x}: only a sweep's report has an x-axis to choose; leave --x out for ${path}`, 'x');
  if (existsSync(path) && statSync(path).isFile()) return writeTraceReport(path);
  if (existsSync(path) && statSync(path).isDirectory() && analysisCommandOf(path)) return writeAnalysisReport(path);
  return writeReport(path, options);
}
