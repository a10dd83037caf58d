/**
 * The charts of a sensitivity output (sensitivity.csv), one per method, each drawn only when the
 * file holds that method's rows: the tornado (low and high ends around the base, parameters
 * ranked by swing), Morris's mu* against sigma (mu*'s bootstrap interval as error bars, the
 * replication-noise level dashed), and Sobol's first-order and total indices with their
 * intervals. A panel per regime and metric, the headline paired difference first.
 */
import type { SensitivityCsvRow, SensitivityData } from '../analysisData.js';
import { categoryScale } from '../palette.js';
import { decimalsFor, metricValueText, unitWords } from '../../units.js';
import { metricTickFormat, num, TICK_FORMAT, VEGA_LITE_SCHEMA, type ChartResult, type ReportData, type TopLevelSpec } from './common.js';

/** One regime and metric of sensitivity.csv: its parameters (ranked) and their statistics. */
export interface SensitivityGroup {
  key: string;
  regime: string;
  metric: string;
  title: string;
  /** Parameters by rank (1 first). */
  ranked: string[];
  stat: (parameter: string, statistic: string) => number | undefined;
}

const METRIC_TITLES: Record<string, string> = {
  cost_per_merged_usd: 'cost per merged change, USD',
  wall_clock_hours: 'wall clock, mean hours',
  merge_rate: 'merge rate',
  delta_cost_per_merged_usd: 'cost per merged change, difference, USD',
};

/** The headline paired difference's metrics: `delta_` names (sensitivity.csv's regime is then `A-B`). */
export const isHeadlineMetric = (metric: string) => metric.startsWith('delta_');

/** The title of a panel: the regime (or `A - B`) and what the metric is. */
export function groupTitle(regime: string, metric: string): string {
  const what = METRIC_TITLES[metric] ?? metric;
  return isHeadlineMetric(metric) ? `${regime.replace('-', ' minus ')}: ${what}` : `${regime}: ${what}`;
}


/** The groups of one method's rows, the headline first, then the file's order. */
export function sensitivityGroups(data: SensitivityData, method: string): SensitivityGroup[] {
  const byKey = new Map<string, SensitivityCsvRow[]>();
  for (const r of data.rows) {
    if (r.method !== method) continue;
    const key = `${r.regime}|${r.metric}`;
    byKey.get(key)?.push(r) ?? byKey.set(key, [r]);
  }
  const groups = [...byKey.entries()].map(([key, rows]) => {
    const values = new Map(rows.map((r) => [`${r.parameter}|${r.statistic}`, r.value]));
    const stat = (parameter: string, statistic: string) => values.get(`${parameter}|${statistic}`);
    const parameters = [...new Set(rows.map((r) => r.parameter))];
    const ranked = parameters.filter((p) => Number.isFinite(stat(p, 'rank'))).sort((a, b) => stat(a, 'rank')! - stat(b, 'rank')!);
    const { regime, metric } = rows[0]!;
    return { key, regime, metric, title: groupTitle(regime, metric), ranked, stat };
  });
  return [...groups.filter((g) => isHeadlineMetric(g.metric)), ...groups.filter((g) => !isHeadlineMetric(g.metric))];
}

/** Concatenated panels over one data set, each filtered to its group. */
function panels(title: string, values: Record<string, unknown>[], groups: SensitivityGroup[], panel: (g: SensitivityGroup) => Record<string, unknown>, columns: number, resolve: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    data: { values },
    columns,
    concat: groups.map((g) => ({ title: { text: g.title, fontSize: 12 }, transform: [{ filter: { field: 'group', equal: g.key } }], ...panel(g) })),
    resolve,
  } as unknown as TopLevelSpec;
}

/** The named statistics of a parameter, as a row's fields (rounded; missing as null). */
function statsOf(g: SensitivityGroup, parameter: string, statistics: readonly string[]): Record<string, number | null> {
  return Object.fromEntries(statistics.map((s) => [s, num(g.stat(parameter, s))]));
}

function sensitivityOf(data: ReportData, method: string): { groups: SensitivityGroup[] } | null {
  if (data.kind !== 'sensitivity') return null;
  const groups = sensitivityGroups(data.sensitivity, method).filter((g) => g.ranked.length > 0);
  return groups.length ? { groups } : null;
}

const ENDS = ['low setting', 'high setting'];

