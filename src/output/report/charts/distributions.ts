/**
 * Run charts of per-replication distributions: the ECDFs of wall clock and of cost per merged
 * change by regime, drawn from ECDF_LEVELS + 1 quantiles per regime (never a mark per replication).
 */
import { binnedEcdf, ECDF_LEVELS, wantsLog } from '../binned.js';
import { panelRows, regimeColour, regimePanels, regimesOf, group, TICK_FORMAT, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

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
  const values: { regime: string; value: number; probability: number; panel?: string }[] = [];
  const medians: { key: string; value: number }[] = [];
  const missing: string[] = [];
  for (const regime of regimes) {
    const g = group(run, 0, regime);
    const d = g?.distributions.get(o.column);
    if (!g || !d) continue;
    const points = binnedEcdf(d);
    if (points.length) medians.push({ key: regime, value: points[Math.floor(points.length / 2)]!.value });
    if (d.n < g.rows) missing.push(`${regime} ${(((g.rows - d.n) / g.rows) * 100).toFixed(1)}%`);
    for (const p of points) values.push({ regime, ...p });
  }
  if (values.length === 0) return { note: `no ${o.column} values (nothing merged)` };
  // A regime several times the others (a person by hand) gets a panel of its own, so the agents' difference reads.
  const panels = regimePanels(medians, o.column === 'cost_per_merged_usd' ? 'costs' : 'takes');
  if (panels) for (const v of values) v.panel = panels.panelOf.get(v.regime)!;
  const logWithin = (keys: Set<string>) => {
    const xs = values.filter((v) => keys.has(v.regime)).map((d) => d.value);
    return wantsLog(Math.min(...xs), Math.max(...xs));
  };
  const log = panels ? panels.order.some((p) => logWithin(new Set([...panels.panelOf].filter(([, q]) => q === p).map(([r]) => r)))) : logWithin(new Set(regimes));
  const size = { width: 560, height: panels ? 180 : 260 };
  const layered = {
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'value', type: 'quantitative', title: `${o.axisTitle}${log ? ' (log scale)' : ''}`, scale: { type: log ? 'log' : 'linear', nice: false }, axis: { format: o.format } },
      y: { field: 'probability', type: 'quantitative', title: panels ? 'share at or below' : 'share of replications at or below', axis: { format: TICK_FORMAT.percent }, scale: { domain: [0, 1] } },
      color: regimeColour(regimes),
    },
  };
  const spec = (
    panels
      ? { $schema: VEGA_LITE_SCHEMA, title: o.title, data: { values }, ...panelRows(panels), spec: { ...size, ...layered } }
      : { $schema: VEGA_LITE_SCHEMA, title: o.title, ...size, data: { values }, ...layered }
  ) as unknown as TopLevelSpec;
  const caption =
    `Empirical distribution over replications, drawn from ${ECDF_LEVELS + 1} quantiles per regime.` +
    (panels ? panels.caption : '') +
    (log ? ' The x-axis is logarithmic: the values span more than thirty times.' : '') +
    (missing.length ? ` Replications where nothing merged have no value and are left out (${missing.join(', ')}).` : '');
  return { spec, caption };
}

export const wallClockEcdf = (data: ReportData) =>
  ecdfChart(data, { column: 'wall_clock_hours', title: 'Wall clock, request to merge (merged changes only)', axisTitle: 'hours', format: TICK_FORMAT.number });

export const costEcdf = (data: ReportData) =>
  ecdfChart(data, { column: 'cost_per_merged_usd', title: 'Cost per merged change (replications that merged only; the table gives the ratio of sums)', axisTitle: 'USD per merged change', format: TICK_FORMAT.usd });
