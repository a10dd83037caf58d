/**
 * The columns of the analysis commands' files, breakeven.csv and sensitivity.csv: one list each,
 * from which the files' headers (../app/breakeven.ts, ../app/sensitivity.ts) and the data
 * dictionary (./dictionary.ts) come.
 */
export interface AnalysisColumn {
  name: string;
  unit: string;
  description: string;
}

export const BREAKEVEN_COLUMN_DOCS: readonly AnalysisColumn[] = [
  { name: 'param', unit: 'text', description: 'the dotted scenario path varied (--param)' },
  { name: 'metric', unit: 'text', description: 'the runs.csv metric compared (--metric; ratio-of-sums metrics as Σ numerator / Σ denominator)' },
  { name: 'regime_a', unit: 'text', description: 'the first regime of --compare A:B' },
  { name: 'regime_b', unit: 'text', description: 'the second: the difference is A - B' },
  { name: 'row', unit: 'text', description: '`probe` (one evaluation, sorted by value), then one answer row: `break_even` or `none`' },
  { name: 'value', unit: 'param', description: 'probe: the parameter value; break_even: the crossing (a whole-number field: the smallest whole number where the sign has flipped); none: empty' },
  { name: 'value_ci_low', unit: 'param', description: "break_even: low end of the crossing's 95% interval (the parameter range over which the difference's band contains 0)" },
  { name: 'value_ci_high', unit: 'param', description: 'break_even: high end of that interval' },
  { name: 'difference', unit: 'metric', description: 'probe: metric of A minus metric of B, on the same replications 0..runs-1' },
  { name: 'difference_ci_low', unit: 'metric', description: "probe: the difference's 95% interval, low end (paired; delta method for a ratio)" },
  { name: 'difference_ci_high', unit: 'metric', description: 'probe: high end' },
  { name: 'lower', unit: 'text', description: 'probe: the regime lower on the metric there; break_even: the one lower below the crossing; none: the one lower throughout' },
];

export const SENSITIVITY_COLUMN_DOCS: readonly AnalysisColumn[] = [
  { name: 'method', unit: 'text', description: '`tornado`, `morris` or `sobol`' },
  { name: 'parameter', unit: 'text', description: 'the dotted scenario path' },
  { name: 'regime', unit: 'text', description: 'the regime, or `A-B` for the headline paired difference (the decision\'s subject minus its baseline: see the scenario\'s `decision`)' },
  { name: 'metric', unit: 'text', description: '`cost_per_merged_usd` (ratio of sums), `wall_clock_hours`, `merge_rate` (means over replications), the decision\'s first metric when it is another, and `delta_<metric>` (the headline: the per-replication difference of the decision\'s first metric, `delta_cost_per_merged_usd` by default, averaged)' },
  {
    name: 'statistic',
    unit: 'text',
    description:
      'tornado: `rank` (1 = largest swing), `low_setting`, `high_setting`, `base`, `low`, `high` (the metric at each end, the others at their base), `swing` (abs(high - low)), `swing_ci_low`, `swing_ci_high` (95% interval of high - low, paired); morris: `rank` (by mu*), `mu`, `mu_star`, `sigma`, `mu_star_ci_low`, `mu_star_ci_high` (bootstrap), `noise_mu_star` (the mu* replication noise alone gives); sobol: `rank` (by ST), `s1`, `s1_ci_low`, `s1_ci_high`, `st`, `st_ci_low`, `st_ci_high`, `noise_share` (the share of variance that is replication noise, corrected for)',
  },
  { name: 'value', unit: 'metric', description: "the statistic's value (10 significant digits)" },
];

/** best.csv (a sweep's best points): the columns before and after the point's own (`point`, one per --vary). */
export const BEST_COLUMN_DOCS_BEFORE: readonly AnalysisColumn[] = [
  { name: 'metric', unit: 'text', description: "a metric of the scenario's decision (`decision.metrics`; by default `cost_per_merged_usd` and `wall_clock_hours` for one change, `merged_per_month`, `lead_time_hours` and `cost_per_merged_usd` for a closed loop or a stream), per replication: lower is better, higher for `merged_per_month` and the other counts and rates" },
  { name: 'regime', unit: 'text', description: 'a regime whose results change across the points (one whose results are the same at every point has no rows)' },
  {
    name: 'row',
    unit: 'text',
    description:
      '`best` (the lowest mean, the highest where higher is better; a tie goes to the earlier point), `indistinguishable` (a point whose paired t test against the best is not rejected after Holm\'s correction at 5%), `plateau` (every metric but a cost: the first point in grid order within 5% of the best mean; it may also be the best or an indistinguishable point)',
  },
];
export const BEST_COLUMN_DOCS_AFTER: readonly AnalysisColumn[] = [
  { name: 'mean', unit: "the metric's", description: "the metric's mean over the point's replications (finite values)" },
  { name: 'above_best_share', unit: 'share', description: 'how far short of the best, as a share of it: (mean - best mean) / abs(best mean) where lower is better, (best mean - mean) / abs(best mean) where higher is better; 0 for the best, positive for worse' },
  { name: 'p_value', unit: 'probability', description: "the two-sided paired t test of the point's per-replication values against the best's (common random numbers); empty for the best" },
  { name: 'p_value_holm', unit: 'probability', description: "Holm's step-down adjusted p-value over the points - 1 comparisons; indistinguishable when above 0.05; empty for the best" },
  { name: 'plateau_within_share', unit: 'share', description: 'plateau rows: the share of the best mean within which the plateau lies (0.05); empty otherwise' },
];

/** A column list as a markdown table. */
export function columnTable(columns: readonly AnalysisColumn[]): string {
  return ['| column | unit | meaning |', '| --- | --- | --- |', ...columns.map((c) => `| \`${c.name}\` | ${c.unit} | ${c.description} |`)].join('\n');
}