/** Below this share of the base, the tornado's bars are drawn as differences from the base (the axis starts from it). */
export const SMALL_SWING_SHARE = 0.05;

/** A tornado panel's x-axis: the metric itself, or, when every swing is small against the base, the difference from the base. */
export function tornadoAxis(g: SensitivityGroup): { fromBase: boolean; flat: boolean; base: number; domain: [number, number] } {
  const base = g.stat(g.ranked[0]!, 'base') ?? Number.NaN;
  const ends = g.ranked.flatMap((p) => [g.stat(p, 'low'), g.stat(p, 'high')]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const far = Math.max(0, ...ends.map((v) => Math.abs(v - base)));
  const flat = far === 0;
  const fromBase = !flat && Number.isFinite(base) && base !== 0 && far < SMALL_SWING_SHARE * Math.abs(base);
  const xs = [...ends, base].filter(Number.isFinite).map((v) => (fromBase ? v - base : v));
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  // Room on each side for the "setting: value" text at the bar ends; a metric that is never negative keeps an axis from zero up.
  const span = hi - lo > 0 ? hi - lo : Math.max(Math.abs(base) * 0.01, 1e-9);
  const floor = !fromBase && !isHeadlineMetric(g.metric) && lo >= 0 ? 0 : -Infinity;
  return { fromBase, flat, base, domain: [num(Math.max(floor, lo - 0.42 * span))!, num(hi + 0.42 * span)!] };
}

export function tornadoChart(data: ReportData): ChartResult | null {
  const found = sensitivityOf(data, 'tornado');
  if (!found) return null;
  const values: Record<string, unknown>[] = [];
  const axes = new Map(found.groups.map((g) => [g.key, tornadoAxis(g)]));
  for (const g of found.groups) {
    const axis = axes.get(g.key)!;
    const swings = g.ranked.map((p) => Math.abs(g.stat(p, 'swing') ?? 0)).filter((v) => v > 0);
    const digits = decimalsFor(g.metric, Math.min(...swings));
    for (const p of g.ranked)
      ENDS.forEach((end, i) => {
        const side = i === 0 ? 'low' : 'high';
        const value = g.stat(p, side);
        const setting = g.stat(p, `${side}_setting`);
        values.push({
          group: g.key,
          parameter: p,
          end,
          setting: num(setting),
          value: num(value),
          x: num(value === undefined ? undefined : axis.fromBase ? value - axis.base : value),
          base_x: axis.fromBase ? 0 : num(axis.base),
          // What the bar end says: the setting, and the metric there in its unit.
          end_text: `${num(setting)}: ${metricValueText(g.metric, value, digits)}`,
          ...statsOf(g, p, ['base', 'swing', 'swing_ci_low', 'swing_ci_high']),
        });
      });
  }
  const spec = panels(
    'Tornado: each parameter at the low and high end of its range, the others at their base',
    values,
    found.groups,
    (g) => {
      const axis = axes.get(g.key)!;
      const swings = g.ranked.map((p) => Math.abs(g.stat(p, 'swing') ?? 0)).filter((v) => v > 0);
      const baseText = metricValueText(g.metric, axis.base, decimalsFor(g.metric, Math.min(...swings)));
      const unit = unitWords(g.metric);
      const what = METRIC_TITLES[g.metric] ?? `${g.metric}${unit ? `, ${unit}` : ''}`;
      const format = metricTickFormat(g.metric);
      const x = {
        type: 'quantitative' as const,
        title: axis.fromBase ? `${what}: difference from the base` : what,
        axis: { format: axis.fromBase ? `+${format}` : format },
        scale: { zero: false, nice: false, domain: axis.domain },
      };
      const y = { field: 'parameter', type: 'nominal' as const, sort: g.ranked, title: null };
      const endLabel = (test: string, align: 'left' | 'right') => ({
        transform: [{ filter: test }],
        mark: { type: 'text', align, dx: align === 'left' ? 4 : -4, fontSize: 10, color: '#333' },
        encoding: { x: { ...x, field: 'x' }, y, text: { field: 'end_text' } },
      });
      return {
        title: {
          text: g.title,
          subtitle: `base, every parameter at its base: ${baseText}${axis.flat ? ' (no parameter moves it over these ranges: no bars)' : axis.fromBase ? ` (the axis counts from it: every swing is under ${SMALL_SWING_SHARE * 100}% of it)` : ''}`,
          fontSize: 12,
        },
        width: 520,
        height: { step: 26 },
        layer: [
          {
            mark: { type: 'bar', height: { band: 0.7 } },
            encoding: {
              x: { ...x, field: 'x' },
              x2: { field: 'base_x' },
              y,
              color: { field: 'end', type: 'nominal', title: 'parameter at', scale: categoryScale(ENDS), sort: ENDS },
              tooltip: [{ field: 'parameter' }, { field: 'end' }, { field: 'setting', format: ',.6~r' }, { field: 'value', format: ',.6~r' }, { field: 'base', format: ',.6~r' }, { field: 'swing', format: ',.6~r' }, { field: 'swing_ci_low', format: ',.6~r' }, { field: 'swing_ci_high', format: ',.6~r' }],
            },
          },
          { mark: { type: 'rule', color: 'black', strokeWidth: 1.5 }, encoding: { x: { ...x, field: 'base_x', aggregate: 'min' } } },
          // A setting whose metric is the base's (no bar, typically the base itself) is not printed.
          endLabel('datum.value > datum.base', 'left'),
          endLabel('datum.value < datum.base', 'right'),
        ],
      };
    },
    1,
    { scale: { x: 'independent', y: 'independent' } },
  );
  return {
    spec,
    caption:
      `A panel per regime and metric (the headline paired difference first). Each bar runs from the base (black line: every parameter at its base; its value is under the panel's title) to the metric with one parameter at the low or the high end of its range; the bar's end reads "setting: the metric there", in the metric's unit. Where every swing is under ${SMALL_SWING_SHARE * 100}% of the base, the axis counts from the base (differences), so small swings fill the panel with ticks that differ. Parameters are ranked by swing, |high - low|; its paired 95% interval is in the tooltip and in sensitivity.csv.`,
  };
}

export function morrisChart(data: ReportData): ChartResult | null {
  const found = sensitivityOf(data, 'morris');
  if (!found) return null;
  const values: Record<string, unknown>[] = [];
  for (const g of found.groups)
    for (const p of g.ranked)
      values.push({
        group: g.key,
        parameter: p,
        rank: g.stat(p, 'rank'),
        ...statsOf(g, p, ['mu', 'mu_star', 'sigma', 'mu_star_ci_low', 'mu_star_ci_high', 'noise_mu_star']),
      });
  // Parameters at (nearly) the same point, within a 40th of the panel's axes (both without effect: 0, 0),
  // share one label instead of printing over each other.
  const span = new Map<string, [number, number]>();
  for (const v of values) {
    const [mx, sy] = span.get(v.group as string) ?? [0, 0];
    span.set(v.group as string, [Math.max(mx, Math.abs((v.mu_star as number) ?? 0), Math.abs((v.noise_mu_star as number) ?? 0)), Math.max(sy, Math.abs((v.sigma as number) ?? 0))]);
  }
  const atPoint = new Map<string, Record<string, unknown>[]>();
  for (const v of values) {
    const [mx, sy] = span.get(v.group as string)!;
    const cell = (x: unknown, of: number) => (of > 0 ? Math.round((((x as number) ?? 0) / of) * 40) : 0);
    const key = `${v.group as string}|${cell(v.mu_star, mx)}|${cell(v.sigma, sy)}`;
    atPoint.get(key)?.push(v) ?? atPoint.set(key, [v]);
  }
  for (const same of atPoint.values()) same.forEach((v, i) => (v.label = i === 0 ? same.map((w) => w.parameter as string).join(', ') : ''));
  const spec = panels(
    'Morris elementary effects: mu* (mean absolute effect) against sigma (spread of the effects)',
    values,
    found.groups,
    (g) => {
      const format = metricTickFormat(g.metric);
      const x = { type: 'quantitative' as const, title: 'mu*', axis: { format }, scale: { zero: true } };
      const y = { field: 'sigma', type: 'quantitative' as const, title: 'sigma', axis: { format }, scale: { zero: true } };
      return {
        width: 300,
        height: 220,
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: '#888' }, encoding: { x: { ...x, field: 'noise_mu_star', aggregate: 'min' } } },
          { mark: { type: 'rule', color: '#555' }, encoding: { x: { ...x, field: 'mu_star_ci_low' }, x2: { field: 'mu_star_ci_high' }, y } },
          {
            mark: { type: 'point', filled: true, size: 50, color: '#332288' },
            encoding: {
              x: { ...x, field: 'mu_star' },
              y,
              tooltip: [{ field: 'parameter' }, { field: 'rank' }, { field: 'mu', format: ',.6~r' }, { field: 'mu_star', format: ',.6~r' }, { field: 'sigma', format: ',.6~r' }, { field: 'mu_star_ci_low', format: ',.6~r' }, { field: 'mu_star_ci_high', format: ',.6~r' }],
            },
          },
          { mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10, color: '#333' }, encoding: { x: { ...x, field: 'mu_star' }, y, text: { field: 'label' } } },
        ],
      };
    },
    2,
    { scale: { x: 'independent', y: 'independent' } },
  );
  return {
    spec,
    caption:
      'A panel per regime and metric (the headline paired difference first). Each point is a parameter: right is a larger mean absolute effect over its range (mu*), up a less linear or more interacting one (sigma). Error bars: the bootstrap 95% interval of mu*. Dashed: the mu* that replication noise alone gives; a parameter left of it is not told apart from noise.',
  };
}

