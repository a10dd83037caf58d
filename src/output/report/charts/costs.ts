/**
 * Run charts of where the money and the tokens go, from runs.csv sums per regime: the cost terms
 * per merged change, tokens by tier and class, the merge rate, and the outcome view.
 */
import { TOKEN_CLASSES } from '../../../model/index.js';
import { REGIME_LIST } from '../../../model/index.js';
import { RESOLVED_WITHOUT_PERSON_COLUMN, type GroupAggregate, type RunDirData } from '../load.js';
import { categoryScale } from '../palette.js';
import { group, num, panelRows, regimeColour, regimePanels, regimesOf, summaryRow, TICK_FORMAT, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

/** The terms of total_usd, in stacking order. Remediation is shown without its incident part, which is its own term. */
export const COST_TERMS = [
  { term: 'inference', column: 'inference_usd' },
  { term: 'review', column: 'review_usd' },
  { term: 'rework', column: 'rework_usd' },
  { term: 'supervision', column: 'supervision_usd' },
  { term: 'authoring', column: 'authoring_usd' },
  { term: 'remediation', column: 'remediation_usd' },
  { term: 'incident', column: 'incident_usd' },
  { term: 'build', column: 'build_usd' },
  { term: 'delay', column: 'delay_usd' },
] as const;

/** USD of each cost term per merged change (sum over replications / merged), for one group; null when nothing merged. */
export function costTermsPerMerged(g: GroupAggregate): { term: string; usd: number }[] | null {
  const merged = g.sums.get('merged') ?? 0;
  if (!(merged > 0)) return null;
  const sum = (c: string) => g.sums.get(c) ?? 0;
  return COST_TERMS.map(({ term, column }) => ({
    term,
    usd: (column === 'remediation_usd' ? sum(column) - sum('incident_usd') : sum(column)) / merged,
  }));
}

/** Rows for a stacked bar of cost terms: one per (group, term), with `extra` fields for the axis. */
export function costTermRows(groups: readonly { g: GroupAggregate | undefined; extra: Record<string, unknown> }[]) {
  const values: Record<string, unknown>[] = [];
  for (const { g, extra } of groups) {
    const terms = g ? costTermsPerMerged(g) : null;
    if (!g || !terms) continue;
    terms.forEach((t, order) => values.push({ ...extra, regime: g.regime, term: t.term, order, usd: num(t.usd) }));
  }
  return values;
}

export const costTermEncoding = {
  color: { field: 'term', type: 'nominal', title: 'cost term', scale: categoryScale(COST_TERMS.map((t) => t.term)), sort: COST_TERMS.map((t) => t.term) },
  order: { field: 'order', type: 'quantitative' },
  tooltip: [{ field: 'regime' }, { field: 'term' }, { field: 'usd', format: '$,.2f' }],
} as const;

export function costTermsChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run') return null;
  const regimes = regimesOf(data.run);
  const values = costTermRows(regimes.map((r) => ({ g: group(data.run, 0, r), extra: {} })));
  if (values.length === 0) return { note: 'nothing merged: no cost per merged change' };
  // A regime several times the others (a person by hand) gets a panel of its own, so the agents' terms read.
  const totals = new Map<string, number>();
  for (const v of values) totals.set(v.regime as string, (totals.get(v.regime as string) ?? 0) + ((v.usd as number | null) ?? 0));
  const panels = regimePanels([...totals].map(([key, value]) => ({ key, value })), 'costs');
  if (panels) for (const v of values) v.panel = panels.panelOf.get(v.regime as string);
  const bars = {
    width: 560,
    height: { step: 34 },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'regime', type: 'nominal', sort: regimes, title: null },
      x: { field: 'usd', type: 'quantitative', stack: 'zero', title: 'USD per merged change', axis: { format: TICK_FORMAT.usd } },
      ...costTermEncoding,
    },
  };
  const spec = (
    panels
      ? { $schema: VEGA_LITE_SCHEMA, title: 'Cost per merged change, by term', data: { values }, ...panelRows(panels), resolve: { scale: { x: 'independent', y: 'independent' } }, spec: bars }
      : { $schema: VEGA_LITE_SCHEMA, title: 'Cost per merged change, by term', data: { values }, ...bars }
  ) as unknown as TopLevelSpec;
  return {
    spec,
    caption:
      'Every dollar spent (merged or abandoned) over the merged changes: each term is its sum over replications divided by the number merged, so the bar adds up to the ratio-of-sums cost per merged change. Incident loss is shown apart from the rest of remediation.' +
      (panels ? panels.caption : ''),
  };
}

