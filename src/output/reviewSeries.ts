/**
 * review_queue.csv (stream mode): the review queue over the horizon, per sweep point, regime and
 * bin (REVIEW_SERIES_BINS equal bins), the mean over replications of each replication's
 * time-average review-queue length and share of reviewers busy in the bin (RunMetrics.reviewSeries).
 *
 * Deterministic whatever the threads and shards: each replication's value is rounded to 6
 * decimals and summed as an integer count of millionths, which is exact in any order (below 2^53,
 * checked); the file carries the sums beside the means so that `orchsim merge` adds the shards'.
 */
import { REVIEW_SERIES_BINS } from '../model/index.js';
import { csvLine, parseCsvLine } from './csv.js';
import { scaledCell } from './bytes.js';

export const REVIEW_SERIES_FILE = 'review_queue.csv';
/** Decimals of every value of the file (and of the per-replication values summed). */
export const REVIEW_SERIES_DECIMALS = 6;
const SCALE = 10 ** REVIEW_SERIES_DECIMALS;
/** Values per regime: the queue length of every bin, then the reviewers' busy share of every bin. */
export const REVIEW_SERIES_LENGTH = 2 * REVIEW_SERIES_BINS;

/** One sweep point's series summed over its replications so far. */
export interface PointReviewSeries {
  point: number;
  regimes: readonly string[];
  replications: number;
  /** [regime * REVIEW_SERIES_LENGTH + k]: sums of the replications' values, in millionths (integers). */
  sums: Float64Array;
  /** Per bin, its `start_hours` and `end_hours` cells. */
  binCells: [string, string][];
}

/** Bin edges of a horizon, as cells (4 decimals). */
export function reviewSeriesBinCells(horizonHours: number): [string, string][] {
  const edge = (b: number) => scaledCell(Math.round(((b * horizonHours) / REVIEW_SERIES_BINS) * 1e4), 4);
  return Array.from({ length: REVIEW_SERIES_BINS }, (_, b) => [edge(b), edge(b + 1)]);
}

export function newPointReviewSeries(point: number, regimes: readonly string[], binCells: [string, string][]): PointReviewSeries {
  return { point, regimes, replications: 0, sums: new Float64Array(regimes.length * REVIEW_SERIES_LENGTH), binCells };
}

/** Adds one replication's series (one regime's RunMetrics.reviewSeries) into `sums` at `offset`, in millionths. */
export function addReplicationSeries(sums: Float64Array, offset: number, series: Float64Array): void {
  for (let k = 0; k < REVIEW_SERIES_LENGTH; k++) sums[offset + k] += Math.round(series[k]! * SCALE);
}

/** Adds sums of `replications` replications (a task's, or a shard's) into a point's. */
export function addSeriesSums(into: PointReviewSeries, sums: ArrayLike<number>, replications: number): void {
  for (let k = 0; k < into.sums.length; k++) {
    const s = into.sums[k]! + sums[k]!;
    if (!Number.isSafeInteger(s) && !Number.isNaN(s))
      throw new Error(`internal: ${REVIEW_SERIES_FILE}'s sums exceed 2^53 millionths; fewer replications per point would fit`);
    into.sums[k] = s;
  }
  into.replications += replications;
}

const VALUE_COLUMNS = ['review_queue_length', 'reviewer_utilisation'] as const;

/** Header cells of review_queue.csv. */
export function reviewSeriesHeader(paramColumns: readonly string[]): string[] {
  return ['point', ...paramColumns, 'regime', 'bin', 'start_hours', 'end_hours', 'replications', ...VALUE_COLUMNS, ...VALUE_COLUMNS.map((c) => `${c}_sum`)];
}

/** The file's text: points in order, then regimes in run order, then bins. */
export function reviewSeriesCsv(series: readonly PointReviewSeries[], prefixes: readonly string[], paramColumns: readonly string[]): string {
  const lines = [csvLine(reviewSeriesHeader(paramColumns))];
  for (const s of [...series].sort((a, b) => a.point - b.point)) {
    if (s.replications === 0) continue;
    s.regimes.forEach((regime, r) => {
      for (let b = 0; b < REVIEW_SERIES_BINS; b++) {
        const at = (m: number) => s.sums[r * REVIEW_SERIES_LENGTH + m * REVIEW_SERIES_BINS + b]!;
        const means = VALUE_COLUMNS.map((_, m) => scaledCell(Math.round(at(m) / s.replications), REVIEW_SERIES_DECIMALS));
        const sums = VALUE_COLUMNS.map((_, m) => scaledCell(at(m), REVIEW_SERIES_DECIMALS));
        lines.push(`${prefixes[s.point]!},${csvLine([regime, String(b), ...s.binCells[b]!, String(s.replications), ...means, ...sums])}`);
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

/** Millionths of a cell written by scaledCell(n, 6): exact, without the rounding of parsing a float. */
function millionths(cell: string): number {
  if (cell === '') return Number.NaN;
  const negative = cell.startsWith('-');
  const [ip = '0', fp = ''] = (negative ? cell.slice(1) : cell).split('.');
  const n = Number(ip) * SCALE + Number(fp.padEnd(REVIEW_SERIES_DECIMALS, '0'));
  return negative ? -n : n;
}

/**
 * Adds a review_queue.csv's sums (a shard's) into `into`, by point: a point's first rows create
 * its entry (regimes and bin edges as written). `regimesOf` gives each point's regimes in run order.
 */
export function readReviewSeriesCsv(text: string, into: Map<number, PointReviewSeries>, regimesOf: (point: number) => readonly string[]): void {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = parseCsvLine(lines[0] ?? '');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${REVIEW_SERIES_FILE}: no column ${name}`);
    return i;
  };
  const [iPoint, iRegime, iBin, iStart, iEnd, iReps] = ['point', 'regime', 'bin', 'start_hours', 'end_hours', 'replications'].map(col) as number[];
  const iSums = VALUE_COLUMNS.map((c) => col(`${c}_sum`));
  const shard = new Map<number, PointReviewSeries>();
  for (const line of lines.slice(1)) {
    const cells = parseCsvLine(line);
    const point = Number(cells[iPoint!]);
    let s = shard.get(point);
    if (!s) {
      const regimes = regimesOf(point);
      shard.set(point, (s = newPointReviewSeries(point, regimes, Array.from({ length: REVIEW_SERIES_BINS }, () => ['', ''] as [string, string]))));
      s.replications = Number(cells[iReps!]);
    }
    const r = s.regimes.indexOf(cells[iRegime!]!);
    const b = Number(cells[iBin!]);
    if (r < 0 || !(b >= 0 && b < REVIEW_SERIES_BINS)) throw new Error(`${REVIEW_SERIES_FILE}: unexpected row ${line}`);
    s.binCells[b] = [cells[iStart!]!, cells[iEnd!]!];
    iSums.forEach((i, m) => (s.sums[r * REVIEW_SERIES_LENGTH + m * REVIEW_SERIES_BINS + b] = millionths(cells[i]!)));
  }
  for (const [point, s] of shard) {
    let target = into.get(point);
    if (!target) into.set(point, (target = newPointReviewSeries(point, s.regimes, s.binCells)));
    addSeriesSums(target, s.sums, s.replications);
  }
}
