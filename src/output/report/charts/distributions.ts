/**
 * Run charts of per-replication distributions: the ECDFs of wall clock and of cost per merged
 * change by regime, drawn from ECDF_LEVELS + 1 quantiles per regime (never a mark per replication).
 */
import { binnedEcdf, ECDF_LEVELS, wantsLog } from '../binned.js';
import { regimeColour, regimesOf, group, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

interface EcdfOptions {
  column: 'wall_clock_hours' | 'cost_per_merged_usd';
  title: string;
  axisTitle: string;
  format: string;
}

/** The ECDF of one runs.csv column by regime. */
export function ecdfChart(data: ReportData, o: EcdfOptions): ChartResult | null {
  if (data.kind !== 'run') return null;
  const run = data.run;
  const regimes = regimesOf(run);
  const values: { regime: string; value: number; probability: number }[] = [];
  const missing: string[] = [];
  for (const regime of regimes) {
    const g = group(run, 0, regime);
    const d = g?.distributions.get(o.column);
    if (!g || !d) continue;
    const points = binnedEcdf(d);
    if (d.n < g.rows) missing.push(`${regime} ${(((g.rows - d.n) / g.rows) * 100).toFixed(1)}%`);
    for (const p of points) values.push({ regime, ...p });
  }
  if (values.length === 0) return { note: `no ${o.column} values (nothing merged)` };
  const xs = values.map((d) => d.value);
  const log = wantsLog(Math.min(...xs), Math.max(...xs));
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title,
    width: 560,
    height: 260,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: `${o.axisTitle}${log ? ' (log scale)' : ''}`, scale: { type: log ? 'log' : 'linear', nice: false }, axis: { format: o.format } },
      y: { field: 'probability', type: 'quantitative', title: 'share of replications at or below', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: regimeColour(regimes),
    },
  } as TopLevelSpec;
  const caption =
    `Empirical distribution over replications, drawn from ${ECDF_LEVELS + 1} quantiles per regime.` +
    (missing.length ? ` Replications where nothing merged have no value and are left out (${missing.join(', ')}).` : '');
  return { spec, caption };
}

export const wallClockEcdf = (data: ReportData) =>
  ecdfChart(data, { column: 'wall_clock_hours', title: 'Wall clock, request to merge (merged changes only)', axisTitle: 'hours', format: '~s' });

export const costEcdf = (data: ReportData) =>
  ecdfChart(data, { column: 'cost_per_merged_usd', title: 'Cost per merged change (replications that merged only; the table gives the ratio of sums)', axisTitle: 'USD per merged change', format: '$~s' });
