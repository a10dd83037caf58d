/**
 * Reading CSV files back, streaming (a runs.csv of a million replications is larger than a
 * JavaScript string may be): line by line, the summary metrics into PointValues, and optionally
 * the body text (everything after the header) passed through unchanged, for merging shards.
 */
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors/index.js';
import { KEPT_METRICS, SUMMARY_METRICS, type PointValues } from '../experiment/index.js';
import type { RunSums } from './distributions.js';
import { parseCsvLine, parseNumberCell } from './csv.js';

export interface RunsReadTarget {
  /** Kept values by global point index; rows of other points are an error. */
  points: Map<number, PointValues>;
  /** distributions.csv's sums, added row by row. */
  sums?: RunSums;
  /** Given: the rows read, per point and regime a flag per replication; a row read twice is an error. */
  seen?: Map<number, Uint8Array[]>;
}

export interface ScanOptions {
  /** Called with the header line's cells. */
  onHeader?: (cells: string[], line: string) => void;
  /** Called with each batch of body text (whole lines, newline-terminated), in order. */
  onBody?: (text: string) => void;
  /** Called with each body line. */
  onLine?: (line: string) => void;
}

/** Read a CSV file line by line. Returns the number of body lines. */
export async function scanCsv(file: string, options: ScanOptions): Promise<number> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let headerSeen = false;
  let lines = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = rest + chunk;
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(last + 1);
    text = text.slice(0, last + 1);
    if (!headerSeen) {
      const nl = text.indexOf('\n');
      const headerLine = text.slice(0, nl);
      options.onHeader?.(parseCsvLine(headerLine), headerLine);
      headerSeen = true;
      text = text.slice(nl + 1);
    }
    if (text === '') continue;
    options.onBody?.(text);
    if (options.onLine) {
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        options.onLine(text.slice(start, nl));
        lines++;
        start = nl + 1;
      }
    } else {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    }
  }
  if (rest !== '') throw new UsageError(`${file}: the last line is incomplete (a truncated file: a shard whose disk filled, or a copy cut short?); run that shard again`, 'dirs');
  if (!headerSeen) throw new UsageError(`${file}: empty file (no header); run that shard again`, 'dirs');
  return lines;
}

/**
 * Read runs.csv, filling the kept summary metrics of each point. Returns the header cells and
 * the number of rows.
 */
export async function readRunsCsv(
  file: string,
  target: RunsReadTarget,
  onBody?: (text: string) => void,
  onHeader?: (line: string) => void,
): Promise<{ header: string[]; headerLine: string; rows: number }> {
  let header: string[] = [];
  let headerLine = '';
  let iPoint = -1;
  let iRep = -1;
  let iRegime = -1;
  let metricIdx: number[] = [];
  let sumIdx: Int32Array = new Int32Array(0);
  const regimeIndex = new Map<number, Map<string, number>>();
  const rows = await scanCsv(file, {
    onHeader: (cells, line) => {
      header = cells;
      headerLine = line;
      iPoint = cells.indexOf('point');
      iRep = cells.indexOf('replication');
      iRegime = cells.indexOf('regime');
      metricIdx = KEPT_METRICS.map((m) => cells.indexOf(m));
      if (target.sums) sumIdx = target.sums.indexIn(cells);
      const missing = [
        ...(['point', 'replication', 'regime'] as const).filter((c) => cells.indexOf(c) < 0),
        ...SUMMARY_METRICS.filter((m) => !cells.includes(m)),
      ];
      if (missing.length) throw new UsageError(`${file}: not an orchsim runs.csv (no column ${missing.join(', ')})`, 'dirs');
      onHeader?.(line);
    },
    onBody,
    onLine: (line) => {
      const cells = parseCsvLine(line);
      const point = Number(cells[iPoint]);
      const pv = target.points.get(point);
      if (!pv) throw new UsageError(`${file}: a row of sweep point ${cells[iPoint]} which meta.json does not list`, 'dirs');
      let regimes = regimeIndex.get(point);
      if (!regimes) {
        regimes = new Map(pv.regimes.map((r, i) => [r, i]));
        regimeIndex.set(point, regimes);
      }
      const r = regimes.get(cells[iRegime]!);
      const off = Number(cells[iRep]) - pv.firstReplication;
      if (r === undefined || !(off >= 0 && off < pv.count))
        throw new UsageError(`${file}: unexpected row (point ${point}, replication ${cells[iRep]}, regime ${cells[iRegime]})`, 'dirs');
      if (target.seen) {
        let seen = target.seen.get(point);
        if (!seen) target.seen.set(point, (seen = pv.regimes.map(() => new Uint8Array(pv.count))));
        if (seen[r]![off]) throw new UsageError(`${file}: a duplicated row (point ${point}, replication ${cells[iRep]}, regime ${cells[iRegime]}): the shard is damaged; run it again`, 'dirs');
        seen[r]![off] = 1;
      }
      const data = pv.data[r]!;
      for (let m = 0; m < metricIdx.length; m++) data[m]![off] = metricIdx[m]! < 0 ? Number.NaN : parseNumberCell(cells[metricIdx[m]!]!);
      target.sums?.addCells(point, r, cells, sumIdx);
      if (r === 0) pv.filled++;
    },
  });
  return { header, headerLine, rows };
}
