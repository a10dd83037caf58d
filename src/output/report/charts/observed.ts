/**
 * Observed versus simulated: for each quantity `orchsim calibrate` observed, the observed ECDF
 * (black) over the simulated ECDF of each regime it is compared in, one panel per quantity, from
 * observed-vs-simulated.csv (at most 201 steps a curve). The caption gives the KS distances.
 */
import { OBSERVED_QUANTITIES } from '../../../model/index.js';
import { comparisonsOf } from '../../observed.js';
import { regimeScale } from '../palette.js';
import { num, regimesOf, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

const OBSERVED = 'observed';

export function observedVsSimulatedChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'run' || !data.run.observed) return null;
  const rows = data.run.observed;
  if (rows.length === 0) return { note: 'observed-vs-simulated.csv holds no rows' };
  const labelOf = (key: string) => OBSERVED_QUANTITIES.find((q) => q.key === key)?.label ?? key;
  const values: { quantity: string; series: string; value: number | null; ecdf: number | null }[] = [];
  let previous = '';
  for (const r of rows) {
    const series = r.source === 'simulated' ? r.regime : OBSERVED;
    const quantity = labelOf(r.quantity);
    // Each curve starts at 0 at its smallest value.
    const key = `${quantity}\u0000${series}`;
    if (key !== previous) values.push({ quantity, series, value: num(r.value), ecdf: 0 });
    previous = key;
    values.push({ quantity, series, value: num(r.value), ecdf: num(r.ecdf) });
  }
  const regimes = regimesOf(data.run).filter((r) => rows.some((row) => row.regime === r));
  const scale = regimeScale(regimes);
  const colour = {
    field: 'series',
    type: 'nominal' as const,
    scale: { domain: [OBSERVED, ...scale.domain], range: ['#000000', ...scale.range] },
    legend: { title: 'ECDF of' },
  };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Observed versus simulated',
    data: { values },
    facet: { row: { field: 'quantity', type: 'nominal', title: null, sort: OBSERVED_QUANTITIES.map((q) => q.label), header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelFontWeight: 'bold' } } },
    spec: {
      width: 560,
      height: 150,
      layer: [
        {
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
          encoding: {
            x: { field: 'value', type: 'quantitative', title: null, scale: { nice: false, zero: false } },
            y: { field: 'ecdf', type: 'quantitative', title: 'share at or below', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
            color: colour,
          },
        },
        {
          transform: [{ filter: `datum.series === '${OBSERVED}' && datum.ecdf > 0` }],
          mark: { type: 'point', filled: true, size: 30 },
          encoding: { x: { field: 'value', type: 'quantitative' }, y: { field: 'ecdf', type: 'quantitative' }, color: colour },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
  const ks = comparisonsOf(rows)
    .map((c) => `${labelOf(c.quantity)} ${c.regime} ${Number.isFinite(c.ksDistance) ? c.ksDistance.toFixed(3) : '-'}`)
    .join('; ');
  const caption =
    `What calibrate observed (black, its points the observed values) against the model's own, per regime, from observed-vs-simulated.csv. ` +
    `KS distance (the largest vertical gap, 0 to 1): ${ks}.`;
  return { spec, caption };
}
