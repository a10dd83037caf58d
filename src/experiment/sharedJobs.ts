/**
 * Describe jobs that repeat across sweep points: a regime whose results a sweep does not change
 * (reused, ../model/reuse.ts) has the same columns at every point, so its quantiles are the same;
 * a thread describes each such job once (the points' jobs come in order) and gives the same
 * description to every later point that has it.
 * Jobs are compared by content, so this is exact whatever made the columns equal.
 */
import { sameColumn, type Description } from './stats.js';
import { describeJob, type DescribeJob } from './summary.js';

export { sameColumn };

function sameJob(a: DescribeJob, b: DescribeJob): boolean {
  if ('column' in a) return 'column' in b && Boolean(a.missingIsWorst) === Boolean(b.missingIsWorst) && sameColumn(a.column, b.column);
  return !('column' in b) && sameColumn(a.minuend, b.minuend) && sameColumn(a.subtrahend, b.subtrahend);
}

/**
 * A thread's memory of the last description at each slot (a job's position in its point's list):
 * a job equal to the one remembered at its slot gets that description without describing again.
 */
export class DescribeMemo {
  private readonly last = new Map<number, { job: DescribeJob; description: Description }>();

  describe(job: DescribeJob, slot: number | undefined): Description {
    if (slot === undefined) return describeJob(job);
    const kept = this.last.get(slot);
    if (kept && sameJob(kept.job, job)) return kept.description;
    const description = describeJob(job);
    this.last.set(slot, { job, description });
    return description;
  }
}
