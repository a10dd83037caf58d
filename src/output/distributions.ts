/**
 * distributions.csv: what the HTML report draws from runs.csv, reduced while the run goes, so
 * that a report of a million replications never reads runs.csv's rows (issue 13). Per sweep point
 * and regime: the replications, the sum and count of every summed runs.csv column (counts, money,
 * tokens: the report's cost terms, tokens and shares), and, in a run (one sweep point), the count,
 * mean and DISTRIBUTION_LEVELS + 1 quantiles of each DISTRIBUTION_METRICS column (the report's
 * ECDFs and ranges).
 *
 * Deterministic whatever the worker count, the sharding or `merge`: a sum is exact (the cells'
 * integers in their last decimal place, summed in a bigint past 2^52, so the order of the
 * additions does not matter), and quantiles are type 7 of the exact, complete per-replication
 * values the summary keeps (PointValues). The report's fallback for directories without this
 * file (./report/load.ts) reduces runs.csv with the same functions, so both give the same bytes.
 */
import { runColumns } from '../experiment/columns.js';
import { quantileOf, sortedFinite } from '../experiment/stats.js';
import { KEPT_INDEX, type PointValues } from '../experiment/summary.js';
import { DISTRIBUTION_METRICS } from '../model/index.js';
import { csvLine, parseCsvLine, parseNumberCell } from './csv.js';

/** Quantiles of a distribution column: at probabilities 0, 1/200, ..., 1 (minimum and maximum included). */
export const DISTRIBUTION_LEVELS = 200;

/** Is a runs.csv column summed in distributions.csv? Counts of changes, every USD and every token column. */
export function isSummedColumn(column: string): boolean {
  return column === 'merged' || column === 'changes' || column === 'resolved' || column.endsWith('_usd') || column.startsWith('tokens_');
}

/** The summed runs.csv columns of a run with these tiers, in runs.csv order, with their decimal places. */
export function summedColumns(tiers: readonly string[]): { name: string; decimals: number }[] {
  return runColumns(tiers)
    .filter((c) => isSummedColumn(c.name))
    .map((c) => ({ name: c.name, decimals: c.decimals }));
}

const FLUSH = 2 ** 52;

/**
 * Exact sums of decimal cells, as integers in the cells' last decimal place: each slot adds in a
 * double while it stays below 2^52 (exact) and carries into a bigint beyond, so any order of
 * additions gives the same total.
 */
export class ExactSums {
  private readonly acc: Float64Array;
  private readonly big: bigint[];
  readonly counts: Float64Array;

  constructor(readonly size: number) {
    this.acc = new Float64Array(size);
    this.big = new Array<bigint>(size).fill(0n);
    this.counts = new Float64Array(size);
  }

  /** Adds the integer `n` (a cell times 10^decimals) to slot k; NaN and infinities are left out. */
  add(k: number, n: number): void {
    if (n - n !== 0) return;
    const a = this.acc[k]! + n;
    this.counts[k]!++;
    if (a > FLUSH || a < -FLUSH) {
      this.big[k]! += BigInt(a);
      this.acc[k] = 0;
    } else this.acc[k] = a;
  }

  /** Adds another tally's total and count to slot k. */
  addTotal(k: number, total: bigint, count: number): void {
    this.big[k]! += total;
    this.counts[k]! += count;
  }

  total(k: number): bigint {
    return this.big[k]! + BigInt(this.acc[k]!);
  }

  /** The totals as a BigInt64Array (to cross threads). */
  totals(): BigInt64Array {
    return BigInt64Array.from({ length: this.size }, (_, k) => this.total(k));
  }
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** A cell's value times 10^decimals, as the integer it was written from. */
export function scaledInteger(value: number, decimals: number): number {
  return Math.round(value * POW10[decimals]!);
}

/** A sum of integers in the last of `decimals` places, as the decimal it stands for. */
export function sumValue(total: bigint, decimals: number): number {
  return Number(total) / POW10[decimals]! + 0;
}

/** What a task adds to the sums: per regime of its point, per summed column (regime-major). */
export interface ChunkSums {
  totals: BigInt64Array;
  counts: Float64Array;
}

/** The sums of every (sweep point, regime, summed column) of an output, fed by tasks (a run) or by runs.csv's rows (merge). */
export class RunSums {
  readonly columns: { name: string; decimals: number }[];
  private readonly byPoint = new Map<number, ExactSums>();

  constructor(
    tiers: readonly string[],
    /** Per global sweep point index: its regimes. */
    private readonly regimes: readonly (readonly string[])[],
  ) {
    this.columns = summedColumns(tiers);
  }

  private of(point: number): ExactSums {
    let s = this.byPoint.get(point);
    if (!s) this.byPoint.set(point, (s = new ExactSums(this.regimes[point]!.length * this.columns.length)));
    return s;
  }

  /** A task's sums. */
  addChunk(point: number, chunk: ChunkSums): void {
    const s = this.of(point);
    for (let k = 0; k < chunk.totals.length; k++) s.addTotal(k, chunk.totals[k]!, chunk.counts[k]!);
  }

  /** Where each summed column sits in a runs.csv header (-1: absent). */
  indexIn(header: readonly string[]): Int32Array {
    return Int32Array.from(this.columns, (c) => header.indexOf(c.name));
  }

  /** One runs.csv row, as text cells (merge). */
  addCells(point: number, regime: number, cells: readonly string[], index: Int32Array): void {
    const s = this.of(point);
    const K = this.columns.length;
    for (let k = 0; k < K; k++) {
      const i = index[k]!;
      if (i < 0) continue;
      const x = parseNumberCell(cells[i] ?? '');
      if (x === x) s.add(regime * K + k, scaledInteger(x, this.columns[k]!.decimals));
    }
  }

