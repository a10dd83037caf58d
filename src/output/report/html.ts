/**
 * The report page: one self-contained HTML file (inline CSS and SVG, nothing fetched: no fonts,
 * scripts or images from anywhere), readable on a laptop and printable. Everything on it comes
 * from its arguments, with no clock or locale of the machine, so the same inputs give the same bytes.
 */
import { human, pct, regimeName, usd } from '../readable.js';
import { RowIndex } from '../summaryIndex.js';
import { closingSentence, verdict } from '../verdict.js';
import { AGENT_BASELINE, regimeNamed, regimeReads, REGIMES, regimeSettingNotes, resolveDecision } from '../../model/index.js';
import type { SummaryRow } from '../../experiment/index.js';
import { pointScenarioOf, type RunDirData } from './load.js';
import { allRegimes, isStream, regimesOf, summaryRow } from './charts/common.js';
import { isTeamPoint, TEAM_SWEEP_HEADER, teamHeading, teamSweepRow, teamTable, type SummaryLookup } from '../team.js';

export interface PageFigure {
  id: string;
  section: string;
  svg?: string;
  caption?: string;
  note?: string;
}

export interface PageHeader {
  title: string;
  description: string;
  facts: [label: string, value: string][];
  command: string;
}

const CSS = `
:root{color-scheme:light}
body{margin:0;background:#fff;color:#1d1d1d;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 28px 56px}
h1{font-size:1.45rem;margin:0 0 4px}h2{font-size:1.15rem;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:3px}
.lede{color:#444;margin:0 0 14px;max-width:80ch}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 18px;margin:0 0 12px}dl.facts dt{color:#555}dl.facts dd{margin:0}
pre.command{background:#f5f5f5;border:1px solid #e4e4e4;padding:8px 12px;white-space:pre-wrap;word-break:break-all;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
figure{margin:16px 0 30px}figure svg{display:block;max-width:100%;height:auto}
figcaption{color:#4a4a4a;font-size:13px;max-width:86ch;margin-top:4px}figcaption code,p code{font-size:12px}
p.note{color:#6a4a00;background:#fff8e6;border-left:3px solid #e6a700;padding:6px 10px;font-size:13px;max-width:86ch}
ul.verdicts{padding-left:18px}ul.verdicts li{margin:3px 0}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px;margin:6px 0 10px}
th,td{padding:3px 10px;border-bottom:1px solid #e6e6e6;text-align:right;white-space:nowrap}
th{border-bottom:1px solid #999;font-weight:600;white-space:normal;vertical-align:bottom;min-width:4.5em}th:first-child,td:first-child{text-align:left}
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}h2{break-after:avoid}figure,table,ul.verdicts{break-inside:avoid}.table-wrap{overflow:visible}pre.command{white-space:pre-wrap}@page{margin:14mm}}
`;

