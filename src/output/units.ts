/**
 * A metric's unit and its values as people read them, from the metric registry: the console's
 * sensitivity table and the report's tornado print the same text ("$4,521", "173.4 h", "83.0%").
 * A paired difference (`delta_<column>`) has its column's unit.
 */
import { METRICS } from '../model/index.js';
import { human } from './readable.js';

/** The registry's unit of a column (or of `delta_<column>`); '' when the registry does not know it. */
export function metricUnit(metric: string): string {
  const column = metric.replace(/^delta_/, '');
  return METRICS.find((m) => m.column === column)?.unit ?? '';
}

/** A value of the metric with its unit: USD as `$1,234`, hours as `12.3 h`, shares as `83.2%`; a difference signed. */
export function metricValueText(metric: string, value: number | undefined, digits?: number): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const unit = metricUnit(metric);
  const sign = metric.startsWith('delta_') && value > 0 ? '+' : '';
  const minus = value < 0 ? '-' : '';
  const a = Math.abs(value);
  if (unit === 'USD') return `${sign}${minus}$${human(a, digits)}`;
  if (unit === 'hours') return `${sign}${minus}${human(a, digits)} h`;
  if (unit === 'share' || unit === '0/1') return `${sign}${minus}${human(a * 100, digits ?? 1)}%`;
  return `${sign}${minus}${human(a, digits)}${unit && unit !== 'count' ? ` ${unit}` : ''}`;
}

/**
 * Decimals that tell apart values differing by `step` (a swing): two significant digits of the
 * step, so a 1.3 h swing around 173 h prints 172.9 h and 174.2 h, not 173 h twice. Shares count
 * in percentage points. undefined (the usual decimals) when the step is large or zero.
 */
export function decimalsFor(metric: string, step: number): number | undefined {
  const unit = metricUnit(metric);
  const s = Math.abs(step) * (unit === 'share' || unit === '0/1' ? 100 : 1);
  if (!(s > 0) || !Number.isFinite(s)) return undefined;
  return Math.min(4, Math.max(0, -Math.floor(Math.log10(s)) + 1));
}

/** How a metric's unit reads in a heading: `USD`, `hours`, `share of changes`... */
export function unitWords(metric: string): string {
  const unit = metricUnit(metric);
  return unit === 'share' || unit === '0/1' ? 'share' : unit;
}
