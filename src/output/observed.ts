/**
 * observed-vs-simulated.csv: for each quantity `orchsim calibrate` observed (the scenario's
 * `calibration.observed`, src/model/observed.ts), the observed ECDF and, per regime it applies
 * to, the ECDF of its simulated counterpart read from changes.csv, with the two-sample
 * Kolmogorov-Smirnov distance between them (the largest gap between the two curves).
 *
 * Tidy: one row per ECDF step, `quantity, source (observed | simulated), regime (empty when
 * observed), observations, value, ecdf, ks_distance (simulated rows)`. A side of at most
 * OBSERVED_SAMPLE_MAX + 1 values is written whole (each distinct value and the share at or below
 * it); a larger one as OBSERVED_QUANTILE_LEVELS + 1 quantiles. The KS distance uses every
 * simulated value; an observed side kept as quantiles is the step function through them (its
 * distance is then exact to within 1 / OBSERVED_QUANTILE_LEVELS).
 */
import { observedOf, OBSERVED_QUANTILE_LEVELS, OBSERVED_SAMPLE_MAX, changeColumn, regimeNamed, type ObservedQuantity, type ObservedValues, type Scenario } from '../model/index.js';
import { quantileOf } from '../experiment/index.js';
import { csvLine, parseCsvLine, parseNumberCell } from './csv.js';
import { readColumns } from './report/columnReader.js';
import { sig } from './report/binned.js';
import { table } from './readable.js';

export const OBSERVED_VS_SIMULATED_FILE = 'observed-vs-simulated.csv';
export const OBSERVED_VS_SIMULATED_HEADER = ['quantity', 'source', 'regime', 'observations', 'value', 'ecdf', 'ks_distance'] as const;

export interface ObservedComparison {
  quantity: string;
  regime: string;
  observed: number;
  simulated: number;
  /** NaN when the regime has no simulated value of the quantity. */
  ksDistance: number;
}

export interface ObservedVsSimulated {
  csv: string;
  /** One per quantity and regime the file holds, as comparisonsOf reads them back from it. */
  comparisons: ObservedComparison[];
}