export function tokensChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run') return null;
  const run = data.run;
  const regimes = regimesOf(run);
  const values: Record<string, unknown>[] = [];
  for (const regime of regimes) {
    const g = group(run, 0, regime);
    if (!g || g.rows === 0) continue;
    for (const tier of run.meta.tiers)
      TOKEN_CLASSES.forEach((cls, order) => {
        const sum = g.sums.get(`tokens_${tier}_${cls}`);
        if (sum !== undefined && sum > 0) values.push({ regime, tier, class: cls.replace('_', ' '), order, tokens: num(sum / g.rows) });
      });
  }
  if (values.length === 0) return { note: 'no tokens used (no agent regime)' };
  const classes = TOKEN_CLASSES.map((c) => c.replace('_', ' '));
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Tokens per replication, by tier and class',
    data: { values },
    mark: { type: 'bar' },
    width: { step: 34 },
    height: 220,
    encoding: {
      column: { field: 'tier', type: 'nominal', sort: run.meta.tiers, title: 'tier', header: { labelFontSize: 12 } },
      x: { field: 'regime', type: 'nominal', sort: regimes, title: null },
      y: { field: 'tokens', type: 'quantitative', stack: 'zero', title: 'mean tokens per replication', axis: { format: TICK_FORMAT.tokens } },
      color: { field: 'class', type: 'nominal', title: 'token class', scale: categoryScale(classes), sort: classes },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'regime' }, { field: 'tier' }, { field: 'class' }, { field: 'tokens', format: ',.0f' }],
    },
  } as TopLevelSpec;
  return { spec, caption: 'Mean over replications of the tokens billed at each tier, by class (uncached input, cache reads, cache writes, output), every call and retry included.' };
}

export function mergeRateChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run') return null;
  const run = data.run;
  const regimes = regimesOf(run);
  const hasResolved = run.runColumns.has(RESOLVED_WITHOUT_PERSON_COLUMN);
  const values: Record<string, unknown>[] = [];
  for (const regime of regimes) {
    const rate = summaryRow(run, 0, regime, 'merge_rate', 'distribution');
    if (rate) values.push({ regime, measure: 'merged', share: num(rate.mean), low: num(rate.ciLow), high: num(rate.ciHigh) });
    const g = group(run, 0, regime);
    const changes = g?.sums.get('changes') ?? 0;
    if (hasResolved && g && changes > 0)
      values.push({ regime, measure: 'resolved without a person', share: num((g.sums.get(RESOLVED_WITHOUT_PERSON_COLUMN) ?? 0) / changes), low: null, high: null });
  }
  if (values.length === 0) return { note: 'summary.csv has no merge_rate rows' };
  const measures = hasResolved ? ['merged', 'resolved without a person'] : ['merged'];
  const encoding = {
    y: { field: 'regime', type: 'nominal', sort: regimes, title: null },
    ...(hasResolved ? { yOffset: { field: 'measure', type: 'nominal', sort: measures } } : {}),
  };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: hasResolved ? 'Merge rate, and share resolved without a person' : 'Merge rate',
    width: 560,
    height: { step: hasResolved ? 22 : 30 },
    data: { values },
    encoding,
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'share', type: 'quantitative', title: 'share of changes', scale: { domain: [0, 1] }, axis: { format: TICK_FORMAT.percent } },
          color: regimeColour(regimes),
          opacity: { field: 'measure', type: 'nominal', sort: measures, scale: { domain: measures, range: [1, 0.5] }, legend: hasResolved ? { title: 'measure' } : null },
          tooltip: [{ field: 'regime' }, { field: 'measure' }, { field: 'share', format: '.3f' }],
        },
      },
      {
        mark: { type: 'rule', color: 'black' },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
    ],
  } as TopLevelSpec;
  return {
    spec,
    caption:
      'Mean merge rate per replication with its 95% confidence interval (black).' +
      (hasResolved ? '' : ` The share resolved without a person appears here once runs.csv has a \`${RESOLVED_WITHOUT_PERSON_COLUMN}\` column.`),
  };
}

/** The four terms of the outcome view, per resolved (merged) outcome. */
const OUTCOME_TERMS = [
  { term: 'inference', column: 'inference_usd' },
  { term: 'amortised build', column: 'build_usd' },
  { term: 'remediation', column: 'remediation_usd' },
  { term: 'latency to value', column: 'delay_usd' },
] as const;

/**
 * The outcome view: for manual, scripted and agent regimes, the four terms per resolved outcome
 * side by side; drawn when the output has a regime authored by automation.
 */
export function outcomeViewChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run' || !regimesOf(data.run).some((r) => REGIME_LIST.some((d) => d.name === r && d.authoredBy === 'automation'))) return null;
  const run: RunDirData = data.run;
  const regimes = regimesOf(run);
  const values: Record<string, unknown>[] = [];
  for (const regime of regimes) {
    const g = group(run, 0, regime);
    const merged = g?.sums.get('merged') ?? 0;
    if (!g || !(merged > 0)) continue;
    for (const t of OUTCOME_TERMS) values.push({ regime, term: t.term, usd: num((g.sums.get(t.column) ?? 0) / merged) });
  }
  const terms = OUTCOME_TERMS.map((t) => t.term);
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Per resolved outcome: manual, scripted and agents',
    data: { values },
    mark: { type: 'bar' },
    width: { step: 22 },
    height: 220,
    encoding: {
      column: { field: 'term', type: 'nominal', sort: terms, title: null },
      x: { field: 'regime', type: 'nominal', sort: regimes, title: null, axis: { labels: false, ticks: false } },
      y: { field: 'usd', type: 'quantitative', title: 'USD per resolved outcome', axis: { format: TICK_FORMAT.usd } },
      color: regimeColour(regimes),
    },
  } as TopLevelSpec;
  return { spec, caption: 'Each term summed over replications and divided by the outcomes resolved (merged).' };
}
