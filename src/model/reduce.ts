/**
 * The one reduction of a replication, whichever way it ran: each change's record is paired
 * against the people baseline's same change (engineer hours saved), then added into its regime's
 * totals in change-id order (./totals: the sums are floating-point, so their order is part of the
 * result). The kept path (./simulate: every regime's records at the end), the lean stream
 * (./stream: each change once every regime has finished it) and a sweep's reused regimes (./reuse:
 * totals reduced here at the first point that ran them) all come through here, so the three agree
 * bit for bit.
 */
import type { ChangeRecord, RunMetrics } from './record.js';
import { PEOPLE_BASELINE, type Regime } from './regimes/index.js';
import type { RegimeRun } from './reuse.js';
import { TotalsAccumulator, type RecordSums, type WorldStats } from './totals.js';

/** Engineer hours saved: the baseline's people hours on the same change minus this record's. */
function pairWithBaseline(record: ChangeRecord, baselinePeopleHours: number): void {
  record.engineerHoursSaved = baselinePeopleHours - record.peopleHours;
}

export class ReplicationReducer {
  private readonly accumulators: TotalsAccumulator[];
  /** The people baseline's position among the regimes, or -1 when it does not run. */
  private readonly baseline: number;

  constructor(
    readonly regimes: readonly Regime[],
    tokenSlots: number,
  ) {
    this.accumulators = regimes.map(() => new TotalsAccumulator(tokenSlots));
    this.baseline = PEOPLE_BASELINE ? regimes.indexOf(PEOPLE_BASELINE) : -1;
  }

  /** A replication reduced change by change starts (the lean stream). */
  begin(): void {
    for (const a of this.accumulators) a.reset();
  }

  /** One change, finished under every regime (its records in regime order), paired and added. */
  addChange(records: readonly ChangeRecord[]): void {
    const b = this.baseline;
    const basePeopleHours = b >= 0 ? records[b]!.peopleHours : Number.NaN;
    for (let w = 0; w < records.length; w++) {
      const record = records[w]!;
      if (b >= 0) pairWithBaseline(record, basePeopleHours);
      this.accumulators[w]!.add(record);
    }
  }

  /** What regime w's world statistics read from the changes added so far. */
  sums(w: number): RecordSums {
    return this.accumulators[w]!.sums;
  }

  /** Regime w's totals of the changes added (the lean stream's end). */
  totals(w: number, replication: number, stats: WorldStats): RunMetrics {
    return this.accumulators[w]!.totals(this.regimes[w]!, replication, stats);
  }

  /**
   * Every regime's kept run of one replication (records in change-id order), paired and reduced.
   * A run that already has its totals (a sweep's reused regime) was reduced here at the first
   * point that ran it, against the same baseline (reuse keeps the baseline too), and stays as is.
   */
  reduceRuns(runs: readonly RegimeRun[], replication: number): RunMetrics[] {
    const base = this.baseline >= 0 ? runs[this.baseline]!.records : null;
    return runs.map((run, w) => {
      if (run.totals) return run.totals;
      const acc = this.accumulators[w]!;
      acc.reset();
      const records = run.records;
      // Where a regime ran the baseline's very changes, pair by position; otherwise (a closed loop
      // files different changes) look them up: a change the baseline never reached stays NaN.
      const aligned = base !== null && records.length === base.length && records.every((r, i) => r.change === base[i]!.change);
      let byChange: Map<number, number> | null = null;
      if (base && !aligned) {
        byChange = new Map();
        for (const r of base) byChange.set(r.change, r.peopleHours);
      }
      for (let i = 0; i < records.length; i++) {
        const record = records[i]!;
        if (base) pairWithBaseline(record, aligned ? base[i]!.peopleHours : (byChange!.get(record.change) ?? Number.NaN));
        acc.add(record);
      }
      const totals = acc.totals(this.regimes[w]!, replication, run.stats);
      totals.reviewSeries = run.reviewSeries;
      return totals;
    });
  }
}
