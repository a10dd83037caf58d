/**
 * A team's throughput and its bottleneck, drawn for closed loops and streams from summary.csv
 * (the figures ../../team.ts prints in the summary table): in a run, merged changes per month
 * and lead time per regime with their 95% intervals, and each resource's busy share with the
 * bottleneck marked; in a sweep, each resource's busy share against the swept parameter, a
 * panel per regime, the bottleneck at each setting marked (throughput and lead time against the
 * parameter are sweep-<metric> lines, charts/sweep.ts).
 */
import { RESOURCES } from '../../../model/index.js';
import { isTeamPoint, teamBottleneck, type SummaryLookup } from '../../team.js';
import { categoryScale } from '../palette.js';
import type { RunDirData } from '../load.js';
import { isStream, num, regimeColour, regimesOf, summaryRow, TICK_FORMAT, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';
import { sweepAxes } from './sweep.js';

const lookup = (run: RunDirData): SummaryLookup => (point, regime, metric, statistic) => summaryRow(run, point, regime, metric, statistic);

/** The team's run (a stream or closed loop with throughput figures), or null. */
function teamRun(data: ReportData, kind: 'run' | 'sweep'): RunDirData | null {
  if (data.kind !== kind || !isStream(data.run)) return null;
  const look = lookup(data.run);
  return data.run.meta.points.some((p) => isTeamPoint(look, p.point, p.regimes)) ? data.run : null;
}

const TEAM_MEASURES = [
  { metric: 'merged_per_month', title: 'merged changes per month', format: TICK_FORMAT.number },
  { metric: 'lead_time_hours', title: 'lead time, mean hours', format: TICK_FORMAT.number },
  { metric: 'work_in_progress', title: 'work in progress, changes', format: TICK_FORMAT.number },
] as const;

/** Merged per month, lead time and work in progress per regime, each mean with its 95% interval. */
export function throughputChart(data: ReportData): ChartResult | null {
  const run = teamRun(data, 'run');
  if (!run) return null;
  const regimes = regimesOf(run);
  const panels = TEAM_MEASURES.flatMap((m) => {
    const values = regimes.flatMap((regime) => {
      const r = summaryRow(run, 0, regime, m.metric, 'distribution');
      return r && Number.isFinite(r.mean) ? [{ regime, mean: num(r.mean), low: num(r.ciLow), high: num(r.ciHigh) }] : [];
    });
    if (values.length === 0) return [];
    const x = { type: 'quantitative' as const, title: m.title, axis: { format: m.format }, scale: { zero: true } };
    return [
      {
        title: m.title,
        width: 230,
        height: { step: 30 },
        data: { values },
        encoding: { y: { field: 'regime', type: 'nominal', sort: regimes, title: null } },
        layer: [
          { mark: { type: 'bar', opacity: 0.35, height: { band: 0.6 } }, encoding: { x: { ...x, field: 'mean' }, color: regimeColour(regimes) } },
          { mark: { type: 'rule', color: 'black' }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } } },
          { mark: { type: 'point', filled: true, size: 60, color: 'black' }, encoding: { x: { ...x, field: 'mean' }, tooltip: [{ field: 'regime' }, { field: 'mean', format: ',.4~r' }, { field: 'low', format: ',.4~r' }, { field: 'high', format: ',.4~r' }] } },
        ],
      },
    ];
  });
  if (panels.length === 0) return { note: 'summary.csv has no merged_per_month rows (written by orchsim since throughput was added)' };
  const spec = { $schema: VEGA_LITE_SCHEMA, title: "The team's throughput", hconcat: panels } as TopLevelSpec;
  return {
    spec,
    caption:
      'Per regime, the mean over replications (dot) and its 95% confidence interval (black line): changes merged per month of the horizon (730.5 hours), the mean hours from request to merge of the merged changes, and the time-average number of changes filed and not yet merged or abandoned.',
  };
}

/** The resources some regime of these points has a utilisation for, in RESOURCES order. */
function presentResources(run: RunDirData): (typeof RESOURCES)[number][] {
  return RESOURCES.filter((r) => run.meta.points.some((p) => p.regimes.some((regime) => Number.isFinite(summaryRow(run, p.point, regime, r.utilisation, 'distribution')?.mean ?? Number.NaN))));
}

