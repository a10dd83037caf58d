/**
 * From pull requests to review figures: the share closed without merge, the share of merged
 * changes a reviewer asked to change, rounds (1 + changes requested), review wait (opening to
 * first review), lines per reviewer hour (where a reviewHours column gives the time) and change
 * sizes (additions + deletions).
 */
import { Growable } from '../growable.js';
import type { PullRequest } from '../read/prs.js';

const HOUR_MS = 3_600_000;

export class PrStats {
  merged = 0;
  closedUnmerged = 0;
  open = 0;
  mergedReviewed = 0;
  mergedWithChangesRequested = 0;
  maxRoundsMerged = 0;
  /** additions + deletions of every PR with at least one changed line. */
  readonly sizes = new Growable();
  readonly reviewWaitHours = new Growable();
  readonly linesPerHour = new Growable();
  /** Rounds (1 + changes requested) of each merged PR with review data. */
  readonly roundsMerged = new Growable();

  add(pr: PullRequest): void {
    if (pr.mergedMs !== undefined) this.merged++;
    else if (pr.closedMs !== undefined) this.closedUnmerged++;
    else this.open++;
    if (pr.lines > 0) this.sizes.push(pr.lines);
    if (pr.mergedMs !== undefined && pr.reviewed) {
      this.mergedReviewed++;
      if (pr.changesRequested > 0) this.mergedWithChangesRequested++;
      this.maxRoundsMerged = Math.max(this.maxRoundsMerged, 1 + pr.changesRequested);
      this.roundsMerged.push(1 + pr.changesRequested);
    }
    if (pr.firstReviewMs !== undefined && pr.firstReviewMs >= pr.createdMs) this.reviewWaitHours.push((pr.firstReviewMs - pr.createdMs) / HOUR_MS);
    if (pr.reviewHours !== undefined && pr.lines > 0) this.linesPerHour.push(pr.lines / pr.reviewHours);
  }
}
