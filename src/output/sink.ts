/**
 * The sink that turns replication outcomes into CSV text (runs.csv and changes.csv rows) and
 * the rounded summary metrics, inside whichever thread ran them: formatting numbers is the
 * costly part of writing CSV, so it runs in the workers, in parallel, a task at a time.
 */
import type { ReplicationOutcome, ChangeRecord, RunMetrics } from '../model/index.js';
import { changeColumns, KEPT_METRICS, runColumns, type ColumnDef } from '../experiment/columns.js';
import type { ReplicationSink } from '../experiment/chunk.js';
import type { Segment } from '../experiment/shard.js';
import { ByteWriter, bytesOf } from './bytes.js';
import { ExactSums, isSummedColumn } from './distributions.js';
import { addReplicationSeries, REVIEW_SERIES_LENGTH } from './reviewSeries.js';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

export interface SinkInit {
  tiers: string[];
  /** Per sweep point: the CSV cells `point,<params>` already joined (and quoted where needed). */
  prefixes: string[];
  /** Per sweep point: its regimes in run order. */
  regimes: string[][];
  /** Write runs.csv rows (false: keep only the summary values). */
  runs: boolean;
  /** Write changes.csv rows. */
  changes: boolean;
}

export interface ChunkResult {
  point: number;
  from: number;
  to: number;
  /** runs.csv rows as UTF-8 bytes (bytes cross threads without a copy). */
  runs: Uint8Array;
  changes: Uint8Array;
  /** Kept metrics (KEPT_METRICS), rounded: values[((rep - from) * regimes + regime) * metrics + metric]. */
  values: Float64Array;
  /**
   * distributions.csv's sums over the task's replications, per regime and summed column
   * (regime-major): exact totals of the cells' integers in their last decimal place, and counts.
   */
  sums: { totals: BigInt64Array; counts: Float64Array };
  /**
   * Stream mode: the task's review-queue series summed over its replications, in millionths
   * ([regime * REVIEW_SERIES_LENGTH + k], ./reviewSeries); empty or absent otherwise.
   */
  reviewSeries?: Float64Array;
}

const EMPTY = new Uint8Array(0);
const EMPTY_F64 = new Float64Array(0);

export class CsvSink implements ReplicationSink<ChunkResult> {
  private readonly runCols: ColumnDef<RunMetrics>[];
  /** Per runs.csv column, where its value sits: `values[valueIndex]`, or `tokens[tokenIndex]` when valueIndex < 0 (the columns' getters, read without a call per cell). */
  private readonly runValueIndex: Int32Array;
  private readonly runTokenIndex: Int32Array;
  private readonly runDec: Int32Array;
  private readonly summaryIndex: Int32Array;
  /**
   * What the rows of kept totals (a regime a point does not change, ../model/reuse) came to, by
   * reuse key and replication: the row after the replication number, the summed cells, the kept values.
   */
  private readonly madeRows = new Map<string, Map<number, { row: Uint8Array; summed: Float64Array; kept: Float64Array }>>();
  /** The runs.csv columns distributions.csv sums, by index into runCols. */
  private readonly summedIndex: Int32Array;
  private readonly scaled: Float64Array;
  private sums = new ExactSums(0);
  private readonly changeCols: ColumnDef<ChangeRecord>[];
  private readonly changeBefore: number;
  private readonly prefixBytes: Uint8Array[];
  private readonly words = new Map<string, Uint8Array>();
  private readonly runsOut = new ByteWriter();
  private readonly changesOut = new ByteWriter(1 << 16);
  private task: Segment = { point: 0, from: 0, to: 0 };
  private values = new Float64Array(0);
  private reviewSeries = new Float64Array(0);
  private regimeCount = 0;

  constructor(private readonly init: SinkInit) {
    this.runCols = runColumns(init.tiers);
    this.runValueIndex = Int32Array.from(this.runCols.map((c) => c.index));
    this.runTokenIndex = Int32Array.from(this.runCols.map((c) => c.tokenIndex));
    this.runDec = Int32Array.from(this.runCols.map((c) => c.decimals));
    this.summaryIndex = Int32Array.from(KEPT_METRICS, (m) => this.runCols.findIndex((c) => c.name === m));
    if (this.summaryIndex.some((i) => i < 0)) throw new Error('internal: a kept metric is not a runs.csv column');
    this.summedIndex = Int32Array.from(this.runCols.flatMap((c, i) => (isSummedColumn(c.name) ? [i] : [])));
    this.scaled = new Float64Array(this.runCols.length);
    const { before, after } = changeColumns(init.tiers);
    this.changeCols = [...before, ...after];
    this.changeBefore = before.length;
    this.prefixBytes = init.prefixes.map((p) => bytesOf(`${p},`));
  }

  /** `,word,` as bytes (regimes, abandon reasons), cached. */
  private word(w: string): Uint8Array {
    let b = this.words.get(w);
    if (!b) {
      b = bytesOf(w);
      this.words.set(w, b);
    }
    return b;
  }

  begin(task: Segment): void {
    this.task = task;
    this.runsOut.pos = 0;
    this.changesOut.pos = 0;
    this.regimeCount = this.init.regimes[task.point]!.length;
    this.values = new Float64Array((task.to - task.from) * this.regimeCount * KEPT_METRICS.length);
    this.sums = new ExactSums(this.init.runs ? this.regimeCount * this.summedIndex.length : 0);
    this.reviewSeries = EMPTY_F64;
  }

