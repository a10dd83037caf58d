/**
 * Stream mode's review queue over time (RegimeWorld.reviewSeries, RunMetrics.reviewSeries): per
 * bin of the horizon, the time-average review-queue length and share of reviewers busy, against
 * queueing theory on an M/M/c review queue, and against the replication's own totals.
 */
import { describe, expect, it } from 'vitest';
import { Replicator } from '../../src/model/index.js';
import { REVIEW_SERIES_BINS } from '../../src/model/world.js';
import { erlangCWait, meanCi, mmcReviewModel, model } from './helpers.js';

describe('the review queue over time', () => {
  it('lambda 4, mu 1, c 5: the later bins average the Erlang C queue length (lambda x Wq) and utilisation rho', () => {
    const lambda = 4;
    const c = 5;
    const lq = lambda * erlangCWait(lambda, 1, c); // 2.2165 changes waiting
    const replicator = new Replicator(mmcReviewModel(lambda, c, 400), 5);
    const queue: number[] = [];
    const busy: number[] = [];
    // Bins of 4 hours; the first 10 (40 hours) are the warm-up from an empty queue.
    const later = (series: Float64Array, offset: number) => {
      let s = 0;
      for (let b = 10; b < REVIEW_SERIES_BINS; b++) s += series[offset + b]!;
      return s / (REVIEW_SERIES_BINS - 10);
    };
    for (let r = 0; r < 30; r++) {
      const series = replicator.run(r).runs[0]!.reviewSeries!;
      expect(series.length).toBe(2 * REVIEW_SERIES_BINS);
      queue.push(later(series, 0));
      busy.push(later(series, REVIEW_SERIES_BINS));
    }
    const q = meanCi(queue);
    expect(Math.abs(q.mean - lq)).toBeLessThanOrEqual(q.half);
    const u = meanCi(busy);
    expect(Math.abs(u.mean - lambda / c)).toBeLessThanOrEqual(u.half);
  });

  it("integrates to the replication's own queue-hours and review hours, less what comes after the horizon", () => {
    const horizon = 400;
    const replicator = new Replicator(mmcReviewModel(4, 5, horizon), 3);
    const binHours = horizon / REVIEW_SERIES_BINS;
    for (let r = 0; r < 3; r++) {
      const run = replicator.run(r).runs[0]!;
      const series = run.reviewSeries!;
      let queueHours = 0;
      let busyHours = 0;
      for (let b = 0; b < REVIEW_SERIES_BINS; b++) {
        queueHours += series[b]! * binHours;
        busyHours += series[REVIEW_SERIES_BINS + b]! * binHours * 5;
        expect(series[REVIEW_SERIES_BINS + b]!).toBeLessThanOrEqual(1 + 1e-12);
      }
      // Every change's wait is time in the queue: their sum is the queue's integral over the whole run.
      const waited = run.reviewWaitHours * run.changes;
      expect(queueHours).toBeLessThanOrEqual(waited + 1e-6);
      expect(queueHours).toBeGreaterThan(0.95 * waited); // the few hours after the horizon hold little
      expect(busyHours).toBeLessThanOrEqual(run.reviewHours + 1e-6);
      expect(busyHours).toBeGreaterThan(0.95 * run.reviewHours);
    }
  });

  it('is absent outside stream mode', () => {
    expect(new Replicator(model({}), 1).run(0).runs[0]!.reviewSeries).toBeNull();
  });
});
