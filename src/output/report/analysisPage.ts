/**
 * The header and summary of the report of an analysis output (sensitivity, break-even): what was
 * run (scenario, seed, replications, version, the command to reproduce it) and the answer as a table.
 */
import type { BreakevenData, RobustnessData, SensitivityData, AnalysisMetaFile } from './analysisData.js';
import { breakevenSummary } from './charts/breakeven.js';
import { sensitivityGroups } from './charts/sensitivity.js';
import { escapeHtml, htmlTable, shellCommand, type PageHeader } from './html.js';
import { regimeSettingNotes } from '../../model/index.js';

/** A number for a table: three significant digits, thousands separated (deterministic: en-US). */
export function sig3(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  return Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 12 });
}

function analysisFacts(meta: AnalysisMetaFile, settings: [string, string][], perWhat: string): PageHeader['facts'] {
  const s = meta.scenario;
  const mode = s.mode.kind === 'stream' ? `stream, ${s.mode.horizonDays} days` : 'one change';
  return [
    ['scenario', `${meta.scenarioName} (${mode}; regimes ${s.regimes.join(', ')}; ${regimeSettingNotes(s)})`],
    ...settings,
    ['seed', String(meta.seed)],
    ['replications', `${meta.runs.toLocaleString('en-US')} per ${perWhat} (the same replications at every one: common random numbers)`],
    ['orchsim', meta.orchsim],
    ['prices as of', s.prices.asOf],
  ];
}

/** What the console ranks each method by. */
const RANKED_BY: Record<string, string> = { tornado: 'swing', morris: 'mu_star', sobol: 'st' };

export function sensitivityHeader(d: SensitivityData): PageHeader {
  const m = d.meta;
  return {
    title: `orchsim sensitivity (${m.method}): ${m.scenarioName}`,
    description: m.scenario.description,
    facts: analysisFacts(m, [
      ['method', m.method],
      ['parameters', (m.parameters ?? []).join(', ')],
    ], 'point'),
    command: shellCommand(m.argv),
  };
}

/** A table of every parameter (rows, by the first group's rank) against every regime and metric (columns): the ranking statistic. */
export function sensitivitySummary(d: SensitivityData): string {
  const method = d.meta.method;
  const by = RANKED_BY[method] ?? 'rank';
  const groups = sensitivityGroups(d, method);
  if (groups.length === 0) return `<h2>Summary</h2><p class="lede">sensitivity.csv has no ${escapeHtml(method)} rows.</p>`;
  const params = [...groups[0]!.ranked, ...new Set(groups.flatMap((g) => g.ranked).filter((p) => !groups[0]!.ranked.includes(p)))];
  const rows = params.map((p) => [p, ...groups.map((g) => sig3(g.stat(p, by)))]);
  return (
    '<h2>Summary</h2>' +
    `<p class="lede">${escapeHtml(`Each cell: the ${by} of a parameter (row) on a regime's metric (column); rows ranked on ${groups[0]!.title}. Every statistic is a row of sensitivity.csv (its columns are described in the data dictionary: orchsim dictionary).`)}</p>` +
    htmlTable(['parameter', ...groups.map((g) => g.title)], rows)
  );
}

export function breakevenHeader(d: BreakevenData): PageHeader {
  const m = d.meta;
  return {
    title: `orchsim breakeven: ${m.scenarioName}, ${m.param}`,
    description: m.scenario.description,
    facts: analysisFacts(m, [
      ['parameter', `${m.param} in [${m.between[0]}, ${m.between[1]}]`],
      ['compared', `${m.metric}: ${m.compare[0]} minus ${m.compare[1]}`],
    ], 'probe'),
    command: shellCommand(m.argv),
  };
}

export function breakevenSummaryHtml(d: BreakevenData): string {
  const rows = d.probes.map((p) => [sig3(p.value), sig3(p.difference), `[${sig3(p.low)}, ${sig3(p.high)}]`, p.lower || '-']);
  return (
    '<h2>Summary</h2>' +
    `<ul class="verdicts"><li>${escapeHtml(breakevenSummary(d))}</li></ul>` +
    htmlTable([d.meta.param, `${d.meta.compare[0]} minus ${d.meta.compare[1]}`, '95% CI', 'lower'], rows) +
    '<p class="lede">Every probe is a row of breakeven.csv (its columns are described in the data dictionary: orchsim dictionary).</p>'
  );
}

export function robustnessHeader(d: RobustnessData): PageHeader {
  const m = d.meta;
  return {
    title: `orchsim robustness: ${m.scenarioName}`,
    description: m.scenario.description,
    facts: analysisFacts(m, [
      ['decision', `${m.metric} among ${m.candidates.join(', ')}`],
      ['uncertain', `${m.parameters.length} parameters over ${m.draws.toLocaleString('en-US')} draws: ${m.parameters.map((p) => p.path).join(', ')}`],
    ], 'draw'),
    command: shellCommand(m.argv),
  };
}

export function robustnessSummary(d: RobustnessData): string {
  const m = d.meta;
  // The metric's own unit: dollars for a USD column (cost per merged change...), the plain figure otherwise.
  const money = /_usd$/.test(m.metric);
  const v = (x: number | undefined) => (money && x !== undefined && Number.isFinite(x) ? `$${sig3(x)}` : sig3(x));
  const rows = m.candidates.map((c) => [
    c,
    v(d.stat('candidate', c, 'mean')),
    `${sig3(100 * (d.stat('candidate', c, 'probability_best') ?? Number.NaN))}% [${sig3(100 * (d.stat('candidate', c, 'probability_best_ci_low') ?? Number.NaN))}, ${sig3(100 * (d.stat('candidate', c, 'probability_best_ci_high') ?? Number.NaN))}]`,
    v(d.stat('candidate', c, 'expected_loss')),
    v(d.stat('candidate', c, 'expected_loss_per_month')),
  ]);
  return (
    '<h2>Summary</h2>' +
    `<ul class="verdicts"><li>${escapeHtml(m.sentence)}</li><li>${escapeHtml(`Value of perfect information: ${v(d.stat('decision', m.metric, 'evpi'))} per change (${v(d.stat('decision', m.metric, 'evpi_per_month'))} a month).`)}</li></ul>` +
    htmlTable(['candidate', `mean ${m.metric}`, 'chance best [95%]', 'expected loss per change', 'per month'], rows) +
    '<p class="lede">Every figure is a row of robustness.csv (its columns are described in the data dictionary: orchsim dictionary).</p>'
  );
}
