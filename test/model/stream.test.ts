/**
 * An open stream run lean (src/model/stream.ts: changes drawn at arrival, the regimes' worlds
 * advanced together, records reduced as every regime finishes them) gives the totals of the path
 * that keeps every record, bit for bit: every metric of the registry, NaN where that is NaN.
 */
import { describe, expect, it } from 'vitest';
import { RUN_METRICS, Replicator, type CompiledModel } from '../../src/model/index.js';
import { ArrivalClock, drawArrivals } from '../../src/model/arrivals.js';
import { model } from './helpers.js';

const STREAMS: [string, CompiledModel][] = [
  ['arrivals in working days, a review queue', model({ mode: { kind: 'stream', arrivals: { per: 'workingDay', rate: 40 }, horizonDays: 14 }, review: { reviewers: 2 } })],
  [
    'arrivals by the hour, an agent cap, handlers',
    model({ mode: { kind: 'stream', arrivals: { per: 'hour', rate: 1.5 }, horizonDays: 5 }, review: { reviewers: 1 }, orchestration: { agentCallCap: 4 }, people: { handlers: 1 } }),
  ],
  ['no human regime', model({ regimes: ['single', 'fanout'], mode: { kind: 'stream', arrivals: { per: 'month', rate: 2000 }, horizonDays: 7 } })],
  ['arrivals so rare that some replications have none', model({ mode: { kind: 'stream', arrivals: { per: 'hour', rate: 0.01 }, horizonDays: 3 } })],
];

describe('a streamed replication', () => {
  it.each(STREAMS)('%s: the same totals as keeping every record, metric by metric', (_name, m) => {
    const lean = new Replicator(m, 'stream');
    const kept = new Replicator(m, 'stream');
    let changes = 0;
    for (let r = 0; r < 4; r++) {
      expect(lean.holdsRecords()).toBe(false);
      const a = lean.run(r);
      const b = kept.run(r, { keepChanges: true });
      expect(a.changes).toBeUndefined();
      expect(a.runs.map((x) => x.regime)).toEqual(b.runs.map((x) => x.regime));
      a.runs.forEach((run, i) => {
        const other = b.runs[i]!;
        RUN_METRICS.forEach((metric, j) => expect([metric.key, run.values[j]]).toEqual([metric.key, other.values[j]]));
        expect(Array.from(run.tokens)).toEqual(Array.from(other.tokens));
        expect(Array.from(run.reviewSeries!)).toEqual(Array.from(other.reviewSeries!));
        changes += run.changes;
      });
    }
    // The same kernel events too: the worlds did the same work.
    expect(lean.eventsProcessed).toBe(kept.eventsProcessed);
    expect(lean.changesSimulated).toBe(changes);
  });

  it('draws the arrival times one at a time, equal to drawing them all at once', () => {
    for (const [, m] of STREAMS) {
      const all = drawArrivals(m, 3, 2);
      const clock = new ArrivalClock(m, 3, 2);
      const one: number[] = [];
      for (let t = clock.next(); t < Infinity; t = clock.next()) one.push(t);
      expect(one).toEqual(Array.from(all));
      expect(clock.next()).toBe(Infinity);
    }
  });

  it('keeps records where they are asked for: changes.csv, and single-change mode and closed loops always', () => {
    const [, stream] = STREAMS[0]!;
    const r = new Replicator(stream, 1);
    expect(r.holdsRecords({ keepChanges: true })).toBe(true);
    expect(r.run(0, { keepChanges: true }).changes!.length).toBe(stream.regimes.length);
    expect(new Replicator(model({}), 1).holdsRecords()).toBe(true);
    const loop = model({ mode: { kind: 'stream', arrivals: { per: 'engineer', engineers: 2, thinkHours: 4 }, horizonDays: 5 } });
    expect(new Replicator(loop, 1).holdsRecords()).toBe(true);
  });
});