  add(point: number, outcome: ReplicationOutcome): void {
    const prefix = this.prefixBytes[point]!;
    const rep = outcome.replication;
    const valueIndex = this.runValueIndex;
    const tokenIndex = this.runTokenIndex;
    const dec = this.runDec;
    const C = dec.length;
    const M = KEPT_METRICS.length;
    const scaled = this.scaled;
    const summed = this.summedIndex;
    const K = summed.length;
    const base = (rep - this.task.from) * this.regimeCount;
    const w = this.runsOut;
    for (let j = 0; j < outcome.runs.length; j++) {
      const run = outcome.runs[j]!;
      const off = (base + j) * M;
      // A regime reused across a sweep's points: the row after its point's prefix, its sums and
      // its kept values are what they were at the first point (formatting is the costly part).
      const made = run.reuseKey === null ? undefined : this.madeRows.get(run.reuseKey)?.get(run.replication);
      if (made) {
        if (this.init.runs) {
          w.ensure(prefix.length + 24 + made.row.length);
          w.raw(prefix);
          w.scaled(rep, 0);
          w.raw(made.row);
          for (let k = 0; k < K; k++) this.sums.add(j * K + k, made.summed[k]!);
        }
        this.values.set(made.kept, off);
        if (run.reviewSeries) this.addReviewSeries(j, run.reviewSeries);
        continue;
      }
      if (this.init.runs) {
        w.ensure(prefix.length + 64 + C * 24);
        w.raw(prefix);
        w.scaled(rep, 0);
      }
      const cellsStart = w.pos;
      if (this.init.runs) {
        w.byte(44);
        w.raw(this.word(run.regime));
      }
      const runValues = run.values;
      const runTokens = run.tokens;
      for (let c = 0; c < C; c++) {
        const d = dec[c]!;
        const f = POW10[d]!;
        const v = valueIndex[c]!;
        const n = Math.round((v >= 0 ? runValues[v]! : runTokens[tokenIndex[c]!]!) * f);
        scaled[c] = n;
        if (this.init.runs) {
          w.byte(44);
          w.scaled(n, d);
        }
      }
      if (this.init.runs) {
        w.byte(10);
        for (let k = 0; k < K; k++) this.sums.add(j * K + k, scaled[summed[k]!]!);
      }
      // The kept values as the cells read back: roundTo(value, d), from the scaled integer.
      const kept = this.values;
      const keptIndex = this.summaryIndex;
      for (let m = 0; m < M; m++) {
        const c = keptIndex[m]!;
        kept[off + m] = scaled[c]! / POW10[dec[c]!]! + 0;
      }
      if (run.reviewSeries) this.addReviewSeries(j, run.reviewSeries);
      if (run.reuseKey !== null) {
        let byReplication = this.madeRows.get(run.reuseKey);
        if (!byReplication) this.madeRows.set(run.reuseKey, (byReplication = new Map()));
        byReplication.set(run.replication, {
          row: this.init.runs ? w.buf.slice(cellsStart, w.pos) : EMPTY,
          summed: Float64Array.from(summed, (c) => scaled[c]!),
          kept: this.values.slice(off, off + M),
        });
      }
    }
    if (this.init.changes && outcome.changes) {
      const cols = this.changeCols;
      const cw = this.changesOut;
      for (let j = 0; j < outcome.changes.length; j++) {
        const regime = this.word(outcome.runs[j]!.regime);
        for (const rec of outcome.changes[j]!) {
          const reason = this.word(rec.abandonReason);
          cw.ensure(prefix.length + regime.length + reason.length + 64 + cols.length * 24);
          cw.raw(prefix);
          cw.scaled(rep, 0);
          cw.byte(44);
          cw.raw(regime);
          for (let c = 0; c < cols.length; c++) {
            if (c === this.changeBefore) {
              cw.byte(44);
              cw.raw(reason);
            }
            const col = cols[c]!;
            cw.byte(44);
            cw.scaled(Math.round(col.get(rec) * POW10[col.decimals]!), col.decimals);
          }
          cw.byte(10);
        }
      }
    }
  }

  private addReviewSeries(regimeSlot: number, series: Float64Array): void {
    if (this.reviewSeries.length === 0) this.reviewSeries = new Float64Array(this.regimeCount * REVIEW_SERIES_LENGTH);
    addReplicationSeries(this.reviewSeries, regimeSlot * REVIEW_SERIES_LENGTH, series);
  }

  end(): ChunkResult {
    return {
      ...this.task,
      runs: this.init.runs ? this.runsOut.take() : EMPTY,
      changes: this.init.changes ? this.changesOut.take() : EMPTY,
      values: this.values,
      sums: { totals: this.sums.totals(), counts: this.sums.counts },
      reviewSeries: this.reviewSeries,
    };
  }
}

/** Header cells of runs.csv. */
export function runsHeader(paramColumns: readonly string[], tiers: readonly string[]): string[] {
  return ['point', ...paramColumns, 'replication', 'regime', ...runColumns(tiers).map((c) => c.name)];
}

/** Header cells of changes.csv. */
export function changesHeader(paramColumns: readonly string[], tiers: readonly string[]): string[] {
  const { before, after } = changeColumns(tiers);
  return ['point', ...paramColumns, 'replication', 'regime', ...before.map((c) => c.name), 'abandon_reason', ...after.map((c) => c.name)];
}
