/**
 * Numbers, tables and names as people read them, for every screen and page of output: a figure
 * to about three significant figures, dollars, signed percentages, columns laid out, text
 * histograms on a common scale, bold where colour is on, and a regime's name at a point.
 */
import { sortedFinite, quantileOf } from '../experiment/index.js';
import { regimeLabel, type Scenario } from '../model/index.js';

/** A number for people: 3 significant figures or so, thousands separated; NaN as '-'. */
export function human(x: number | undefined, digits?: number): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  const d = digits ?? (a >= 100 ? 0 : a >= 10 ? 1 : 2);
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** USD for people ('$1,234'; '-' for none). */
export const usd = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `$${human(x)}`);
/** A signed percentage for people ('+12%', '-3.5%'; '-' for none). */
export const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${x > 0 ? '+' : ''}${x.toFixed(Math.abs(x) >= 10 ? 0 : 1)}%`);
export const pctCi = (lo: number | undefined, hi: number | undefined) =>
  lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi) ? '' : ` [${pct(lo)}, ${pct(hi)}]`;

/** Lay out rows of cells in columns; the first column left-aligned, others right-aligned. */
export function table(header: string[], rows: string[][], indent = '  '): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    indent + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const BARS = ' ▁▂▃▄▅▆▇█';

/**
 * One text histogram line per regime on a common scale, from the smallest p1 to the largest p99
 * of the regimes (so one long tail does not flatten the rest); a log scale when that range spans
 * more than a factor of 30 (hours from minutes to weeks).
 */
export function histograms(samples: { label: string; values: Float64Array }[], bins: number, unit: (x: number) => string, showMedian = true): string {
  const sorted = samples.map((s) => ({ label: s.label, v: sortedFinite(s.values) })).filter((s) => s.v.length > 0);
  if (sorted.length === 0) return '  (no values)';
  let lo = Math.min(...sorted.map((s) => quantileOf(s.v, 0.01)));
  let hi = Math.max(...sorted.map((s) => quantileOf(s.v, 0.99)));
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const log = lo > 0 && hi / lo > 30;
  const scale = log ? Math.log : (x: number) => x;
  const a = scale(lo);
  const width = (scale(hi) - a) / bins;
  const labelWidth = Math.max(...sorted.map((s) => s.label.length));
  const lines = sorted.map((s) => {
    const counts = new Array<number>(bins).fill(0);
    for (const x of s.v) {
      if (x < lo || x > hi) continue;
      const b = Math.min(bins - 1, Math.floor((scale(x) - a) / width));
      counts[b]!++;
    }
    const max = Math.max(...counts);
    const bar = counts.map((c) => (c === 0 ? ' ' : BARS[Math.max(1, Math.round((c / max) * 8))])).join('');
    return `  ${s.label.padEnd(labelWidth)} |${bar}|${showMedian ? `  median ${unit(quantileOf(s.v, 0.5))}` : ''}`;
  });
  const left = unit(lo);
  const right = `${unit(hi)}${log ? ' (log scale)' : ''}`;
  const axis = `  ${' '.repeat(labelWidth)}  ${left}${' '.repeat(Math.max(1, bins - left.length - unit(hi).length + 2))}${right}`;
  return [...lines, axis].join('\n');
}

/** Bold (an ANSI code) where colour is on. */
export function paint(text: string, code: number, color: boolean): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** A regime as the reports name it at a point (its scenario): `fanout N=4`, `single`, `human`. */
export function regimeName(regime: string, at: Scenario): string {
  return regimeLabel(regime, at);
}