/** Text for HTML (element content and attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A command line as a person would type it (arguments quoted where the shell needs it). */
export function shellCommand(argv: readonly string[]): string {
  const quote = (a: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['orchsim', ...argv.map(quote)].join(' ');
}


/** An HTML table of text cells (escaped). */
export function htmlTable(head: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: 'th' | 'td') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<div class="table-wrap"><table><thead>${tr(head, 'th')}</thead><tbody>${rows.map((r) => tr(r, 'td')).join('')}</tbody></table></div>`;
}

/** The report's first section for a run: the decision, each candidate's verdict and the closing sentence, as the console prints them. */
export function verdictLines(run: RunDirData): string[] {
  const p = run.meta.points[0];
  if (!p) return [];
  const decision = resolveDecision(run.meta.scenario);
  const index = new RowIndex(run.summary);
  const at = pointScenarioOf(run.meta, p);
  const lines = decision.candidates
    .filter((c) => c !== decision.baseline && p.regimes.includes(c) && p.regimes.includes(decision.baseline))
    .map((c) => verdict(index, p.point, c, decision.baseline, at, decision.metrics))
    .filter((v): v is string => v !== null);
  const sentence = closingSentence(index, { point: p.point, scenario: at }, decision);
  return sentence ? [sentence, ...lines] : lines;
}

/** The table of a run: per regime, merge rate, wall clock, cost per merged change, tokens. */
export function runTable(run: RunDirData): string {
  const at = pointScenarioOf(run.meta, run.meta.points[0]!);
  const single = AGENT_BASELINE ? summaryRow(run, 0, AGENT_BASELINE, 'total_tokens', 'distribution') : undefined;
  const rows = regimesOf(run).map((regime) => {
    const d = (metric: string) => summaryRow(run, 0, regime, metric, 'distribution');
    const ratio = summaryRow(run, 0, regime, 'cost_per_merged_usd', 'ratio_of_sums');
    const tokens = d('total_tokens');
    return [
      regimeName(regime, at),
      human(d('merge_rate')?.mean, 3),
      human(d('wall_clock_hours')?.p50),
      human(d('wall_clock_hours')?.p95),
      ratio ? `${usd(ratio.mean)} [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : '-',
      tokens ? human(tokens.mean, 0) : '-',
      single && tokens && single.mean > 0 && tokens.mean > 0 ? `${(tokens.mean / single.mean).toFixed(2)}x` : '-',
    ];
  });
  return htmlTable(
    ['regime', 'merge rate', 'wall clock h p50 (merged)', 'p95', 'cost per merged change [95% CI]', 'tokens (mean)', `tokens vs ${AGENT_BASELINE ?? '-'}`],
    rows,
  );
}

/** The table of a sweep: per point and regime. */
export function sweepTable(run: RunDirData): string {
  const params = run.meta.grid.map((g) => g.column);
  // A regime that reads none of the swept paths is the same at every point (common random numbers): one row, 'every point'.
  const unchanged = (regime: string) => (REGIMES as readonly string[]).includes(regime) && !run.meta.grid.some((g) => regimeReads(regimeNamed(regime), g.path));
  const rows: string[][] = [];
  for (const p of run.meta.points) {
    const at = pointScenarioOf(run.meta, p);
    for (const regime of p.regimes) {
      if (unchanged(regime) && p !== run.meta.points[0]) continue;
      const d = (metric: string) => summaryRow(run, p.point, regime, metric, 'distribution');
      const ratio = summaryRow(run, p.point, regime, 'cost_per_merged_usd', 'ratio_of_sums');
      const dw = AGENT_BASELINE ? summaryRow(run, p.point, regime, 'wall_clock_hours', 'paired_difference', AGENT_BASELINE) : undefined;
      const dc = AGENT_BASELINE ? summaryRow(run, p.point, regime, 'cost_per_merged_usd', 'paired_difference', AGENT_BASELINE) : undefined;
      rows.push([
        ...params.map((c) => (unchanged(regime) ? 'every point' : typeof p.values[c] === 'string' ? (p.values[c] as string) : JSON.stringify(p.values[c]))),
        regimeName(regime, at),
        human(d('merge_rate')?.mean, 3),
        human(d('wall_clock_hours')?.mean),
        human(d('wall_clock_hours')?.p50),
        ratio ? `${usd(ratio.mean)} [${usd(ratio.ciLow)}, ${usd(ratio.ciHigh)}]` : '-',
        pct(dw?.relativePct),
        pct(dc?.relativePct),
        dw ? human(dw.pBetter, 2) : '-',
      ]);
    }
  }
  return htmlTable([...params, 'regime', 'merge rate', 'wall h mean', 'p50', 'cost per merged change [95% CI]', 'wall vs single', 'cost vs single', 'P(faster)'], rows);
}

/**
 * A team's throughput (closed loop or stream): for a run, per regime, merged changes per month,
 * lead time, work in progress, each resource's utilisation and the bottleneck, as the console
 * prints them; for a sweep, per point and regime, throughput, lead time, cost and bottleneck.
 * Empty outside a stream.
 */