  /** The sum and count of a column at (point, regime index); zero for none. */
  get(point: number, regime: number, k: number): { sum: number; count: number } {
    const s = this.byPoint.get(point);
    const slot = regime * this.columns.length + k;
    return s ? { sum: sumValue(s.total(slot), this.columns[k]!.decimals), count: s.counts[slot]! } : { sum: 0, count: 0 };
  }
}

/** A distribution column reduced: finite values, their mean, and quantiles at k / DISTRIBUTION_LEVELS. */
export interface ColumnDistribution {
  n: number;
  mean: number;
  /** DISTRIBUTION_LEVELS + 1 type-7 quantiles; empty when n = 0. */
  quantiles: Float64Array;
}

/** The distribution of the finite values (the mean summed in ascending order, as the report always has). */
export function columnDistribution(values: ArrayLike<number>, levels = DISTRIBUTION_LEVELS): ColumnDistribution {
  const sorted = sortedFinite(values);
  let s = 0;
  for (const x of sorted) s += x;
  const quantiles = sorted.length ? Float64Array.from({ length: levels + 1 }, (_, k) => quantileOf(sorted, k / levels)) : new Float64Array(0);
  return { n: sorted.length, mean: sorted.length ? s / sorted.length : Number.NaN, quantiles };
}

export type DistributionStatistic = 'replications' | 'sum' | 'count' | 'mean' | 'quantile';

/** The header cells of distributions.csv. */
export function distributionsHeader(paramColumns: readonly string[]): string[] {
  return ['point', ...paramColumns, 'regime', 'column', 'statistic', 'probability', 'value'];
}

export interface DistributionsInput {
  /** Sweep parameter columns, in --vary order. */
  params: readonly string[];
  /** Per sweep point: its `point,<params>` cells, CSV-joined. */
  prefixes: readonly string[];
  /** The kept values of the points written, in point order. */
  values: readonly PointValues[];
  sums: RunSums;
}

const cell = (x: number) => (x === x ? String(x) : '');

/** distributions.csv's text: per point and regime, replications, sums and counts; in a run, the distributions. */
export function distributionsCsv(input: DistributionsInput): string {
  const lines = [csvLine(distributionsHeader(input.params))];
  // A run has one point (a shard of a sweep may hold one point too: it has none, as the sweep).
  const withDistributions = input.prefixes.length === 1;
  const summed = new Set(input.sums.columns.map((c) => c.name));
  for (const pv of input.values) {
    const prefix = input.prefixes[pv.point]!;
    pv.regimes.forEach((regime, r) => {
      const row = (column: string, statistic: DistributionStatistic, value: number, probability = '') =>
        lines.push(`${prefix},${regime},${column},${statistic},${probability},${cell(value)}`);
      row('', 'replications', pv.count);
      input.sums.columns.forEach((c, k) => {
        const { sum, count } = input.sums.get(pv.point, r, k);
        row(c.name, 'sum', sum);
        row(c.name, 'count', count);
      });
      if (!withDistributions) return;
      for (const column of DISTRIBUTION_METRICS) {
        const d = columnDistribution(pv.data[r]![KEPT_INDEX[column]!]!);
        if (!summed.has(column)) row(column, 'count', d.n);
        row(column, 'mean', d.mean);
        d.quantiles.forEach((q, k) => row(column, 'quantile', q, String(k / DISTRIBUTION_LEVELS)));
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

/** One (sweep point, regime) of distributions.csv, read back. */
export interface DistributionsGroup {
  point: number;
  regime: string;
  /** Replications (runs.csv rows). */
  rows: number;
  /** Sum of each summed column over the rows where it has a value. */
  sums: Map<string, number>;
  /** Rows where each summed (or distribution) column has a value. */
  counts: Map<string, number>;
  /** The distribution columns (DISTRIBUTION_METRICS) reduced to quantiles (runs only: a sweep has none). */
  distributions: Map<string, ColumnDistribution>;
}

/** distributions.csv parsed back, groups in file order. */
export function parseDistributionsCsv(text: string, file = 'distributions.csv'): DistributionsGroup[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0] ?? '');
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: not an orchsim distributions.csv (no column ${name})`);
    return i;
  };
  const [iPoint, iRegime, iColumn, iStat, iProb, iValue] = ['point', 'regime', 'column', 'statistic', 'probability', 'value'].map(at) as number[];
  const groups = new Map<string, DistributionsGroup & { quantiles: Map<string, number[]> }>();
  for (const line of lines.slice(1)) {
    const c = parseCsvLine(line);
    const point = Number(c[iPoint!]);
    const regime = c[iRegime!]!;
    const key = `${point}|${regime}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { point, regime, rows: 0, sums: new Map(), counts: new Map(), distributions: new Map(), quantiles: new Map() }));
    const column = c[iColumn!]!;
    const value = parseNumberCell(c[iValue!]!);
    const stat = c[iStat!] as DistributionStatistic;
    if (stat === 'replications') g.rows = value;
    else if (stat === 'sum') g.sums.set(column, value);
    else if (stat === 'count') g.counts.set(column, value);
    else if (stat === 'mean') g.distributions.set(column, { n: 0, mean: value, quantiles: new Float64Array(0) });
    else if (stat === 'quantile') {
      const k = Math.round(Number(c[iProb!]) * DISTRIBUTION_LEVELS);
      const q = g.quantiles.get(column) ?? [];
      q[k] = value;
      g.quantiles.set(column, q);
    } else throw new Error(`${file}: unknown statistic ${stat}`);
  }
  return [...groups.values()].map(({ quantiles, ...g }) => {
    for (const [column, d] of g.distributions) {
      d.n = g.counts.get(column) ?? 0;
      d.quantiles = Float64Array.from(quantiles.get(column) ?? []);
    }
    return g;
  });
}
