/**
 * An open stream's replication run lean: memory flat in the horizon. The regimes' worlds advance
 * together, arrival by arrival: each change is drawn when it arrives (a pure function of seed,
 * replication and arrival index), once, and handed to every regime's world at the same time;
 * its records are paired against the people baseline and reduced into each regime's totals as
 * soon as every regime has finished it. What is held is what is in flight, not the horizon.
 *
 * The numbers are those of the whole-replication path (Replicator keeps that for changes.csv,
 * traces and sweeps that reuse regimes), bit for bit: each regime's records are reduced in
 * change-id order, as there; each world processes the same events in the same order (an arrival
 * is scheduled when the clock reaches it rather than up front, which could reorder it only
 * against another event at exactly its continuous random time).
 */
import type { ChangeDrawer } from './change.js';
import type { CompiledModel } from './compile.js';
import type { ChangeRecord, RunMetrics } from './record.js';
import type { ReplicationReducer } from './reduce.js';
import { ArrivalClock, checkArrivalVolume, MAX_STREAMED_CHANGES_PER_REPLICATION } from './arrivals.js';
import type { RegimeWorld } from './world.js';

/** Whether a scenario's replications can run streamed: an open stream (arrivals at a rate). */
export function canStream(model: CompiledModel): boolean {
  const mode = model.scenario.mode;
  return mode.kind === 'stream' && mode.arrivals.per !== 'engineer';
}

/** The changes finished by some regimes but not yet by all: their records, by regime. */
interface Open {
  records: (ChangeRecord | undefined)[];
  finished: number;
}

export class StreamedReplicator {
  private readonly sinks: ((record: ChangeRecord) => void)[];
  private readonly open = new Map<number, Open>();
  /** The next change id to reduce: every lower one is in the totals. */
  private next = 0;

  constructor(
    readonly model: CompiledModel,
    readonly seed: number | string,
    private readonly worlds: readonly RegimeWorld[],
    /** The replicator's: draws each change at its arrival, and reduces the finished ones. */
    private readonly drawer: ChangeDrawer,
    private readonly reducer: ReplicationReducer,
  ) {
    this.sinks = worlds.map((_, w) => (record: ChangeRecord) => this.finished(w, record));
  }

  /** One replication of every world (in regime order), reduced. */
  run(replication: number): RunMetrics[] {
    const { model, seed, worlds } = this;
    checkArrivalVolume(model, MAX_STREAMED_CHANGES_PER_REPLICATION, 'one replication of an open stream may have');
    this.open.clear();
    this.next = 0;
    this.reducer.begin();
    worlds.forEach((world, w) => world.begin(this.sinks[w]!));
    const clock = new ArrivalClock(model, seed, replication);
    let arrivals = 0;
    for (let t = clock.next(); t < Number.POSITIVE_INFINITY; t = clock.next()) {
      const spec = this.drawer.draw(replication, arrivals++);
      for (const world of worlds) world.arriveAt(t, spec);
    }
    for (const world of worlds) world.runToEnd();
    if (this.next !== arrivals)
      throw new Error(`internal: ${arrivals - this.next} change(s) never finished under every regime (${this.open.size} open)`);
    return worlds.map((world, w) => {
      const run = this.reducer.totals(w, replication, world.stats(this.reducer.sums(w)));
      run.reviewSeries = world.reviewSeries?.slice() ?? null;
      return run;
    });
  }

  private finished(world: number, record: ChangeRecord): void {
    const id = record.change;
    let open = this.open.get(id);
    if (!open) this.open.set(id, (open = { records: new Array<ChangeRecord | undefined>(this.worlds.length), finished: 0 }));
    open.records[world] = record;
    if (++open.finished === this.worlds.length && id === this.next) this.reduceReady();
  }

  /** Reduce, in change-id order, every change every regime has finished. */
  private reduceReady(): void {
    const regimes = this.worlds.length;
    for (let open = this.open.get(this.next); open && open.finished === regimes; open = this.open.get(this.next)) {
      this.open.delete(this.next++);
      this.reducer.addChange(open.records as ChangeRecord[]);
    }
  }
}