export function teamSection(run: RunDirData): string {
  if (!isStream(run)) return '';
  const look: SummaryLookup = (point, regime, metric, statistic) => summaryRow(run, point, regime, metric, statistic);
  const mode = run.meta.scenario.mode;
  const heading = `<h3>${escapeHtml(teamHeading(mode.kind === 'stream' ? { horizonDays: mode.horizonDays, engineers: mode.arrivals.per === 'engineer' ? mode.arrivals.engineers : null } : undefined))}</h3>`;
  const note = '<p class="lede">A month is 730.5 hours. Busy: work hours over open hours, from the first arrival to the end. The bottleneck is the resource busiest on average, with its mean wait per request (summary.csv: <code>bottleneck_wait_hours</code>).</p>';
  const points = run.meta.points.filter((p) => isTeamPoint(look, p.point, p.regimes));
  if (points.length === 0) return '';
  if (run.meta.grid.length === 0 && run.meta.points.length === 1) {
    const p = points[0]!;
    const at = pointScenarioOf(run.meta, p);
    const t = teamTable(look, p.point, p.regimes, (regime) => regimeName(regime, at));
    return heading + htmlTable(t.header, t.rows) + note;
  }
  const params = run.meta.grid.map((g) => g.column);
  const rows = points.flatMap((p) =>
    p.regimes.map((regime) => [
      ...params.map((c) => (typeof p.values[c] === 'string' ? (p.values[c] as string) : JSON.stringify(p.values[c]))),
      regimeName(regime, pointScenarioOf(run.meta, p)),
      ...teamSweepRow(look, p.point, regime),
    ]),
  );
  return heading + htmlTable([...params, 'regime', ...TEAM_SWEEP_HEADER], rows) + note;
}

/** The header facts of a run or sweep. */
export function runHeader(run: RunDirData): PageHeader {
  const m = run.meta;
  const sweep = m.grid.length > 0;
  const s = m.scenario;
  const mode = s.mode.kind === 'stream' ? `stream, ${s.mode.horizonDays} days` : 'one change';
  return {
    title: `orchsim ${sweep ? 'sweep' : 'run'}: ${m.scenarioName}`,
    description: s.description,
    facts: [
      ['scenario', `${m.scenarioName} (${mode}; regimes ${allRegimes(run).join(', ')}; ${regimeSettingNotes(s)})`],
      ...(sweep ? ([['grid', m.grid.map((g) => `${g.path} = ${g.values.map((v) => JSON.stringify(v)).join(', ')}`).join('; ')]] as [string, string][]) : []),
      ['seed', String(m.seed)],
      ['replications', `${m.runs.toLocaleString('en-US')}${sweep ? ` per point, ${m.points.length} points` : ''}`],
      ['orchsim', m.orchsim],
      ['prices as of', `${s.prices.asOf}`],
    ],
    command: shellCommand(m.argv),
  };
}

/** The whole page. `summary` is HTML (trusted: built here). */
export function renderPage(header: PageHeader, summary: string, figures: readonly PageFigure[]): string {
  const sections: string[] = [];
  let current = '';
  for (const f of figures) {
    if (f.section !== current) {
      current = f.section;
      sections.push(`<h2>${escapeHtml(current)}</h2>`);
    }
    if (f.svg !== undefined)
      sections.push(
        `<figure id="chart-${f.id}" data-chart="${f.id}">${f.svg}<figcaption>${escapeHtml(f.caption ?? '')} <span class="spec">Spec: <code>${escapeHtml(f.id)}.vl.json</code>.</span></figcaption></figure>`,
      );
    else sections.push(`<p class="note" data-chart-note="${f.id}">${escapeHtml(f.note ?? '')}</p>`);
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(header.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(header.title)}</h1>
<p class="lede">${escapeHtml(header.description)}</p>
<dl class="facts">${header.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<p>To reproduce, run:</p>
<pre class="command">${escapeHtml(header.command)}</pre>
</header>
${summary}
${sections.join('\n')}
</main>
</body>
</html>
`;
}