const INDICES = ['first-order S1', 'total ST'];

export function sobolChart(data: ReportData): ChartResult | null {
  const found = sensitivityOf(data, 'sobol');
  if (!found) return null;
  // A metric with no variance (a merge rate of 1 everywhere) has no indices: no panel.
  const all = found.groups.length;
  found.groups = found.groups.filter((g) => g.ranked.some((p) => Number.isFinite(g.stat(p, 'st')) || Number.isFinite(g.stat(p, 's1'))));
  if (found.groups.length === 0) return { note: 'sensitivity.csv: no Sobol index is defined (no metric varies)' };
  const left = all - found.groups.length;
  const values: Record<string, unknown>[] = [];
  for (const g of found.groups)
    for (const p of g.ranked)
      INDICES.forEach((index, i) => {
        const s = i === 0 ? 's1' : 'st';
        values.push({ group: g.key, parameter: p, index, value: num(g.stat(p, s)), low: num(g.stat(p, `${s}_ci_low`)), high: num(g.stat(p, `${s}_ci_high`)) });
      });
  const noise = (g: SensitivityGroup) => g.stat(g.ranked[0]!, 'noise_share');
  const spec = panels(
    'Sobol indices: the share of the variance each parameter explains alone (S1) and with its interactions (ST)',
    values,
    found.groups,
    (g) => {
      const x = { type: 'quantitative' as const, title: 'share of variance', axis: { format: TICK_FORMAT.percent } };
      const y = { field: 'parameter', type: 'nominal' as const, sort: g.ranked, title: null };
      const share = noise(g);
      const subtitle =
        share === undefined || !Number.isFinite(share)
          ? null
          : share >= 0 && share <= 1
            ? `replication noise: ${(share * 100).toFixed(1)}% of the variance (corrected for)`
            : 'replication noise outweighs what the parameters explain: run more replications (--runs)';
      return {
        ...(subtitle ? { title: { text: g.title, subtitle, fontSize: 12 } } : {}),
        width: 520,
        height: { step: 30 },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              x: { ...x, field: 'value' },
              y,
              yOffset: { field: 'index', type: 'nominal', sort: INDICES },
              color: { field: 'index', type: 'nominal', title: 'index', scale: categoryScale(INDICES), sort: INDICES },
              tooltip: [{ field: 'parameter' }, { field: 'index' }, { field: 'value', format: '.4f' }, { field: 'low', format: '.4f' }, { field: 'high', format: '.4f' }],
            },
          },
          { mark: { type: 'rule', color: 'black' }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' }, y, yOffset: { field: 'index', type: 'nominal', sort: INDICES } } },
        ],
      };
    },
    1,
    { scale: { x: 'independent', y: 'independent' } },
  );
  return {
    spec,
    caption:
      `A panel per regime and metric (the headline paired difference first), parameters ranked by the total index ST. Black: 95% bootstrap intervals. S1 near ST: the parameter acts alone; ST well above S1: through interactions. Replication noise can push an estimate below 0 or above 1.${left ? ` ${left} regime and metric ${left === 1 ? 'pair has' : 'pairs have'} no variance, so no indices, and no panel.` : ''}`,
  };
}
