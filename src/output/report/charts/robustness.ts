/**
 * The charts of a robustness output (robustness.csv, robustness_draws.csv): the chance each
 * candidate is best with its interval, the EVPPI of each uncertain parameter with its standard
 * error, and the draws over the two parameters that bound the first PRIM box most, coloured by
 * whether the verdict flipped there, with the box drawn.
 */
import type { RobustnessData } from '../analysisData.js';
import { num, regimeColour, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

function robustnessOf(data: ReportData): RobustnessData | null {
  return data.kind === 'robustness' ? data.robustness : null;
}

export function probabilityBestChart(data: ReportData): ChartResult | null {
  const r = robustnessOf(data);
  if (!r) return null;
  const candidates = r.meta.candidates;
  const values = candidates.map((c) => ({
    regime: c,
    probability: num(r.stat('candidate', c, 'probability_best')),
    low: num(r.stat('candidate', c, 'probability_best_ci_low')),
    high: num(r.stat('candidate', c, 'probability_best_ci_high')),
    loss: num(r.stat('candidate', c, 'expected_loss')),
  }));
  const y = { field: 'regime', type: 'nominal' as const, sort: candidates, title: null };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Chance each candidate is best over the uncertainty ranges', subtitle: `${r.meta.metric}, ${r.meta.draws} draws; whiskers: 95% bootstrap interval` },
    data: { values },
    width: 520,
    height: { step: 32 },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'probability', type: 'quantitative', title: 'probability of being best', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          y,
          color: regimeColour(candidates, 'regime', false),
          tooltip: [
            { field: 'regime', type: 'nominal' },
            { field: 'probability', type: 'quantitative', format: '.1%' },
            { field: 'loss', type: 'quantitative', title: 'expected loss per change', format: ',.3~r' },
          ],
        },
      },
      { mark: { type: 'rule' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, y } },
    ],
  } as unknown as TopLevelSpec;
  return { spec, caption: `The share of the outer draws at which each candidate has the best ${r.meta.metric}, with its 95% interval (robustness.csv, section candidate).` };
}

export function evppiChart(data: ReportData): ChartResult | null {
  const r = robustnessOf(data);
  if (!r) return null;
  const params = r.rows.filter((row) => row.section === 'parameter' && row.statistic === 'rank').sort((a, b) => a.value - b.value).map((row) => row.item);
  if (params.length === 0) return { note: 'robustness.csv has no parameter rows' };
  const values = params.map((p) => {
    const v = r.stat('parameter', p, 'evppi') ?? Number.NaN;
    const se = r.stat('parameter', p, 'evppi_se') ?? Number.NaN;
    return { parameter: p, evppi: num(v), low: num(Math.max(0, v - se)), high: num(v + se), perMonth: num(r.stat('parameter', p, 'evppi_per_month')) };
  });
  const evpi = r.stat('decision', r.meta.metric, 'evpi');
  const y = { field: 'parameter', type: 'nominal' as const, sort: params, title: null, axis: { labelLimit: 0 } };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'What measuring each assumption first is worth (EVPPI)', subtitle: `per change, in ${r.meta.metric}'s unit; whiskers: ± one standard error; EVPI (all of them known): ${num(evpi, 3)}` },
    data: { values },
    width: 520,
    height: { step: 26 },
    layer: [
      {
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          x: { field: 'evppi', type: 'quantitative', title: 'expected value of partial perfect information, per change' },
          y,
          tooltip: [
            { field: 'parameter', type: 'nominal' },
            { field: 'evppi', type: 'quantitative', format: ',.3~r' },
            { field: 'perMonth', type: 'quantitative', title: 'per month', format: ',.3~r' },
          ],
        },
      },
      { mark: { type: 'rule' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, y } },
    ],
  } as unknown as TopLevelSpec;
  return { spec, caption: 'Each bar: how much better the choice would be, on average, if the parameter were known before choosing (robustness.csv, section parameter).' };
}

export function flipRegionChart(data: ReportData): ChartResult | null {
  const r = robustnessOf(data);
  if (!r) return null;
  const bounds = r.rows.filter((row) => row.section === 'box_bound' && row.item.startsWith('box1:'));
  const paths = [...new Set(bounds.map((b) => b.item.slice('box1:'.length)))];
  if (paths.length === 0) return { note: r.meta.sentence || 'no region where the verdict flips' };
  if (r.draws.length === 0) return { note: 'robustness_draws.csv is missing: write the directory again with orchsim robustness' };
  // The two parameters the box restricts most (robustness.csv lists them in that order), or one and the largest-EVPPI other.
  const second =
    paths[1] ??
    r.rows
      .filter((row) => row.section === 'parameter' && row.statistic === 'rank' && row.item !== paths[0])
      .sort((a, b) => a.value - b.value)[0]?.item;
  if (!second) return { note: 'only one uncertain parameter: no plane to draw' };
  const [px, py] = [paths[0]!, second];
  const points = r.draws.filter((d) => d.draw >= 0).map((d) => ({ x: num(d.values[px]), y: num(d.values[py]), outcome: d.flip ? `flips (${d.best} best)` : 'holds' }));
  const extent = (p: string) => {
    const v = r.draws.map((d) => d.values[p]!).filter(Number.isFinite);
    return [Math.min(...v), Math.max(...v)];
  };
  const edge = (p: string, s: 'low' | 'high') => r.stat('box_bound', `box1:${p}`, s) ?? extent(p)[s === 'low' ? 0 : 1]!;
  const box = [{ x: num(edge(px, 'low')), x2: num(edge(px, 'high')), y: num(edge(py, 'low')), y2: num(edge(py, 'high')) }];
  const coverage = r.stat('box', 'box1', 'coverage');
  const density = r.stat('box', 'box1', 'density');
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Where the verdict flips', subtitle: `each point an outer draw; the box: PRIM's first box (coverage ${Math.round(100 * (coverage ?? 0))}%, density ${Math.round(100 * (density ?? 0))}%)` },
    width: 480,
    height: 360,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 28, opacity: 0.75 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: px, scale: { zero: false } },
          y: { field: 'y', type: 'quantitative', title: py, scale: { zero: false } },
          color: { field: 'outcome', type: 'nominal', title: 'verdict', scale: { scheme: 'set1' } },
          tooltip: [
            { field: 'x', type: 'quantitative', title: px },
            { field: 'y', type: 'quantitative', title: py },
            { field: 'outcome', type: 'nominal' },
          ],
        },
      },
      {
        data: { values: box },
        mark: { type: 'rect', fillOpacity: 0, stroke: '#333', strokeWidth: 2, strokeDash: [6, 3] },
        encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'x2' }, y: { field: 'y', type: 'quantitative' }, y2: { field: 'y2' } },
      },
    ],
  } as unknown as TopLevelSpec;
  return { spec, caption: r.meta.sentence };
}