/** First index whose value is above x (values sorted ascending). */
function upperBound(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The observed ECDF at x: a sample's share at or below x, or the level of the last quantile at or below x. */
function observedCdf(o: ObservedValues, x: number): number {
  const i = upperBound(o.values, x);
  if (o.form === 'sample') return i / o.values.length;
  return i === 0 ? 0 : (i - 1) / (o.values.length - 1);
}

/** sup |F_observed - F_simulated| over every step of either (both right-continuous step functions). */
export function ksDistance(o: ObservedValues, simulated: Float64Array): number {
  const n = simulated.length;
  if (n === 0) return Number.NaN;
  let d = 0;
  for (const x of o.values) d = Math.max(d, Math.abs(observedCdf(o, x) - upperBound(simulated, x) / n));
  for (let i = 0; i < n; i++) {
    const x = simulated[i]!;
    if (i + 1 < n && simulated[i + 1] === x) continue;
    d = Math.max(d, Math.abs(observedCdf(o, x) - (i + 1) / n));
  }
  return d;
}

/** A sorted side's ECDF steps: every distinct value with its share at or below it, or quantiles of a large one. */
export function ecdfSteps(sorted: ArrayLike<number>, form: 'sample' | 'quantiles' = 'sample'): { value: number; ecdf: number }[] {
  const n = sorted.length;
  if (form === 'quantiles') return Array.from(sorted, (value, j) => ({ value, ecdf: j / (n - 1) }));
  if (n <= OBSERVED_SAMPLE_MAX + 1) {
    const out: { value: number; ecdf: number }[] = [];
    for (let i = 0; i < n; i++) if (i + 1 === n || sorted[i + 1] !== sorted[i]) out.push({ value: sorted[i]!, ecdf: (i + 1) / n });
    return out;
  }
  const f = Float64Array.from(sorted);
  return Array.from({ length: OBSERVED_QUANTILE_LEVELS + 1 }, (_, j) => ({ value: quantileOf(f, j / OBSERVED_QUANTILE_LEVELS), ecdf: j / OBSERVED_QUANTILE_LEVELS }));
}

/** The regimes of the scenario a quantity is compared in. */
function comparedRegimes(scenario: Scenario, q: ObservedQuantity): string[] {
  return scenario.regimes.filter((r) => q.regimes?.(regimeNamed(r)) ?? true);
}

/** The simulated values of each observed quantity by regime, read from changes.csv in one pass (the run's first point). */
function simulatedValues(scenario: Scenario, quantities: readonly ObservedQuantity[], changesCsv: string): Map<string, Map<string, number[]>> {
  const columns = ['point', 'merged', ...new Set(quantities.flatMap((q) => [changeColumn(q.metric), ...(q.per ? [changeColumn(q.per)] : [])]))];
  const out = new Map<string, Map<string, number[]>>(quantities.map((q) => [q.key, new Map(comparedRegimes(scenario, q).map((r) => [r, []]))]));
  const at = (name: string) => columns.indexOf(name);
  const plan = quantities.map((q) => ({ q, value: at(changeColumn(q.metric)), per: q.per ? at(changeColumn(q.per)) : -1, into: out.get(q.key)! }));
  readColumns(changesCsv, { numeric: columns, text: ['regime'] }, (numbers, texts) => {
    if (numbers[0] !== 0) return;
    const merged = numbers[1] === 1;
    for (const p of plan) {
      const into = p.into.get(texts[0]!);
      if (!into || (p.q.mergedOnly && !merged)) continue;
      let v = numbers[p.value]!;
      if (p.per >= 0) {
        const per = numbers[p.per]!;
        if (!(per > 0)) continue;
        v /= per;
      }
      if (p.q.scale !== undefined) v *= p.q.scale;
      if (!Number.isFinite(v) || (p.q.positiveOnly && !(v > 0))) continue;
      into.push(v);
    }
  });
  return out;
}

const cell = (x: number) => (Number.isFinite(x) ? String(sig(x)) : '');

/** The file's text and the KS distances, from the scenario's observations and the run's changes.csv. */
export function observedVsSimulated(scenario: Scenario, changesCsv: string): ObservedVsSimulated {
  const observed = observedOf(scenario.calibration);
  const simulated = simulatedValues(scenario, observed.map((o) => o.quantity), changesCsv);
  const lines = [csvLine([...OBSERVED_VS_SIMULATED_HEADER])];
  const comparisons: ObservedComparison[] = [];
  for (const { quantity, observed: o } of observed) {
    for (const s of ecdfSteps(o.values, o.form)) lines.push(csvLine([quantity.key, 'observed', '', String(o.observations), cell(s.value), cell(s.ecdf), '']));
    for (const [regime, values] of simulated.get(quantity.key)!) {
      const sorted = Float64Array.from(values).sort();
      const ks = ksDistance(o, sorted);
      if (sorted.length === 0) continue;
      // As the file states them (the console shows these): a regime with simulated values, the distance to its digits.
      comparisons.push({ quantity: quantity.key, regime, observed: o.observations, simulated: sorted.length, ksDistance: sig(ks) });
      for (const s of ecdfSteps(sorted)) lines.push(csvLine([quantity.key, 'simulated', regime, String(sorted.length), cell(s.value), cell(s.ecdf), cell(ks)]));
    }
  }
  return { csv: `${lines.join('\n')}\n`, comparisons };
}

export interface ObservedVsSimulatedRow {
  quantity: string;
  source: 'observed' | 'simulated';
  regime: string;
  observations: number;
  value: number;
  ecdf: number;
  ksDistance: number;
}

/** The rows of an observed-vs-simulated.csv (the report and the console read it back). */
export function parseObservedVsSimulated(text: string): ObservedVsSimulatedRow[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0] ?? '');
  const at = OBSERVED_VS_SIMULATED_HEADER.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${OBSERVED_VS_SIMULATED_FILE}: no column ${name}`);
    return i;
  });
  return lines.slice(1).map((line) => {
    const c = parseCsvLine(line);
    const number = (k: number) => parseNumberCell(c[at[k]!] ?? '');
    return { quantity: c[at[0]!]!, source: c[at[1]!] as 'observed' | 'simulated', regime: c[at[2]!]!, observations: number(3), value: number(4), ecdf: number(5), ksDistance: number(6) };
  });
}

/** One KS distance per quantity and regime, from the file's rows. */
export function comparisonsOf(rows: readonly ObservedVsSimulatedRow[]): ObservedComparison[] {
  const observed = new Map<string, number>();
  const out = new Map<string, ObservedComparison>();
  for (const r of rows) {
    if (r.source === 'observed') observed.set(r.quantity, r.observations);
    else if (!out.has(`${r.quantity}\u0000${r.regime}`))
      out.set(`${r.quantity}\u0000${r.regime}`, { quantity: r.quantity, regime: r.regime, observed: observed.get(r.quantity) ?? Number.NaN, simulated: r.observations, ksDistance: r.ksDistance });
  }
  return [...out.values()];
}

/** The console's lines: per quantity and regime, the KS distance and the counts. */
export function observedConsole(comparisons: readonly ObservedComparison[]): string {
  const rows = comparisons.map((c) => [c.quantity, c.regime, c.observed.toLocaleString('en-US'), c.simulated.toLocaleString('en-US'), Number.isFinite(c.ksDistance) ? c.ksDistance.toFixed(3) : '- (no simulated value)']);
  return `observed vs simulated (${OBSERVED_VS_SIMULATED_FILE}; KS distance: the largest gap between the two ECDFs, 0 to 1):\n${table(['quantity', 'regime', 'observed', 'simulated', 'KS distance'], rows)}\n`;
}