/** Each resource's busy share per regime, the bottleneck's bar outlined and labelled with its wait. */
export function utilisationChart(data: ReportData): ChartResult | null {
  const run = teamRun(data, 'run');
  if (!run) return null;
  const regimes = regimesOf(run);
  const resources = presentResources(run);
  const look = lookup(run);
  const names = resources.map((r) => r.name);
  const values: Record<string, unknown>[] = [];
  for (const regime of regimes) {
    const b = teamBottleneck(look, 0, regime);
    for (const r of resources) {
      const row = summaryRow(run, 0, regime, r.utilisation, 'distribution');
      if (!row || !Number.isFinite(row.mean)) continue;
      const bottleneck = b !== null && b.resource === r.name && b.utilisation > 0;
      const wait = bottleneck && Number.isFinite(b.waitHours) ? `, wait ${num(b.waitHours, 3)} h a ${b.waitPer}` : '';
      values.push({ regime, resource: r.name, busy: num(row.mean), low: num(row.ciLow), high: num(row.ciHigh), bottleneck, label: bottleneck ? `bottleneck${wait}` : '' });
    }
  }
  if (values.length === 0) return { note: 'summary.csv has no utilisation rows' };
  const x = { type: 'quantitative' as const, title: 'busy share (mean over replications)', scale: { domain: [0, 1] }, axis: { format: TICK_FORMAT.percent } };
  const y = { field: 'regime', type: 'nominal' as const, sort: regimes, title: null };
  const yOffset = { field: 'resource', type: 'nominal' as const, sort: names };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Utilisation of each resource, and the bottleneck',
    width: 420,
    height: { step: 18 * Math.max(1, names.length) + 8 },
    data: { values },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { ...x, field: 'busy' },
          // The legend below: the bottleneck's label runs to the right of its bar.
          color: { field: 'resource', type: 'nominal', title: 'resource', scale: categoryScale(names), sort: names, legend: { orient: 'bottom' } },
          stroke: { condition: { test: 'datum.bottleneck', value: 'black' }, value: null },
          strokeWidth: { value: 2 },
          tooltip: [{ field: 'regime' }, { field: 'resource' }, { field: 'busy', format: '.3f' }, { field: 'low', format: '.3f' }, { field: 'high', format: '.3f' }, { field: 'label', title: 'bottleneck' }],
        },
      },
      { mark: { type: 'rule', color: '#333' }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } } },
      { transform: [{ filter: 'datum.bottleneck' }], mark: { type: 'text', align: 'left', dx: 6, fontSize: 10, color: '#222' }, encoding: { x: { ...x, field: 'high' }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
  return {
    spec,
    caption:
      "Per regime, the share of its open hours each resource is busy (work hours over open hours, from the first arrival to the end), mean over replications with its 95% interval. Outlined and labelled: the bottleneck, the resource busiest on average, with its mean wait per request.",
  };
}

/** Each resource's busy share against the swept parameter, a panel per regime; the bottleneck at each setting ringed. */
export function sweepUtilisationChart(data: ReportData): ChartResult | null {
  const run = teamRun(data, 'sweep');
  if (!run) return null;
  const dims = run.meta.grid.length;
  if (dims < 1 || dims > 2) return null;
  const { x, panel } = sweepAxes(run, data.kind === 'sweep' ? data.x : undefined);
  const resources = presentResources(run);
  const names = resources.map((r) => r.name);
  const look = lookup(run);
  const regimes = [...new Set(run.meta.points.flatMap((p) => p.regimes))];
  const values: Record<string, unknown>[] = [];
  for (const p of run.meta.points)
    for (const regime of p.regimes) {
      const b = teamBottleneck(look, p.point, regime);
      for (const r of resources) {
        const row = summaryRow(run, p.point, regime, r.utilisation, 'distribution');
        if (!row || !Number.isFinite(row.mean)) continue;
        const xv = p.values[x.column];
        const pv = panel ? p.values[panel.column] : undefined;
        values.push({
          regime: panel ? `${regime}, ${panel.title} = ${typeof pv === 'string' ? pv : JSON.stringify(pv)}` : regime,
          resource: r.name,
          x: x.numeric ? Number(xv) : typeof xv === 'string' ? xv : JSON.stringify(xv),
          busy: num(row.mean),
          bottleneck: b !== null && b.resource === r.name && b.utilisation > 0,
        });
      }
    }
  if (values.length === 0) return { note: 'summary.csv has no utilisation rows' };
  const panelOrder = panel ? regimes.flatMap((regime) => panel.order.map((v) => `${regime}, ${panel.title} = ${v}`)) : regimes;
  const xs = [...new Set(values.map((v) => v.x))].filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  const xLog = x.numeric && xs.length > 0 && xs[0]! > 0 && xs[xs.length - 1]! / xs[0]! >= 8;
  const xEnc = x.numeric
    ? { field: 'x', type: 'quantitative', title: x.title, scale: xLog ? { type: 'log', base: 2, nice: false } : { zero: false, nice: false }, axis: { values: xs, format: TICK_FORMAT.number } }
    : { field: 'x', type: 'ordinal', title: x.title, sort: x.order };
  const y = { field: 'busy', type: 'quantitative', title: 'busy share', scale: { domain: [0, 1] }, axis: { format: TICK_FORMAT.percent } };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: `Utilisation of each resource against ${x.title}, and the bottleneck`,
    data: { values },
    facet: { field: 'regime', type: 'nominal', title: null, sort: panelOrder, header: { labelLimit: 0, labelFontSize: 12 } },
    columns: 3,
    spec: {
      width: 230,
      height: 160,
      layer: [
        { mark: { type: 'line', point: { filled: true, size: 30 } }, encoding: { x: xEnc, y, color: { field: 'resource', type: 'nominal', title: 'resource', scale: categoryScale(names), sort: names }, tooltip: [{ field: 'resource' }, { field: 'x', title: x.title }, { field: 'busy', format: '.3f' }] } },
        { transform: [{ filter: 'datum.bottleneck' }], mark: { type: 'point', shape: 'circle', size: 160, strokeWidth: 2, color: 'black', filled: false }, encoding: { x: xEnc, y } },
      ],
    },
  } as unknown as TopLevelSpec;
  return {
    spec,
    caption: `Mean over replications of each resource's busy share at each setting of ${x.title}, a panel per regime${panel ? ` and value of ${panel.title}` : ''}. Ringed: the bottleneck at that setting, the busiest resource; where the ring moves from one resource to another, the constraint on throughput changes.`,
  };
}
