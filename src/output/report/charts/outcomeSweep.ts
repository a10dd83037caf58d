/**
 * The outcome view over a sweep: cost per resolved outcome (ratio of sums) against the swept
 * parameter, typically money.monthlyVolume, one line per regime with its 95% band, and the
 * crossings marked where two regimes' lines cross (interpolated between sweep points on the
 * chart's own axes, so the mark sits on the drawn lines). Drawn for a one-parameter numeric sweep
 * over money.monthlyVolume, or of any parameter when the output holds a regime authored by
 * automation (manual, scripted and agents side by side).
 */
import { REGIME_LIST } from '../../../model/index.js';
import { allRegimes, num, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';
import { bandText, sweepLineParts, type SweepLinePoint, type SweepMetric } from './sweep.js';

/** The volume path whose sweep this chart is for. */
export const VOLUME_PATH = 'money.monthlyVolume';

export const OUTCOME_SWEEP_METRIC: SweepMetric = {
  metric: 'cost_per_resolved_usd',
  statistic: 'ratio_of_sums',
  title: 'Cost per resolved outcome, USD (ratio of sums)',
  axisTitle: 'USD per resolved outcome',
  format: '$,~r',
  better: 'lower',
};

export interface LineCrossing {
  /** The two regimes, in the output's order. */
  a: string;
  b: string;
  x: number;
  y: number;
  /** The regime lower just above the crossing (larger x). */
  lowerAbove: string;
}

/**
 * Where the lines of two regimes cross: on each segment between sweep settings both have, a sign
 * change of the difference, interpolated linearly in the chart's coordinates (log where the axis
 * is log); a tie at a setting is a crossing there.
 */
export function lineCrossings(points: readonly SweepLinePoint[], regimes: readonly string[], xLog: boolean, yLog: boolean): LineCrossing[] {
  const fx = (v: number) => (xLog ? Math.log(v) : v);
  const fy = (v: number) => (yLog ? Math.log(v) : v);
  const line = (r: string) => new Map(points.filter((p) => p.regime === r && typeof p.x === 'number' && p.mean !== null && (!yLog || p.mean > 0)).map((p) => [p.x as number, p.mean!]));
  const out: LineCrossing[] = [];
  for (let i = 0; i < regimes.length; i++)
    for (let j = i + 1; j < regimes.length; j++) {
      const [a, b] = [regimes[i]!, regimes[j]!];
      const [la, lb] = [line(a), line(b)];
      const xs = [...la.keys()].filter((x) => lb.has(x)).sort((p, q) => p - q);
      const d = xs.map((x) => fy(la.get(x)!) - fy(lb.get(x)!));
      for (let k = 0; k < xs.length; k++) {
        const lowerAfter = (k2: number) => (d[k2]! < 0 ? a : b);
        if (d[k] === 0 && k > 0 && k < xs.length - 1 && d[k - 1]! * d[k + 1]! < 0) out.push({ a, b, x: xs[k]!, y: la.get(xs[k]!)!, lowerAbove: lowerAfter(k + 1) });
        if (k + 1 < xs.length && d[k]! * d[k + 1]! < 0) {
          const t = d[k]! / (d[k]! - d[k + 1]!);
          const [x0, x1] = [fx(xs[k]!), fx(xs[k + 1]!)];
          const xc = x0 + t * (x1 - x0);
          const ya = fy(la.get(xs[k]!)!) + t * (fy(la.get(xs[k + 1]!)!) - fy(la.get(xs[k]!)!));
          out.push({ a, b, x: xLog ? Math.exp(xc) : xc, y: yLog ? Math.exp(ya) : ya, lowerAbove: lowerAfter(k + 1) });
        }
      }
    }
  return out.sort((p, q) => p.x - q.x);
}

/** Does this sweep get the outcome view: a numeric one-parameter sweep over volume, or with a regime authored by automation? */
function applies(data: ReportData): boolean {
  if (data.kind !== 'sweep') return false;
  const grid = data.run.meta.grid;
  if (grid.length !== 1 || !grid[0]!.values.every((v) => typeof v === 'number')) return false;
  return grid[0]!.path === VOLUME_PATH || allRegimes(data.run).some((r) => REGIME_LIST.some((d) => d.name === r && d.authoredBy === 'automation'));
}

export function outcomeSweepChart(data: ReportData): ChartResult | null {
  if (data.kind !== 'sweep' || !applies(data)) return null;
  const parts = sweepLineParts(data, OUTCOME_SWEEP_METRIC);
  if (parts === null || 'note' in parts) return parts;
  const regimes = allRegimes(data.run);
  const crossings = lineCrossings(parts.values, regimes, parts.xLog, parts.yLog);
  const show = (x: number) => String(num(x, 3));
  // Labels alternate above and below their mark, so that neighbouring crossings stay legible.
  const values = crossings.map((c, i) => ({ x: num(c.x), mean: num(c.y), pair: `${c.a} = ${c.b}`, label: `${c.a} = ${c.b} at ${show(c.x)}`, lower_above: c.lowerAbove, above: i % 2 === 0 }));
  const label = (above: boolean) => ({
    data: { values },
    transform: [{ filter: above ? 'datum.above' : '!datum.above' }],
    mark: { type: 'text', align: 'left', dx: 7, dy: above ? -10 : 12, fontSize: 10, color: '#222' },
    encoding: { x: parts.xEnc, y: parts.y, text: { field: 'label' } },
  });
  const layer = [
    ...parts.layer,
    ...(values.length
      ? [
          {
            data: { values },
            mark: { type: 'point', shape: 'diamond', size: 120, filled: true, color: 'black' },
            encoding: { x: parts.xEnc, y: parts.y, tooltip: [{ field: 'pair', title: 'crossing' }, { field: 'x', title: parts.x.title, format: ',.4~r' }, { field: 'mean', title: 'USD', format: ',.4~r' }, { field: 'lower_above', title: 'lower above' }] },
          },
          label(true),
          ...(values.length > 1 ? [label(false)] : []),
        ]
      : []),
  ];
  const spec = { $schema: VEGA_LITE_SCHEMA, title: `${OUTCOME_SWEEP_METRIC.title} against ${parts.x.title}`, data: { values: parts.values }, width: 560, height: 320, layer } as unknown as TopLevelSpec;
  const crossed = crossings.length
    ? ` Diamonds: where two regimes' lines cross (${crossings.map((c) => `${c.a} = ${c.b} at ${show(c.x)}`).join('; ')}), interpolated between the sweep points on the chart's axes; between settings the curves are not straight, so read a crossing as lying between its two neighbouring settings.`
    : ' No two regimes\' lines cross over this range.';
  return {
    spec,
    caption: `Everything spent (total_usd: inference, amortised build, people, remediation, latency to value) over the outcomes resolved (runs.csv's resolved), at each sweep point, one line per regime; band: ${bandText(OUTCOME_SWEEP_METRIC)}. Ringed: each regime's lowest point.${crossed}`,
  };
}
